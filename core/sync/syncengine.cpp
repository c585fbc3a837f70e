#include "sync/syncengine.h"

#include "account/accountclient.h"
#include "common/logging.h"
#include "library/indexdeferral.h"
#include "library/librarydatabase.h"
#include "library/searchdeferral.h"
#include "sync/connectivity.h"
#include "sync/synchronizer.h"

#include <QTimer>

namespace ekn {

// Everything that touches a connection, on the engine's thread.
class SyncWorker : public QObject
{
public:
    SyncWorker(SyncEngine::Options options, SyncEngine *engine)
        : m_options(std::move(options)), m_engine(engine), m_debounce(this), m_retry(this),
          m_periodic(this)
    {
    }

    void init()
    {
        m_library = std::make_unique<LibraryDatabase>(m_options.libraryFile);
        m_account = std::make_unique<AccountClient>(m_options.server,
                                                    TokenStore(m_options.keychainService));
        m_debounce.setSingleShot(true);
        m_debounce.setInterval(m_options.debounceMs);
        m_retry.setSingleShot(true);
        m_periodic.setInterval(m_options.periodicMs);
        QObject::connect(&m_debounce, &QTimer::timeout, this, [this] { run(); });
        QObject::connect(&m_retry, &QTimer::timeout, this, [this] { run(); });
        QObject::connect(&m_periodic, &QTimer::timeout, this, [this] { run(); });
        m_periodic.start();
    }

    void nudge() { m_debounce.start(); }

    void run()
    {
        m_debounce.stop();
        m_retry.stop();
        SyncStatus status;
        if (const Status open = openLibrary(); !open) {
            status.state = SyncStatus::State::Error;
            status.message = open.error();
            publish(status);
            return;
        }
        if (!m_account->isSignedIn())
            m_account->restore(m_options.email);
        Synchronizer sync(*m_library, *m_account);
        sync.readServer = m_options.readServer;
        sync.onStatus = [this](const SyncStatus &s) { publish(s); };
        const SyncReport report = sync.run();
        if (report.ok && report.retrying > 0) {
            // Rows the server could not take now (a lock held elsewhere): they wait in the
            // outbox, and the next try comes with the same backoff as a failed run.
            scheduleRetry();
        } else if (report.ok) {
            m_backoffMs = 0;
        } else {
            status.state = report.retryable ? SyncStatus::State::Offline : SyncStatus::State::Error;
            status.message = report.error;
            status.syncedAt = m_lastSynced;
            publish(status);
            if (report.retryable)
                scheduleRetry();
        }
        QMetaObject::invokeMethod(
            m_engine,
            [engine = m_engine, report] {
                Q_EMIT engine->syncFinished(report);
                if (!report.changedTracks.isEmpty() || !report.changedPlaylists.isEmpty())
                    Q_EMIT engine->libraryChanged(report.changedTracks, report.changedPlaylists);
            },
            Qt::QueuedConnection);
        finishIndexing();
    }

    // A first pull leaves local indexing for after it (IndexDeferral::finishDeferred): the
    // search backlog a chunk per turn of this thread's event loop (search reads those tracks
    // meanwhile), then the dropped indexes, so a sync asked for in between waits for one step
    // at most. A failure waits for the next sync.
    void finishIndexing()
    {
        if (!m_library || !m_library->isOpen())
            return;
        QSqlDatabase db = m_library->connection();
        Result<int> left = SearchDeferral::backlogSize(db);
        if (left && *left > 0)
            left = SearchDeferral::indexBacklog(db, SearchDeferral::kBacklogChunk);
        if (left && *left == 0) {
            if (const Status restored = IndexDeferral::restore(db); !restored)
                left = Failure{restored.error()};
        }
        if (!left)
            qCWarning(lcSync) << "cannot index the pulled tracks (the next sync retries):" << left.error();
        else if (*left > 0)
            QTimer::singleShot(0, this, [this] { finishIndexing(); });
    }

