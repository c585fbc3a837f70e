#pragma once

#include <QSqlDatabase>
#include <QString>

namespace ekn {

// Search indexing of a bulk write, once per transaction instead of once per row (schema 012).
// FTS5 writes a new segment at every statement that touches it, so a trigger per inserted
// track costs a segment and merges per track; here the triggers only note touched rowids and
// flush() indexes them with one statement each way, inside the same transaction. Use it
// through WriteTransaction(db, WriteTransaction::Search::AtCommit).
//
// A first pull of a big account goes further (schema 022, WriteTransaction::Search::Later):
// its pages only take their tracks' old words out of the index and list them in
// search_backlog; indexBacklog() indexes them after the pull, a chunk per transaction, and
// search reads listed tracks directly until then (SearchFallback), so results stay complete.
class SearchDeferral
{
public:
    // In an open write transaction: the search triggers note rowids from now on.
    static bool start(QSqlDatabase &db, QString *error);
    // In the same transaction, before COMMIT: indexes the noted rows and ends the deferral.
    static bool flush(QSqlDatabase &db, QString *error);
    // Instead of flush(): the noted rows lose their old words and go to the backlog.
    static bool flushToBacklog(QSqlDatabase &db, QString *error);
    // Outside any transaction: indexes what a writer committed without flushing (a writer that
    // crashed between statements cannot leave any, this is the net under a bug). Returns the
    // number of rows indexed, -1 on error.
    static int repair(QSqlDatabase &db, QString *error);
    // Outside any transaction: indexes up to maxRows of the backlog in one transaction (the
    // lowest rowids first), so other writers wait for one chunk at most. Returns how many
    // tracks are left in the backlog, -1 on error (nothing of the chunk is kept then).
    static int indexBacklog(QSqlDatabase &db, int maxRows, QString *error);
    // The whole backlog, chunk after chunk (open(), the CLI after a sync). Returns how many
    // tracks were indexed, -1 on error.
    static int finishBacklog(QSqlDatabase &db, QString *error);
    // Tracks per indexBacklog() transaction: about a quarter of a second of a writer's wait.
    static constexpr int kBacklogChunk = 10000;
    // How many tracks wait in the backlog; -1 on error.
    static int backlogSize(const QSqlDatabase &db, QString *error);
    // The indexed text of the tracks `t` (music_tracks), in the index's column order: title,
    // artist, album, album_artist, genre, year. The one list the index and SearchFallback
    // read.
    static QString indexedColumnsSql();
};

} // namespace ekn
