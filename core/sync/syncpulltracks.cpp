// SyncPull's tracks: a pulled music_tracks row applied to the local library. The columns, their
// binding and which of them keep this device's pending edits come from the field table
// (library/trackfields.h); none is named here.
#include "sync/syncpull.h"

#include "common/logging.h"
#include "library/playtallies.h"
#include "library/trackfields.h"
#include "library/trackmerger.h"
#include "sync/remotesession.h"
#include "sync/syncvalues.h"

#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <charconv>
#include <memory>
#include <sqlite3.h>

namespace ekn {

namespace {

// A column read from SQLite as JSON: NULL stays null (QJsonValue::fromVariant makes a null
// text an empty string, and an empty deleted_at reads as deleted and is no timestamp to the
// server: a restore waiting to be pushed was set aside, model seed 3464436493).
QJsonValue columnJson(const QVariant &v)
{
    return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(v);
}

QVariant textOrNull(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(v.toString());
}

// Does a pulled row's JSON text carry plays from any device? The server writes an empty
// play_tallies as {} (jsonb's text form); anything else is worth parsing the row for.
bool hasTallies(const QString &json)
{
    const qsizetype key = json.indexOf(QLatin1String("\"play_tallies\""));
    if (key < 0)
        return false;
    qsizetype i = key + 14;
    while (i < json.size() && (json.at(i).isSpace() || json.at(i) == QLatin1Char(':')))
        ++i;
    if (i >= json.size() || json.at(i) != QLatin1Char('{'))
        return false; // null
    ++i;
    while (i < json.size() && json.at(i).isSpace())
        ++i;
    return i < json.size() && json.at(i) != QLatin1Char('}');
}

// The columns of a pulled track in the order of the insert: the row's id, the field table's
// columns, then the row's metadata, times and version.
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

// A field the server does not have yet (the rating before the server's 016): it sends none,
// and the value here stays as it is.
bool serverLacks(const TrackField *f, int serverSchema)
{
    return f && f->serverSchema > serverSchema;
}

// How a pulled track lands on the local row, for the page at once and for one track alike.
QString upsertClause(int serverSchema)
{
    QStringList sets;
    for (const QString &c : pulledColumns()) {
        const TrackField *f = trackField(c);
        if (c == QLatin1String("id"))
            continue;
        if (serverLacks(f, serverSchema))
            sets << QStringLiteral("%1 = music_tracks.%1").arg(c);
        else if (f && f->kind == FieldKind::Location)
            // The location names the file on the device that scanned it: a track whose file
            // is here keeps this device's.
            sets << QStringLiteral(R"sql(%1 = CASE
                                   WHEN EXISTS (SELECT 1 FROM track_files f WHERE
                                   f.track_id = music_tracks.id) THEN music_tracks.%1
                                   ELSE excluded.%1 END)sql")
                        .arg(c);
        else
            sets << QStringLiteral("%1 = excluded.%1").arg(c);
    }
    return QStringLiteral("ON CONFLICT (id) DO UPDATE SET ") + sets.join(QStringLiteral(", "));
}

// One track, bound from its parsed row.
QString singleUpsertSql(int serverSchema)
{
    QStringList values;
    for (const QString &c : pulledColumns())
        values << (c == QLatin1String("metadata") ? QStringLiteral("coalesce(json(?), '{}')") : QStringLiteral("?"));
    return QStringLiteral("INSERT INTO music_tracks (%1) VALUES (%2) %3")
        .arg(pulledColumns().join(QStringLiteral(", ")), values.join(QStringLiteral(", ")),
             upsertClause(serverSchema));
}

// A page at once: SQLite reads the rows out of one JSON array of {"v": version, "r": row}.
// Each element's text once (MATERIALIZED): json_each renders `value` anew at every use, a copy
// per column otherwise. WHERE true: an upsert after a SELECT needs one.
QString bulkUpsertSql(int serverSchema)
{
    QStringList values;
    for (const QString &c : pulledColumns()) {
        if (c == QLatin1String("sync_version"))
            values << QStringLiteral("json_extract(e, '$.v')");
        else if (c == QLatin1String("metadata"))
            values << QStringLiteral("coalesce(json_extract(e, '$.r.metadata'), '{}')");
        else
            values << QStringLiteral("json_extract(e, '$.r.%1')").arg(c);
    }
    return QStringLiteral(R"sql(INSERT INTO music_tracks (%1) WITH p(e) AS MATERIALIZED
                          (SELECT value FROM json_each(?))
                          SELECT %2
                          FROM p
                          WHERE true %3)sql")
        .arg(pulledColumns().join(QStringLiteral(", ")), values.join(QStringLiteral(", ")),
             upsertClause(serverSchema));
}

// The library's own SQLite connection under QSQLITE: a pulled page's tracks are bound from
// libpq's UTF-8 without a QString or QVariant per value. Only when QSQLITE runs on the very
// SQLite this build links (the system's, on Linux): a Qt that carries its own copy (as some
// platforms' Qt builds do) hands out a handle of that copy, which this copy must not touch.
// That copy would have allocated the open connection's memory, not this one. Null otherwise,
// and the page is bound through QSqlQuery (applyTrackRows).
sqlite3 *sqliteOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    QSqlQuery q(db);
    const bool same = q.exec(QStringLiteral("SELECT sqlite_source_id()")) && q.next() &&
                      q.value(0).toString() == QLatin1String(sqlite3_sourceid()) && sqlite3_memory_used() > 0;
    return same ? *static_cast<sqlite3 *const *>(handle.data()) : nullptr;
}

struct StatementDeleter
{
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};

// Where a pulled column is in api.pull_page's answer (the row's version is `version`), and
// whether it is a whole number.
struct Source
{
    int column = -1;
    bool integer = false;
};

QList<Source> sourcesOf(const PgRows &rows)
{
    QList<Source> out;
    for (const QString &c : pulledColumns()) {
        const bool version = c == QLatin1String("sync_version");
        const TrackField *f = trackField(c);
        out.append({rows.column(version ? "version" : c.toUtf8().constData()),
                    version || (f && f->isColumn() && f->type == FieldType::Integer)});
    }
    return out;
}

bool wholeNumber(const PgRows &rows, int row, int column, qint64 *out)
{
    const char *begin = rows.data(row, column);
    const char *end = begin + rows.size(row, column);
    const auto [stop, error] = std::from_chars(begin, end, *out);
    return error == std::errc() && stop == end;
}

// A track of api.pull_page's answer as the JSON object api.pull sends, for a track that gets
// a look of its own (an unsynced edit here, a first sync linking the same audio).
QJsonObject trackObject(const PgRows &rows, int row)
{
    QJsonObject o;
    const QStringList &columns = pulledColumns();
    const QList<Source> sources = sourcesOf(rows);
    for (int c = 0; c < columns.size(); ++c) {
        const Source &s = sources[c];
        qint64 n = 0;
        if (s.column < 0 || rows.isNull(row, s.column))
            o.insert(columns[c], QJsonValue::Null);
        else if (columns[c] == QLatin1String("metadata"))
            o.insert(columns[c], QJsonDocument::fromJson(QByteArray(rows.data(row, s.column))).object());
        else if (s.integer)
            o.insert(columns[c], wholeNumber(rows, row, s.column, &n) ? QJsonValue(n) : QJsonValue::Null);
        else
            o.insert(columns[c], rows.text(row, s.column));
    }
    const int tallies = rows.column("play_tallies");
    if (tallies >= 0 && !rows.isNull(row, tallies))
        o.insert(QStringLiteral("play_tallies"),
                 QJsonDocument::fromJson(QByteArray(rows.data(row, tallies))).object());
    return o;
}

// Does api.pull_page's track carry plays from any device? An empty play_tallies is {}
// (jsonb's text form).
bool hasTallies(const PgRows &rows, int row)
{
    const int c = rows.column("play_tallies");
    return c >= 0 && !rows.isNull(row, c) && qstrcmp(rows.data(row, c), "{}") != 0;
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

Status SyncPull::applyTracks(const QList<PulledTrack> &rows, const PgRows *columns)
{
    if (rows.isEmpty())
        return Done{};
    // Read again inside the transaction: an edit made since the pull started is kept too.
    if (Status pending = loadPending(); !pending)
        return pending;
    QList<const PulledTrack *> plain;
    plain.reserve(rows.size());
    for (const PulledTrack &t : rows) {
        m_tracks << t.id;
        const bool own = m_pendingFields.contains(QStringLiteral("music_tracks/") + t.id);
        // A first sync of a scanned library links each pulled track to the same audio here:
        // that is a look per track anyway.
        if (!own && !m_anyUnsynced) {
            plain << &t;
            continue;
        }
        QJsonObject r;
        if (columns && t.row >= 0) {
            r = trackObject(*columns, t.row);
        } else {
            r = QJsonDocument::fromJson(t.json.toUtf8()).object();
            r.insert(QStringLiteral("sync_version"), t.version);
        }
        if (Status applied = applyTrack(r, own); !applied)
            return applied;
    }
    if (Status applied = columns ? applyTrackRows(*columns, plain) : applyTracksBulk(plain); !applied)
        return applied;
    // Plays from other devices: only tracks someone played carry tallies, so only those rows
    // are parsed.
    for (const PulledTrack *t : std::as_const(plain)) {
        QJsonObject tallies;
        if (columns) {
            if (!hasTallies(*columns, t->row))
                continue;
            tallies = trackObject(*columns, t->row).value(QLatin1String("play_tallies")).toObject();
        } else {
            if (!hasTallies(t->json))
                continue;
            tallies = QJsonDocument::fromJson(t->json.toUtf8()).object().value(QLatin1String("play_tallies")).toObject();
        }
        if (Status applied = applyTallies(t->id, tallies); !applied)
            return applied;
    }
    return Done{};
}

// Tracks with no local edit from api.pull_page: one prepared upsert, each value bound as
// libpq holds it (UTF-8; whole numbers as integers), so neither side parses JSON and no value
// goes through QString (docs/SCALING.md "Bulk sync").
Status SyncPull::applyTrackRows(const PgRows &columns, const QList<const PulledTrack *> &rows)
{
    if (rows.isEmpty())
        return Done{};
    const QList<Source> sources = sourcesOf(columns);
    const QStringList &names = pulledColumns();
    for (int c = 0; c < sources.size(); ++c)
        if (sources[c].column < 0)
            return Failure{QStringLiteral("the server's pull page has no column %1").arg(names[c])};
    sqlite3 *db = sqliteOf(m_local);
    if (!db) { // another SQLite under QSQLITE: the same upsert, bound through it
        QSqlQuery one(m_local);
        if (!one.prepare(singleUpsertSql(m_remote.serverSchemaVersion())))
            return Failure{QStringLiteral("cannot apply pulled tracks: ") + one.lastError().text()};
        for (const PulledTrack *t : rows) {
            const QJsonObject r = trackObject(columns, t->row);
            for (int c = 0; c < names.size(); ++c) // metadata as sent: json(?) keeps its key order
                one.bindValue(c, names[c] == QLatin1String("metadata") ? QVariant(columns.text(t->row, sources[c].column))
                                                                       : pulledValue(r, names[c]));
            if (!one.exec())
                return Failure{QStringLiteral("cannot apply pulled tracks: ") + one.lastError().text()};
        }
        return Done{};
    }
    const QByteArray sql = singleUpsertSql(m_remote.serverSchemaVersion()).toUtf8();
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &raw, nullptr) != SQLITE_OK)
        return Failure{QStringLiteral("cannot apply pulled tracks: ") + QString::fromUtf8(sqlite3_errmsg(db))};
    const std::unique_ptr<sqlite3_stmt, StatementDeleter> upsert(raw);
    for (const PulledTrack *t : rows) {
        for (int c = 0; c < sources.size(); ++c) {
            const Source &s = sources[c];
            qint64 n = 0;
            if (columns.isNull(t->row, s.column))
                sqlite3_bind_null(raw, c + 1);
            else if (!s.integer)
                sqlite3_bind_text(raw, c + 1, columns.data(t->row, s.column), columns.size(t->row, s.column),
                                  SQLITE_STATIC);
            else if (wholeNumber(columns, t->row, s.column, &n))
                sqlite3_bind_int64(raw, c + 1, n);
            else
                return Failure{QStringLiteral("the server sent track %1 with %2 \"%3\", not a whole number")
                                .arg(t->id, names[c], columns.text(t->row, s.column))};
        }
        if (sqlite3_step(raw) != SQLITE_DONE)
            return Failure{QStringLiteral("cannot apply pulled tracks: ") + QString::fromUtf8(sqlite3_errmsg(db))};
        sqlite3_reset(raw);
    }
    return Done{};
}

