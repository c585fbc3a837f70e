#pragma once

#include <optional>

#include "remote/serverconnection.h"
#include "sync/sharedplaylists.h"
#include "sync/syncstatus.h"

#include <QMutex>
#include <QObject>
#include <QThread>

namespace ekn {

class Connectivity;
class SyncWorker;

// Sync for the app: runs on its own QThread with its own SQLite and PostgreSQL connections
// (a Synchronizer and an AccountClient created there). Syncs on start, after sign-in, after
// local edits (nudge(), debounced), periodically, and when the network comes back; a failed
// run that may succeed later (offline, server down) is retried with backoff from 1 s up to
// maxBackoffMs. Every call returns at once; results come back as signals on the caller's
// thread.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString libraryFile;
        ServerConnection server;
        // A standby to read pulls from (Synchronizer::readServer); none: the server alone.
        std::optional<ServerConnection> readServer;
        QString email; // empty: the account last used with server
        QString keychainService = QStringLiteral("EKNMusic");
        int debounceMs = 2000;
        int periodicMs = 5 * 60 * 1000;
        int minBackoffMs = 1000;
        int maxBackoffMs = 5 * 60 * 1000;
    };

    explicit SyncEngine(Options options, QObject *parent = nullptr);
    ~SyncEngine() override;

    void start();   // restores the session and syncs
    void syncNow(); // e.g. "Sync now", after sign-in
    void nudge();   // after a local edit: syncs once edits pause for debounceMs
    SyncStatus status() const;
    // Ends the engine without waiting: the run in progress finishes on the sync thread, then
    // the engine deletes itself (sign-out, switching accounts). No signal comes after this.
    // Deleting the engine instead waits for that run, which is right only at application exit.
    void stopLater();

    // Shared playlists (SharedPlaylists) on the sync thread with its session, between syncs;
    // answers come as sharedPlaylistOpened, sharedPlaylistCopied, publishFinished.
    void openShared(const QString &link);
    void copyShared(const ekn::SharedPlaylist &playlist);
    // Syncs first (a playlist made here must be on the server), then publishes or unpublishes.
    void setPublished(const QString &playlistId, bool published);

Q_SIGNALS:
    void statusChanged(const ekn::SyncStatus &status);
    void syncFinished(const ekn::SyncReport &report);
    // Rows the pull changed here: models reload these.
    void libraryChanged(const QStringList &trackIds, const QStringList &playlistIds);
    // error is empty on success.
    void sharedPlaylistOpened(const QString &link, const ekn::SharedPlaylist &playlist, const QString &error);
    void sharedPlaylistCopied(const QString &playlistId, const QString &error);
    void publishFinished(const QString &playlistId, bool published, const QString &link, const QString &error);

private:
    friend class SyncWorker;
    void setStatus(const SyncStatus &s);
    void setStatusFromWorker(const SyncStatus &s);
    template <class F>
    void postToWorker(F f);

    QThread m_thread;
    SyncWorker *m_worker = nullptr; // lives on m_thread
    Connectivity *m_connectivity = nullptr;
    mutable QMutex m_mutex;
    SyncStatus m_status;
    bool m_stopping = false;
};

} // namespace ekn
