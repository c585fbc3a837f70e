#include "library/trackwriter.h"

#include "common/logging.h"
#include "library/outbox.h"
#include "library/rescanmerge.h"
#include "library/trackfields.h"
#include "library/trackrow.h"
#include "library/writetransaction.h"
#include "sync/conflictlog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

void TrackWriter::prepare(ScannedFile &file)
{
    file.columns = rowFromFile(file.info, file.path, file.size, file.contentHash);
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

Status TrackWriter::outbox(const QString &table, const QString &rowId, const QString &op, const QJsonObject &fields)
{
    return outboxJson(table, rowId, op, QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
}

Status TrackWriter::outboxJson(const QString &table, const QString &rowId, const QString &op, const QString &fieldsJson)
{
    QSqlQuery &q = query(Outbox::insertSql());
    q.addBindValue(table);
    q.addBindValue(rowId);
    q.addBindValue(op);
    q.addBindValue(fieldsJson);
    q.addBindValue(now());
    return exec(q);
}

Status TrackWriter::exec(QSqlQuery &q)
{
    if (q.exec())
        return Done{};
    const QString why = q.lastError().text();
    qCWarning(lcLibrary) << "library write failed:" << why;
    return Failure{why};
}

Result<QHash<QString, KnownFile>> TrackWriter::knownFiles() const
{
    QHash<QString, KnownFile> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT track_id, path, size, mtime, content_hash, available FROM track_files")))
        return Failure{QCoreApplication::translate("ekn::TrackWriter", "cannot read the library's files: %1")
                           .arg(q.lastError().text())};
    while (q.next()) {
        KnownFile f{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toLongLong(),
                    q.value(4).toString(), q.value(5).toInt() != 0};
        out.insert(f.path, f);
    }
    return out;
}

Result<QHash<QString, KnownError>> TrackWriter::knownErrors() const
{
    QHash<QString, KnownError> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT path, reason, size, mtime FROM scan_errors")))
        return Failure{QCoreApplication::translate("ekn::TrackWriter", "cannot read the library's files: %1")
                           .arg(q.lastError().text())};
    while (q.next()) {
        out.insert(q.value(0).toString(),
                   KnownError{q.value(1).toString(), q.value(2).isNull() ? -1 : q.value(2).toLongLong(),
                              q.value(3).isNull() ? -1 : q.value(3).toLongLong()});
    }
    return out;
}

Status TrackWriter::begin()
{
    // One moment per batch: formatting the clock for every row and outbox entry cost more
    // than some of the inserts.
    m_now = libraryTimestamp();
    Result<WriteTransaction> tx = WriteTransaction::begin(m_db, WriteTransaction::Search::AtCommit);
    if (!tx)
        return Failure{tx.error()};
    m_tx = std::make_unique<WriteTransaction>(std::move(*tx));
    return Done{};
}

Status TrackWriter::commit()
{
    if (!m_tx)
        return Failure{QCoreApplication::translate("ekn::TrackWriter", "nothing to store: no write was begun")};
    const Status committed = m_tx->commit();
    m_tx.reset();
    return committed;
}

void TrackWriter::rollback()
{
    m_tx.reset(); // rolls back
}

Result<QString> TrackWriter::insertTrack(const ScannedFile &given)
{
    ScannedFile prepared;
    if (given.columnsJson.isEmpty()) {
        prepared = given;
        prepare(prepared);
    }
    const ScannedFile &file = given.columnsJson.isEmpty() ? prepared : given;
    const QString id = newLibraryId();
    const QString now = this->now();
    static const QString insert = QStringLiteral(R"sql(INSERT INTO music_tracks (%1,
            metadata, id, created_at, updated_at)
            VALUES (%2?,?,?,?))sql")
                                      .arg(trackColumnNames().join(QStringLiteral(", ")),
                                           QStringLiteral("?,").repeated(trackColumnNames().size()));
    QSqlQuery &q = query(insert);
    bindRowColumns(q, file.columns, file.metadataJson);
    q.addBindValue(id);
    q.addBindValue(now);
    q.addBindValue(now);
    if (Status inserted = exec(q); !inserted)
        return Failure{inserted.error()};
    QSqlQuery &f = query(QStringLiteral(R"sql(INSERT INTO track_files (track_id, path,
                             size, mtime, content_hash, available,
                             last_seen_at, file_values)
                             VALUES (?,?,?,?,?,1,?,?))sql"));
    f.addBindValue(id);
    f.addBindValue(file.nfcPath);
    f.addBindValue(file.size);
    f.addBindValue(file.mtime);
    f.addBindValue(file.contentHash);
    f.addBindValue(now);
    f.addBindValue(file.valuesJson);
    if (Status located = exec(f); !located)
        return Failure{located.error()};
    if (Status recorded = outboxJson(QStringLiteral("music_tracks"), id, QStringLiteral("insert"), file.columnsJson);
        !recorded)
        return Failure{recorded.error()};
    if (Status extra = writeExtra(id, file.info); !extra)
        return Failure{extra.error()};
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

// What the library holds now, what the file said at its last read, and when each field was
// last edited: the inputs of mergeRescan.
struct TrackWriter::Stored
{
    QJsonObject current; // field columns, "metadata", "extra"
    QJsonObject metadata;
    QDateTime rowUpdatedAt;
    QJsonObject before; // track_files.file_values
    QHash<QString, QString> extraIds; // key -> track_metadata.id
    QHash<QString, QDateTime> editedAt;
};

Status TrackWriter::readStored(const QString &trackId, Stored &out)
{
    static const QStringList columns = trackColumnNames();
    static const QString select = QStringLiteral(R"sql(SELECT t.%1, t.metadata,
            t.updated_at, f.file_values
            FROM music_tracks t
            LEFT JOIN track_files f ON f.track_id = t.id
            WHERE t.id = ?)sql")
                                      .arg(columns.join(QStringLiteral(", t.")));
    QSqlQuery &q = query(select);
    q.addBindValue(trackId);
    if (Status read = exec(q); !read)
        return read;
    if (!q.next())
        return Failure{QStringLiteral("no track with id %1").arg(trackId)};
    for (int c = 0; c < columns.size(); ++c)
        out.current.insert(columns[c], columnValue(q, c));
    const int m = int(columns.size());
    out.metadata = QJsonDocument::fromJson(q.value(m).toString().toUtf8()).object();
    out.current.insert(QStringLiteral("metadata"), out.metadata);
    out.rowUpdatedAt = QDateTime::fromString(q.value(m + 1).toString(), Qt::ISODateWithMs);
    out.before = QJsonDocument::fromJson(q.value(m + 2).toString().toUtf8()).object();
    q.finish();

    QJsonObject currentExtra;
    QSqlQuery &e = query(QStringLiteral("SELECT key, id, value FROM track_metadata WHERE track_id = ?"));
    e.addBindValue(trackId);
    if (Status read = exec(e); !read)
        return read;
    while (e.next()) {
        out.extraIds.insert(e.value(0).toString(), e.value(1).toString());
        currentExtra.insert(e.value(0).toString(), columnValue(e, 2));
    }
    e.finish();
    out.current.insert(QStringLiteral("extra"), currentExtra);

    QSqlQuery &ed = query(QStringLiteral("SELECT field, edited_at FROM track_field_edits WHERE track_id = ?"));
    ed.addBindValue(trackId);
    if (Status read = exec(ed); !read)
        return read;
    while (ed.next())
        out.editedAt.insert(ed.value(0).toString(), QDateTime::fromString(ed.value(1).toString(), Qt::ISODateWithMs));
    ed.finish();
    return Done{};
}

// All of it or none of it: a step that fails (the conflict log refusing a write, say) must not
// leave the row changed while the value it replaced is logged nowhere. A savepoint inside the
// batch's transaction.
Result<bool> TrackWriter::updateTrack(const QString &trackId, const ScannedFile &file)
{
    if (Status opened = exec(query(QStringLiteral("SAVEPOINT track_rescan"))); !opened)
        return Failure{opened.error()};
    Result<bool> changed = rescan(trackId, file);
    if (!changed) {
        if (Status undone = exec(query(QStringLiteral("ROLLBACK TO track_rescan"))); !undone)
            return Failure{changed.error() + QStringLiteral("; and it could not be undone: ") + undone.error()};
    }
    if (Status released = exec(query(QStringLiteral("RELEASE track_rescan"))); !released && changed)
        return Failure{released.error()};
    return changed;
}

Result<bool> TrackWriter::rescan(const QString &trackId, const ScannedFile &given)
{
    ScannedFile prepared;
    if (given.valuesJson.isEmpty()) {
        prepared = given;
        prepare(prepared);
    }
    const ScannedFile &file = given.valuesJson.isEmpty() ? prepared : given;
    Stored stored;
    if (Status read = readStored(trackId, stored); !read)
        return Failure{read.error()};
    const QJsonObject fileNow = QJsonDocument::fromJson(file.valuesJson.toUtf8()).object();
    const RescanChange change = mergeRescan(fileNow, stored.before, stored.current, stored.editedAt,
                                            stored.rowUpdatedAt, QDateTime::fromMSecsSinceEpoch(file.mtime, Qt::UTC));
    if (Status applied = applyRescan(trackId, change, stored.metadata); !applied)
        return Failure{applied.error()};
    if (Status extra = applyExtra(trackId, change.extra, stored.extraIds); !extra)
        return Failure{extra.error()};
    if (Status logged = logConflicts(trackId, change, file.mtime); !logged)
        return Failure{logged.error()};
    QSqlQuery &f = query(QStringLiteral(R"sql(UPDATE track_files
                             SET path = ?, size = ?, mtime = ?, content_hash = ?,
                             available = 1, last_seen_at = ?, file_values = ?
                             WHERE track_id = ?)sql"));
    f.addBindValue(file.nfcPath);
    f.addBindValue(file.size);
    f.addBindValue(file.mtime);
    f.addBindValue(file.contentHash);
    f.addBindValue(now());
    f.addBindValue(file.valuesJson);
    f.addBindValue(trackId);
    if (Status located = exec(f); !located)
        return Failure{located.error()};
    return !change.isEmpty();
}

Status TrackWriter::applyRescan(const QString &trackId, const RescanChange &change, const QJsonObject &currentMetadata)
{
    if (change.columns.isEmpty() && change.metadata.isEmpty())
        return Done{}; // a touch or an unchanged re-read: the row, its search entry and the outbox stay as they are
    QStringList sets;
    QVariantList binds;
    for (auto it = change.columns.begin(); it != change.columns.end(); ++it) {
        const TrackField *field = trackField(it.key());
        if (!field || !field->isColumn()) // mergeRescan names only the table's columns
            return Failure{QStringLiteral("not a track column: %1").arg(it.key())};
        sets << it.key() + QStringLiteral(" = ?");
        binds << bindValue(*field, it.value());
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
    // The column names come from the field table (checked above), never from the file.
    QSqlQuery &u = query(QStringLiteral("UPDATE music_tracks SET ") + sets.join(QStringLiteral(", "))
                         + QStringLiteral(" WHERE id = ?"));
    for (const QVariant &b : std::as_const(binds))
        u.addBindValue(b);
    u.addBindValue(trackId);
    if (Status updated = exec(u); !updated)
        return updated;
    return outbox(QStringLiteral("music_tracks"), trackId, QStringLiteral("update"), outboxFields);
}

Status TrackWriter::logConflicts(const QString &trackId, const RescanChange &change, qint64 fileMtime)
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
        if (Status logged = ConflictLog::record(m_db, c); !logged)
            return logged;
    }
    return Done{};
}

Status TrackWriter::writeExtra(const QString &trackId, const TagInfo &info)
{
    QJsonObject extra;
    for (const auto &[key, value] : info.extra)
        extra.insert(key, value);
    return applyExtra(trackId, extra, {});
}

Status TrackWriter::applyExtra(const QString &trackId, const QJsonObject &extra, const QHash<QString, QString> &rowIds)
{
    const QString now = this->now();
    QSqlQuery &upsert = query(QStringLiteral(R"sql(INSERT INTO track_metadata (id,
                                  track_id, key, value, created_at)
                                  VALUES (?,?,?,?,?)
                                  ON CONFLICT (track_id, key)
                                  DO UPDATE SET value = excluded.value
                                  WHERE value IS NOT excluded.value)sql"));
    QSqlQuery &del = query(QStringLiteral("DELETE FROM track_metadata WHERE id = ?"));
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        const QString &key = it.key();
        const QString id = rowIds.value(key);
        if (it.value().isNull()) { // the file no longer has this key
            if (id.isEmpty())
                continue;
            del.addBindValue(id);
            if (Status deleted = exec(del); !deleted)
                return deleted;
            if (Status recorded = outbox(QStringLiteral("track_metadata"), id, QStringLiteral("delete"),
                                         QJsonObject{{QStringLiteral("track_id"), trackId}, {QStringLiteral("key"), key}});
                !recorded)
                return recorded;
            continue;
        }
        const QString value = it.value().toString();
        const QString rowId = id.isEmpty() ? newLibraryId() : id;
        upsert.addBindValue(rowId);
        upsert.addBindValue(trackId);
        upsert.addBindValue(key);
        upsert.addBindValue(value);
        upsert.addBindValue(now);
        if (Status upserted = exec(upsert); !upserted)
            return upserted;
        if (upsert.numRowsAffected() == 0)
            continue; // the same value: nothing to sync
        if (Status recorded = outbox(QStringLiteral("track_metadata"), rowId,
                                     id.isEmpty() ? QStringLiteral("insert") : QStringLiteral("update"),
                                     QJsonObject{{QStringLiteral("track_id"), trackId},
                                                 {QStringLiteral("key"), key},
                                                 {QStringLiteral("value"), value}});
            !recorded)
            return recorded;
    }
    return Done{};
}

Status TrackWriter::setAvailable(const QString &trackId, bool available)
{
    // Availability is about this device only: no outbox row.
    QSqlQuery &q = query(QStringLiteral(R"sql(UPDATE track_files
                             SET available = ?, last_seen_at = CASE WHEN ? THEN ?
                             ELSE last_seen_at END
                             WHERE track_id = ?)sql"));
    q.addBindValue(available ? 1 : 0);
    q.addBindValue(available ? 1 : 0);
    q.addBindValue(now());
    q.addBindValue(trackId);
    return exec(q);
}

Status TrackWriter::recordError(const QString &nfcPath, const QString &reason, qint64 size, qint64 mtime)
{
    QSqlQuery &q = query(QStringLiteral(R"sql(INSERT INTO scan_errors (path, reason,
                             size, mtime, at)
                             VALUES (?,?,?,?,?)
                             ON CONFLICT (path)
                             DO UPDATE SET reason = excluded.reason,
                             size = excluded.size, mtime = excluded.mtime, at = excluded.at)sql"));
    q.addBindValue(nfcPath);
    q.addBindValue(reason);
    q.addBindValue(size >= 0 ? QVariant(size) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(mtime >= 0 ? QVariant(mtime) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(now());
    return exec(q);
}

Status TrackWriter::clearError(const QString &nfcPath)
{
    QSqlQuery &q = query(QStringLiteral("DELETE FROM scan_errors WHERE path = ?"));
    q.addBindValue(nfcPath);
    return exec(q);
}

Status TrackWriter::addRoot(const QString &path)
{
    QSqlQuery &q = query(QStringLiteral("INSERT INTO library_roots (path, added_at) VALUES (?, ?) ON CONFLICT (path) DO NOTHING"));
    q.addBindValue(path);
    q.addBindValue(now());
    return exec(q);
}

Status TrackWriter::markRootScanned(const QString &path)
{
    QSqlQuery &q = query(QStringLiteral("UPDATE library_roots SET last_scan_at = ? WHERE path = ?"));
    q.addBindValue(now());
    q.addBindValue(path);
    return exec(q);
}

} // namespace ekn
