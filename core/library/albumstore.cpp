#include "library/albumstore.h"

#include "library/librarydatabase.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

namespace ekn {

AlbumStore::AlbumStore(const LibraryDatabase &db)
    : m_db(db)
{
}

Result<QList<Album>> AlbumStore::albums(const QString &artist) const
{
    // One pass over the tracks: 100,000 of them group into 8,000 albums in SQLite faster than
    // shipping the rows here to group. The album key is the one tracksByAlbum() matches on.
    // The cover file: MIN() over a CASE picks a file with embedded art when there is one.
    QString sql = QStringLiteral(
        "SELECT COALESCE(NULLIF(json_extract(t.metadata, '$.album_artist'), ''), t.artist, '') AS aa, "
        "MIN(t.album), MIN(NULLIF(json_extract(t.metadata, '$.year'), 0)) AS y, count(*), "
        "MIN(CASE WHEN f.track_id IS NOT NULL AND json_extract(t.metadata, '$.cover.present') THEN t.file_url END), "
        "MIN(CASE WHEN f.track_id IS NOT NULL THEN t.file_url END) "
        "FROM music_tracks t LEFT JOIN track_files f ON f.track_id = t.id AND f.available "
        "WHERE t.deleted_at IS NULL AND t.album IS NOT NULL AND t.album <> '' "
        "GROUP BY aa COLLATE NOCASE, t.album COLLATE NOCASE ");
    if (!artist.isEmpty())
        sql += QStringLiteral("HAVING sum(t.artist = ? COLLATE NOCASE "
                              "OR json_extract(t.metadata, '$.album_artist') = ? COLLATE NOCASE) > 0 ");
    sql += QStringLiteral("ORDER BY aa COLLATE NOCASE, y IS NULL, y, MIN(t.album) COLLATE NOCASE");
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    bool ok = q.prepare(sql);
    if (ok && !artist.isEmpty()) {
        q.addBindValue(artist);
        q.addBindValue(artist);
    }
    ok = ok && q.exec();
    if (!ok)
        return Failure{QCoreApplication::translate("ekn::AlbumStore", "Cannot read the albums: %1")
                           .arg(q.lastError().text())};
    QList<Album> out;
    while (q.next()) {
        Album a;
        a.albumArtist = q.value(0).toString();
        a.title = q.value(1).toString();
        a.year = q.value(2).toInt();
        a.trackCount = q.value(3).toInt();
        const QString url = q.value(4).isNull() ? q.value(5).toString() : q.value(4).toString();
        if (!url.isEmpty())
            a.coverFile = QUrl(url).toLocalFile();
        out.append(std::move(a));
    }
    if (q.lastError().isValid())
        return Failure{QCoreApplication::translate("ekn::AlbumStore", "Cannot read the albums: %1")
                           .arg(q.lastError().text())};
    return out;
}

} // namespace ekn
