#pragma once

#include "common/result.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace ekn {

class LibraryDatabase;

// Finds the library's own track for music described elsewhere (an entry of a playlist another
// account shared): by audio hash first (a1: hashes, core/scan/contenthash.h, kept in
// music_tracks.metadata.content_hash, so also for tracks synced from another device), by tags
// second (title and artist, case-insensitive; the same album preferred). Live tracks only; a
// track whose file is on this device is preferred. Runs on the calling thread's connection.
class TrackMatcher
{
public:
    explicit TrackMatcher(const LibraryDatabase &db);

    // hash -> track id for the hashes the library has (one pass over the library).
    Result<QHash<QString, QString>> byAudioHashes(const QStringList &hashes) const;
    // The track id with these tags, or an empty string when the library has none.
    Result<QString> byTags(const QString &title, const QString &artist, const QString &album) const;

private:
    const LibraryDatabase &m_db;
};

} // namespace ekn
