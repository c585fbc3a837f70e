#include "library/trackmatcher.h"

#include "library/librarydatabase.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

Failure readFailure(const QSqlQuery &q)
{
    return Failure{QCoreApplication::translate("ekn::TrackMatcher", "cannot read the library: %1")
                       .arg(q.lastError().text())};
}

} // namespace

TrackMatcher::TrackMatcher(const LibraryDatabase &db)
    : m_db(db)
{
}

Result<QHash<QString, QString>> TrackMatcher::byAudioHashes(const QStringList &hashes) const
{
    QHash<QString, QString> found;
    if (hashes.isEmpty())
        return found;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    // Files on this device last, so that their track wins when one audio has two tracks.
    q.prepare(QStringLiteral(
        R"sql(SELECT json_extract(t.metadata, '$.content_hash'), t.id
        FROM music_tracks t
        LEFT JOIN track_files f ON f.track_id = t.id
        WHERE t.deleted_at IS NULL AND json_extract(t.metadata,
        '$.content_hash') IN (SELECT value FROM json_each(?))
        ORDER BY COALESCE(f.available, 0), f.track_id IS NOT NULL)sql"));
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(hashes)).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return readFailure(q);
    while (q.next())
        found.insert(q.value(0).toString(), q.value(1).toString());
    return found;
}

Result<QString> TrackMatcher::byTags(const QString &title, const QString &artist,
                                     const QString &album) const
{
    if (title.trimmed().isEmpty())
        return QString();
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        R"sql(SELECT t.id
        FROM music_tracks t
        LEFT JOIN track_files f ON f.track_id = t.id
        WHERE t.deleted_at IS NULL AND t.title = ? COLLATE NOCASE AND COALESCE(t.artist,
        '') = ? COLLATE NOCASE
        ORDER BY (COALESCE(t.album, '') = ? COLLATE NOCASE) DESC, COALESCE(f.available,
        0) DESC
        LIMIT 1)sql"));
    q.addBindValue(title.trimmed());
    q.addBindValue(artist.trimmed());
    q.addBindValue(album.trimmed());
    if (!q.exec())
        return readFailure(q);
    return q.next() ? q.value(0).toString() : QString();
}

} // namespace ekn
