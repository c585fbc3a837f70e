#include "sync/conflictlog.h"

#include "library/librarydatabase.h"
#include "library/outbox.h"
#include "library/trackfields.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <iterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

QString jsonValueText(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QJsonValue parseJsonValue(const QString &text)
{
    // Values are stored as JSON text of a single value; wrap to parse scalars too.
    const QJsonDocument d =
        QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"));
    return d.array().isEmpty() ? QJsonValue() : d.array().first();
}

const char *const kPlaylistColumns[] = {"name", "description", "deleted_at"};

bool isOneOf(const QString &field, const char *const *list, int n)
{
    for (int i = 0; i < n; ++i)
        if (field == QLatin1String(list[i]))
            return true;
    return false;
}

// A track column a lost value can be put back into: an Edited column of the field table, or
// the row's deleted_at (an edit that met a delete).
bool isRestorableTrackColumn(const QString &field)
{
    const TrackField *f = trackField(field);
    return field == QLatin1String("deleted_at") || (f && f->isColumn() && f->isEdited());
}

// A row the server refused (field "*"): queued whole again, as an insert, so every field goes
// and the server merges it like any push. A refused track takes its refused tag rows along
// (they were refused because their track was not on the server).
Status resendRow(QSqlDatabase &db, const QString &table, const QString &rowId, const QString &now)
{
    QStringList rows{rowId};
    QSqlQuery kids(db);
    if (table == QLatin1String("music_tracks")) {
        kids.prepare(QStringLiteral(
            R"sql(SELECT c.row_id
            FROM sync_conflicts c
            JOIN track_metadata m ON m.id = c.row_id
            WHERE c.table_name = 'track_metadata' AND c.field = '*'
            AND c.restored_at IS NULL AND m.track_id = ?)sql"));
        kids.addBindValue(rowId);
        if (!kids.exec())
            return Failure{kids.lastError().text()};
        while (kids.next())
            rows << kids.value(0).toString();
    }
    QSqlQuery mark(db);
    mark.prepare(QStringLiteral(R"sql(UPDATE sync_conflicts
                                SET restored_at = ?
                                WHERE table_name = ? AND row_id = ? AND field = '*'
                                AND restored_at IS NULL)sql"));
    for (int i = 0; i < rows.size(); ++i) {
        const QString t = i == 0 ? table : QStringLiteral("track_metadata");
        mark.addBindValue(now);
        mark.addBindValue(t);
        mark.addBindValue(rows[i]);
        if (const Status recorded = Outbox::record(db, t, rows[i], QStringLiteral("insert"), {}); !recorded)
            return recorded;
        if (!mark.exec())
            return Failure{mark.lastError().text()};
    }
    return Done{};
}

} // namespace

ConflictLog::ConflictLog(const LibraryDatabase &db) : m_db(db) {}

Status ConflictLog::record(QSqlDatabase &db, const Conflict &c)
{
    const auto failed = [](const QSqlQuery &q) {
        return Failure{QCoreApplication::translate("ekn::ConflictLog", "cannot write the conflict log: %1")
                           .arg(q.lastError().text())};
    };
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral(
            R"sql(INSERT INTO sync_conflicts (at, table_name, row_id, field,
            winner_value, lost_value, lost_from, reason)
            VALUES (?,?,?,?,?,?,?,?))sql")))
        return failed(q);
    q.addBindValue(libraryTimestamp());
    q.addBindValue(c.table);
    q.addBindValue(c.rowId);
    q.addBindValue(c.field);
    q.addBindValue(c.winnerValue);
    q.addBindValue(c.lostValue);
    q.addBindValue(c.lostFrom);
    q.addBindValue(c.reason);
    if (!q.exec())
        return failed(q);
    return Done{};
}

Result<QList<Conflict>> ConflictLog::conflicts(bool includeRestored) const
{
    QList<Conflict> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(R"sql(SELECT id, at, table_name, row_id, field,
                               winner_value, lost_value, lost_from, reason,
                               restored_at, CASE WHEN table_name = 'playlists'
                               THEN (SELECT p.name FROM playlists p WHERE p.id = c.row_id)
                               ELSE (SELECT t.title FROM music_tracks t WHERE
                               t.id = c.row_id) END
                               FROM sync_conflicts c )sql") +
                (includeRestored ? QString() : QStringLiteral("WHERE restored_at IS NULL ")) +
                QStringLiteral("ORDER BY id")))
        return Failure{QCoreApplication::translate("ekn::ConflictLog", "cannot read the sync conflict log: %1")
                           .arg(q.lastError().text())};
    while (q.next()) {
        Conflict c;
        c.id = q.value(0).toLongLong();
        c.at = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        c.table = q.value(2).toString();
        c.rowId = q.value(3).toString();
        c.field = q.value(4).toString();
        c.winnerValue = q.value(5).toString();
        c.lostValue = q.value(6).toString();
        c.lostFrom = q.value(7).toString();
        c.reason = q.value(8).toString();
        if (!q.value(9).isNull())
            c.restoredAt = QDateTime::fromString(q.value(9).toString(), Qt::ISODateWithMs);
        c.itemName = q.value(10).toString();
        out << c;
    }
    return out;
}

