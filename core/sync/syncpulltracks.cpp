// SyncPull's tracks: a pulled music_tracks row applied to the local library. The columns, their
// binding and which of them keep this device's pending edits come from the field table
// (library/trackfields.h); none is named here.
#include "sync/syncpull.h"

#include "common/logging.h"
#include "library/trackfields.h"
#include "library/trackmerger.h"
#include "sync/syncvalues.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

QVariant textOrNull(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(v.toString());
}

// The columns of a pulled track in the order of the upsert's placeholders: the row's id, the
// field table's columns, then the row's metadata, times and version.
const QStringList &pulledColumns()
{
    static const QStringList c = QStringList{QStringLiteral("id")} + trackColumnNames()
        + QStringList{QStringLiteral("metadata"), QStringLiteral("created_at"), QStringLiteral("updated_at"),
                      QStringLiteral("deleted_at"), QStringLiteral("sync_version")};
    return c;
}

QVariant pulledValue(const QJsonObject &row, const QString &column)
{
    if (const TrackField *f = trackField(column); f && f->isColumn())
        return bindFromJson(*f, row.value(column));
    const QJsonValue v = row.value(column);
    if (column == QLatin1String("metadata"))
        return v.isObject() ? QVariant(jsonText(v)) : QVariant(QMetaType(QMetaType::QString));
    if (column == QLatin1String("sync_version"))
        return v.isDouble() ? QVariant(v.toInteger()) : QVariant(QMetaType(QMetaType::LongLong));
    return textOrNull(v);
}

QString upsertSql()
{
    const QStringList &columns = pulledColumns();
    QStringList values, sets;
    for (const QString &c : columns) {
        values << (c == QLatin1String("metadata") ? QStringLiteral("coalesce(json(?), '{}')") : QStringLiteral("?"));
        const TrackField *f = trackField(c);
        if (c == QLatin1String("id"))
            continue;
        if (f && f->kind == FieldKind::Location)
            // The location names the file on the device that scanned it: a track whose file
            // is here keeps this device's.
            sets << QStringLiteral("%1 = CASE WHEN EXISTS (SELECT 1 FROM track_files f WHERE f.track_id = "
                                   "music_tracks.id) THEN music_tracks.%1 ELSE excluded.%1 END")
                        .arg(c);
        else
            sets << QStringLiteral("%1 = excluded.%1").arg(c);
    }
    return QStringLiteral("INSERT INTO music_tracks (%1) VALUES (%2) ON CONFLICT (id) DO UPDATE SET %3")
        .arg(columns.join(QStringLiteral(", ")), values.join(QStringLiteral(", ")), sets.join(QStringLiteral(", ")));
}

// A track with pending edits: every field column but the location, its metadata, updated_at
// and deleted_at (the row keeps its base version for the push that follows).
QString mergeUpdateSql()
{
    QStringList sets;
    for (const TrackField &f : trackFields())
        if (f.isColumn() && f.kind != FieldKind::Location)
            sets << f.key() + QStringLiteral(" = ?");
    return QStringLiteral("UPDATE music_tracks SET %1, metadata = ?, updated_at = ?, deleted_at = ? WHERE id = ?")
        .arg(sets.join(QStringLiteral(", ")));
}

} // namespace

bool SyncPull::applyTracks(const QList<QJsonObject> &rows)
{
    if (rows.isEmpty())
        return true;
    // Read again inside the transaction: an edit made since the pull started is kept too.
    if (!loadPending())
        return false;
    static const QString sql = upsertSql();
    QSqlQuery bulk(m_local);
    if (!bulk.prepare(sql))
        return fail(QStringLiteral("cannot apply pulled tracks: ") + bulk.lastError().text());
    const QStringList &columns = pulledColumns();
    for (const QJsonObject &r : rows) {
        const QString id = r.value(QLatin1String("id")).toString();
        m_tracks << id;
        if (m_pendingFields.contains(QStringLiteral("music_tracks/") + id)) {
            if (!mergeEditedTrack(r))
                return false;
            continue;
        }
        for (int c = 0; c < columns.size(); ++c)
            bulk.bindValue(c, pulledValue(r, columns[c]));
        if (!bulk.exec())
            return fail(QStringLiteral("cannot apply pulled tracks: ") + bulk.lastError().text());
        if (m_anyUnsynced && !linkSameAudio(id))
            return false;
    }
    return true;
}

// The same music scanned here before the first sync becomes the account's track: its edits,
// playlist places and file move to the pulled id, and its own never-pushed row goes.
bool SyncPull::linkSameAudio(const QString &pulledId)
{
    const Result<QStringList> linked = TrackMerger::linkByAudioHash(m_local, pulledId);
    if (!linked.ok())
        return fail(QStringLiteral("cannot link a pulled track to the same audio here: ") + linked.error());
    if (!linked->isEmpty()) {
        qCDebug(lcSync) << "linked" << *linked << "to the account's track" << pulledId;
        m_tracks += *linked;
    }
    return true;
}

// A track with unsynced local edits (rare: edits made while this sync runs): those fields keep
// the local value and the row keeps its base version, so the next push merges. A pending value
// equal to the server's after NFC normalisation is no difference: it takes the server's.
bool SyncPull::mergeEditedTrack(const QJsonObject &r)
{
    const QString id = r.value(QLatin1String("id")).toString();
    const QStringList edited = fieldNames(FieldStorage::Column, FieldKind::Edited);
    QSqlQuery cur(m_local);
    cur.prepare(QStringLiteral("SELECT %1, metadata, deleted_at FROM music_tracks WHERE id = ?")
                    .arg(edited.join(QStringLiteral(", "))));
    cur.addBindValue(id);
    if (!cur.exec())
        return fail(QStringLiteral("cannot read a local track: ") + cur.lastError().text());
    if (!cur.next())
        return true; // pending but gone locally: nothing to keep
    QJsonObject local;
    for (int c = 0; c < edited.size(); ++c)
        local.insert(edited[c], QJsonValue::fromVariant(cur.value(c)));
    const int n = int(edited.size());
    local.insert(QStringLiteral("metadata"), QJsonDocument::fromJson(cur.value(n).toString().toUtf8()).object());
    local.insert(QStringLiteral("deleted_at"), QJsonValue::fromVariant(cur.value(n + 1)));
    cur.finish();
    const QJsonObject merged =
        keepPendingEdits(r, local, m_pendingFields.value(QStringLiteral("music_tracks/") + id));

    static const QString sql = mergeUpdateSql();
    QSqlQuery up(m_local);
    up.prepare(sql);
    for (const TrackField &f : trackFields())
        if (f.isColumn() && f.kind != FieldKind::Location)
            up.addBindValue(bindFromJson(f, merged.value(f.key())));
    up.addBindValue(jsonText(merged.value(QLatin1String("metadata")).toObject()));
    up.addBindValue(textOrNull(merged.value(QLatin1String("updated_at"))));
    up.addBindValue(textOrNull(merged.value(QLatin1String("deleted_at"))));
    up.addBindValue(id);
    if (!up.exec())
        return fail(QStringLiteral("cannot apply a pulled track: ") + up.lastError().text());
    return true;
}

} // namespace ekn
