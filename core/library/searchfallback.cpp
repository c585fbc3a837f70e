#include "library/searchfallback.h"

#include "library/searchdeferral.h"
#include "library/searchquery.h"
#include "library/trackrow.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <array>

namespace ekn {

namespace {

// The index's text columns, in SearchDeferral::indexedColumnsSql()'s order (year is last).
constexpr std::array<const char *, 5> kColumns = {"title", "artist", "album", "album_artist", "genre"};

QStringList foldedWords(const QString &text)
{
    QStringList words;
    QString word;
    for (const QChar c : SearchFallback::fold(text)) {
        if (c.isLetterOrNumber()) {
            word += c;
        } else if (!word.isEmpty()) {
            words << word;
            word.clear();
        }
    }
    if (!word.isEmpty())
        words << word;
    return words;
}

// A term with its words folded once, and the column it names (-1: any).
struct FoldedTerm
{
    int column = -1;
    QStringList words;
};

QList<FoldedTerm> foldedTerms(const SearchQuery &query)
{
    QList<FoldedTerm> out;
    for (const SearchTerm &t : query.terms) {
        FoldedTerm f;
        for (int c = 0; c < int(kColumns.size()); ++c)
            if (t.column == QLatin1String(kColumns[c]))
                f.column = c;
        f.words = foldedWords(t.text);
        if (!f.words.isEmpty())
            out << f;
    }
    return out;
}

bool matches(const QList<FoldedTerm> &terms, const std::array<QString, 5> &text)
{
    for (const FoldedTerm &t : terms) {
        for (const QString &w : t.words) {
            bool found = false;
            for (int c = 0; c < int(text.size()) && !found; ++c)
                found = (t.column < 0 || t.column == c) && text[c].contains(w);
            if (!found)
                return false;
        }
    }
    return true;
}

QString readFailure(const QSqlQuery &q)
{
    return QCoreApplication::translate("ekn::SearchFallback", "cannot search the tracks not indexed yet: %1")
        .arg(q.lastError().text());
}

} // namespace

QString SearchFallback::fold(const QString &text)
{
    bool ascii = true;
    for (const QChar c : text)
        ascii = ascii && c.unicode() < 0x80;
    if (ascii)
        return text.toLower();
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed)
        if (c.category() != QChar::Mark_NonSpacing)
            out += c;
    return out.toCaseFolded();
}

Result<QList<qint64>> SearchFallback::backlogMatches(const QSqlDatabase &db, const SearchQuery &query)
{
    QList<qint64> rowids;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM search_backlog)")) || !q.next())
        return Failure{readFailure(q)};
    if (!q.value(0).toBool())
        return rowids;
    q.finish();
    if (!q.exec(QStringLiteral(R"sql(SELECT t.rowid, %1
                               FROM search_backlog b
                               JOIN music_tracks t ON t.rowid = b.track_rowid
                               LEFT JOIN track_files f ON f.track_id = t.id
                               WHERE t.deleted_at IS NULL)sql")
                    .arg(SearchDeferral::indexedColumnsSql())
                + trackOrderSql()))
        return Failure{readFailure(q)};
    const QList<FoldedTerm> terms = foldedTerms(query);
    std::array<QString, 5> text;
    while (q.next()) {
        if (query.yearFrom > 0) {
            const int year = q.value(6).toInt();
            if (year < query.yearFrom || year > query.yearTo)
                continue;
        }
        for (int c = 0; c < int(text.size()); ++c)
            text[c] = fold(q.value(c + 1).toString());
        const qint64 rowid = q.value(0).toLongLong();
        if (matches(terms, text) && (rowids.isEmpty() || rowids.last() != rowid))
            rowids << rowid;
    }
    if (q.lastError().isValid())
        return Failure{readFailure(q)};
    return rowids;
}

Result<SearchFallback::MatchSet> SearchFallback::matchSet(const QSqlDatabase &db, const SearchQuery &query)
{
    Result<QList<qint64>> backlog = backlogMatches(db, query);
    if (!backlog)
        return Failure{backlog.error()};
    MatchSet set;
    set.backlog = std::move(*backlog);
    QStringList ids;
    ids.reserve(set.backlog.size());
    for (const qint64 id : std::as_const(set.backlog))
        ids << QString::number(id);
    set.sql = QStringLiteral(R"sql(SELECT rowid
                             FROM track_search
                             WHERE track_search MATCH ?
                             UNION
                             SELECT value
                             FROM json_each(?))sql");
    set.binds << query.match << QVariant(QLatin1Char('[') + ids.join(QLatin1Char(',')) + QLatin1Char(']'));
    return set;
}

Result<SearchFallback::Condition> SearchFallback::trackCondition(const QSqlDatabase &db, const SearchQuery &query,
                                                                 const QDateTime &now)
{
    if (!query.error.isEmpty())
        return Failure{query.error};
    Condition c;
    c.sql = QStringLiteral("t.deleted_at IS NULL");
    if (!query.isEmpty()) {
        // The index's matches and, while it has a backlog, the tracks not indexed yet.
        Result<MatchSet> set = matchSet(db, query);
        if (!set)
            return Failure{set.error()};
        c.sql += QStringLiteral(" AND t.rowid IN (%1)").arg(set->sql);
        c.binds << set->binds;
    }
    if (const QString filters = query.filterSql(&c.binds, now); !filters.isEmpty())
        c.sql += QStringLiteral(" AND ") + filters;
    return c;
}

} // namespace ekn