// Tracks with no local edit, the whole page in one statement (json_each), where binding each
// value from parsed JSON objects cost more than the insert itself. Columns as the server names
// them (docs/SERVER-API.md, pull).
Status SyncPull::applyTracksBulk(const QList<const PulledTrack *> &rows)
{
    if (rows.isEmpty())
        return Done{};
    QString array;
    qsizetype size = 2;
    for (const PulledTrack *t : rows)
        size += t->json.size() + 32;
    array.reserve(size);
    array += QLatin1Char('[');
    for (const PulledTrack *t : rows) {
        if (array.size() > 1)
            array += QLatin1Char(',');
        array += QLatin1String("{\"v\":") + QString::number(t->version) + QLatin1String(",\"r\":") + t->json
            + QLatin1Char('}');
    }
    array += QLatin1Char(']');
    QSqlQuery bulk(m_local);
    const bool ok = bulk.prepare(bulkUpsertSql(m_remote.serverSchemaVersion()));
    if (ok)
        bulk.addBindValue(array);
    if (!ok || !bulk.exec())
        return Failure{QStringLiteral("cannot apply pulled tracks: ") + bulk.lastError().text()};
    return Done{};
}

// One pulled track on its own: an unsynced edit here merges with it, or (a first sync) it
// takes in a track scanned here with the same audio.
Status SyncPull::applyTrack(const QJsonObject &r, bool edited)
{
    const QString id = r.value(QLatin1String("id")).toString();
    const QJsonObject tallies = r.value(QLatin1String("play_tallies")).toObject();
    if (edited) {
        if (Status merged = mergeEditedTrack(r); !merged)
            return merged;
        return applyTallies(id, tallies);
    }
    QSqlQuery one(m_local);
    if (!one.prepare(singleUpsertSql(m_remote.serverSchemaVersion())))
        return Failure{QStringLiteral("cannot apply pulled tracks: ") + one.lastError().text()};
    const QStringList &columns = pulledColumns();
    for (int c = 0; c < columns.size(); ++c)
        one.bindValue(c, pulledValue(r, columns[c]));
    if (!one.exec())
        return Failure{QStringLiteral("cannot apply pulled tracks: ") + one.lastError().text()};
    if (Status applied = applyTallies(id, tallies); !applied)
        return applied;
    if (!m_anyUnsynced)
        return Done{};
    return linkSameAudio(id);
}

