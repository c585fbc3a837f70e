#include "account/tokenstore.h"

#include "common/logging.h"
#include "remote/serverconnection.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSemaphore>
#include <QThread>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace ekn {

namespace {

// Waits for a QtKeychain job on a local event loop (libsecret answers through the Qt event
// dispatcher), with a timeout so a hung keyring daemon cannot hang the caller for ever.
TokenStore::Result runJob(QKeychain::Job *job, QString *error, QString *textData = nullptr)
{
    job->setAutoDelete(false);
    // Never fall back to a plain-text file.
    job->setInsecureFallback(false);
    bool done = false;
    QCoreApplication *app = QCoreApplication::instance();
    if (app && QThread::currentThread() != app->thread()) {
        // QtKeychain queues every job on one executor object that lives on the thread that first
        // used it (the main thread) and is not thread-safe: a job run from a worker thread (the
        // sync thread, the account service) races with it and can crash. Run the job on the
        // main thread's event loop and wait here (the main thread itself never waits).
        QSemaphore finished;
        job->moveToThread(app->thread());
        QObject::connect(job, &QKeychain::Job::finished, job, [&finished] { finished.release(); },
                         Qt::DirectConnection);
        QMetaObject::invokeMethod(job, [job] { job->start(); }, Qt::QueuedConnection);
        done = finished.tryAcquire(1, 30000);
        if (!done) {
            // Leave the job to finish (and free itself) on the main thread; report a timeout.
            QObject::disconnect(job, &QKeychain::Job::finished, job, nullptr);
            QObject::connect(job, &QKeychain::Job::finished, job, &QObject::deleteLater);
            if (error)
                *error = QCoreApplication::translate(
                    "ekn::TokenStore", "the keychain did not answer within 30 seconds");
            return TokenStore::Result::Unavailable;
        }
    } else {
        QEventLoop loop;
        QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
            done = true;
            loop.quit();
        });
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        job->start();
        loop.exec();
    }
    TokenStore::Result result = TokenStore::Result::Failed;
    QString text;
    if (!done) {
        text = QCoreApplication::translate("ekn::TokenStore",
                                           "the keychain did not answer within 30 seconds");
        result = TokenStore::Result::Unavailable;
    } else {
        text = job->errorString();
        switch (job->error()) {
        case QKeychain::NoError:
            result = TokenStore::Result::Ok;
            break;
        case QKeychain::EntryNotFound:
            result = TokenStore::Result::NotFound;
            break;
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
        case QKeychain::OtherError:
            result = TokenStore::Result::Unavailable;
            break;
        default:
            result = TokenStore::Result::Failed;
            break;
        }
    }
    if (error)
        *error = text;
    if (textData && result == TokenStore::Result::Ok)
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job))
            *textData = read->textData();
    job->deleteLater();
    return result;
}

// The operating system's keychain (the only backend the apps use).
class KeychainBackend : public TokenStore::Backend
{
public:
    explicit KeychainBackend(QString service) : m_service(std::move(service)) {}

    TokenStore::Result write(const QString &key, const QByteArray &secret, QString *error) const override
    {
        auto *job = new QKeychain::WritePasswordJob(m_service);
        job->setKey(key);
        job->setTextData(QString::fromUtf8(secret));
        return runJob(job, error);
    }

    TokenStore::Result read(const QString &key, QByteArray *secret, QString *error) const override
    {
        auto *job = new QKeychain::ReadPasswordJob(m_service);
        job->setKey(key);
        QString text;
        const TokenStore::Result r = runJob(job, error, &text);
        if (r == TokenStore::Result::Ok && secret)
            *secret = text.toUtf8();
        return r;
    }

    TokenStore::Result remove(const QString &key, QString *error) const override
    {
        auto *job = new QKeychain::DeletePasswordJob(m_service);
        job->setKey(key);
        return runJob(job, error);
    }

private:
    QString m_service;
};

} // namespace

TokenStore::TokenStore(QString service)
    : m_service(service), m_backend(std::make_shared<KeychainBackend>(std::move(service)))
{
}

TokenStore::TokenStore(std::shared_ptr<const Backend> backend)
    : m_backend(std::move(backend))
{
}

QString TokenStore::keyFor(const ServerConnection &server, const QString &email)
{
    const QString host = server.host().isEmpty() ? QStringLiteral("localhost") : server.host();
    const int port = server.port() > 0 ? server.port() : 5432;
    return QStringLiteral("EKNMusic/") + host + QLatin1Char(':') + QString::number(port) + QLatin1Char('/')
           + server.databaseName() + QLatin1Char('/') + email.trimmed().toLower();
}

TokenStore::Result TokenStore::write(const QString &key, const QByteArray &secret, QString *error) const
{
    const Result r = m_backend->write(key, secret, error);
    qCDebug(lcAccount) << "keychain write" << key << "->" << int(r);
    return r;
}

TokenStore::Result TokenStore::read(const QString &key, QByteArray *secret, QString *error) const
{
    const Result r = m_backend->read(key, secret, error);
    qCDebug(lcAccount) << "keychain read" << key << "->" << int(r);
    return r;
}

TokenStore::Result TokenStore::remove(const QString &key, QString *error) const
{
    const Result r = m_backend->remove(key, error);
    qCDebug(lcAccount) << "keychain remove" << key << "->" << int(r);
    return r;
}

} // namespace ekn
