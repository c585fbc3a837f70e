#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace ekn {

struct SearchQuery;

// Search while the index has a backlog (schema 022: a first pull's tracks, indexed after the
// pull): the tracks not indexed yet are read and matched here, so a search finds them too and
// never answers "nothing" only because indexing is not done. The match is a superset of what
// FTS5 would find: every word of a term is a substring of the same column (or any column),
// folded like the index folds (case, diacritics: unicode61 remove_diacritics 2), and the year
// within the range. Results from here come in library order after the ranked index matches.
class SearchFallback
{
public:
    // The rows `query` finds: SQL for a set of rowids (`rowid IN (...)`) with its binds, and the
    // backlog's own matches (empty when there is no backlog) in library order.
    struct MatchSet
    {
        QString sql;
        QVariantList binds;
        QList<qint64> backlog;
    };
    static Result<MatchSet> matchSet(const QSqlDatabase &db, const SearchQuery &query);
    // The live tracks `query` finds, its words and its filters (rating:>=4, played:<30d…), as
    // one condition on music_tracks `t` with its binds; ages are measured from `now`. A query
    // whose filter could not be read is a Failure naming it, never a condition that finds all.
    struct Condition
    {
        QString sql;
        QVariantList binds;
    };
    static Result<Condition> trackCondition(const QSqlDatabase &db, const SearchQuery &query, const QDateTime &now);
    // The backlog tracks `query` matches, in library order (empty when there is no backlog).
    static Result<QList<qint64>> backlogMatches(const QSqlDatabase &db, const SearchQuery &query);
    // Text folded as the index folds it: lower case, no diacritics.
    static QString fold(const QString &text);
};

} // namespace ekn
