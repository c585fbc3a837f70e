#include "library/trackstore.h"

#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/outbox.h"
#include "library/searchfallback.h"
#include "library/searchquery.h"
#include "library/trackfields.h"
#include "library/trackrow.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <cmath>
#include <limits>

namespace ekn {

TrackStore::TrackStore(const LibraryDatabase &db)
    : m_db(db)
{
}

namespace {

// A read that failed: what could not be read, and the database's reason.
Failure tracksUnreadable(const QSqlQuery &q)
{
    qCWarning(lcLibrary) << "track query failed:" << q.lastError().text();
    return Failure{QCoreApplication::translate("ekn::TrackStore", "cannot read the library's tracks: %1")
                       .arg(q.lastError().text())};
}

} // namespace

Result<QList<Track>> TrackStore::select(const QString &where, const QVariantList &binds, const QString &orderBy,
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
    const bool prepared = q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!prepared || !q.exec())
        return tracksUnreadable(q);
    while (q.next())
        out << trackFromQuery(q);
    return out;
}

Result<QList<Track>> TrackStore::allTracks(int offset, int limit) const
{
    return select({}, {}, trackOrderSql(), offset, limit);
}

Status TrackStore::allTracksInBatches(int batchSize, const std::function<bool(QList<Track> &&batch)> &sink) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(trackSelectSql() + QStringLiteral(" WHERE t.deleted_at IS NULL ") + trackOrderSql()))
        return tracksUnreadable(q);
    QList<Track> batch;
    batch.reserve(batchSize);
    while (q.next()) {
        batch << trackFromQuery(q);
        if (batch.size() >= batchSize) {
            if (!sink(std::move(batch)))
                return Done{};
            batch = {};
            batch.reserve(batchSize);
        }
    }
    sink(std::move(batch)); // the last one, maybe empty: the sink learns the end from it
    return Done{};
}

Result<int> TrackStore::trackCount() const
{
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT count(*) FROM music_tracks WHERE deleted_at IS NULL")) && q.next())
        return q.value(0).toInt();
    return tracksUnreadable(q);
}

Result<std::optional<Track>> TrackStore::track(const QString &id) const
{
    const Result<QList<Track>> list = select(QStringLiteral("t.id = ?"), {id}, {});
    if (!list)
        return Failure{list.error()};
    if (list->isEmpty())
        return std::optional<Track>();
    return std::optional<Track>(list->first());
}

Result<QList<Track>> TrackStore::tracks(const QStringList &ids) const
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
        const Result<QList<Track>> found =
            select(QStringLiteral("t.id IN (") + marks.join(QLatin1Char(',')) + QLatin1Char(')'), binds, {});
        if (!found)
            return Failure{found.error()};
        for (const Track &t : *found)
            byId.insert(t.id, t);
    }
    for (const QString &id : ids) {
        const auto it = byId.constFind(id);
        if (it != byId.constEnd())
            out << *it;
    }
    return out;
}

Result<QList<Track>> TrackStore::tracksByArtist(const QString &artist) const
{
    return select(QStringLiteral(R"sql(t.artist = ? COLLATE NOCASE
                                 OR json_extract(t.metadata,
                                 '$.album_artist') = ? COLLATE NOCASE)sql"),
                  {artist, artist}, trackOrderSql());
}

Result<QList<Track>> TrackStore::tracksByAlbum(const QString &album, const QString &albumArtist) const
{
    if (albumArtist.isEmpty())
        return select(QStringLiteral("t.album = ? COLLATE NOCASE"), {album}, trackOrderSql());
    return select(QStringLiteral(R"sql(t.album = ? COLLATE NOCASE
                                 AND COALESCE(NULLIF(json_extract(t.metadata,
                                 '$.album_artist'), ''), t.artist) = ? COLLATE NOCASE)sql"),
                  {album, albumArtist}, trackOrderSql());
}

Result<QList<Track>> TrackStore::tracksByGenre(const QString &genre) const
{
    return select(QStringLiteral("json_extract(t.metadata, '$.genre') = ? COLLATE NOCASE"), {genre}, trackOrderSql());
}

Result<QList<Track>> TrackStore::unavailableTracks() const
{
    return select(QStringLiteral("COALESCE(f.available, 0) = 0"), {}, trackOrderSql());
}

