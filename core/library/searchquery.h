#pragma once

#include <QString>

namespace ekn {

// A search box query turned into an FTS5 MATCH expression over track_search.
//   beyon            -> "beyon"*                  every word is a prefix (as you type)
//   daft punk        -> "daft"* AND "punk"*
//   "get lucky"      -> "get lucky"*              a phrase
//   artist:daft      -> artist : "daft"*          also album:, genre:, title:, album_artist:
//   artist:"daft p"  -> artist : "daft p"*
//   year:2013        -> year : ("2013")           year:2010-2015 -> year : ("2010" OR ... "2015")
// Words with no letter or digit are dropped; an unknown `x:y` is searched as text.
struct SearchQuery
{
    QString match; // empty when there is nothing to match
    int yearFrom = 0; // the year filter as parsed (already part of match)
    int yearTo = 0;

    bool isEmpty() const { return match.isEmpty(); }
    static SearchQuery parse(const QString &text);
};

} // namespace ekn
