#include "library/trackmerger.h"

#include "library/playtallies.h"

#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/outbox.h"
#include "library/rescanmerge.h"
#include "library/trackfields.h"
#include "library/writetransaction.h"
#include "sync/conflictlog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

enum class Fate {
    SoftDelete, // the merged track stays as a deleted row (it may be on the server)
    Remove      // it never reached the server: gone, with its outbox rows
};

Failure sqlFailure(const QSqlQuery &q)
{
    return Failure{QCoreApplication::translate("ekn::TrackMerger", "cannot merge duplicate tracks: %1")
                       .arg(q.lastError().text())};
}

Status exec(QSqlQuery &q)
{
    if (q.exec())
        return Done{};
    return sqlFailure(q);
}

Status record(QSqlDatabase &db, const QString &table, const QString &rowId, const QString &op, const QJsonObject &fields)
{
    const Status recorded = Outbox::record(db, table, rowId, op, fields);
    if (recorded)
        return Done{};
    return Failure{QCoreApplication::translate("ekn::TrackMerger", "cannot merge duplicate tracks: %1")
                       .arg(recorded.error())};
}

QString jsonValueText(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

// One editable field of a track: its value, and whether (and when) it changed since the track
// was made (an edit here, a retag a rescan took, a value pulled from another device).
struct Field
{
    QJsonValue value;
    bool edited = false;
    QDateTime at;
    bool fromFile = false; // the value is what this track's file here says
};

struct TrackFields
{
    QHash<QString, Field> fields; // "title", "metadata.genre", ...
    QJsonObject metadata;
    bool hasFile = false;
};

Result<TrackFields> readFields(QSqlDatabase &db, const QString &id)
{
    QSqlQuery q(db);
    const QStringList columns = fieldNames(FieldStorage::Column, FieldKind::Edited);
    const int n = int(columns.size());
    q.prepare(QStringLiteral(R"sql(SELECT t.%1, t.metadata, f.file_values,
                             f.track_id IS NOT NULL
                             FROM music_tracks t
                             LEFT JOIN track_files f ON f.track_id = t.id
                             WHERE t.id = ?)sql")
                  .arg(columns.join(QStringLiteral(", t."))));
    q.addBindValue(id);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return Failure{QCoreApplication::translate("ekn::TrackMerger", "no track with id %1").arg(id)};
    TrackFields out;
    out.metadata = QJsonDocument::fromJson(q.value(n).toString().toUtf8()).object();
    const QJsonObject base = QJsonDocument::fromJson(q.value(n + 1).toString().toUtf8()).object();
    const QJsonObject baseMeta = base.value(QLatin1String("metadata")).toObject();
    out.hasFile = q.value(n + 2).toBool();
    QHash<QString, QJsonValue> baseValues;
    for (int c = 0; c < n; ++c) {
        out.fields[columns[c]].value = q.value(c).isNull() ? QJsonValue() : QJsonValue::fromVariant(q.value(c));
        baseValues.insert(columns[c], base.value(columns[c]));
    }
    for (const QString &key : fieldNames(FieldStorage::Metadata, FieldKind::Edited)) {
        out.fields[QStringLiteral("metadata.") + key].value = out.metadata.value(key);
        baseValues.insert(QStringLiteral("metadata.") + key, baseMeta.value(key));
    }
    q.finish();
    QSqlQuery e(db);
    e.prepare(QStringLiteral("SELECT field, edited_at FROM track_field_edits WHERE track_id = ?"));
    e.addBindValue(id);
    if (!e.exec())
        return sqlFailure(e);
    while (e.next()) {
        const auto it = out.fields.find(e.value(0).toString());
        if (it == out.fields.end())
            continue;
        // Changed since the track was made: by an edit, by a pulled value, or by a retag that a
        // rescan took from the file (the value equals the file's then, and is still a change a
        // person made: comparing with the file's value alone lost a retag when tracks merged).
        it->edited = true;
        it->at = QDateTime::fromString(e.value(1).toString(), Qt::ISODateWithMs);
    }
    return out;
}

// The survivor takes the fields the merged track edited (the later edit when both did).
Result<int> mergeFields(QSqlDatabase &db, const QString &survivorId, const QString &mergedId)
{
    Result<TrackFields> s = readFields(db, survivorId);
    if (!s)
        return Failure{s.error()};
    Result<TrackFields> m = readFields(db, mergedId);
    if (!m)
        return Failure{m.error()};
    QJsonObject changed;
    QJsonObject changedMeta;
    int conflicts = 0;
    for (auto it = m->fields.cbegin(); it != m->fields.cend(); ++it) {
        const Field &mine = it.value();
        const Field &theirs = s->fields.value(it.key());
        if (!mine.edited || sameFieldValue(mine.value, theirs.value))
            continue;
        const bool mergedWins = !theirs.edited || mine.at > theirs.at;
        // The value that loses is logged unless it is only what the survivor's file here says:
        // a survivor synced from another device may carry a change made there (found by the
        // sync model, seed 2921411169: another device's retag replaced without a trace).
        if (theirs.edited || (!theirs.fromFile && !sameFieldValue(theirs.value, QJsonValue()))) {
            Conflict c;
            c.table = QStringLiteral("music_tracks");
            c.rowId = survivorId;
            c.field = it.key();
            c.winnerValue = jsonValueText(mergedWins ? mine.value : theirs.value);
            c.lostValue = jsonValueText(mergedWins ? theirs.value : mine.value);
            c.lostFrom = QStringLiteral("device");
            c.reason = QStringLiteral("tracks %1 and %2 are the same audio and were merged; both had this field "
                                      "edited, the later edit was kept")
                           .arg(survivorId, mergedId);
            if (const Status logged = ConflictLog::record(db, c); !logged)
                return Failure{logged.error()};
            ++conflicts;
        }
        if (!mergedWins)
            continue;
        if (it.key().startsWith(QLatin1String("metadata.")))
            changedMeta.insert(it.key().mid(9), mine.value);
        else
            changed.insert(it.key(), mine.value);
    }
    if (changed.isEmpty() && changedMeta.isEmpty())
        return conflicts;
    QJsonObject metadata = s->metadata;
    for (auto it = changedMeta.begin(); it != changedMeta.end(); ++it)
        metadata.insert(it.key(), it.value());
    QSqlQuery u(db);
    QString sets;
    for (const QString &c : fieldNames(FieldStorage::Column, FieldKind::Edited))
        sets += QStringLiteral("%1 = CASE WHEN ? THEN ? ELSE %1 END, ").arg(c);
    u.prepare(QStringLiteral("UPDATE music_tracks SET %1metadata = ?, updated_at = ? WHERE id = ?").arg(sets));
    for (const TrackField &f : trackFields()) {
        if (f.isColumn() && f.isEdited()) {
            u.addBindValue(changed.contains(f.key()));
            u.addBindValue(bindValue(f, changed.value(f.key())));
        }
    }
    u.addBindValue(QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact)));
    u.addBindValue(libraryTimestamp());
    u.addBindValue(survivorId);
    if (Status st = exec(u); !st)
        return Failure{st.error()};
    if (!changedMeta.isEmpty())
        changed.insert(QStringLiteral("metadata"), changedMeta);
    if (Status st = record(db, QStringLiteral("music_tracks"), survivorId, QStringLiteral("update"), changed); !st)
        return Failure{st.error()};
    return conflicts;
}

