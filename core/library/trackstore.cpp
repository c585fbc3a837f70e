#include "library/trackstore.h"

#include "common/logging.h"
#include "common/scopedtransaction.h"
#include "library/librarydatabase.h"
#include "library/outbox.h"
#include "library/searchquery.h"
#include "library/trackrow.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

TrackStore::TrackStore(const LibraryDatabase &db)
    : m_db(db)
{
}

QList<Track> TrackStore::select(const QString &where, const QVariantList &binds, const QString &orderBy,
                                int offset, int limit) const
{
    QList<Track> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    QString sql = trackSelectSql() + QStringLiteral(" WHERE t.deleted_at IS NULL ");
    if (!where.isEmpty())
        sql += QStringLiteral(" AND (") + where + QLatin1Char(')');
    sql += orderBy;
    if (limit >= 0 || offset > 0)
        sql += QStringLiteral(" LIMIT %1 OFFSET %2").arg(limit).arg(offset);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        m_error = q.lastError().text();
        qCWarning(lcLibrary) << "track query failed:" << m_error;
        return out;
    }
    while (q.next())
        out << trackFromQuery(q);
    return out;
}

QList<Track> TrackStore::allTracks(int offset, int limit) const
{
    return select({}, {}, trackOrderSql(), offset, limit);
}

int TrackStore::trackCount() const
{
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT count(*) FROM music_tracks WHERE deleted_at IS NULL")) && q.next())
        return q.value(0).toInt();
    m_error = q.lastError().text();
    return 0;
}

std::optional<Track> TrackStore::track(const QString &id) const
{
    const QList<Track> list = select(QStringLiteral("t.id = ?"), {id}, {});
    if (list.isEmpty())
        return std::nullopt;
    return list.first();
}

QList<Track> TrackStore::tracks(const QStringList &ids) const
{
    QList<Track> out;
    out.reserve(ids.size());
    // Chunks keep the number of bound values far below SQLite's limit.
    QHash<QString, Track> byId;
    for (qsizetype i = 0; i < ids.size(); i += 500) {
        const QStringList chunk = ids.mid(i, 500);
        QStringList marks;
        QVariantList binds;
        for (const QString &id : chunk) {
            marks << QStringLiteral("?");
            binds << id;
        }
        const QList<Track> found = select(QStringLiteral("t.id IN (") + marks.join(QLatin1Char(',')) + QLatin1Char(')'),
                                          binds, {});
        for (const Track &t : found)
            byId.insert(t.id, t);
    }
    for (const QString &id : ids) {
        const auto it = byId.constFind(id);
        if (it != byId.constEnd())
            out << *it;
    }
    return out;
}

QList<Track> TrackStore::tracksByArtist(const QString &artist) const
{
    return select(QStringLiteral("t.artist = ? COLLATE NOCASE OR json_extract(t.metadata, '$.album_artist') = ? "
                                 "COLLATE NOCASE"),
                  {artist, artist}, trackOrderSql());
}

QList<Track> TrackStore::tracksByAlbum(const QString &album, const QString &albumArtist) const
{
    if (albumArtist.isEmpty())
        return select(QStringLiteral("t.album = ? COLLATE NOCASE"), {album}, trackOrderSql());
    return select(QStringLiteral("t.album = ? COLLATE NOCASE AND COALESCE(NULLIF(json_extract(t.metadata, "
                                 "'$.album_artist'), ''), t.artist) = ? COLLATE NOCASE"),
                  {album, albumArtist}, trackOrderSql());
}

QList<Track> TrackStore::tracksByGenre(const QString &genre) const
{
    return select(QStringLiteral("json_extract(t.metadata, '$.genre') = ? COLLATE NOCASE"), {genre}, trackOrderSql());
}

QList<Track> TrackStore::unavailableTracks() const
{
    return select(QStringLiteral("COALESCE(f.available, 0) = 0"), {}, trackOrderSql());
}

static QStringList distinctValues(const QSqlDatabase &db, const QString &expr, QString &error)
{
    QStringList out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT ") + expr + QStringLiteral(" AS v FROM music_tracks t WHERE "
                                                                         "t.deleted_at IS NULL AND v IS NOT NULL "
                                                                         "AND v <> '' ORDER BY v COLLATE NOCASE"))) {
        error = q.lastError().text();
        return out;
    }
    while (q.next())
        out << q.value(0).toString();
    return out;
}

QStringList TrackStore::artists() const
{
    return distinctValues(m_db.connection(), QStringLiteral("t.artist"), m_error);
}

QStringList TrackStore::albums() const
{
    return distinctValues(m_db.connection(), QStringLiteral("t.album"), m_error);
}

QStringList TrackStore::genres() const
{
    return distinctValues(m_db.connection(), QStringLiteral("json_extract(t.metadata, '$.genre')"), m_error);
}

