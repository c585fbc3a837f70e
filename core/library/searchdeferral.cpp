#include "library/searchdeferral.h"

#include "common/logging.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

Failure indexFailed(const QString &why)
{
    qCWarning(lcLibrary) << "search index:" << why;
    return Failure{QCoreApplication::translate("ekn::SearchDeferral", "cannot update the search index: %1").arg(why)};
}

Failure backlogUnreadable(const QSqlQuery &q)
{
    return Failure{QCoreApplication::translate("ekn::SearchDeferral", "cannot read the search backlog: %1")
                       .arg(q.lastError().text())};
}

Status run(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return Done{};
    return indexFailed(q.lastError().text());
}

// The statements in order, up to the first that fails.
Status runAll(QSqlDatabase &db, std::initializer_list<QString> statements)
{
    for (const QString &sql : statements)
        if (Status done = run(db, sql); !done)
            return done;
    return Done{};
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

Status SearchDeferral::start(QSqlDatabase &db)
{
    return run(db, QStringLiteral("INSERT OR IGNORE INTO search_defer (active) VALUES (1)"));
}

Status SearchDeferral::flush(QSqlDatabase &db)
{
    const QString noted = QStringLiteral("SELECT track_rowid FROM search_pending");
    return runAll(db, {unindexSql(noted), indexSql(noted), QStringLiteral("DELETE FROM search_pending"),
                       QStringLiteral("DELETE FROM search_defer")});
}

Status SearchDeferral::flushToBacklog(QSqlDatabase &db)
{
    // The old words must go now: a listed track is missing from the index, never in it with
    // words it no longer has (schema 022's rule).
    return runAll(db, {unindexSql(QStringLiteral("SELECT track_rowid FROM search_pending")),
                       QStringLiteral("INSERT OR IGNORE INTO search_backlog (track_rowid) SELECT track_rowid FROM search_pending"),
                       QStringLiteral("DELETE FROM search_pending"), QStringLiteral("DELETE FROM search_defer")});
}

Result<int> SearchDeferral::repair(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM search_pending), EXISTS (SELECT 1 FROM search_defer)"))
        || !q.next())
        return indexFailed(q.lastError().text());
    const int pending = q.value(0).toInt();
    const bool deferred = q.value(1).toBool();
    q.finish();
    if (pending == 0 && !deferred)
        return 0;
    qCWarning(lcLibrary) << "the search index missed" << pending << "committed tracks; indexing them now";
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return indexFailed(tx.error());
    if (Status flushed = flush(db); !flushed)
        return Failure{flushed.error()};
    if (const Status committed = tx->commit(); !committed)
        return indexFailed(committed.error());
    return pending;
}

Result<int> SearchDeferral::indexBacklog(QSqlDatabase &db, int maxRows)
{
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return indexFailed(tx.error());
    // One chunk: the first maxRows listed rowids. The chunk's old words (a track a later write
    // indexed meanwhile) out, its live tracks in, its rows off the list.
    const QString chunk =
        QStringLiteral("SELECT track_rowid FROM search_backlog ORDER BY track_rowid LIMIT %1").arg(std::max(1, maxRows));
    QSqlQuery last(db);
    if (!last.exec(QStringLiteral("SELECT max(track_rowid) FROM (%1)").arg(chunk)) || !last.next())
        return backlogUnreadable(last);
    const QString upTo = QStringLiteral("SELECT track_rowid FROM search_backlog WHERE track_rowid <= %1")
                             .arg(last.value(0).toLongLong());
    last.finish();
    if (Status indexed = runAll(db, {unindexSql(upTo), indexSql(upTo),
                                     QStringLiteral("DELETE FROM search_backlog WHERE track_rowid IN (%1)").arg(upTo)});
        !indexed)
        return Failure{indexed.error()};
    const Result<int> left = backlogSize(db);
    if (!left)
        return left;
    if (const Status committed = tx->commit(); !committed)
        return indexFailed(committed.error());
    return left;
}

Result<int> SearchDeferral::finishBacklog(QSqlDatabase &db)
{
    const Result<int> size = backlogSize(db);
    if (!size)
        return size;
    if (*size > 0)
        qCInfo(lcLibrary) << "indexing" << *size << "tracks for search";
    for (int left = *size; left > 0;) {
        const Result<int> chunk = indexBacklog(db, kBacklogChunk);
        if (!chunk)
            return chunk;
        left = *chunk;
    }
    return size;
}

Result<int> SearchDeferral::backlogSize(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM search_backlog")) || !q.next())
        return backlogUnreadable(q);
    return q.value(0).toInt();
}

} // namespace ekn
