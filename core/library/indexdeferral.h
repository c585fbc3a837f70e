#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>

namespace ekn {

// The secondary indexes of music_tracks and track_files, dropped while a bulk load fills an
// EMPTY library (first scan, first pull) and built once at the end: one sort per index instead
// of a B-tree insert per row and index (about a quarter of the load's SQLite time). Their SQL
// is saved in deferred_indexes in the same transaction as the drop, so a load that is killed
// leaves a list that LibraryDatabase::open() builds from. Reads stay correct throughout (an
// index only makes them faster); search has its own index, kept per transaction.
class IndexDeferral
{
public:
    // Outside any transaction. Drops the indexes when music_tracks is empty; false when it
    // did nothing (library not empty, or an error, logged).
    static bool deferIfEmpty(const QSqlDatabase &db);
    // Outside any transaction: builds every saved index and forgets it (nothing to do is done).
    static Status restore(const QSqlDatabase &db);
    // Outside any transaction: everything a bulk load left for after it, the search backlog
    // (SearchDeferral) and then the indexes. The one call for open(), the CLI and tests; the
    // app's sync thread does the same in chunks between its syncs.
    static Status finishDeferred(QSqlDatabase &db);
};

} // namespace ekn
