#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariantList>

namespace ekn {

// A search box query turned into an FTS5 MATCH expression over track_search.
//   beyon            -> "beyon"*                  every word is a prefix (as you type)
//   daft punk        -> "daft"* AND "punk"*
//   "get lucky"      -> "get lucky"*              a phrase
//   artist:daft      -> artist : "daft"*          also album:, genre:, title:, album_artist:
//   artist:"daft p"  -> artist : "daft p"*
//   year:2013        -> year : ("2013")           year:2010-2015 -> year : ("2010" OR ... "2015")
// Words with no letter or digit are dropped; an unknown `x:y` is searched as text.
//
// Listening filters (not in the index: conditions on music_tracks, see filterSql()):
//   rating:>=4  rating:3.5  rating:<2     stars, half stars allowed (the column holds 0..10)
//   plays:>10   skipped:>3                play and skip counts
//   played:<30d played:>1y                last played within / longer ago than (h d w m y;
//   added:<7d                             a bare number is days); never played counts as
//                                         longer ago
// Operators: < <= > >= = (none is =; played/added need < or >). A malformed filter sets
// error (a sentence naming it) instead of being searched as text.
struct SearchFilter
{
    enum class Field { Rating, Plays, Skips, Played, Added };
    Field field = Field::Rating;
    QString op;         // < <= > >= =
    double value = 0;   // stars, a count, or an age in seconds
};

// One text term as typed, for a search that reads tracks instead of the index
// (SearchFallback): its words must all be in `column` (empty: any indexed column).
struct SearchTerm
{
    QString column;
    QString text;
};

struct SearchQuery
{
    QString match; // empty when there is nothing to match
    QList<SearchTerm> terms; // the text terms of match, unquoted
    int yearFrom = 0; // the year filter as parsed (already part of match)
    int yearTo = 0;
    QList<SearchFilter> filters;
    QString error; // a filter that could not be read, named; empty when all is well

    bool isEmpty() const { return match.isEmpty(); }
    bool hasFilters() const { return !filters.isEmpty(); }
    static SearchQuery parse(const QString &text);
    // The filters as one SQL condition on music_tracks `t` (empty when there are none), with
    // its values appended to binds; ages are measured from `now` (UTC).
    QString filterSql(QVariantList *binds, const QDateTime &now) const;
};

} // namespace ekn
