#pragma once

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <functional>

namespace ekn {

class RemoteSession;
struct PgResult;

// Pull: everything the server holds with a version above this device's cursor and at most
// the user's committed counter H (read first; every version <= H is already committed, see
// migration 010), in pages ordered by (sync_version, id), each page applied in one local
// transaction. Fields with a local change still waiting in the outbox keep the local value
// (and the row keeps its base version, so the push that follows sees the conflict). The
// cursor moves to H only when every table is through.
class SyncPull
{
public:
    SyncPull(QSqlDatabase local, RemoteSession &remote);

    int pageSize = 5000;
    // A pull of at least this many tracks into an empty library builds the secondary indexes
    // once at the end (IndexDeferral).
    int bulkLoadThreshold = 5000;
    std::function<void(int done, int total)> progress;

    bool run(qint64 cursor);
    qint64 newCursor() const { return m_high; }
    QString error() const { return m_error; }
    int pulled() const { return m_pulled; }
    QStringList changedTracks() const { return m_tracks; }
    QStringList changedPlaylists() const { return m_playlists; }

private:
    bool loadPending();
    bool pullTable(const QString &table, qint64 cursor);
    bool applyTracks(const PgResult &page);
    bool applyMetadata(const PgResult &page);
    bool applyPlaylists(const PgResult &page, const PgResult &entries);
    bool fail(const QString &message);

    QSqlDatabase m_local;
    RemoteSession &m_remote;
    qint64 m_high = -1;
    int m_total = 0;
    int m_pulled = 0;
    QHash<QString, QSet<QString>> m_pendingFields; // "table/id" -> fields with unsynced edits
    QSet<QString> m_pendingEntries;                // playlists whose entries have unsynced edits
    QStringList m_tracks;
    QStringList m_playlists;
    QString m_error;
};

} // namespace ekn