    // The library, opened on first use (and tried again after a failed open).
    Status openLibrary() { return m_library->isOpen() ? Status(Done{}) : m_library->open(); }

    // 1 s, 2 s, 4 s ... up to the cap; the periodic timer and reconnects also retry.
    void scheduleRetry()
    {
        m_backoffMs = m_backoffMs == 0 ? m_options.minBackoffMs
                                       : std::min(m_backoffMs * 2, m_options.maxBackoffMs);
        m_retry.start(m_backoffMs);
        qCDebug(lcSync) << "retrying in" << m_backoffMs << "ms";
    }

    void shutdown()
    {
        m_debounce.stop();
        m_retry.stop();
        m_periodic.stop();
        m_account.reset();
        m_library.reset();
    }

    // Shared playlist calls with this thread's library and session, or why either cannot be
    // had. (The signals below carry the failure's sentence, empty when it worked.)
    Status readyForShares()
    {
        if (const Status open = openLibrary(); !open)
            return open;
        if (!m_account->isSignedIn()) {
            const AccountResult r = m_account->restore(m_options.email);
            if (!r.ok())
                return Failure{r.message()};
        }
        return Done{};
    }

    void openShared(const QString &link)
    {
        QString error;
        SharedPlaylist playlist;
        if (const Status ready = readyForShares(); !ready) {
            error = ready.error();
        } else {
            const Result<SharedPlaylist> r = SharedPlaylists(*m_library, *m_account).open(link);
            error = r ? QString() : r.error();
            if (r)
                playlist = r.value();
        }
        QMetaObject::invokeMethod(
            m_engine,
            [engine = m_engine, link, playlist, error] { Q_EMIT engine->sharedPlaylistOpened(link, playlist, error); },
            Qt::QueuedConnection);
    }

    void copyShared(const SharedPlaylist &playlist)
    {
        QString error;
        QString id;
        if (const Status ready = readyForShares(); !ready) {
            error = ready.error();
        } else {
            const Result<QString> r = SharedPlaylists(*m_library, *m_account).copy(playlist);
            error = r ? QString() : r.error();
            id = r ? r.value() : QString();
        }
        if (!id.isEmpty())
            nudge(); // the copy goes to the account's other devices
        QMetaObject::invokeMethod(
            m_engine,
            [engine = m_engine, id, error] {
                Q_EMIT engine->sharedPlaylistCopied(id, error);
                if (!id.isEmpty())
                    Q_EMIT engine->libraryChanged({}, {id});
            },
            Qt::QueuedConnection);
    }

    void setPublished(const QString &playlistId, bool published)
    {
        QString error;
        QString link;
        if (const Status ready = readyForShares(); !ready) {
            error = ready.error();
        } else {
            run(); // a playlist made or changed here goes to the server first
            SharedPlaylists shares(*m_library, *m_account);
            if (published) {
                const Result<QString> r = shares.publish(playlistId);
                error = r ? QString() : r.error();
                link = r ? r.value() : QString();
            } else {
                const Result<bool> r = shares.unpublish(playlistId);
                error = r ? QString() : r.error();
            }
        }
        QMetaObject::invokeMethod(
            m_engine,
            [engine = m_engine, playlistId, published, link, error] {
                Q_EMIT engine->publishFinished(playlistId, published, link, error);
                if (error.isEmpty())
                    Q_EMIT engine->libraryChanged({}, {playlistId});
            },
            Qt::QueuedConnection);
    }

private:
    void publish(const SyncStatus &s)
    {
        if (s.state == SyncStatus::State::Synced)
            m_lastSynced = s.syncedAt;
        QMetaObject::invokeMethod(
            m_engine, [engine = m_engine, s] { Q_EMIT engine->statusChanged(s); },
            Qt::QueuedConnection);
        m_engine->setStatusFromWorker(s);
    }

