#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace ekn {

class LibraryDatabase;

// This device's own counts of one track: absolute, they only grow.
struct OwnTally
{
    qint64 plays = 0;
    qint64 skips = 0;
    QString lastPlayed; // UTC ISO-8601 with ms and Z; empty when never played here
};

// The play and skip counters of tracks (track_play_tallies, local schema 016): the owner of
// that table. A play count is not a last-writer-wins field: this device
// counts its own plays, which sync as absolute values (a replayed or repeated push stores the
// same numbers), and keeps the sum of every other device's as the last pull said. The
// music_tracks columns play_count, skip_count and last_played follow by trigger.
class PlayTallies
{
public:
    // Outbox table name of a tally change (row id = the track id); SyncPush sends these
    // through api.push_plays, not api.push.
    static QString outboxTable() { return QStringLiteral("track_play_tallies"); }

    // One play or one skip of a live track on this device, at `at` (UTC), with its outbox row,
    // in one transaction. Fails with a sentence for an unknown or deleted track.
    static Result<bool> recordPlay(const LibraryDatabase &db, const QString &trackId,
                                   const QDateTime &at = QDateTime::currentDateTimeUtc());
    static Result<bool> recordSkip(const LibraryDatabase &db, const QString &trackId);

    // This device's counts of the given tracks (absent: never played or skipped here).
    static Result<QHash<QString, OwnTally>> own(QSqlDatabase &db, const QStringList &trackIds);

    // Two tracks found to be one (TrackMerger): the plays and skips counted here on `fromId`
    // become the survivor's, with an outbox row, inside the caller's transaction. (The other
    // devices' counts of `fromId` stay with it: they are on the server under its id.)
    static Status moveOwn(QSqlDatabase &db, const QString &fromId, const QString &toId);

    // A pulled track's server tallies ({"<device>": {"plays", "skips", "last_played"}, ...}):
    // the other devices' part becomes this track's other_* counts; this device's own entry is
    // ignored (its own counts here are never older than what it pushed). Runs inside the
    // caller's transaction.
    static Status applyPulled(QSqlDatabase &db, const QString &trackId, const QJsonObject &tallies,
                              const QString &thisDevice);
};

} // namespace ekn