// Playlist places of the merged track become the survivor's; a playlist holding both keeps
// the survivor's place (one track is once in a playlist) and closes the gap.
Status moveEntries(QSqlDatabase &db, const QString &survivorId, const QString &mergedId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(R"sql(SELECT e.id, e.playlist_id, e.position,
                             EXISTS (SELECT 1 FROM playlist_tracks o WHERE
                             o.playlist_id = e.playlist_id AND o.track_id = ?)
                             FROM playlist_tracks e
                             WHERE e.track_id = ?)sql"));
    q.addBindValue(survivorId);
    q.addBindValue(mergedId);
    if (!q.exec())
        return sqlFailure(q);
    struct Entry { QString id, playlistId; int position; bool both; };
    QList<Entry> entries;
    while (q.next())
        entries << Entry{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toBool()};
    q.finish();
    for (const Entry &e : std::as_const(entries)) {
        QSqlQuery w(db);
        if (e.both) {
            w.prepare(QStringLiteral("DELETE FROM playlist_tracks WHERE id = ?"));
            w.addBindValue(e.id);
            QSqlQuery shift(db);
            shift.prepare(QStringLiteral("UPDATE playlist_tracks SET position = position - 1 WHERE playlist_id = ? AND position > ?"));
            shift.addBindValue(e.playlistId);
            shift.addBindValue(e.position);
            Status st = exec(w);
            if (st)
                st = exec(shift);
            if (st)
                st = record(db, QStringLiteral("playlist_tracks"), e.id, QStringLiteral("delete"),
                            QJsonObject{{QStringLiteral("playlist_id"), e.playlistId}, {QStringLiteral("track_id"), mergedId}});
            if (!st)
                return st;
            continue;
        }
        w.prepare(QStringLiteral("UPDATE playlist_tracks SET track_id = ? WHERE id = ?"));
        w.addBindValue(survivorId);
        w.addBindValue(e.id);
        Status st = exec(w);
        if (st)
            st = record(db, QStringLiteral("playlist_tracks"), e.id, QStringLiteral("update"),
                        QJsonObject{{QStringLiteral("playlist_id"), e.playlistId}, {QStringLiteral("track_id"), survivorId}});
        if (!st)
            return st;
    }
    return Done{};
}

