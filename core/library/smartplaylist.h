#pragma once

#include "common/result.h"
#include "library/track.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ekn {

class LibraryDatabase;

// A smart playlist's rule: a saved search (the search box's syntax plus the listening filters
// rating:, plays:, skipped:, played:, added:, see SearchQuery), an order and a limit. Its
// tracks are worked out from the library each time they are read (SmartPlaylist::tracks), so
// they follow edits, scans and plays, and nothing about them needs syncing but the rule.
//
// The rule travels in the playlist's description, "eknmusic-smart:1 {json}": the server's
// playlists row has no place for a query, and the description is a synced text field that
// api.push and api.pull carry already (reasoning in migrations/versions/017_shared_playlists).
struct SmartRule
{
    QString query;
    QString order; // empty: the library's order; else one of orders()
    bool descending = false;
    int limit = 0; // 0: every matching track

    static constexpr int kMaxLimit = 100000;

    // The orders a rule may name: title, artist, album, year, duration, added, played, plays,
    // skips, rating, random.
    static QStringList orders();
    // "rating", "rating:desc", "added:asc": false (and nothing changed) when unknown.
    bool setOrder(const QString &spec);
    QString orderSpec() const; // the same spelling back ("" for the library's order)

    // Empty when the rule can be evaluated; else a sentence naming what is wrong.
    QString validate() const;

    QString toDescription() const;
    // The rule a description holds, or nothing for an ordinary playlist's description.
    static std::optional<SmartRule> fromDescription(const QString &description);
    static bool isSmartDescription(const QString &description);

    bool operator==(const SmartRule &) const = default;
};

// Evaluates rules against the library on the calling thread's connection (keep it off the
// GUI thread).
class SmartPlaylist
{
public:
    explicit SmartPlaylist(const LibraryDatabase &db);
    // The rule's tracks now, in its order, at most its limit; a failure says why.
    Result<QList<Track>> tracks(const SmartRule &rule) const;

private:
    const LibraryDatabase &m_db;
};

} // namespace ekn
