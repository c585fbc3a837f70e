#pragma once

#include "library/track.h"
#include "tags/taginfo.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QString>

namespace ekn {

// The one way a Track is read from SQL: trackSelectSql() selects the columns trackFromQuery()
// expects, from music_tracks t LEFT JOIN track_files f. Shared by TrackStore and
// PlaylistStore so a Track means the same everywhere. The field columns come from the field
// table (trackfields.h).
QString trackSelectSql();
Track trackFromQuery(const QSqlQuery &q, int firstColumn = 0);
// Default order of track lists: album artist, album, disc, track, title, path.
QString trackOrderSql();

// The music_tracks values of a scanned file, as JSON: each field column of the field table
// (null for no value), and "metadata" with the metadata fields that have a value, the cover
// ({present, mime}), the content hash and the device that read it. Pure and thread-safe.
QJsonObject rowFromFile(const TagInfo &info, const QString &path, qint64 size, const QString &contentHash);
// Binds such a row's field columns in trackColumnNames() order, then `metadataJson`.
void bindRowColumns(QSqlQuery &q, const QJsonObject &row, const QString &metadataJson);

} // namespace ekn
