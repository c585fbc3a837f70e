#pragma once

#include "common/result.h"

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
    static Status start(QSqlDatabase &db);
    // In the same transaction, before COMMIT: indexes the noted rows and ends the deferral.
    static Status flush(QSqlDatabase &db);
    // Instead of flush(): the noted rows lose their old words and go to the backlog.
    static Status flushToBacklog(QSqlDatabase &db);
    // Outside any transaction: indexes what a writer committed without flushing (a writer that
    // crashed between statements cannot leave any, this is the net under a bug). Returns the
    // number of rows indexed.
    static Result<int> repair(QSqlDatabase &db);
    // Outside any transaction: indexes up to maxRows of the backlog in one transaction (the
    // lowest rowids first), so other writers wait for one chunk at most. Returns how many
    // tracks are left in the backlog (on a Failure nothing of the chunk is kept).
    static Result<int> indexBacklog(QSqlDatabase &db, int maxRows);
    // The whole backlog, chunk after chunk (open(), the CLI after a sync). Returns how many
    // tracks were indexed.
    static Result<int> finishBacklog(QSqlDatabase &db);
    // Tracks per indexBacklog() transaction: about a quarter of a second of a writer's wait.
    static constexpr int kBacklogChunk = 10000;
    // How many tracks wait in the backlog.
    static Result<int> backlogSize(const QSqlDatabase &db);
    // The indexed text of the tracks `t` (music_tracks), in the index's column order: title,
    // artist, album, album_artist, genre, year. The one list the index and SearchFallback
    // read.
    static QString indexedColumnsSql();
};

} // namespace ekn
