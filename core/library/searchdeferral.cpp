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

// Old terms out (updated and deleted rows; the index keeps its own copy of the text, so a
// deleted track's rowid is enough).
QString unindexSql(const QString &rowids)
{
    return QStringLiteral("DELETE FROM track_search WHERE rowid IN (%1)").arg(rowids);
}

// The live rows among `rowids` in, one statement.
QString indexSql(const QString &rowids)
{
    return QStringLiteral(R"sql(INSERT INTO track_search (rowid, title, artist,
                          album, album_artist, genre, year)
                          SELECT t.rowid, %1
                          FROM music_tracks t
                          WHERE t.rowid IN (%2) AND t.deleted_at IS NULL)sql")
        .arg(SearchDeferral::indexedColumnsSql(), rowids);
}

} // namespace

QString SearchDeferral::indexedColumnsSql()
{
    return QStringLiteral(R"sql(t.title, t.artist, t.album,
                          json_extract(t.metadata,
                          '$.album_artist'), json_extract(t.metadata,
                          '$.genre'), json_extract(t.metadata, '$.year'))sql");
}

bool SearchDeferral::start(QSqlDatabase &db, QString *error)
{
    return run(db, QStringLiteral("INSERT OR IGNORE INTO search_defer (active) VALUES (1)"), error);
}

bool SearchDeferral::flush(QSqlDatabase &db, QString *error)
{
    const QString noted = QStringLiteral("SELECT track_rowid FROM search_pending");
    return run(db, unindexSql(noted), error) && run(db, indexSql(noted), error)
        && run(db, QStringLiteral("DELETE FROM search_pending"), error)
        && run(db, QStringLiteral("DELETE FROM search_defer"), error);
}

bool SearchDeferral::flushToBacklog(QSqlDatabase &db, QString *error)
{
    // The old words must go now: a listed track is missing from the index, never in it with
    // words it no longer has (schema 022's rule).
    return run(db, unindexSql(QStringLiteral("SELECT track_rowid FROM search_pending")), error)
        && run(db, QStringLiteral("INSERT OR IGNORE INTO search_backlog (track_rowid) SELECT track_rowid FROM search_pending"),
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

int SearchDeferral::indexBacklog(QSqlDatabase &db, int maxRows, QString *error)
{
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        if (error)
            *error = tx.error();
        return -1;
    }
    // One chunk: the first maxRows listed rowids. The chunk's old words (a track a later write
    // indexed meanwhile) out, its live tracks in, its rows off the list.
    const QString chunk =
        QStringLiteral("SELECT track_rowid FROM search_backlog ORDER BY track_rowid LIMIT %1").arg(std::max(1, maxRows));
    QSqlQuery last(db);
    if (!last.exec(QStringLiteral("SELECT max(track_rowid) FROM (%1)").arg(chunk)) || !last.next()) {
        if (error)
            *error = QStringLiteral("cannot read the search backlog: ") + last.lastError().text();
        return -1;
    }
    const QString upTo = QStringLiteral("SELECT track_rowid FROM search_backlog WHERE track_rowid <= %1")
                             .arg(last.value(0).toLongLong());
    last.finish();
    if (!run(db, unindexSql(upTo), error) || !run(db, indexSql(upTo), error)
        || !run(db, QStringLiteral("DELETE FROM search_backlog WHERE track_rowid IN (%1)").arg(upTo), error))
        return -1;
    const int left = backlogSize(db, error);
    if (left < 0)
        return -1;
    if (!tx->commit()) {
        if (error)
            *error = QStringLiteral("cannot update the search index: ") + tx->errorString();
        return -1;
    }
    return left;
}

int SearchDeferral::finishBacklog(QSqlDatabase &db, QString *error)
{
    const int size = backlogSize(db, error);
    if (size > 0)
        qCInfo(lcLibrary) << "indexing" << size << "tracks for search";
    for (int left = size; left > 0;)
        if ((left = indexBacklog(db, kBacklogChunk, error)) < 0)
            return -1;
    return size;
}

int SearchDeferral::backlogSize(const QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM search_backlog")) || !q.next()) {
        if (error)
            *error = QStringLiteral("cannot read the search backlog: ") + q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

} // namespace ekn
