#include "library/trackstore.h"

#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/searchfallback.h"
#include "library/searchquery.h"
#include "library/trackrow.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

// TrackStore's search: the index's ranked matches, the backlog not indexed yet, and the
// listening filters (rating:, plays:, played: …) read from the same query.
namespace ekn {

namespace {

Failure searchFailed(const QString &why)
{
    qCWarning(lcLibrary) << "search failed:" << why;
    return Failure{QCoreApplication::translate("ekn::TrackStore", "cannot search the library: %1").arg(why)};
}

// Up to this many matches are ranked with bm25; past it a query is "broad" (one or two
// letters typed into a big library) and ranking every match would take hundreds of ms.
constexpr int kRankedMatches = 1000;

// The tracks `query` finds (words, backlog, filters) through `select`, whose %1 is their
// condition on music_tracks `t`: prepared, bound (the condition's values, then `after`) and run.
Result<QSqlQuery> selectWhere(const QSqlDatabase &db, const SearchQuery &query, const QString &select,
                              const QVariantList &after = {})
{
    const Result<SearchFallback::Condition> where
        = SearchFallback::trackCondition(db, query, QDateTime::currentDateTimeUtc());
    if (!where)
        return searchFailed(where.error());
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const bool prepared = q.prepare(select.arg(where->sql));
    for (const QVariant &b : where->binds + after)
        q.addBindValue(b);
    if (!prepared || !q.exec())
        return searchFailed(q.lastError().text());
    return q;
}

} // namespace

// The index's matches, ranked, then (while the index has a backlog) the tracks not indexed yet
// that the query finds, in library order.
Result<QList<qint64>> TrackStore::searchRowids(const SearchQuery &query, int limit) const
{
    if (query.hasFilters())
        return filteredRowids(query, limit);
    const Result<QList<qint64>> backlog = SearchFallback::backlogMatches(m_db.connection(), query);
    if (!backlog)
        return searchFailed(backlog.error());
    Result<QList<qint64>> indexed = indexedRowids(query, limit);
    if (!indexed || backlog->isEmpty())
        return indexed;
    QList<qint64> rowids = std::move(indexed).value();
    QSet<qint64> seen(rowids.cbegin(), rowids.cend());
    for (const qint64 id : *backlog) {
        if (rowids.size() >= limit)
            break;
        if (!seen.contains(id))
            rowids << id;
    }
    return rowids;
}

Result<QList<qint64>> TrackStore::indexedRowids(const SearchQuery &query, int limit) const
{
    QSqlDatabase db = m_db.connection();
    QList<qint64> rowids;
    QSet<qint64> seen;
    QString error;
    auto run = [&](const QString &sql, const QString &match, int n) -> bool {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        const bool prepared = q.prepare(sql);
        q.addBindValue(match);
        q.addBindValue(n);
        if (!prepared || !q.exec()) {
            error = q.lastError().text();
            return false;
        }
        while (q.next() && rowids.size() < limit) {
            const qint64 id = q.value(0).toLongLong();
            if (!seen.contains(id)) {
                seen.insert(id);
                rowids << id;
            }
        }
        return true;
    };

    // The index holds live tracks only (triggers), so no join is needed to find and order.
    QSqlQuery probe(db);
    const bool prepared = probe.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM track_search WHERE track_search MATCH ? LIMIT ?)"));
    probe.addBindValue(query.match);
    probe.addBindValue(kRankedMatches + 1);
    if (!prepared || !probe.exec() || !probe.next())
        return searchFailed(probe.lastError().text());
    const int matches = probe.value(0).toInt();
    probe.finish();
    const QString select = QStringLiteral("SELECT rowid FROM track_search WHERE track_search MATCH ? ");
    if (matches <= kRankedMatches) {
        // Equal ranks (the same words matched the same way) in library order, so an album's
        // tracks found by its name read 1, 2, 3.
        if (!run(QStringLiteral(R"sql(SELECT track_search.rowid
                           FROM track_search
                           JOIN music_tracks t ON t.rowid = track_search.rowid
                           LEFT JOIN track_files f ON f.track_id = t.id
                           WHERE track_search MATCH ?
                           ORDER BY track_search.rank, )sql")
                + trackOrderSql().mid(QStringLiteral(" ORDER BY ").size()) + QStringLiteral(" LIMIT ?"),
            query.match, limit))
            return searchFailed(error);
        return rowids;
    }
    // Broad: what bm25 would put first anyway (title matches weigh most, then artist), each
    // pass streaming only as many rows as still needed.
    // Each pass re-reads the terms' doclists, so only the two columns bm25 weighs most get
    // their own pass; everything else comes from the final unfiltered pass.
    for (const char *column : {"title", "artist"}) {
        if (rowids.size() >= limit)
            break;
        const QString match = QLatin1Char('{') + QLatin1String(column) + QStringLiteral("} : (") + query.match + QLatin1Char(')');
        if (!run(select + QStringLiteral("LIMIT ?"), match, limit))
            return searchFailed(error);
    }
    if (rowids.size() < limit // terms spread over several columns
        && !run(select + QStringLiteral("LIMIT ?"), query.match, limit + int(rowids.size())))
        return searchFailed(error);
    return rowids;
}

