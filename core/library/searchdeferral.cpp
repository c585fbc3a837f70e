#include "library/searchdeferral.h"

#include "common/logging.h"
#include "library/writetransaction.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

bool run(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("cannot update the search index: ") + q.lastError().text();
    qCWarning(lcLibrary) << "search index:" << q.lastError().text();
    return false;
}

} // namespace

bool SearchDeferral::start(QSqlDatabase &db, QString *error)
{
    return run(db, QStringLiteral("INSERT OR IGNORE INTO search_defer (active) VALUES (1)"), error);
}

bool SearchDeferral::flush(QSqlDatabase &db, QString *error)
{
    // Old terms out (updated and deleted rows; the index keeps its own copy of the text, so a
    // deleted track's rowid is enough), then the live rows in, one statement each.
    return run(db, QStringLiteral("DELETE FROM track_search WHERE rowid IN (SELECT track_rowid FROM search_pending)"),
               error)
        && run(db, QStringLiteral(
                       R"sql(INSERT INTO track_search (rowid, title, artist,
                       album, album_artist, genre, year)
                       SELECT rowid, title, artist, album,
                       json_extract(metadata, '$.album_artist'),
                       json_extract(metadata, '$.genre'), json_extract(metadata, '$.year')
                       FROM music_tracks
                       WHERE rowid IN (SELECT track_rowid FROM search_pending)
                       AND deleted_at IS NULL)sql"),
               error)
        && run(db, QStringLiteral("DELETE FROM search_pending"), error)
        && run(db, QStringLiteral("DELETE FROM search_defer"), error);
}

int SearchDeferral::repair(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM search_pending), EXISTS (SELECT 1 FROM search_defer)"))
        || !q.next()) {
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    const int pending = q.value(0).toInt();
    const bool deferred = q.value(1).toBool();
    q.finish();
    if (pending == 0 && !deferred)
        return 0;
    qCWarning(lcLibrary) << "the search index missed" << pending << "committed tracks; indexing them now";
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        if (error)
            *error = tx.error();
        return -1;
    }
    if (!flush(db, error))
        return -1;
    if (!tx->commit()) {
        if (error)
            *error = tx->errorString();
        return -1;
    }
    return pending;
}

} // namespace ekn
