#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace ekn {

// UTC timestamp text as stored in every table (ISO-8601 with milliseconds and Z).
QString libraryTimestamp();
QString newLibraryId(); // a UUID without braces

// The outbox of unsynced changes. record() must run inside the transaction of the change it
// describes, so a change and its outbox row commit (or vanish) together.
//   table_name, row_id, op (insert | update | delete), changed_fields (JSON object of the
//   columns that changed with their new values; metadata keys nested under "metadata").
// One row's unsynced change: its outbox entries coalesced (the union of what they changed).
// A playlist entry's change (playlist_tracks) is a change of its playlist (entries = true).
struct OutboxChange
{
    QString table; // music_tracks | track_metadata | playlists | another table's name as stored
    QString id;
    bool inserted = false;   // an insert is among the entries: every field counts as changed
    bool rowChanged = false; // an entry for the row itself (not only its playlist entries)
    bool entries = false;    // playlists: membership or order changed
    QSet<QString> columns;   // changed columns (an op "delete" counts as deleted_at)
    QSet<QString> metaKeys;  // music_tracks: changed metadata keys
    bool allMeta = false;    // the whole metadata (an insert, or metadata given as a whole)
    QList<qint64> outboxIds; // ascending

    // The field paths with an unsynced change, as the conflict log names them: "title",
    // "metadata.genre", and "*" for an insert.
    QSet<QString> fieldPaths() const;
};

// Everything in the outbox, read once (the one reader of the outbox, for push and pull).
struct OutboxContents
{
    QList<OutboxChange> changes; // in the order of each row's first entry
    QList<qint64> orphans;       // entries of playlist entries whose playlist is unknown
};

class Outbox
{
public:
    // Reads and coalesces the outbox. A failed read is an error, never an empty outbox (an
    // empty one would look like nothing to keep in a pull).
    static Result<OutboxContents> read(const QSqlDatabase &db);
    // The first `rows` rows of `table` with unsynced changes, in the order of their first entry,
    // each with all of its entries, coalesced as read() does: what read() would list first of
    // that table. (A push sends them while it reads the rest.)
    static Result<QList<OutboxChange>> readFirstRows(const QSqlDatabase &db, const QString &table, int rows);
    // Whether anything waits to be pushed (one index probe; a failed read is an error).
    static Result<bool> isEmpty(const QSqlDatabase &db);

    // Fails with SQLite's reason (a caller rolls its change back and says why: the change
    // without its outbox row would never reach the server).
    static Status record(QSqlDatabase &db, const QString &table, const QString &rowId, const QString &op,
                         const QJsonObject &changedFields);
    // For writers that reuse one prepared statement: prepare insertSql() once, bind() per row.
    static QString insertSql();
    static void bind(QSqlQuery &q, const QString &table, const QString &rowId, const QString &op,
                     const QJsonObject &changedFields);
};

} // namespace ekn