// The file on this device follows the survivor when it has none (file_url is device-local:
// no outbox row).
Status moveFile(QSqlDatabase &db, const QString &survivorId, const QString &mergedId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(R"sql(UPDATE music_tracks
                             SET file_url = (SELECT file_url FROM music_tracks WHERE id = ?)
                             WHERE id = ?
                             AND NOT EXISTS (SELECT 1 FROM track_files WHERE track_id = ?)
                             AND EXISTS (SELECT 1 FROM track_files WHERE track_id = ?))sql"));
    for (const QString &id : {mergedId, survivorId, survivorId, mergedId})
        q.addBindValue(id);
    if (Status st = exec(q); !st)
        return st;
    if (q.numRowsAffected() == 0)
        return Done{};
    QSqlQuery f(db);
    f.prepare(QStringLiteral("UPDATE track_files SET track_id = ? WHERE track_id = ?"));
    f.addBindValue(survivorId);
    f.addBindValue(mergedId);
    return exec(f);
}

Status retire(QSqlDatabase &db, const QString &mergedId, Fate fate)
{
    if (fate == Fate::SoftDelete) {
        const QString now = libraryTimestamp();
        QSqlQuery u(db);
        u.prepare(QStringLiteral("UPDATE music_tracks SET deleted_at = ?, updated_at = ? WHERE id = ?"));
        u.addBindValue(now);
        u.addBindValue(now);
        u.addBindValue(mergedId);
        Status st = exec(u);
        if (st)
            st = record(db, QStringLiteral("music_tracks"), mergedId, QStringLiteral("update"),
                        QJsonObject{{QStringLiteral("deleted_at"), now}});
        return st;
    }
    for (const char *sql : {R"sql(DELETE FROM outbox
                            WHERE (table_name = 'music_tracks' AND row_id = ?)
                            OR (table_name = 'track_metadata'
                            AND row_id IN (SELECT id FROM track_metadata WHERE track_id = ?)))sql",
                            "DELETE FROM music_tracks WHERE id = ? AND ? IS NOT NULL"}) {
        QSqlQuery d(db);
        d.prepare(QLatin1String(sql));
        d.addBindValue(mergedId);
        d.addBindValue(mergedId);
        if (Status st = exec(d); !st)
            return st;
    }
    return Done{};
}

Result<int> mergeInto(QSqlDatabase &db, const QString &survivorId, const QString &mergedId, Fate fate)
{
    Result<int> conflicts = mergeFields(db, survivorId, mergedId);
    if (!conflicts)
        return conflicts;
    Status st = moveEntries(db, survivorId, mergedId);
    if (st)
        st = moveFile(db, survivorId, mergedId);
    if (st)
        st = PlayTallies::moveOwn(db, mergedId, survivorId);
    if (st)
        st = retire(db, mergedId, fate);
    if (!st)
        return Failure{st.error()};
    qCDebug(lcLibrary) << "merged track" << mergedId << "into" << survivorId;
    return conflicts;
}

} // namespace

TrackMerger::TrackMerger(const LibraryDatabase &db)
    : m_db(db)
{
}

