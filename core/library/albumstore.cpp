#include "library/albumstore.h"

#include "library/librarydatabase.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <algorithm>

namespace ekn {

namespace {

// SQLite's NOCASE: only ASCII letters fold. The grid groups and sorts exactly as
// tracksByAlbum() matches, so an opened album lists every track the grid counted.
QString nocase(const QString &s)
{
    QString out = s;
    for (QChar &c : out)
        if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            c = QChar(c.unicode() + 32);
    return out;
}

struct Group
{
    Album album;
    QString artistKey; // nocase(album artist)
    QString titleKey;  // nocase(title)
    QString anyFile;   // a file of the album here, when none has embedded art
    bool byArtist = false;
};

QString failure(const QSqlQuery &q)
{
    return QCoreApplication::translate("ekn::AlbumStore", "Cannot read the albums: %1").arg(q.lastError().text());
}

} // namespace

AlbumStore::AlbumStore(const LibraryDatabase &db)
    : m_db(db)
{
}

Result<QList<Album>> AlbumStore::albums(const QString &artist) const
{
    // One scan, grouped here: SQLite grouping by an expression over JSON re-evaluated it per
    // comparison (about 4x slower at 100,000 tracks), and the metadata is parsed once, for
    // its three fields, instead of once per field.
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            R"sql(SELECT t.artist, t.album, t.file_url,
            f.track_id IS NOT NULL, json_extract(t.metadata, '$.album_artist',
            '$.year', '$.cover.present')
            FROM music_tracks t
            LEFT JOIN track_files f ON f.track_id = t.id AND f.available
            WHERE t.deleted_at IS NULL AND t.album IS NOT NULL AND t.album <> '')sql")))
        return Failure{failure(q)};
    const QString artistKey = nocase(artist);
    QList<Group> groups;
    QHash<QPair<QString, QString>, qsizetype> index;
    while (q.next()) {
        const QString trackArtist = q.value(0).toString();
        const QJsonArray meta = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array();
        const QString albumArtist = meta.at(0).toString();
        const QString shown = albumArtist.isEmpty() ? trackArtist : albumArtist;
        const QString title = q.value(1).toString();
        const QPair<QString, QString> key{nocase(shown), nocase(title)};
        auto it = index.constFind(key);
        if (it == index.constEnd()) {
            Group g;
            g.album.title = title;
            g.album.albumArtist = shown;
            g.artistKey = key.first;
            g.titleKey = key.second;
            groups.append(std::move(g));
            it = index.insert(key, groups.size() - 1);
        }
        Group &g = groups[*it];
        Album &a = g.album;
        ++a.trackCount;
        if (const int year = meta.at(1).toInt(); year > 0 && (a.year == 0 || year < a.year))
            a.year = year;
        if (q.value(3).toBool()) { // a file of it is here: the smallest URL, as a stable pick
            const QString url = q.value(2).toString();
            QString &pick = meta.at(2).toBool() ? a.coverFile : g.anyFile;
            if (pick.isEmpty() || url < pick)
                pick = url;
        }
        if (!artist.isEmpty() && !g.byArtist)
            g.byArtist = nocase(trackArtist) == artistKey || nocase(albumArtist) == artistKey;
    }
    if (q.lastError().isValid())
        return Failure{failure(q)};
    // Album artist, then year (albums without one last), then title.
    std::sort(groups.begin(), groups.end(), [](const Group &x, const Group &y) {
        if (const int c = x.artistKey.compare(y.artistKey); c != 0)
            return c < 0;
        if ((x.album.year == 0) != (y.album.year == 0))
            return y.album.year == 0;
        if (x.album.year != y.album.year)
            return x.album.year < y.album.year;
        return x.titleKey < y.titleKey;
    });
    QList<Album> out;
    out.reserve(groups.size());
    for (Group &g : groups) {
        if (!artist.isEmpty() && !g.byArtist)
            continue;
        const QString url = g.album.coverFile.isEmpty() ? g.anyFile : g.album.coverFile;
        g.album.coverFile = url.isEmpty() ? QString() : QUrl(url).toLocalFile();
        out.append(std::move(g.album));
    }
    return out;
}

} // namespace ekn
