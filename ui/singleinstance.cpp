#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QPointer>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace ekn {

namespace {
constexpr qint64 kMaxMessage = 1024 * 1024; // a few thousand paths; more is not a launch
}

SingleInstance::SingleInstance(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(QDir(dataDir).absolutePath())
{
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName(const QString &dataDir)
{
    // Per user (the runtime folder is the user's own, the name carries the user too) and per
    // library: two libraries may run side by side.
    const QByteArray key = qgetenv("USER") + '\n' + QDir(dataDir).absolutePath().toUtf8();
    const QString name = QStringLiteral("eknmusic-")
        + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(24));
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return runtime.isEmpty() ? name : QDir(runtime).filePath(name);
}

bool SingleInstance::claim(QString *error)
{
    QDir().mkpath(m_dataDir);
    m_lock = std::make_unique<QLockFile>(QDir(m_dataDir).filePath(QStringLiteral("instance.lock")));
    m_lock->setStaleLockTime(0); // held for the process's lifetime; a dead holder is noticed by pid
    if (!m_lock->tryLock(0)) {
        if (m_lock->error() == QLockFile::LockFailedError)
            return false;
        // Cannot even write the lock (read-only folder): run alone rather than not at all.
        if (error)
            *error = tr("cannot create %1").arg(QDir::toNativeSeparators(m_lock->fileName()));
        return true;
    }
    const QString name = serverName(m_dataDir);
    QLocalServer::removeServer(name); // a socket file left by a crashed instance (we hold the lock)
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(name)) {
        if (error)
            *error = m_server->errorString();
        return true;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::readConnection);
    return true;
}

void SingleInstance::readConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > kMaxMessage) {
                socket->abort();
                return;
            }
            if (!socket->canReadLine())
                return;
            const QJsonObject message = QJsonDocument::fromJson(socket->readLine()).object();
            QStringList paths;
            const QJsonArray list = message.value(QLatin1String("paths")).toArray();
            for (const QJsonValue &v : list)
                if (const QString p = v.toString(); QDir::isAbsolutePath(p))
                    paths << QDir::cleanPath(p);
            socket->write("ok\n");
            socket->flush();
            Q_EMIT pathsReceived(paths);
        });
    }
}

bool SingleInstance::forward(const QStringList &arguments, int timeoutMs, QString *error)
{
    const QStringList paths = localPaths(arguments, QDir::currentPath());
    const QByteArray message = QJsonDocument(QJsonObject{{QStringLiteral("paths"), QJsonArray::fromStringList(paths)}})
                                   .toJson(QJsonDocument::Compact)
        + '\n';
    QElapsedTimer clock;
    clock.start();
    QLocalSocket socket;
    // The running instance may still be starting (it holds the lock before it listens).
    for (;;) {
        socket.connectToServer(serverName(m_dataDir));
        if (socket.waitForConnected(int(std::max<qint64>(100, timeoutMs - clock.elapsed()))))
            break;
        if (clock.elapsed() >= timeoutMs) {
            if (error)
                *error = socket.errorString();
            return false;
        }
        QThread::msleep(100);
    }
    socket.write(message);
    if (!socket.waitForBytesWritten(timeoutMs)) {
        if (error)
            *error = socket.errorString();
        return false;
    }
    while (!socket.canReadLine()) {
        if (clock.elapsed() >= timeoutMs || !socket.waitForReadyRead(int(std::max<qint64>(100, timeoutMs - clock.elapsed())))) {
            if (error)
                *error = tr("the running EKNMusic did not answer");
            return false;
        }
    }
    return socket.readLine().trimmed() == "ok";
}

QStringList SingleInstance::localPaths(const QStringList &arguments, const QString &workingDir)
{
    QStringList out;
    for (const QString &arg : arguments) {
        if (arg.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
            const QUrl url(arg);
            if (url.isLocalFile())
                out << QDir::cleanPath(url.toLocalFile());
        } else if (!arg.contains(QLatin1String("://"))) {
            out << QDir::cleanPath(QDir(workingDir).absoluteFilePath(arg));
        }
    }
    return out;
}

} // namespace ekn