Result<MergeReport> TrackMerger::mergeDuplicates()
{
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    // Survivor first in each group: synced, then oldest.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            R"sql(WITH h AS (SELECT id, json_extract(metadata,
            '$.content_hash') AS hash, sync_version,
            created_at FROM music_tracks WHERE deleted_at IS NULL
            AND json_extract(metadata, '$.content_hash') LIKE 'a1:%')
            SELECT hash, id
            FROM h
            WHERE hash IN (SELECT hash FROM h GROUP BY hash HAVING count(*) > 1)
            ORDER BY hash, sync_version IS NULL, created_at, id)sql")))
        return sqlFailure(q);
    MergeReport report;
    while (q.next()) {
        const QString hash = q.value(0).toString();
        if (report.groups.isEmpty() || report.groups.last().audioHash != hash)
            report.groups.append(MergedGroup{hash, q.value(1).toString(), {}});
        else
            report.groups.last().mergedIds << q.value(1).toString();
    }
    q.finish();
    for (const MergedGroup &g : std::as_const(report.groups)) {
        for (const QString &id : g.mergedIds) {
            Result<int> conflicts = mergeInto(db, g.survivorId, id, Fate::SoftDelete);
            if (!conflicts)
                return Failure{conflicts.error()}; // rolled back: nothing half-merged
            report.conflicts += *conflicts;
        }
    }
    if (const Status committed = tx->commit(); !committed)
        return Failure{committed.error()};
    return report;
}

namespace {

// The never-synced local copies of `hash` that a link takes: the live ones, or with none the
// first one deleted here (its delete is then the account track's). Live copies' import time
// in *importedAt, the delete's time in *deletedAt.
Result<QStringList> localCopies(QSqlDatabase &db, const QString &hash, const QString &serverTrackId,
                                QString *importedAt, QString *deletedAt)
{
    // The file's hash is indexed (track_files.content_hash): one lookup per pulled track.
    QSqlQuery local(db);
    local.prepare(QStringLiteral(R"sql(SELECT t.id, t.deleted_at, t.created_at
                                 FROM track_files f
                                 JOIN music_tracks t ON t.id = f.track_id
                                 WHERE f.content_hash = ? AND t.id <> ?
                                 AND t.sync_version IS NULL
                                 ORDER BY t.deleted_at IS NOT NULL, t.created_at, t.id)sql"));
    local.addBindValue(hash);
    local.addBindValue(serverTrackId);
    if (!local.exec())
        return sqlFailure(local);
    QStringList ids;
    while (local.next()) {
        const bool deleted = !local.value(1).isNull();
        if (deleted && !ids.isEmpty())
            break; // a live copy links; deleted ones are left as they are (merge leftovers)
        ids << local.value(0).toString();
        if (deleted) {
            *deletedAt = local.value(1).toString();
            break;
        }
        if (importedAt->isEmpty())
            *importedAt = local.value(2).toString();
    }
    return ids;
}

// When the live local copies were last restored here (a delete undone before they ever
// synced), from their outbox rows (a restore records deleted_at as null or ""): empty when
// they never were.
Result<QString> restoredHere(QSqlDatabase &db, const QStringList &ids)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(R"sql(SELECT max(created_at) FROM outbox
                             WHERE table_name = 'music_tracks'
                             AND row_id IN (SELECT value FROM json_each(?))
                             AND json_type(changed_fields, '$.deleted_at') IS NOT NULL
                             AND coalesce(json_extract(changed_fields, '$.deleted_at'), '') = '')sql"));
    q.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact)));
    if (!q.exec() || !q.next())
        return sqlFailure(q);
    return q.value(0).toString();
}

// One side's deleted_at lost on the account's track: logged, so that it can be made again from
// the log (ConflictLog::restore).
Status logDeletedAtLost(QSqlDatabase &db, const QString &serverTrackId, const QString &winnerValue,
                        const QString &lostValue, const QString &lostFrom, const QString &reason)
{
    Conflict c;
    c.table = QStringLiteral("music_tracks");
    c.rowId = serverTrackId;
    c.field = QStringLiteral("deleted_at");
    c.winnerValue = winnerValue;
    c.lostValue = lostValue;
    c.lostFrom = lostFrom;
    c.reason = reason;
    if (const Status logged = ConflictLog::record(db, c); !logged)
        return Failure{logged.error()};
    return Done{};
}

// A restore made here that meets the account's delete loses, as a restore pushed against a
// delete made elsewhere does (013): the delete stays and the restore is logged, from where it
// brings the track back (found by the sync model, seed 3272708088: the restore was gone
// without a trace).
Status logLostRestore(QSqlDatabase &db, const QString &serverTrackId, const QString &serverDeletedAt)
{
    return logDeletedAtLost(db, serverTrackId, jsonValueText(QJsonValue(serverDeletedAt)), QStringLiteral("null"),
                            QStringLiteral("device"),
                            QCoreApplication::translate("ekn::TrackMerger",
                                                        "restored on this device but deleted on another: the delete wins "
                                                        "(restore this entry to get the track back)"));
}