static Result<QStringList> distinctValues(const QSqlDatabase &db, const QString &expr)
{
    QStringList out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT ") + expr + QStringLiteral(R"sql( AS v
            FROM music_tracks t
            WHERE t.deleted_at IS NULL AND v IS NOT NULL AND v <> ''
            ORDER BY v COLLATE NOCASE)sql")))
        return tracksUnreadable(q);
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Result<QStringList> TrackStore::artists() const
{
    return distinctValues(m_db.connection(), QStringLiteral("t.artist"));
}

Result<QStringList> TrackStore::albums() const
{
    return distinctValues(m_db.connection(), QStringLiteral("t.album"));
}

Result<QStringList> TrackStore::genres() const
{
    return distinctValues(m_db.connection(), QStringLiteral("json_extract(t.metadata, '$.genre')"));
}

Result<QList<QPair<QString, QStringList>>> TrackStore::albumsByArtist() const
{
    QList<QPair<QString, QStringList>> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(R"sql(SELECT DISTINCT
                               COALESCE(NULLIF(json_extract(t.metadata,
                               '$.album_artist'), ''), t.artist, '') AS a, t.album
                               FROM music_tracks t
                               WHERE t.deleted_at IS NULL AND t.album IS NOT NULL
                               AND t.album <> ''
                               ORDER BY a COLLATE NOCASE, t.album COLLATE NOCASE)sql")))
        return tracksUnreadable(q);
    while (q.next()) {
        const QString artist = q.value(0).toString();
        if (out.isEmpty() || out.last().first != artist)
            out.append({artist, {}});
        out.last().second.append(q.value(1).toString());
    }
    return out;
}

Result<QList<Track>> TrackStore::tracksByRowids(const QList<qint64> &rowids) const
{
    QList<Track> out;
    if (rowids.isEmpty())
        return out;
    // SQLite takes at most 32,766 bound values in one statement.
    constexpr qsizetype kChunk = 8000;
    if (rowids.size() > kChunk) {
        out.reserve(rowids.size());
        for (qsizetype i = 0; i < rowids.size(); i += kChunk) {
            const Result<QList<Track>> chunk = tracksByRowids(rowids.mid(i, kChunk));
            if (!chunk)
                return chunk;
            out += *chunk;
        }
        return out;
    }
    QStringList marks;
    QVariantList binds;
    for (qint64 id : rowids) {
        marks << QStringLiteral("?");
        binds << id;
    }
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    const bool prepared = q.prepare(QStringLiteral("SELECT t.rowid, ") + trackSelectSql().mid(7) + QStringLiteral(" WHERE t.deleted_at IS NULL AND t.rowid IN (")
              + marks.join(QLatin1Char(',')) + QLatin1Char(')'));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!prepared || !q.exec())
        return tracksUnreadable(q);
    QHash<qint64, Track> byRowid;
    while (q.next())
        byRowid.insert(q.value(0).toLongLong(), trackFromQuery(q, 1));
    for (qint64 id : rowids) {
        const auto it = byRowid.constFind(id);
        if (it != byRowid.constEnd())
            out << *it;
    }
    return out;
}

namespace {

// The edited fields of a stored row: its Edited columns, then its metadata JSON.
QString editedRowSql()
{
    return QStringLiteral("SELECT %1, metadata FROM music_tracks WHERE id = ? AND deleted_at IS NULL")
        .arg(fieldNames(FieldStorage::Column, FieldKind::Edited).join(QStringLiteral(", ")));
}

QString editUpdateSql()
{
    QString sets;
    for (const QString &c : fieldNames(FieldStorage::Column, FieldKind::Edited))
        sets += c + QStringLiteral(" = ?, ");
    return QStringLiteral("UPDATE music_tracks SET %1metadata = ?, updated_at = ? WHERE id = ?").arg(sets);
}

} // namespace

