#include "library/trackwriter.h"

#include "common/logging.h"
#include "library/outbox.h"
#include "library/rescanmerge.h"
#include "library/writetransaction.h"
#include "sync/conflictlog.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUrl>

namespace ekn {

namespace {

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

QVariant positiveOrNull(qint64 v)
{
    return v > 0 ? QVariant(v) : QVariant(QMetaType(QMetaType::LongLong));
}

// The fields kept in music_tracks.metadata (docs/ARCHITECTURE.md). Unknown numbers are left out rather
// than stored as 0.
QJsonObject metadataOf(const ScannedFile &file)
{
    const TagInfo &i = file.info;
    QJsonObject m;
    auto text = [&m](const char *key, const QString &v) {
        if (!v.isEmpty())
            m.insert(QLatin1String(key), v);
    };
    auto number = [&m](const char *key, qint64 v) {
        if (v > 0)
            m.insert(QLatin1String(key), v);
    };
    text("album_artist", i.albumArtist);
    number("track_number", i.trackNumber);
    number("track_total", i.trackTotal);
    number("disc_number", i.discNumber);
    number("disc_total", i.discTotal);
    number("year", i.year);
    text("genre", i.genre);
    text("composer", i.composer);
    text("comment", i.comment);
    number("sample_rate", i.sampleRate);
    number("channels", i.channels);
    number("duration_ms", i.durationMs);
    QJsonObject cover{{QStringLiteral("present"), i.hasCover}};
    if (i.hasCover && !i.coverMime.isEmpty())
        cover.insert(QStringLiteral("mime"), i.coverMime);
    m.insert(QStringLiteral("cover"), cover);
    text("content_hash", file.contentHash);
    // A digest, not the machine id itself: enough to tell devices apart, nothing to track.
    static const QString device = QString::fromLatin1(
        QCryptographicHash::hash(QSysInfo::machineUniqueId(), QCryptographicHash::Sha256).toHex().left(16));
    m.insert(QStringLiteral("source_device"), device);
    return m;
}

// Columns of music_tracks that come from a file, in the order of the SQL below.
QJsonObject columnsOf(const ScannedFile &file)
{
    const TagInfo &i = file.info;
    QJsonObject c;
    c.insert(QStringLiteral("title"), i.title);
    c.insert(QStringLiteral("artist"), i.artist.isEmpty() ? QJsonValue() : QJsonValue(i.artist));
    c.insert(QStringLiteral("album"), i.album.isEmpty() ? QJsonValue() : QJsonValue(i.album));
    const qint64 seconds = (i.durationMs + 500) / 1000;
    c.insert(QStringLiteral("duration"), seconds > 0 ? QJsonValue(seconds) : QJsonValue());
    c.insert(QStringLiteral("file_url"), QUrl::fromLocalFile(file.path).toString(QUrl::FullyEncoded));
    c.insert(QStringLiteral("file_size"), file.size);
    c.insert(QStringLiteral("format"), i.format);
    c.insert(QStringLiteral("bitrate"), i.bitrate > 0 ? QJsonValue(i.bitrate) : QJsonValue());
    c.insert(QStringLiteral("rating"), i.rating >= 0 ? QJsonValue(i.rating) : QJsonValue());
    c.insert(QStringLiteral("metadata"), metadataOf(file));
    return c;
}

void bindColumns(QSqlQuery &q, const ScannedFile &file)
{
    const QJsonObject &c = file.columns;
    q.addBindValue(c.value(QLatin1String("title")).toString());
    q.addBindValue(textOrNull(c.value(QLatin1String("artist")).toString()));
    q.addBindValue(textOrNull(c.value(QLatin1String("album")).toString()));
    q.addBindValue(positiveOrNull(c.value(QLatin1String("duration")).toInteger()));
    q.addBindValue(c.value(QLatin1String("file_url")).toString());
    q.addBindValue(c.value(QLatin1String("file_size")).toInteger());
    q.addBindValue(textOrNull(c.value(QLatin1String("format")).toString()));
    q.addBindValue(positiveOrNull(c.value(QLatin1String("bitrate")).toInteger()));
    const QJsonValue rating = c.value(QLatin1String("rating"));
    q.addBindValue(rating.isDouble() ? QVariant(rating.toInt()) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(file.metadataJson);
}

} // namespace

void TrackWriter::prepare(ScannedFile &file)
{
    file.columns = columnsOf(file);
    file.columnsJson = QString::fromUtf8(QJsonDocument(file.columns).toJson(QJsonDocument::Compact));
    file.metadataJson = QString::fromUtf8(
        QJsonDocument(file.columns.value(QLatin1String("metadata")).toObject()).toJson(QJsonDocument::Compact));
    QJsonObject values = file.columns;
    QJsonObject extra;
    for (const auto &[key, value] : file.info.extra)
        extra.insert(key, value);
    values.insert(QStringLiteral("extra"), extra);
    file.valuesJson = QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact));
}