QList<Track> TrackStore::search(const QString &text, int limit) const
{
    const SearchQuery query = SearchQuery::parse(text);
    if (query.isEmpty())
        return text.trimmed().isEmpty() ? allTracks(0, limit) : QList<Track>();

    QString sql = trackSelectSql();
    QVariantList binds;
    QString where = QStringLiteral(" WHERE t.deleted_at IS NULL ");
    QString order = trackOrderSql();
    if (!query.match.isEmpty()) {
        sql += QStringLiteral(" JOIN track_search s ON s.rowid = t.rowid ");
        where += QStringLiteral(" AND track_search MATCH ? ");
        binds << query.match;
        // Title counts most, then artist, album, album artist, genre.
        order = QStringLiteral(" ORDER BY bm25(track_search, 10.0, 6.0, 4.0, 3.0, 1.0), t.title COLLATE NOCASE");
    }
    if (query.yearFrom > 0) {
        where += QStringLiteral(" AND CAST(json_extract(t.metadata, '$.year') AS INTEGER) BETWEEN ? AND ? ");
        binds << query.yearFrom << query.yearTo;
    }
    sql += where + order;
    if (limit >= 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);

    QList<Track> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!q.exec()) {
        m_error = q.lastError().text();
        qCWarning(lcLibrary) << "search failed:" << query.match << m_error;
        return out;
    }
    while (q.next())
        out << trackFromQuery(q);
    return out;
}

bool TrackStore::updateTrack(const QString &id, const TrackEdit &edit)
{
    m_error.clear();
    if (edit.title && edit.title->trimmed().isEmpty()) {
        m_error = QStringLiteral("a track title cannot be empty");
        return false;
    }
    QSqlDatabase db = m_db.connection();
    ScopedTransaction tx(db);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT title, artist, album, metadata FROM music_tracks WHERE id = ? AND deleted_at IS NULL"));
    q.addBindValue(id);
    if (!q.exec() || !q.next()) {
        m_error = q.lastError().isValid() && !q.lastError().text().isEmpty() ? q.lastError().text()
                                                                           : QStringLiteral("no track with id %1").arg(id);
        return false;
    }
    QString title = q.value(0).toString();
    QString artist = q.value(1).toString();
    QString album = q.value(2).toString();
    QJsonObject metadata = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    q.finish();

    QJsonObject changed;
    QJsonObject changedMeta;
    auto setColumn = [&](const std::optional<QString> &v, QString &column, const char *name) {
        if (v && *v != column) {
            column = *v;
            changed.insert(QLatin1String(name), column);
        }
    };
    setColumn(edit.title, title, "title");
    setColumn(edit.artist, artist, "artist");
    setColumn(edit.album, album, "album");
    auto setMeta = [&](const char *key, const QJsonValue &v) {
        if (metadata.value(QLatin1String(key)) != v) {
            metadata.insert(QLatin1String(key), v);
            changedMeta.insert(QLatin1String(key), v);
        }
    };
    if (edit.albumArtist) setMeta("album_artist", *edit.albumArtist);
    if (edit.genre) setMeta("genre", *edit.genre);
    if (edit.composer) setMeta("composer", *edit.composer);
    if (edit.comment) setMeta("comment", *edit.comment);
    if (edit.year) setMeta("year", *edit.year);
    if (edit.trackNumber) setMeta("track_number", *edit.trackNumber);
    if (edit.trackTotal) setMeta("track_total", *edit.trackTotal);
    if (edit.discNumber) setMeta("disc_number", *edit.discNumber);
    if (edit.discTotal) setMeta("disc_total", *edit.discTotal);
    if (changed.isEmpty() && changedMeta.isEmpty())
        return true; // nothing to do, nothing to sync
    if (!changedMeta.isEmpty())
        changed.insert(QLatin1String("metadata"), changedMeta);

    const QString now = libraryTimestamp();
    QSqlQuery u(db);
    u.prepare(QStringLiteral("UPDATE music_tracks SET title = ?, artist = ?, album = ?, metadata = ?, updated_at = ? "
                             "WHERE id = ?"));
    u.addBindValue(title);
    u.addBindValue(artist.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(artist));
    u.addBindValue(album.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(album));
    u.addBindValue(QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact)));
    u.addBindValue(now);
    u.addBindValue(id);
    if (!u.exec() || !Outbox::record(db, QStringLiteral("music_tracks"), id, QStringLiteral("update"), changed)
        || !tx.commit()) {
        m_error = u.lastError().text().isEmpty() ? db.lastError().text() : u.lastError().text();
        return false;
    }
    return true;
}

QList<ScanError> TrackStore::scanErrors() const
{
    QList<ScanError> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT path, reason, at FROM scan_errors ORDER BY path"))) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next())
        out << ScanError{q.value(0).toString(), q.value(1).toString(),
                         QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs)};
    return out;
}

QStringList TrackStore::libraryRoots() const
{
    QStringList out;
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT path FROM library_roots ORDER BY path"))) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

} // namespace ekn
