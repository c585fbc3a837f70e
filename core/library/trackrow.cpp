#include "library/trackrow.h"

#include "library/trackfields.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSysInfo>
#include <QUrl>

namespace ekn {

// The SELECT's columns: id, the field columns (in field table order), metadata, created_at,
// updated_at, the file's path and availability. trackFromQuery reads them in this order.
QString trackSelectSql()
{
    static const QString sql =
        QStringLiteral(R"sql(SELECT t.id, t.%1, t.metadata, t.created_at,
                       t.updated_at, f.path, COALESCE(f.available, 0),
                       t.play_count, t.skip_count, t.last_played
                       FROM music_tracks t
                       LEFT JOIN track_files f ON f.track_id = t.id )sql")
            .arg(trackColumnNames().join(QStringLiteral(", t.")));
    return sql;
}

QString trackOrderSql()
{
    return QStringLiteral(
        R"sql( ORDER BY COALESCE(NULLIF(json_extract(t.metadata, '$.album_artist'),
        ''), t.artist) COLLATE NOCASE, t.album COLLATE NOCASE,
        json_extract(t.metadata, '$.disc_number'),
        json_extract(t.metadata, '$.track_number'), t.title COLLATE NOCASE, f.path)sql");
}

namespace {

// A column's value straight into its Track member: the hot path of every list (no detour
// through JSON for the columns).
void setColumn(Track &t, const TrackField &f, const QVariant &v)
{
    std::visit(
        [&t, &v](auto m) {
            using V = std::decay_t<decltype(t.*m)>;
            if constexpr (std::is_same_v<V, QUrl>)
                t.*m = QUrl(v.toString());
            else if constexpr (std::is_same_v<V, QString>)
                t.*m = v.toString();
            else
                t.*m = V(v.toLongLong());
        },
        f.track);
    if (f.text == FieldText::Rating && v.isNull())
        t.rating = Track::kUnrated; // NULL is "unrated", 0 is "no stars"
}

} // namespace

Track trackFromQuery(const QSqlQuery &q, int c)
{
    Track t;
    t.id = q.value(c++).toString();
    for (const TrackField &f : trackFields()) {
        if (f.isColumn())
            setColumn(t, f, q.value(c++));
    }
    applyMetadata(t, QJsonDocument::fromJson(q.value(c++).toString().toUtf8()).object());
    t.createdAt = QDateTime::fromString(q.value(c++).toString(), Qt::ISODateWithMs);
    t.updatedAt = QDateTime::fromString(q.value(c++).toString(), Qt::ISODateWithMs);
    const QVariant path = q.value(c++);
    // The URL keeps the path as the file system spells it; track_files.path is its NFC form
    // used for comparisons.
    t.filePath = t.fileUrl.isLocalFile() ? t.fileUrl.toLocalFile() : path.toString();
    t.available = q.value(c++).toInt() != 0;
    t.onThisDevice = !path.isNull();
    if (!t.onThisDevice)
        t.filePath.clear(); // file_url names a file on the device that scanned it
    // Listening counts (016): derived from every device's tallies, not fields of the table.
    t.playCount = q.value(c++).toInt();
    t.skipCount = q.value(c++).toInt();
    t.lastPlayed = QDateTime::fromString(q.value(c).toString(), Qt::ISODateWithMs);
    return t;
}

QJsonObject rowFromFile(const TagInfo &info, const QString &path, qint64 size, const QString &contentHash)
{
    // Fields the file gives rather than its tags (no TagInfo member in the field table).
    const QJsonObject fromFile{{QStringLiteral("duration"), (info.durationMs + 500) / 1000},
                               {QStringLiteral("file_url"), QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded)},
                               {QStringLiteral("file_size"), size}};
    QJsonObject row;
    QJsonObject m;
    for (const TrackField &f : trackFields()) {
        QJsonValue v = valueOf(info, f);
        if (v.isUndefined())
            v = storedValue(f, fromFile.value(f.key()));
        if (f.isColumn())
            row.insert(f.key(), v);
        else if (!v.isNull()) // unknown numbers and empty text are left out rather than stored as 0
            m.insert(f.key(), v);
    }
    QJsonObject cover{{QStringLiteral("present"), info.hasCover}};
    if (info.hasCover && !info.coverMime.isEmpty())
        cover.insert(QStringLiteral("mime"), info.coverMime);
    m.insert(QStringLiteral("cover"), cover);
    if (!contentHash.isEmpty())
        m.insert(QStringLiteral("content_hash"), contentHash);
    // A digest, not the machine id itself: enough to tell devices apart, nothing to track.
    static const QString device = QString::fromLatin1(
        QCryptographicHash::hash(QSysInfo::machineUniqueId(), QCryptographicHash::Sha256).toHex().left(16));
    m.insert(QStringLiteral("source_device"), device);
    row.insert(QStringLiteral("metadata"), m);
    return row;
}

void bindRowColumns(QSqlQuery &q, const QJsonObject &row, const QString &metadataJson)
{
    for (const TrackField &f : trackFields())
        if (f.isColumn())
            q.addBindValue(bindValue(f, row.value(f.key())));
    q.addBindValue(metadataJson);
}

} // namespace ekn
