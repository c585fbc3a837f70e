#pragma once

#include <QString>

namespace ekn {

// A search box query turned into an FTS5 MATCH expression over track_search plus a year
// range (year is not text, so it filters music_tracks instead).
//   beyon            -> "beyon"*                  every word is a prefix (as you type)
//   daft punk        -> "daft"* AND "punk"*
//   "get lucky"      -> "get lucky"*              a phrase
//   artist:daft      -> artist : "daft"*          also album:, genre:, title:, album_artist:
//   artist:"daft p"  -> artist : "daft p"*
//   year:2013        -> yearFrom = yearTo = 2013; year:2010-2015 a range
// Words with no letter or digit are dropped; an unknown `x:y` is searched as text.
struct SearchQuery
{
    QString match; // empty when there is no text to match
    int yearFrom = 0;
    int yearTo = 0;

    bool isEmpty() const { return match.isEmpty() && yearFrom == 0; }
    static SearchQuery parse(const QString &text);
};

} // namespace ekn