TrackWriter::TrackWriter(QSqlDatabase db)
    : m_db(std::move(db))
{
}

TrackWriter::~TrackWriter() = default;

QString TrackWriter::now() const
{
    return m_tx ? m_now : libraryTimestamp();
}

QSqlQuery &TrackWriter::query(const QString &sql)
{
    // Prepared once per writer: a scan runs the same few statements thousands of times, and
    // preparing an INSERT that fires the FTS trigger costs more than running it.
    auto &slot = m_queries[sql];
    if (!slot) {
        slot = std::make_unique<QSqlQuery>(m_db);
        if (!slot->prepare(sql))
            qCWarning(lcLibrary) << "cannot prepare" << sql << slot->lastError().text();
    }
    return *slot;
}

bool TrackWriter::outbox(const QString &table, const QString &rowId, const QString &op, const QJsonObject &fields)
{
    return outboxJson(table, rowId, op, QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
}

bool TrackWriter::outboxJson(const QString &table, const QString &rowId, const QString &op, const QString &fieldsJson)
{
    QSqlQuery &q = query(Outbox::insertSql());
    q.addBindValue(table);
    q.addBindValue(rowId);
    q.addBindValue(op);
    q.addBindValue(fieldsJson);
    q.addBindValue(now());
    return exec(q);
}

bool TrackWriter::exec(QSqlQuery &q)
{
    if (q.exec())
        return true;
    m_error = q.lastError().text();
    qCWarning(lcLibrary) << "library write failed:" << m_error;
    return false;
}

QHash<QString, KnownFile> TrackWriter::knownFiles() const
{
    QHash<QString, KnownFile> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT track_id, path, size, mtime, content_hash, available FROM track_files")))
        return out;
    while (q.next()) {
        KnownFile f{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toLongLong(),
                    q.value(4).toString(), q.value(5).toInt() != 0};
        out.insert(f.path, f);
    }
    return out;
}

QHash<QString, KnownError> TrackWriter::knownErrors() const
{
    QHash<QString, KnownError> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT path, reason, size, mtime FROM scan_errors")))
        return out;
    while (q.next()) {
        out.insert(q.value(0).toString(),
                   KnownError{q.value(1).toString(), q.value(2).isNull() ? -1 : q.value(2).toLongLong(),
                              q.value(3).isNull() ? -1 : q.value(3).toLongLong()});
    }
    return out;
}

bool TrackWriter::begin()
{
    // One moment per batch: formatting the clock for every row and outbox entry cost more
    // than some of the inserts.
    m_now = libraryTimestamp();
    m_tx = std::make_unique<WriteTransaction>(m_db, WriteTransaction::Search::AtCommit);
    if (m_tx->isActive())
        return true;
    m_error = m_tx->errorString();
    m_tx.reset();
    return false;
}

bool TrackWriter::commit()
{
    if (!m_tx)
        return false;
    const bool ok = m_tx->commit();
    if (!ok)
        m_error = m_tx->errorString();
    m_tx.reset();
    return ok;
}

void TrackWriter::rollback()
{
    m_tx.reset(); // rolls back
}

QString TrackWriter::insertTrack(const ScannedFile &given)
{
    ScannedFile prepared;
    if (given.columnsJson.isEmpty()) {
        prepared = given;
        prepare(prepared);
    }
    const ScannedFile &file = given.columnsJson.isEmpty() ? prepared : given;
    const QString id = newLibraryId();
    const QString now = this->now();
    QSqlQuery &q = query(QStringLiteral("INSERT INTO music_tracks (title, artist, album, duration, file_url, file_size, format, "
                             "bitrate, rating, metadata, id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    bindColumns(q, file);
    q.addBindValue(id);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!exec(q))
        return {};
    QSqlQuery &f = query(QStringLiteral("INSERT INTO track_files (track_id, path, size, mtime, content_hash, available, "
                             "last_seen_at, file_values) VALUES (?,?,?,?,?,1,?,?)"));
    f.addBindValue(id);
    f.addBindValue(file.nfcPath);
    f.addBindValue(file.size);
    f.addBindValue(file.mtime);
    f.addBindValue(file.contentHash);
    f.addBindValue(now);
    f.addBindValue(file.valuesJson);
    if (!exec(f) || !outboxJson(QStringLiteral("music_tracks"), id, QStringLiteral("insert"), file.columnsJson)
        || !writeExtra(id, file.info))
        return {};
    return id;
}

namespace {

QJsonValue columnValue(const QSqlQuery &q, int c)
{
    const QVariant v = q.value(c);
    if (v.isNull())
        return QJsonValue(QJsonValue::Null);
    return QJsonValue::fromVariant(v);
}

QString jsonValueText(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

} // namespace

bool TrackWriter::updateTrack(const QString &trackId, const ScannedFile &given, bool *changed)
{
    ScannedFile prepared;
    if (given.valuesJson.isEmpty()) {
        prepared = given;
        prepare(prepared);
    }
    const ScannedFile &file = given.valuesJson.isEmpty() ? prepared : given;
    if (changed)
        *changed = false;
    // What the library holds now, what the file said at its last read, and when each field
    // was last edited: the three inputs of mergeRescan.
    QSqlQuery &q = query(QStringLiteral("SELECT t.title, t.artist, t.album, t.duration, t.file_url, t.file_size, t.format, "
                                        "t.bitrate, t.rating, t.metadata, t.updated_at, f.file_values FROM music_tracks t "
                                        "LEFT JOIN track_files f ON f.track_id = t.id WHERE t.id = ?"));
    q.addBindValue(trackId);
    if (!exec(q))
        return false;
    if (!q.next()) {
        m_error = QStringLiteral("no track with id %1").arg(trackId);
        return false;
    }
    QJsonObject current;
    const char *const names[] = {"title", "artist", "album", "duration", "file_url", "file_size", "format", "bitrate",
                                 "rating"};
    for (int c = 0; c < 9; ++c)
        current.insert(QLatin1String(names[c]), columnValue(q, c));
    const QJsonObject currentMetadata = QJsonDocument::fromJson(q.value(9).toString().toUtf8()).object();
    current.insert(QStringLiteral("metadata"), currentMetadata);
    const QDateTime rowUpdatedAt = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
    const QJsonObject before = QJsonDocument::fromJson(q.value(11).toString().toUtf8()).object();
    q.finish();

    QHash<QString, QString> extraIds; // key -> track_metadata.id
    QJsonObject currentExtra;
    QSqlQuery &e = query(QStringLiteral("SELECT key, id, value FROM track_metadata WHERE track_id = ?"));
    e.addBindValue(trackId);
    if (!exec(e))
        return false;
    while (e.next()) {
        extraIds.insert(e.value(0).toString(), e.value(1).toString());
        currentExtra.insert(e.value(0).toString(), columnValue(e, 2));
    }
    e.finish();
    current.insert(QStringLiteral("extra"), currentExtra);

    QHash<QString, QDateTime> editedAt;
    QSqlQuery &ed = query(QStringLiteral("SELECT field, edited_at FROM track_field_edits WHERE track_id = ?"));
    ed.addBindValue(trackId);
    if (!exec(ed))
        return false;
    while (ed.next())
        editedAt.insert(ed.value(0).toString(), QDateTime::fromString(ed.value(1).toString(), Qt::ISODateWithMs));
    ed.finish();

    const QJsonObject fileNow = QJsonDocument::fromJson(file.valuesJson.toUtf8()).object();
    const RescanChange change = mergeRescan(fileNow, before, current, editedAt, rowUpdatedAt,
                                            QDateTime::fromMSecsSinceEpoch(file.mtime, Qt::UTC));
    if (!applyRescan(trackId, change, currentMetadata) || !applyExtra(trackId, change.extra, extraIds)
        || !logConflicts(trackId, change, file.mtime))
        return false;
    QSqlQuery &f = query(QStringLiteral("UPDATE track_files SET path = ?, size = ?, mtime = ?, content_hash = ?, available = 1, "
                             "last_seen_at = ?, file_values = ? WHERE track_id = ?"));
    f.addBindValue(file.nfcPath);
    f.addBindValue(file.size);
    f.addBindValue(file.mtime);
    f.addBindValue(file.contentHash);
    f.addBindValue(now());
    f.addBindValue(file.valuesJson);
    f.addBindValue(trackId);
    if (!exec(f))
        return false;
    if (changed)
        *changed = !change.isEmpty();
    return true;
}

bool TrackWriter::applyRescan(const QString &trackId, const RescanChange &change, const QJsonObject &currentMetadata)
{
    if (change.columns.isEmpty() && change.metadata.isEmpty())
        return true; // a touch or an unchanged re-read: the row, its search entry and the outbox stay as they are
    QStringList sets;
    QVariantList binds;
    for (auto it = change.columns.begin(); it != change.columns.end(); ++it) {
        sets << it.key() + QStringLiteral(" = ?");
        const QJsonValue v = it.value();
        if (v.isNull())
            binds << (it.key() == QLatin1String("title") ? QVariant(QStringLiteral("")) : QVariant(QMetaType(QMetaType::QString)));
        else if (v.isDouble() && v.toDouble() == double(qint64(v.toDouble())))
            binds << qint64(v.toDouble()); // an INTEGER column stays an integer
        else
            binds << v.toVariant();
    }
    QJsonObject outboxFields = change.columns;
    if (!change.metadata.isEmpty()) {
        QJsonObject metadata = currentMetadata;
        for (auto it = change.metadata.begin(); it != change.metadata.end(); ++it) {
            if (it.value().isNull())
                metadata.remove(it.key());
            else
                metadata.insert(it.key(), it.value());
        }
        sets << QStringLiteral("metadata = ?");
        binds << QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact));
        outboxFields.insert(QStringLiteral("metadata"), change.metadata);
    }
    sets << QStringLiteral("updated_at = ?");
    binds << now();
    // The column names come from mergeRescan's fixed lists, never from the file.
    QSqlQuery &u = query(QStringLiteral("UPDATE music_tracks SET ") + sets.join(QStringLiteral(", "))
                         + QStringLiteral(" WHERE id = ?"));
    for (const QVariant &b : std::as_const(binds))
        u.addBindValue(b);
    u.addBindValue(trackId);
    return exec(u) && outbox(QStringLiteral("music_tracks"), trackId, QStringLiteral("update"), outboxFields);
}

bool TrackWriter::logConflicts(const QString &trackId, const RescanChange &change, qint64 fileMtime)
{
    const QString fileTime = QDateTime::fromMSecsSinceEpoch(fileMtime, Qt::UTC).toString(Qt::ISODate);
    for (const RescanConflict &rc : change.conflicts) {
        Conflict c;
        c.table = QStringLiteral("music_tracks");
        c.rowId = trackId;
        c.field = rc.field;
        c.winnerValue = jsonValueText(rc.winner);
        c.lostValue = jsonValueText(rc.lost);
        c.lostFrom = QStringLiteral("device");
        c.reason = rc.fileWon
            ? QStringLiteral("the file's tag was changed (%1) after this value was edited; the file's value was taken")
                  .arg(fileTime)
            : QStringLiteral("the file's tag was changed (%1) before this value was edited; the edit was kept")
                  .arg(fileTime);
        if (!ConflictLog::record(m_db, c)) {
            m_error = m_db.lastError().text();
            return false;
        }
    }
    return true;
}

bool TrackWriter::writeExtra(const QString &trackId, const TagInfo &info)
{
    QJsonObject extra;
    for (const auto &[key, value] : info.extra)
        extra.insert(key, value);
    return applyExtra(trackId, extra, {});
}

bool TrackWriter::applyExtra(const QString &trackId, const QJsonObject &extra, const QHash<QString, QString> &rowIds)
{
    const QString now = this->now();
    QSqlQuery &upsert = query(QStringLiteral("INSERT INTO track_metadata (id, track_id, key, value, created_at) VALUES (?,?,?,?,?) "
                                  "ON CONFLICT (track_id, key) DO UPDATE SET value = excluded.value "
                                  "WHERE value IS NOT excluded.value"));
    QSqlQuery &del = query(QStringLiteral("DELETE FROM track_metadata WHERE id = ?"));
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        const QString &key = it.key();
        const QString id = rowIds.value(key);
        if (it.value().isNull()) { // the file no longer has this key
            if (id.isEmpty())
                continue;
            del.addBindValue(id);
            if (!exec(del)
                || !outbox(QStringLiteral("track_metadata"), id, QStringLiteral("delete"),
                           QJsonObject{{QStringLiteral("track_id"), trackId}, {QStringLiteral("key"), key}}))
                return false;
            continue;
        }
        const QString value = it.value().toString();
        const QString rowId = id.isEmpty() ? newLibraryId() : id;
        upsert.addBindValue(rowId);
        upsert.addBindValue(trackId);
        upsert.addBindValue(key);
        upsert.addBindValue(value);
        upsert.addBindValue(now);
        if (!exec(upsert))
            return false;
        if (upsert.numRowsAffected() > 0
            && !outbox(QStringLiteral("track_metadata"), rowId,
                               id.isEmpty() ? QStringLiteral("insert") : QStringLiteral("update"),
                               QJsonObject{{QStringLiteral("track_id"), trackId},
                                           {QStringLiteral("key"), key},
                                           {QStringLiteral("value"), value}}))
            return false;
    }
    return true;
}