// Back because the music was added here after the delete made elsewhere: that delete lost, so
// it is logged and can be made again from the log (found by the sync model, seed 3988636926:
// the delete was gone without a trace).
Status logLostDelete(QSqlDatabase &db, const QString &serverTrackId, const QString &serverDeletedAt)
{
    return logDeletedAtLost(db, serverTrackId, QStringLiteral("null"), jsonValueText(QJsonValue(serverDeletedAt)),
                            QStringLiteral("server"),
                            QCoreApplication::translate("ekn::TrackMerger",
                                                        "deleted on another device, but its music was added on this one "
                                                        "afterwards: the track is back (restore this entry to delete it again)"));
}

// The account track's deleted state after the link: a delete made here carries over; a
// delete made elsewhere stays unless the music was added here after it (then it comes back),
// and a restore made here that it beats is logged.
Status settleDeleted(QSqlDatabase &db, const QString &serverTrackId, const QString &serverDeletedAt,
                     const QString &importedAt, const QString &deletedHere, const QString &restoredHere)
{
    QVariant deletedAt;
    if (serverDeletedAt.isEmpty() && !deletedHere.isEmpty())
        deletedAt = deletedHere;
    else if (!serverDeletedAt.isEmpty() && !importedAt.isEmpty() &&
             QDateTime::fromString(importedAt, Qt::ISODateWithMs) >
                 QDateTime::fromString(serverDeletedAt, Qt::ISODateWithMs))
        deletedAt = QVariant(QMetaType(QMetaType::QString));
    else if (!serverDeletedAt.isEmpty() && !restoredHere.isEmpty())
        return logLostRestore(db, serverTrackId, serverDeletedAt);
    else
        return Done{};
    QSqlQuery d(db);
    d.prepare(QStringLiteral("UPDATE music_tracks SET deleted_at = ?, updated_at = ? WHERE id = ?"));
    d.addBindValue(deletedAt);
    d.addBindValue(libraryTimestamp());
    d.addBindValue(serverTrackId);
    if (Status st = exec(d); !st)
        return st;
    if (deletedAt.isNull()) {
        if (Status logged = logLostDelete(db, serverTrackId, serverDeletedAt); !logged)
            return logged;
    }
    return record(db, QStringLiteral("music_tracks"), serverTrackId, QStringLiteral("update"),
                  QJsonObject{{QStringLiteral("deleted_at"),
                               deletedAt.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(deletedAt.toString())}});
}

} // namespace

Result<QStringList> TrackMerger::linkByAudioHash(QSqlDatabase &db, const QString &serverTrackId, Deleted deleted)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(R"sql(SELECT json_extract(t.metadata, '$.content_hash'),
                             EXISTS (SELECT 1 FROM track_files f WHERE f.track_id = t.id),
                             t.deleted_at
                             FROM music_tracks t
                             WHERE t.id = ?)sql"));
    q.addBindValue(serverTrackId);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next() || (!q.value(2).isNull() && deleted == Deleted::Skip))
        return QStringList(); // gone, or deleted on the server and not asked for
    const QString hash = q.value(0).toString();
    const bool survivorHasFile = q.value(1).toBool();
    const QString serverDeletedAt = q.value(2).toString();
    q.finish();
    if (!hash.startsWith(QLatin1String("a1:")))
        return QStringList();
    QString importedAt, deletedHere;
    const Result<QStringList> ids = localCopies(db, hash, serverTrackId, &importedAt, &deletedHere);
    if (!ids)
        return ids;
    // Read before the merge takes the copies' outbox rows away.
    const Result<QString> restored =
        deletedHere.isEmpty() ? restoredHere(db, *ids) : Result<QString>(QString());
    if (!restored)
        return Failure{restored.error()};
    for (const QString &id : *ids) {
        // Only the first local copy can take the server track's (missing) file place; another
        // copy of the same file stays as a deleted row so its file is not imported again.
        const bool fileFree = !survivorHasFile && id == ids->first();
        Result<int> merged = mergeInto(db, serverTrackId, id, fileFree ? Fate::Remove : Fate::SoftDelete);
        if (!merged)
            return Failure{merged.error()};
    }
    if (ids->isEmpty())
        return ids;
    if (Status st = settleDeleted(db, serverTrackId, serverDeletedAt, importedAt, deletedHere, *restored); !st)
        return Failure{st.error()};
    return ids;
}

} // namespace ekn