Result<int> TrackStore::ratingFromStars(const QString &stars)
{
    const QString t = stars.trimmed();
    if (t.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return Track::kUnrated;
    bool ok = false;
    const double v = QString(t).replace(QLatin1Char(','), QLatin1Char('.')).toDouble(&ok);
    const double halves = v * 2;
    if (!ok || halves < 0 || halves > 10 || halves != std::floor(halves))
        return Failure{QCoreApplication::translate("ekn::TrackStore",
                                                   "a rating is 0 to 5 stars in half stars (like 3.5) or "
                                                   "\"none\", not \"%1\"")
                           .arg(stars)};
    return int(halves);
}

Result<QJsonObject> TrackStore::editedRow(QSqlDatabase &db, const QString &id) const
{
    QSqlQuery q(db);
    q.prepare(editedRowSql());
    q.addBindValue(id);
    if (!q.exec())
        return Failure{q.lastError().text()};
    if (!q.next())
        return Failure{QCoreApplication::translate("ekn::TrackStore", "no track with id %1").arg(id)};
    QJsonObject row;
    const QStringList columns = fieldNames(FieldStorage::Column, FieldKind::Edited);
    for (int c = 0; c < columns.size(); ++c)
        row.insert(columns[c], QJsonValue::fromVariant(q.value(c)));
    row.insert(QStringLiteral("metadata"),
               QJsonDocument::fromJson(q.value(int(columns.size())).toString().toUtf8()).object());
    return row;
}

Status TrackStore::updateTrack(const QString &id, const TrackEdit &edit)
{
    const QString problem = editProblem(edit);
    if (!problem.isEmpty())
        return Failure{problem};
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    Result<QJsonObject> row = editedRow(db, id);
    if (!row)
        return Failure{row.error()};
    const QJsonObject changed = applyEdit(*row, edit);
    if (changed.isEmpty())
        return Done{}; // nothing to do, nothing to sync

    QSqlQuery u(db);
    u.prepare(editUpdateSql());
    for (const TrackField &f : trackFields())
        if (f.isColumn() && f.isEdited())
            u.addBindValue(bindValue(f, row->value(f.key())));
    u.addBindValue(QString::fromUtf8(QJsonDocument(row->value(QLatin1String("metadata")).toObject())
                                         .toJson(QJsonDocument::Compact)));
    u.addBindValue(libraryTimestamp());
    u.addBindValue(id);
    if (!u.exec())
        return Failure{u.lastError().text()};
    if (const Status recorded = Outbox::record(db, QStringLiteral("music_tracks"), id, QStringLiteral("update"), changed);
        !recorded)
        return recorded;
    return tx->commit();
}

Status TrackStore::setTrackDeleted(const QString &id, bool deleted)
{
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    const QString now = libraryTimestamp();
    const QVariant deletedAt = deleted ? QVariant(now) : QVariant(QMetaType(QMetaType::QString));
    QSqlQuery u(db);
    u.prepare(QStringLiteral("UPDATE music_tracks SET deleted_at = ?, updated_at = ? WHERE id = ?"));
    u.addBindValue(deletedAt);
    u.addBindValue(now);
    u.addBindValue(id);
    if (!u.exec() || u.numRowsAffected() != 1)
        return Failure{u.lastError().text().isEmpty()
                           ? QCoreApplication::translate("ekn::TrackStore", "no track with id %1").arg(id)
                           : u.lastError().text()};
    if (const Status recorded = Outbox::record(db, QStringLiteral("music_tracks"), id, QStringLiteral("update"),
                                               QJsonObject{{QStringLiteral("deleted_at"), QJsonValue::fromVariant(deletedAt)}});
        !recorded)
        return recorded;
    return tx->commit();
}

Result<QList<ScanError>> TrackStore::scanErrors() const
{
    QList<ScanError> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT path, reason, at FROM scan_errors ORDER BY path")))
        return Failure{QCoreApplication::translate("ekn::TrackStore", "cannot read the list of files that could not be read: %1")
                           .arg(q.lastError().text())};
    while (q.next())
        out << ScanError{q.value(0).toString(), q.value(1).toString(),
                         QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs)};
    return out;
}

Result<QStringList> TrackStore::libraryRoots() const
{
    QStringList out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT path FROM library_roots ORDER BY path")))
        return Failure{QCoreApplication::translate("ekn::TrackStore", "cannot read the library's folders: %1")
                           .arg(q.lastError().text())};
    while (q.next())
        out << q.value(0).toString();
    return out;
}

} // namespace ekn