bool TrackWriter::setAvailable(const QString &trackId, bool available)
{
    // Availability is about this device only: no outbox row.
    QSqlQuery &q = query(QStringLiteral("UPDATE track_files SET available = ?, last_seen_at = CASE WHEN ? THEN ? ELSE "
                             "last_seen_at END WHERE track_id = ?"));
    q.addBindValue(available ? 1 : 0);
    q.addBindValue(available ? 1 : 0);
    q.addBindValue(now());
    q.addBindValue(trackId);
    return exec(q);
}

bool TrackWriter::recordError(const QString &nfcPath, const QString &reason, qint64 size, qint64 mtime)
{
    QSqlQuery &q = query(QStringLiteral("INSERT INTO scan_errors (path, reason, size, mtime, at) VALUES (?,?,?,?,?) "
                             "ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, size = excluded.size, "
                             "mtime = excluded.mtime, at = excluded.at"));
    q.addBindValue(nfcPath);
    q.addBindValue(reason);
    q.addBindValue(size >= 0 ? QVariant(size) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(mtime >= 0 ? QVariant(mtime) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(now());
    return exec(q);
}

bool TrackWriter::clearError(const QString &nfcPath)
{
    QSqlQuery &q = query(QStringLiteral("DELETE FROM scan_errors WHERE path = ?"));
    q.addBindValue(nfcPath);
    return exec(q);
}

bool TrackWriter::addRoot(const QString &path)
{
    QSqlQuery &q = query(QStringLiteral("INSERT INTO library_roots (path, added_at) VALUES (?, ?) ON CONFLICT (path) DO NOTHING"));
    q.addBindValue(path);
    q.addBindValue(now());
    return exec(q);
}

bool TrackWriter::markRootScanned(const QString &path)
{
    QSqlQuery &q = query(QStringLiteral("UPDATE library_roots SET last_scan_at = ? WHERE path = ?"));
    q.addBindValue(now());
    q.addBindValue(path);
    return exec(q);
}

} // namespace ekn

namespace ekn {

namespace {

// Paths under a folder as a range of the unique path index: every NFC path that starts with
// "root/" sorts between "root/" and "root0" ('0' follows '/'), compared byte by byte.
std::pair<QString, QString> pathRange(const QString &root)
{
    QString from = root.normalized(QString::NormalizationForm_C);
    if (!from.endsWith(QLatin1Char('/')))
        from += QLatin1Char('/');
    QString to = from;
    to.back() = QLatin1Char('0');
    return {from, to};
}

} // namespace

bool TrackWriter::setRemoved(const QString &trackId, bool removed, bool *changed)
{
    *changed = false;
    const QVariant deletedAt = removed ? QVariant(now()) : QVariant(QMetaType(QMetaType::QString));
    QSqlQuery &u = query(removed ? QStringLiteral("UPDATE music_tracks SET deleted_at = ?, updated_at = ? "
                                                  "WHERE id = ? AND deleted_at IS NULL")
                                 : QStringLiteral("UPDATE music_tracks SET deleted_at = ?, updated_at = ? WHERE id = ? "
                                                  "AND deleted_at IS NOT NULL AND id IN (SELECT track_id FROM library_removals)"));
    u.addBindValue(deletedAt);
    u.addBindValue(now());
    u.addBindValue(trackId);
    if (!exec(u))
        return false;
    if (u.numRowsAffected() != 1)
        return true; // already out (or not ours to bring back): nothing to sync
    QSqlQuery &mark = query(removed ? QStringLiteral("INSERT OR REPLACE INTO library_removals (track_id, removed_at) VALUES (?, ?)")
                                    : QStringLiteral("DELETE FROM library_removals WHERE track_id = ?"));
    mark.addBindValue(trackId);
    if (removed)
        mark.addBindValue(now());
    if (!exec(mark)
        || !outbox(QStringLiteral("music_tracks"), trackId, QStringLiteral("update"),
                   QJsonObject{{QStringLiteral("deleted_at"), QJsonValue::fromVariant(deletedAt)}}))
        return false;
    *changed = true;
    return true;
}

bool TrackWriter::idsUnder(const QString &sql, const QString &root, QStringList *ids)
{
    const auto [from, to] = pathRange(root);
    QSqlQuery &q = query(sql);
    q.addBindValue(from);
    q.addBindValue(to);
    if (!exec(q))
        return false;
    while (q.next())
        ids->append(q.value(0).toString());
    q.finish();
    return true;
}

bool TrackWriter::removeRoot(const QString &path, QStringList *ids)
{
    QStringList under;
    if (!idsUnder(QStringLiteral("SELECT f.track_id FROM track_files f JOIN music_tracks t ON t.id = f.track_id "
                                 "WHERE f.path >= ? AND f.path < ? AND t.deleted_at IS NULL"),
                  path, &under)
        || !removeTracks(under, ids))
        return false;
    QSqlQuery &q = query(QStringLiteral("DELETE FROM library_roots WHERE path = ?"));
    q.addBindValue(path.normalized(QString::NormalizationForm_C));
    return exec(q);
}

bool TrackWriter::removeTracks(const QStringList &trackIds, QStringList *ids)
{
    for (const QString &id : trackIds) {
        bool changed = false;
        if (!setRemoved(id, true, &changed))
            return false;
        if (changed)
            ids->append(id);
    }
    return true;
}

bool TrackWriter::restoreRemovedUnder(const QString &root, QStringList *ids)
{
    QStringList under;
    return idsUnder(QStringLiteral("SELECT f.track_id FROM track_files f JOIN library_removals r ON r.track_id = f.track_id "
                                   "WHERE f.path >= ? AND f.path < ?"),
                    root, &under)
        && restoreTracks(under, ids);
}

bool TrackWriter::restoreTracks(const QStringList &trackIds, QStringList *ids)
{
    for (const QString &id : trackIds) {
        bool changed = false;
        if (!setRemoved(id, false, &changed))
            return false;
        if (changed)
            ids->append(id);
    }
    return true;
}

} // namespace ekn