Result<QList<Track>> TrackStore::search(const QString &text, int limit) const
{
    const SearchQuery query = SearchQuery::parse(text);
    if (!query.error.isEmpty())
        return Failure{query.error};
    if (query.isEmpty() && !query.hasFilters())
        return text.trimmed().isEmpty() ? allTracks(0, limit) : QList<Track>();
    if (limit < 0)
        limit = std::numeric_limits<int>::max();
    const Result<QList<qint64>> rowids = searchRowids(query, limit);
    if (!rowids)
        return Failure{rowids.error()};
    return tracksByRowids(*rowids);
}

Result<QList<qint64>> TrackStore::searchRowids(const QString &text, int limit) const
{
    const SearchQuery query = SearchQuery::parse(text);
    if (!query.error.isEmpty())
        return Failure{query.error};
    if (query.isEmpty() && !query.hasFilters())
        return QList<qint64>();
    return searchRowids(query, limit < 0 ? std::numeric_limits<int>::max() : limit);
}

// A search with filters (rating:>=4 plays:>10 played:<30d …): the tracks its words and its
// filters find, in library order (a filter is not a relevance that bm25 could rank).
Result<QList<qint64>> TrackStore::filteredRowids(const SearchQuery &query, int limit) const
{
    Result<QSqlQuery> q = selectWhere(
        m_db.connection(), query,
        QStringLiteral("SELECT t.rowid FROM music_tracks t LEFT JOIN track_files f ON f.track_id = t.id WHERE %1")
            + trackOrderSql() + QStringLiteral(" LIMIT ?"),
        {limit});
    if (!q)
        return Failure{q.error()};
    QList<qint64> rowids;
    while (q->next())
        rowids << q->value(0).toLongLong();
    return rowids;
}

Result<int> TrackStore::searchCount(const QString &text) const
{
    const SearchQuery query = SearchQuery::parse(text);
    if (!query.error.isEmpty())
        return Failure{query.error};
    if (query.isEmpty() && !query.hasFilters())
        return 0;
    if (query.hasFilters()) {
        Result<QSqlQuery> q = selectWhere(m_db.connection(), query, QStringLiteral("SELECT count(*) FROM music_tracks t WHERE %1"));
        if (!q)
            return Failure{q.error()};
        if (!q->next())
            return searchFailed(q->lastError().text());
        return q->value(0).toInt();
    }
    // Words alone: the index counts its matches (and the backlog's, while it has one).
    const Result<SearchFallback::MatchSet> set = SearchFallback::matchSet(m_db.connection(), query);
    if (!set)
        return searchFailed(set.error());
    QSqlQuery q(m_db.connection());
    const bool prepared = q.prepare(set->backlog.isEmpty()
                                        ? QStringLiteral("SELECT count(*) FROM track_search WHERE track_search MATCH ?")
                                        : QStringLiteral("SELECT count(*) FROM (%1)").arg(set->sql));
    q.addBindValue(query.match);
    if (!set->backlog.isEmpty())
        q.addBindValue(set->binds.at(1));
    if (!prepared || !q.exec() || !q.next())
        return searchFailed(q.lastError().text());
    return q.value(0).toInt();
}

Result<QSet<QString>> TrackStore::searchTrackIds(const QString &text) const
{
    QSet<QString> ids;
    const SearchQuery query = SearchQuery::parse(text);
    if (!query.error.isEmpty())
        return Failure{query.error};
    if (query.isEmpty() && !query.hasFilters())
        return ids;
    Result<QSqlQuery> q = selectWhere(m_db.connection(), query, QStringLiteral("SELECT t.id FROM music_tracks t WHERE %1"));
    if (!q)
        return Failure{q.error()};
    while (q->next())
        ids.insert(q->value(0).toString());
    return ids;
}

} // namespace ekn