// The other devices' plays of a pulled track; this device's own entry is its own business
// (never older here than what it pushed). Nothing to write while no other device played it (a
// server before 016 sends none).
Status SyncPull::applyTallies(const QString &trackId, const QJsonObject &tallies)
{
    const QString device = m_remote.device();
    if (device.isEmpty() || tallies.isEmpty() || (tallies.size() == 1 && tallies.contains(device)))
        return Done{};
    const Status applied = PlayTallies::applyPulled(m_local, trackId, tallies, device);
    if (applied)
        return Done{};
    return Failure{QStringLiteral("cannot apply pulled play counts: ") + applied.error()};
}

// The same music scanned here before the first sync becomes the account's track: its edits,
// playlist places and file move to the pulled id, and its own never-pushed row goes.
Status SyncPull::linkSameAudio(const QString &pulledId)
{
    const Result<QStringList> linked = TrackMerger::linkByAudioHash(m_local, pulledId);
    if (!linked.ok())
        return Failure{QStringLiteral("cannot link a pulled track to the same audio here: ") + linked.error()};
    if (!linked->isEmpty()) {
        qCDebug(lcSync) << "linked" << *linked << "to the account's track" << pulledId;
        m_tracks += *linked;
    }
    return Done{};
}

// A track with unsynced local edits (rare: edits made while this sync runs): those fields keep
// the local value and the row keeps its base version, so the next push merges. A pending value
// equal to the server's after NFC normalisation is no difference: it takes the server's.
Status SyncPull::mergeEditedTrack(const QJsonObject &r)
{
    const QString id = r.value(QLatin1String("id")).toString();
    const QStringList edited = fieldNames(FieldStorage::Column, FieldKind::Edited);
    QSqlQuery cur(m_local);
    cur.prepare(QStringLiteral("SELECT %1, metadata, deleted_at FROM music_tracks WHERE id = ?")
                    .arg(edited.join(QStringLiteral(", "))));
    cur.addBindValue(id);
    if (!cur.exec())
        return Failure{QStringLiteral("cannot read a local track: ") + cur.lastError().text()};
    if (!cur.next())
        return Done{}; // pending but gone locally: nothing to keep
    QJsonObject local;
    for (int c = 0; c < edited.size(); ++c)
        local.insert(edited[c], columnJson(cur.value(c)));
    const int n = int(edited.size());
    local.insert(QStringLiteral("metadata"), QJsonDocument::fromJson(cur.value(n).toString().toUtf8()).object());
    local.insert(QStringLiteral("deleted_at"), columnJson(cur.value(n + 1)));
    cur.finish();
    QJsonObject server = r;
    for (const QString &c : edited)
        if (serverLacks(trackField(c), m_remote.serverSchemaVersion()))
            server.insert(c, local.value(c));
    const QJsonObject merged =
        keepPendingEdits(server, local, m_pendingFields.value(QStringLiteral("music_tracks/") + id));

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
        return Failure{QStringLiteral("cannot apply a pulled track: ") + up.lastError().text()};
    return Done{};
}

} // namespace ekn
