#pragma once

#include <QSqlDatabase>
#include <QString>

namespace ekn {

// Search indexing of a bulk write, once per transaction instead of once per row (schema 012).
// FTS5 writes a new segment at every statement that touches it, so a trigger per inserted
// track costs a segment and merges per track; here the triggers only note touched rowids and
// flush() indexes them with one statement each way, inside the same transaction. Use it
// through WriteTransaction(db, WriteTransaction::Search::AtCommit).
class SearchDeferral
{
public:
    // In an open write transaction: the search triggers note rowids from now on.
    static bool start(QSqlDatabase &db, QString *error);
    // In the same transaction, before COMMIT: indexes the noted rows and ends the deferral.
    static bool flush(QSqlDatabase &db, QString *error);
    // Outside any transaction: indexes what a writer committed without flushing (a writer that
    // crashed between statements cannot leave any, this is the net under a bug). Returns the
    // number of rows indexed, -1 on error.
    static int repair(QSqlDatabase &db, QString *error);
};

} // namespace ekn