    SyncEngine::Options m_options;
    SyncEngine *m_engine;
    std::unique_ptr<LibraryDatabase> m_library;
    std::unique_ptr<AccountClient> m_account;
    QTimer m_debounce;
    QTimer m_retry;
    QTimer m_periodic;
    QDateTime m_lastSynced;
    int m_backoffMs = 0;
};

QString SyncStatus::text() const
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("not synced yet");
    case State::Offline:
        return QStringLiteral("offline: ") + message;
    case State::Syncing:
        return total > 0 ? QStringLiteral("syncing (%1 of %2)").arg(done).arg(total)
                         : QStringLiteral("syncing");
    case State::Synced:
        return QStringLiteral("synced at ") + syncedAt.toUTC().toString(Qt::ISODate);
    case State::Error:
        return QStringLiteral("sync error: ") + message;
    }
    return {};
}

SyncEngine::SyncEngine(Options options, QObject *parent) : QObject(parent)
{
    qRegisterMetaType<ekn::SyncStatus>();
    qRegisterMetaType<ekn::SharedPlaylist>();
    qRegisterMetaType<ekn::SyncReport>();
    m_thread.setObjectName(QStringLiteral("eknmusic-sync"));
    m_worker = new SyncWorker(std::move(options), this);
    m_worker->moveToThread(&m_thread);
    m_connectivity = new Connectivity(this);
    connect(m_connectivity, &Connectivity::onlineChanged, this, [this](bool online) {
        if (online) {
            syncNow();
        } else {
            SyncStatus s = status();
            s.state = SyncStatus::State::Offline;
            s.message = tr("no network");
            setStatus(s);
        }
    });
}

SyncEngine::~SyncEngine()
{
    if (m_stopping) {
        // stopLater() queued the shutdown and the thread's exit: only the end is left.
        m_thread.wait();
    } else if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    delete m_worker;
}

void SyncEngine::start()
{
    if (m_stopping || m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker] {
            w->init();
            w->run();
        },
        Qt::QueuedConnection);
}

void SyncEngine::stopLater()
{
    if (m_stopping)
        return;
    m_stopping = true;
    disconnect(m_connectivity, nullptr, this, nullptr);
    // Signals already queued for this object die with it; nothing new is emitted.
    blockSignals(true);
    if (!m_thread.isRunning()) {
        deleteLater();
        return;
    }
    // finished() comes from the sync thread, so this runs queued on the engine's own thread.
    connect(&m_thread, &QThread::finished, this, &QObject::deleteLater);
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker] {
            w->shutdown();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

void SyncEngine::syncNow()
{
    if (m_stopping)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->run(); }, Qt::QueuedConnection);
}

void SyncEngine::nudge()
{
    if (m_stopping)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->nudge(); }, Qt::QueuedConnection);
}

SyncStatus SyncEngine::status() const
{
    QMutexLocker lock(&m_mutex);
    return m_status;
}

void SyncEngine::setStatus(const SyncStatus &s)
{
    {
        QMutexLocker lock(&m_mutex);
        m_status = s;
    }
    Q_EMIT statusChanged(s);
}

void SyncEngine::setStatusFromWorker(const SyncStatus &s)
{
    QMutexLocker lock(&m_mutex);
    m_status = s;
}

template <class F>
void SyncEngine::postToWorker(F f)
{
    if (m_stopping)
        return;
    if (!m_thread.isRunning())
        start();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, f] { f(w); }, Qt::QueuedConnection);
}

void SyncEngine::openShared(const QString &link)
{
    postToWorker([link](SyncWorker *w) { w->openShared(link); });
}

void SyncEngine::copyShared(const SharedPlaylist &playlist)
{
    postToWorker([playlist](SyncWorker *w) { w->copyShared(playlist); });
}

void SyncEngine::setPublished(const QString &playlistId, bool published)
{
    postToWorker([playlistId, published](SyncWorker *w) { w->setPublished(playlistId, published); });
}

} // namespace ekn
