#pragma once

#include "common/result.h"
#include "remote/pgparams.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace ekn {

class RemoteSession;

// Where this device's pull stands: everything up to (version, kind, id) of the server's
// ordering is here, under the server's sync epoch `epoch`. Stored in the library's sync_state
// (keys cursor, cursor_kind, cursor_id, epoch), always in the transaction of the page it ends.
struct PullCursor
{
    qint64 version = -1; // -1: nothing pulled yet
    int kind = 0;
    QString id;
    QString epoch;
    bool atStart() const { return version < 0; }
};

// Pull through api.pull (docs/SERVER-API.md): one call per page, each page applied together
// with the cursor it ends at in one local transaction, so an interrupted pull resumes where it
// stopped. Fields with a local change still waiting in the outbox keep the local value (and
// the row keeps its base version, so the push that follows sees the conflict); a pending value
// that equals the server's in Unicode NFC is no local change and takes the server's spelling.
// A new server epoch, or a cursor above the server's counter (the counters were reset), starts
// again from the beginning; the outbox is left alone, so unsynced edits survive the resync.
// Rows that arrive before a track they refer to (metadata, playlist entries: the server orders
// by version, not by table) wait in sync_pull_waiting until the track comes.
class SyncPull
{
public:
    SyncPull(QSqlDatabase local, RemoteSession &remote);

    int pageSize = 5000;
    // Pulling from a read server (a standby that may lag behind the primary): a server that is
    // behind this library's cursor (an older epoch, or its counter below the cursor) is not a
    // reset here but lag; the pull stops with behind() and changes nothing, and the caller
    // pulls from the primary instead.
    bool readServer = false;
    // A first pull into an empty library of more than one page, or of at least this many
    // tracks, drops the secondary indexes for the pull (IndexDeferral); any first pull of that
    // size leaves search indexing for after it too (SearchDeferral's backlog). Both are built
    // after the pull: indexingLeft().
    int bulkLoadThreshold = 5000;
    std::function<void(int done, int total)> progress;

    // The figures below count what was done, also when the pull stopped on a failure.
    Status run();
    static Result<PullCursor> storedCursor(const QSqlDatabase &local);

    qint64 newCursor() const { return m_cursor.version; }
    int pulled() const { return m_pulled; }   // tracks and playlists received
    int skipped() const { return m_skipped; } // rows this device wrote itself, not sent
    int pages() const { return m_pages; }
    bool resynced() const { return m_resynced; } // started again from zero (epoch/counter reset)
    bool behind() const { return m_behind; }     // readServer: it is behind this library
    // Indexing left for after the pull (IndexDeferral::finishDeferred): the search backlog,
    // and the secondary indexes of a first pull into an empty library.
    bool indexingLeft() const { return m_searchLater || m_indexesLater; }
    QStringList changedTracks() const { return m_tracks; }
    QStringList changedPlaylists() const { return m_playlists; }

private:
    // A pulled track as the server sent it: parsed only when it needs a look of its own (an
    // unsynced edit here, a first sync that links the same audio). The others go to SQLite as
    // they came: from a server of schema 28 or more (api.pull_page) the page's row `row` of
    // columns, bound as libpq's UTF-8 (applyTrackRows); from an older one (api.pull) the JSON
    // text, a page in one statement (applyTracksBulk).
    struct PulledTrack
    {
        QString id;
        qint64 version = 0;
        QString json; // api.pull
        int row = -1; // api.pull_page: the row in Page::rows
    };
    struct Page
    {
        std::shared_ptr<const PgRows> rows; // api.pull_page's answer, as libpq holds it
        QList<PulledTrack> tracks;
        QList<QJsonObject> metadata, playlists;
        PullCursor next;
        qint64 high = 0;
        bool more = false;
        int skipped = 0;
        int total = -1; // tracks and playlists the whole pull brings (first page only)
    };
    // What a page's fetch found: the page, or the server's counters reset under this pull
    // (EK409, another epoch); a failure is the Result's.
    enum class Fetch { Ok, Reset };

    // Each step answers why it failed; run() composes them, so no failure can be dropped.
    Status pullAll();
    Status loadPending();
    Status pullPages(bool *reset);
    Status request(const PullCursor &after);
    Result<Fetch> receive(Page &page, const PullCursor &after);
    Status applyPage(const Page &page);
    Status writePage(const Page &page);
    static void receiveRow(Page &page, int kind, const QString &id, qint64 version, const QByteArray &json);
    Status applyTracks(const QList<PulledTrack> &rows, const PgRows *columns);
    Status applyTracksBulk(const QList<const PulledTrack *> &rows);
    Status applyTrackRows(const PgRows &columns, const QList<const PulledTrack *> &rows);
    Status applyTrack(const QJsonObject &row, bool edited);
    Status linkSameAudio(const QString &pulledId);
    Status mergeEditedTrack(const QJsonObject &server);
    Status applyTallies(const QString &trackId, const QJsonObject &tallies);
    // true: the row waits for a track that is not here yet (it comes on a later page).
    Result<bool> applyMetadata(const QJsonObject &row);
    Result<bool> applyPlaylist(const QJsonObject &row);
    Result<bool> applyEntries(const QString &playlistId, const QJsonArray &entries);
    Status wait(int kind, const QJsonObject &row);
    Status resolveWaiting();
    Status storeCursor(const PullCursor &c);
    Status behindCursor();

    QSqlDatabase m_local;
    RemoteSession &m_remote;
    PullCursor m_cursor;
    int m_pulled = 0;
    int m_skipped = 0;
    int m_pages = 0;
    int m_total = 0;
    bool m_resynced = false;
    bool m_behind = false;
    bool m_anyWaiting = false;
    bool m_searchLater = false; // a first pull: pages go to the search backlog
    bool m_indexesLater = false; // ... and into an empty library: its indexes were dropped
    bool m_anyUnsynced = false; // never-synced local tracks that a pulled one may be the same audio as
    bool m_pullPage = false; // the server has api.pull_page (schema 28)
    QHash<QString, QSet<QString>> m_pendingFields; // "table/id" -> fields with unsynced edits
    QSet<QString> m_pendingEntries;                // playlists whose entries have unsynced edits
    QStringList m_tracks;
    QStringList m_playlists;
};

} // namespace ekn