namespace {

Failure sqlFailure(const QSqlQuery &q)
{
    return Failure{q.lastError().text()};
}

// One value that lost, as the log holds it.
struct Lost
{
    qint64 id = 0;
    QString table;
    QString rowId;
    QString field;
    QJsonValue value;
};

// The row's update of `field` (a music_tracks or playlists column, or a metadata key) ran:
// it must have found its row.
Status updatedOneRow(QSqlQuery &u, const Lost &l)
{
    if (!u.exec())
        return sqlFailure(u);
    if (u.numRowsAffected() != 1)
        return Failure{QCoreApplication::translate("ekn::ConflictLog", "the %1 row %2 is gone")
                           .arg(l.table, l.rowId)};
    return Done{};
}

Status restoreMetadataKey(QSqlDatabase &db, const Lost &l, const QString &now, QJsonObject &changed)
{
    const QString key = l.field.mid(9);
    const QString path = QStringLiteral("$.\"%1\"").arg(key);
    const QString json = jsonValueText(l.value);
    QSqlQuery u(db);
    u.prepare(QStringLiteral(
        R"sql(UPDATE music_tracks
        SET metadata = CASE WHEN ? IS NULL THEN json_remove(metadata, ?)
        ELSE json_set(metadata, ?, json(?)) END, updated_at = ?
        WHERE id = ?)sql"));
    u.addBindValue(l.value.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(json));
    u.addBindValue(path);
    u.addBindValue(path);
    u.addBindValue(json);
    u.addBindValue(now);
    u.addBindValue(l.rowId);
    changed.insert(QStringLiteral("metadata"), QJsonObject{{key, l.value}});
    return updatedOneRow(u, l);
}

Status restoreColumn(QSqlDatabase &db, const Lost &l, const QString &now, QJsonObject &changed)
{
    QSqlQuery u(db);
    u.prepare(QStringLiteral("UPDATE %1 SET %2 = ?, updated_at = ? WHERE id = ?").arg(l.table, l.field));
    // A track's field column is bound with its field's type (NULL of it for "no value").
    const TrackField *f = l.table == QLatin1String("music_tracks") ? trackField(l.field) : nullptr;
    u.addBindValue(f                  ? bindFromJson(*f, l.value)
                   : l.value.isNull() ? QVariant(QMetaType(QMetaType::QString))
                                      : l.value.toVariant());
    u.addBindValue(now);
    u.addBindValue(l.rowId);
    changed.insert(l.field, l.value);
    return updatedOneRow(u, l);
}

// The lost order: the playlist's entries become exactly those tracks again.
Status restoreEntries(QSqlDatabase &db, const Lost &l, const QString &now, QJsonObject &changed)
{
    QSqlQuery d(db);
    d.prepare(QStringLiteral("DELETE FROM playlist_tracks WHERE playlist_id = ?"));
    d.addBindValue(l.rowId);
    if (!d.exec())
        return sqlFailure(d);
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral(
        R"sql(INSERT OR IGNORE INTO playlist_tracks (id, playlist_id, track_id,
        position, added_at)
        SELECT ?, ?, id, ?, ?
        FROM music_tracks
        WHERE id = ?)sql"));
    int position = 0;
    for (const QJsonValue &v : l.value.toArray()) {
        const QString entryId = newLibraryId();
        for (const QVariant &b : QVariantList{entryId, l.rowId, position, now, v.toString()})
            ins.addBindValue(b);
        if (!ins.exec())
            return sqlFailure(ins);
        if (ins.numRowsAffected() != 1)
            continue;
        ++position;
        if (Status recorded = Outbox::record(db, QStringLiteral("playlist_tracks"), entryId, QStringLiteral("insert"),
                                             QJsonObject{{QStringLiteral("playlist_id"), l.rowId},
                                                         {QStringLiteral("track_id"), v.toString()}});
            !recorded)
            return recorded;
    }
    QSqlQuery u(db);
    u.prepare(QStringLiteral("UPDATE playlists SET updated_at = ? WHERE id = ?"));
    u.addBindValue(now);
    u.addBindValue(l.rowId);
    changed.insert(QStringLiteral("updated_at"), now);
    return updatedOneRow(u, l);
}

// A tag key of the track's other tags ("tag.MOOD", a track_metadata row): the row takes the
// lost value again, or goes when the lost value was "no such tag". Its own outbox row says so.
Status restoreTag(QSqlDatabase &db, const Lost &l)
{
    const QString key = l.field.mid(4);
    QSqlQuery q(db);
    q.prepare(QStringLiteral(R"sql(SELECT t.id, m.id
                             FROM music_tracks t
                             LEFT JOIN track_metadata m ON m.track_id = t.id AND m.key = ?
                             WHERE t.id = ?)sql"));
    q.addBindValue(key);
    q.addBindValue(l.rowId);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return Failure{QCoreApplication::translate("ekn::ConflictLog", "the %1 row %2 is gone")
                           .arg(l.table, l.rowId)};
    const QString existing = q.value(1).toString();
    q.finish();
    QJsonObject fields{{QStringLiteral("track_id"), l.rowId}, {QStringLiteral("key"), key}};
    QSqlQuery w(db);
    if (l.value.isNull() || l.value.isUndefined()) {
        if (existing.isEmpty())
            return Done{}; // already without this tag
        w.prepare(QStringLiteral("DELETE FROM track_metadata WHERE id = ?"));
        w.addBindValue(existing);
    } else {
        w.prepare(QStringLiteral(R"sql(INSERT INTO track_metadata (id, track_id, key,
                                 value, created_at)
                                 VALUES (?, ?, ?, ?, ?)
                                 ON CONFLICT (track_id, key)
                                 DO UPDATE SET value = excluded.value)sql"));
        for (const QVariant &b : QVariantList{existing.isEmpty() ? newLibraryId() : existing, l.rowId, key,
                                              l.value.toString(), libraryTimestamp()})
            w.addBindValue(b);
        fields.insert(QStringLiteral("value"), l.value);
    }
    if (!w.exec())
        return sqlFailure(w);
    const QString rowId = existing.isEmpty() ? w.boundValue(0).toString() : existing;
    const QString op = l.value.isNull() ? QStringLiteral("delete")
                       : existing.isEmpty() ? QStringLiteral("insert")
                                            : QStringLiteral("update");
    return Outbox::record(db, QStringLiteral("track_metadata"), rowId, op, fields);
}

// Puts one lost value back as an ordinary local edit (with its outbox row).
Status restoreValue(QSqlDatabase &db, const Lost &l, const QString &now)
{
    const bool track = l.table == QLatin1String("music_tracks");
    if (track && l.field.startsWith(QLatin1String("tag.")))
        return restoreTag(db, l);
    QJsonObject changed;
    Status st = Failure{QCoreApplication::translate("ekn::ConflictLog",
                                                    "conflict %1 (%2 of %3) cannot be restored")
                            .arg(l.id)
                            .arg(l.field, l.table)};
    if (track && l.field.startsWith(QLatin1String("metadata.")))
        st = restoreMetadataKey(db, l, now, changed);
    else if ((track && isRestorableTrackColumn(l.field)) ||
             (l.table == QLatin1String("playlists") && isOneOf(l.field, kPlaylistColumns, 3)))
        st = restoreColumn(db, l, now, changed);
    else if (l.table == QLatin1String("playlists") && l.field == QLatin1String("entries"))
        st = restoreEntries(db, l, now, changed);
    if (!st)
        return st;
    return Outbox::record(db, l.table, l.rowId, QStringLiteral("update"), changed);
}

} // namespace

Status ConflictLog::restore(qint64 conflictId)
{
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT table_name, row_id, field, lost_value FROM sync_conflicts WHERE id = ?"));
    q.addBindValue(conflictId);
    if (!q.exec() || !q.next())
        return Failure{q.lastError().isValid()
                           ? q.lastError().text()
                           : QCoreApplication::translate("ekn::ConflictLog", "no conflict with id %1").arg(conflictId)};
    const Lost lost{conflictId, q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    parseJsonValue(q.value(3).toString())};
    q.finish();
    const QString now = libraryTimestamp();
    if (lost.field == QLatin1String("*")) {
        if (const Status resent = resendRow(db, lost.table, lost.rowId, now); !resent)
            return resent;
    } else if (const Status st = restoreValue(db, lost, now); !st) {
        return st;
    } else {
        QSqlQuery mark(db);
        mark.prepare(QStringLiteral("UPDATE sync_conflicts SET restored_at = ? WHERE id = ?"));
        mark.addBindValue(now);
        mark.addBindValue(conflictId);
        if (!mark.exec())
            return Failure{mark.lastError().text()};
    }
    return tx->commit();
}

} // namespace ekn
