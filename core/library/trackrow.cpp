#include "library/trackrow.h"

#include <QJsonDocument>

namespace ekn {

QString trackSelectSql()
{
    return QStringLiteral(
        "SELECT t.id, t.title, t.artist, t.album, t.duration, t.file_url, t.file_size, t.format, t.bitrate, "
        "t.metadata, t.created_at, t.updated_at, f.path, COALESCE(f.available, 0), "
        "t.rating, t.play_count, t.skip_count, t.last_played "
        "FROM music_tracks t LEFT JOIN track_files f ON f.track_id = t.id ");
}

QString trackOrderSql()
{
    return QStringLiteral(
        " ORDER BY COALESCE(NULLIF(json_extract(t.metadata, '$.album_artist'), ''), t.artist) COLLATE NOCASE, "
        "t.album COLLATE NOCASE, json_extract(t.metadata, '$.disc_number'), "
        "json_extract(t.metadata, '$.track_number'), t.title COLLATE NOCASE, f.path");
}

void applyMetadata(Track &t, const QJsonObject &m)
{
    t.albumArtist = m.value(QLatin1String("album_artist")).toString();
    t.trackNumber = m.value(QLatin1String("track_number")).toInt();
    t.trackTotal = m.value(QLatin1String("track_total")).toInt();
    t.discNumber = m.value(QLatin1String("disc_number")).toInt();
    t.discTotal = m.value(QLatin1String("disc_total")).toInt();
    t.year = m.value(QLatin1String("year")).toInt();
    t.genre = m.value(QLatin1String("genre")).toString();
    t.composer = m.value(QLatin1String("composer")).toString();
    t.comment = m.value(QLatin1String("comment")).toString();
    t.sampleRate = m.value(QLatin1String("sample_rate")).toInt();
    t.channels = m.value(QLatin1String("channels")).toInt();
    t.durationMs = m.value(QLatin1String("duration_ms")).toInteger();
    const QJsonObject cover = m.value(QLatin1String("cover")).toObject();
    t.hasCover = cover.value(QLatin1String("present")).toBool();
    t.coverMime = cover.value(QLatin1String("mime")).toString();
}

Track trackFromQuery(const QSqlQuery &q, int c)
{
    Track t;
    t.id = q.value(c + 0).toString();
    t.title = q.value(c + 1).toString();
    t.artist = q.value(c + 2).toString();
    t.album = q.value(c + 3).toString();
    t.duration = q.value(c + 4).toInt();
    t.fileUrl = QUrl(q.value(c + 5).toString());
    t.fileSize = q.value(c + 6).toLongLong();
    t.format = q.value(c + 7).toString();
    t.bitrate = q.value(c + 8).toInt();
    applyMetadata(t, QJsonDocument::fromJson(q.value(c + 9).toString().toUtf8()).object());
    t.createdAt = QDateTime::fromString(q.value(c + 10).toString(), Qt::ISODateWithMs);
    t.updatedAt = QDateTime::fromString(q.value(c + 11).toString(), Qt::ISODateWithMs);
    // The URL keeps the path as the file system spells it; track_files.path is its NFC form
    // used for comparisons.
    t.filePath = t.fileUrl.isLocalFile() ? t.fileUrl.toLocalFile() : q.value(c + 12).toString();
    t.available = q.value(c + 13).toInt() != 0;
    t.onThisDevice = !q.value(c + 12).isNull();
    if (!t.onThisDevice)
        t.filePath.clear(); // file_url names a file on the device that scanned it
    t.rating = q.value(c + 14).isNull() ? Track::kUnrated : q.value(c + 14).toInt();
    t.playCount = q.value(c + 15).toInt();
    t.skipCount = q.value(c + 16).toInt();
    t.lastPlayed = QDateTime::fromString(q.value(c + 17).toString(), Qt::ISODateWithMs);
    return t;
}

} // namespace ekn
