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

QString noAnswer()
{
    return QCoreApplication::translate("ekn::TokenStore", "the keychain did not answer within 30 seconds");
}

// What a finished (or timed-out) job said: its text (a read's secret; empty for a write or a
// delete), nothing for "no such entry", or why it failed.
Result<std::optional<QString>> answerOf(QKeychain::Job *job, bool done)
{
    if (!done)
        return Failure{noAnswer()};
    switch (job->error()) {
    case QKeychain::NoError:
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job))
            return std::optional<QString>(read->textData());
        return std::optional<QString>(QString());
    case QKeychain::EntryNotFound:
        return std::optional<QString>();
    default: // no backend, not implemented, locked, denied, ...: the job's own reason
        break;
    }
    const QString why = job->errorString();
    return Failure{why.trimmed().isEmpty() ? QCoreApplication::translate("ekn::TokenStore", "the keychain refused")
                                           : why};
}

// Waits for a QtKeychain job on a local event loop (libsecret answers through the Qt event
// dispatcher), with a timeout so a hung keyring daemon cannot hang the caller for ever.
Result<std::optional<QString>> runJob(QKeychain::Job *job)
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
            return Failure{noAnswer()};
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
    Result<std::optional<QString>> answer = answerOf(job, done);
    job->deleteLater();
    return answer;
}

// The operating system's keychain (the only backend the apps use).
class KeychainBackend : public TokenStore::Backend
{
public:
    explicit KeychainBackend(QString service) : m_service(std::move(service)) {}

    Status write(const QString &key, const QByteArray &secret) const override
    {
        auto *job = new QKeychain::WritePasswordJob(m_service);
        job->setKey(key);
        job->setTextData(QString::fromUtf8(secret));
        const Result<std::optional<QString>> r = runJob(job);
        if (!r)
            return Failure{r.error()};
        return Done{};
    }

    Result<std::optional<QByteArray>> read(const QString &key) const override
    {
        auto *job = new QKeychain::ReadPasswordJob(m_service);
        job->setKey(key);
        const Result<std::optional<QString>> r = runJob(job);
        if (!r)
            return Failure{r.error()};
        if (!*r)
            return std::optional<QByteArray>();
        return std::optional<QByteArray>((*r)->toUtf8());
    }

    Result<bool> remove(const QString &key) const override
    {
        auto *job = new QKeychain::DeletePasswordJob(m_service);
        job->setKey(key);
        const Result<std::optional<QString>> r = runJob(job);
        if (!r)
            return Failure{r.error()};
        return r->has_value();
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

Status TokenStore::write(const QString &key, const QByteArray &secret) const
{
    Status r = m_backend->write(key, secret);
    qCDebug(lcAccount) << "keychain write" << key << "->" << (r ? QStringLiteral("ok") : r.error());
    return r;
}

Result<std::optional<QByteArray>> TokenStore::read(const QString &key) const
{
    Result<std::optional<QByteArray>> r = m_backend->read(key);
    qCDebug(lcAccount) << "keychain read" << key << "->"
                       << (!r ? r.error() : *r ? QStringLiteral("found") : QStringLiteral("not found"));
    return r;
}

Result<bool> TokenStore::remove(const QString &key) const
{
    Result<bool> r = m_backend->remove(key);
    qCDebug(lcAccount) << "keychain remove" << key << "->"
                       << (!r ? r.error() : *r ? QStringLiteral("removed") : QStringLiteral("not found"));
    return r;
}

} // namespace ekn
