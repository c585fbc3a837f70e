#pragma once

#include "library/track.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QString>

namespace ekn {

// The one way a Track is read from SQL: trackSelectSql() selects the columns trackFromQuery()
// expects, from music_tracks t LEFT JOIN track_files f. Shared by TrackStore and
// PlaylistStore so a Track means the same everywhere.
QString trackSelectSql();
Track trackFromQuery(const QSqlQuery &q, int firstColumn = 0);
// Default order of track lists: album artist, album, disc, track, title, path.
QString trackOrderSql();

// Track fields kept in music_tracks.metadata (JSON), both directions.
void applyMetadata(Track &t, const QJsonObject &metadata);

} // namespace ekn
