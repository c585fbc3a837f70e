#include "sync/syncpull.h"

#include "common/cputime.h"
#include "common/logging.h"
#include "library/indexdeferral.h"
#include "library/outbox.h"
#include "library/writetransaction.h"
#include "sync/remotesession.h"
#include "sync/syncvalues.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>


namespace ekn {

namespace {

// Server timestamps in the local text form (UTC, ISO-8601 with milliseconds and Z).
QString ts(const QString &column)
{
    return QStringLiteral(
               "to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS %1")
        .arg(column);
}

QVariant textOrNull(const PgResult &r, int row, int column)
{
    if (r.nulls[row][column])
        return QVariant(QMetaType(QMetaType::QString));
    return r.rows[row][column];
}

// A JSON value as a bind value (JSON null: SQL NULL).
QVariant bindable(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (v.isNull() || v.isUndefined())
        return QVariant(QMetaType(QMetaType::QString));
    return v.toVariant();
}

// A pulled track row (columns in the order of pullTable's SELECT) as the JSON object the
// merge of locally edited rows reads.
QJsonObject trackObject(const PgResult &page, int row)
{
    static const char *const names[] = {"id",       "title",      "artist",     "album",     "duration",
                                        "file_url", "file_size",  "format",     "bitrate",   "metadata",
                                        "created_at", "updated_at", "deleted_at", "sync_version"};
    QJsonObject o;
    for (int c = 0; c < int(std::size(names)); ++c) {
        const QString &v = page.rows[row][c];
        QJsonValue value;
        if (page.nulls[row][c])
            value = QJsonValue::Null;
        else if (c == 4 || c == 6 || c == 8 || c == 13)
            value = v.toLongLong();
        else if (c == 9)
            value = QJsonDocument::fromJson(v.toUtf8()).object();
        else
            value = v;
        o.insert(QLatin1String(names[c]), value);
    }
    return o;
}

} // namespace

SyncPull::SyncPull(QSqlDatabase local, RemoteSession &remote)
    : m_local(std::move(local)), m_remote(remote)
{
}

bool SyncPull::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool SyncPull::loadPending()
{
    QSqlQuery q(m_local);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT o.table_name, o.row_id, o.changed_fields, o.op, pt.playlist_id FROM outbox o "
            "LEFT JOIN playlist_tracks pt ON o.table_name = 'playlist_tracks' AND pt.id = "
            "o.row_id")))
        return fail(QStringLiteral("cannot read the outbox: ") + q.lastError().text());
    while (q.next()) {
        const QString table = q.value(0).toString();
        const QJsonObject fields = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        if (table == QLatin1String("playlist_tracks")) {
            QString playlistId = fields.value(QLatin1String("playlist_id")).toString();
            if (playlistId.isEmpty())
                playlistId = q.value(4).toString();
            m_pendingEntries.insert(playlistId);
            continue;
        }
        QSet<QString> &set = m_pendingFields[table + QLatin1Char('/') + q.value(1).toString()];
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (it.key() == QLatin1String("metadata") && it.value().isObject()) {
                const QJsonObject m = it.value().toObject();
                for (auto k = m.begin(); k != m.end(); ++k)
                    set.insert(QStringLiteral("metadata.") + k.key());
            } else {
                set.insert(it.key());
            }
        }
        if (q.value(3).toString() == QLatin1String("insert"))
            set.insert(QStringLiteral("*"));
    }
    return true;
}

bool SyncPull::run(qint64 cursor)
{
    if (!loadPending())
        return false;
    if (!m_remote.begin())
        return fail(m_remote.error());
    const PgResult h = m_remote.exec(
        QStringLiteral("SELECT coalesce((SELECT version FROM user_sync_state), 0) AS h, "
                       "(SELECT count(*) FROM music_tracks WHERE sync_version > $1) AS tracks, "
                       "(SELECT count(*) FROM track_metadata WHERE sync_version > $1) AS metadata, "
                       "(SELECT count(*) FROM playlists WHERE sync_version > $1) AS playlists"),
        {QString::number(cursor)});
    if (!h.ok || !m_remote.commit())
        return fail(m_remote.error());
    m_high = h.value(QStringLiteral("h")).toLongLong();
    const int tracks = h.value(QStringLiteral("tracks")).toInt();
    const int metadata = h.value(QStringLiteral("metadata")).toInt();
    const int playlists = h.value(QStringLiteral("playlists")).toInt();
    m_total = tracks + playlists;
    if (m_high <= cursor) {
        m_high = cursor;
        return true;
    }
    // The first pull of a big library into an empty device: indexes built once, at the end
    // (also when the pull fails half-way; a killed one is finished by the next open).
    const bool indexesDeferred = tracks >= std::max(1, bulkLoadThreshold) && IndexDeferral::deferIfEmpty(m_local);
    // A table with nothing new costs no round trips (counts include rows above H, which only
    // makes a table be visited for nothing, never skipped wrongly).
    const bool ok = (tracks == 0 || pullTable(QStringLiteral("music_tracks"), cursor)) &&
                    (metadata == 0 || pullTable(QStringLiteral("track_metadata"), cursor)) &&
                    (playlists == 0 || pullTable(QStringLiteral("playlists"), cursor));
    QString indexError;
    if (indexesDeferred && !IndexDeferral::restore(m_local, &indexError))
        qCWarning(lcSync) << "cannot build the library's indexes (the next open retries):" << indexError;
    return ok;
}

bool SyncPull::pullTable(const QString &table, qint64 cursor)
{
    QString columns;
    if (table == QLatin1String("music_tracks"))
        columns = QStringLiteral(
                      "id, title, artist, album, duration, file_url, file_size, format, bitrate, "
                      "metadata, ") +
                  ts(QStringLiteral("created_at")) + QStringLiteral(", ") +
                  ts(QStringLiteral("updated_at")) + QStringLiteral(", ") +
                  ts(QStringLiteral("deleted_at"));
    else if (table == QLatin1String("track_metadata"))
        columns = QStringLiteral("id, track_id, key, value, ") + ts(QStringLiteral("created_at")) +
                  QStringLiteral(", deleted_at IS NOT NULL AS gone");
    else
        columns = QStringLiteral("id, name, description, is_public::int AS is_public, ") +
                  ts(QStringLiteral("created_at")) + QStringLiteral(", ") +
                  ts(QStringLiteral("updated_at")) + QStringLiteral(", ") +
                  ts(QStringLiteral("deleted_at"));
    QString sql =
        QStringLiteral(
            "SELECT %1, sync_version FROM %2 WHERE sync_version > $1 AND sync_version <= $2 "
            "AND (sync_version, id) > ($3::bigint, $4::uuid) ORDER BY sync_version, id LIMIT %3")
            .arg(columns, table)
            .arg(pageSize);
    QElapsedTimer remoteTimer, localTimer;
    qint64 remoteNs = 0, localNs = 0, localCpuNs = 0;
    const bool playlists = table == QLatin1String("playlists");
    // Each page is its own server transaction. Tracks and metadata pages are asked for before
    // the previous page is applied, so the server reads and sends page n+1 while this thread
    // writes page n; a playlist page needs a second statement (its entries) first.
    auto request = [&](qint64 afterVersion, const QString &afterId) {
        remoteTimer.start();
        const bool sent = m_remote.begin()
            && m_remote.send(sql, {QString::number(cursor), QString::number(m_high), QString::number(afterVersion),
                                   afterId});
        remoteNs += remoteTimer.nsecsElapsed();
        return sent || fail(m_remote.error());
    };
    auto finish = [&](bool ok) {
        m_remote.rollback(); // waits for a page still on its way; nothing when committed
        qCDebug(lcSync) << "pulled" << table << "server+transfer" << remoteNs / 1000000 << "ms, applied locally in"
                        << localNs / 1000000 << "ms (" << localCpuNs / 1000000 << "ms of CPU)";
        return ok;
    };
    if (!request(cursor, QStringLiteral("00000000-0000-0000-0000-000000000000")))
        return finish(false);
    for (;;) {
        remoteTimer.start();
        const PgResult page = m_remote.receive();
        if (!page.ok)
            return finish(fail(m_remote.error()));
        PgResult entries;
        entries.ok = true;
        if (playlists && !page.rows.isEmpty()) {
            QStringList ids;
            for (const QStringList &row : page.rows)
                ids << row[0];
            entries = m_remote.exec(
                QStringLiteral("SELECT playlist_id, id, track_id, position, ") +
                    ts(QStringLiteral("added_at")) +
                    QStringLiteral(" FROM playlist_tracks WHERE playlist_id = ANY($1::uuid[]) "
                                   "AND deleted_at IS NULL ORDER BY playlist_id, position"),
                {uuidArray(ids)});
            if (!entries.ok)
                return finish(fail(m_remote.error()));
        }
        if (!m_remote.commit())
            return finish(fail(m_remote.error()));
        remoteNs += remoteTimer.nsecsElapsed();
        if (page.rows.isEmpty())
            return finish(true);
        const int rows = int(page.rows.size());
        const bool more = rows >= pageSize;
        const QStringList &last = page.rows.last();
        const qint64 afterVersion = last.last().toLongLong();
        const QString afterId = last.first();
        if (more && !playlists && !request(afterVersion, afterId))
            return finish(false);
        localTimer.start();
        const qint64 cpuStart = threadCpuNs();
        bool ok = false;
        if (table == QLatin1String("music_tracks"))
            ok = applyTracks(page);
        else if (table == QLatin1String("track_metadata"))
            ok = applyMetadata(page);
        else
            ok = applyPlaylists(page, entries);
        if (!ok)
            return finish(false);
        localNs += localTimer.nsecsElapsed();
        localCpuNs += threadCpuNs() - cpuStart;
        if (table != QLatin1String("track_metadata")) {
            m_pulled += rows;
            if (progress)
                progress(m_pulled, m_total);
        }
        if (!more)
            return finish(true);
        if (playlists && !request(afterVersion, afterId))
            return finish(false);
    }
}

bool SyncPull::applyTracks(const PgResult &page)
{
    // A page is thousands of rows: one prepared upsert per row (no JSON to parse on either
    // side), and the search index brought up to date once, at commit.
    WriteTransaction tx(m_local, WriteTransaction::Search::AtCommit);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot apply pulled tracks: ") + tx.errorString());
    // Read inside the transaction: an edit made since loadPending() is kept too.
    QSet<QString> edited;
    {
        QSqlQuery o(m_local);
        o.setForwardOnly(true);
        if (!o.exec(QStringLiteral("SELECT row_id FROM outbox WHERE table_name = 'music_tracks'")))
            return fail(QStringLiteral("cannot read the outbox: ") + o.lastError().text());
        while (o.next())
            edited.insert(o.value(0).toString());
    }
    QSqlQuery bulk(m_local);
    if (!bulk.prepare(
            QStringLiteral("INSERT INTO music_tracks (id, title, artist, album, duration, "
                           "file_url, file_size, format, bitrate, "
                           "metadata, created_at, updated_at, deleted_at, sync_version) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(json(?), '{}'), ?, ?, ?, ?) "
                           "ON CONFLICT (id) DO UPDATE SET title = excluded.title, artist = "
                           "excluded.artist, album = excluded.album, "
                           "duration = excluded.duration, file_size = excluded.file_size, "
                           // file_url names the file on the device that scanned it: a track whose
                           // file is here keeps this device's URL.
                           "file_url = CASE WHEN EXISTS (SELECT 1 FROM track_files f WHERE "
                           "f.track_id = music_tracks.id) "
                           "THEN music_tracks.file_url ELSE excluded.file_url END, "
                           "format = excluded.format, bitrate = excluded.bitrate, metadata = "
                           "excluded.metadata, "
                           "created_at = excluded.created_at, updated_at = excluded.updated_at, "
                           "deleted_at = excluded.deleted_at, "
                           "sync_version = excluded.sync_version"))) {
        return fail(QStringLiteral("cannot apply pulled tracks: ") + bulk.lastError().text());
    }
    static const QVariant nullText = QVariant(QMetaType(QMetaType::QString));
    static const QVariant nullNumber = QVariant(QMetaType(QMetaType::LongLong));
    QList<QJsonObject> rows; // rows with unsynced local edits, merged below
    for (int i = 0; i < page.rows.size(); ++i) {
        const QStringList &r = page.rows[i];
        const QList<bool> &isNull = page.nulls[i];
        m_tracks << r[0];
        if (edited.contains(r[0])) {
            rows << trackObject(page, i);
            continue;
        }
        for (int c = 0; c < 14; ++c) {
            const bool number = c == 4 || c == 6 || c == 8 || c == 13;
            if (isNull[c])
                bulk.bindValue(c, number ? nullNumber : nullText);
            else if (number)
                bulk.bindValue(c, r[c].toLongLong());
            else
                bulk.bindValue(c, r[c]);
        }
        if (!bulk.exec())
            return fail(QStringLiteral("cannot apply pulled tracks: ") + bulk.lastError().text());
    }

    // Rows with unsynced local edits (rare: edits made while this sync runs): those fields
    // keep the local value and the row keeps its base version, so the next push merges.
    QSqlQuery cur(m_local);
    cur.prepare(QStringLiteral("SELECT title, artist, album, metadata, deleted_at, sync_version "
                               "FROM music_tracks WHERE id = ?"));
    QSqlQuery up(m_local);
    up.prepare(QStringLiteral(
        "UPDATE music_tracks SET title = ?, artist = ?, album = ?, duration = ?, "
        "file_size = ?, format = ?, bitrate = ?, metadata = ?, updated_at = ?, deleted_at = ? "
        "WHERE id = ?"));
    for (const QJsonObject &r : std::as_const(rows)) {
        const QString id = r.value(QLatin1String("id")).toString();
        cur.addBindValue(id);
        if (!cur.exec() || !cur.next())
            continue; // pending but gone locally: nothing to keep
        const QSet<QString> &f = m_pendingFields[QStringLiteral("music_tracks/") + id];
        const bool all = f.contains(QStringLiteral("*"));
        auto pick = [&](const char *name, int localColumn) {
            return (all || f.contains(QLatin1String(name))) ? cur.value(localColumn)
                                                            : bindable(r, name);
        };
        QJsonObject meta = r.value(QLatin1String("metadata")).toObject();
        const QJsonObject localMeta =
            QJsonDocument::fromJson(cur.value(3).toString().toUtf8()).object();
        for (const QString &field : f) {
            if (!field.startsWith(QLatin1String("metadata.")))
                continue;
            const QString k = field.mid(9);
            if (localMeta.contains(k))
                meta.insert(k, localMeta.value(k));
            else
                meta.remove(k);
        }
        up.addBindValue(pick("title", 0));
        up.addBindValue(pick("artist", 1));
        up.addBindValue(pick("album", 2));
        up.addBindValue(bindable(r, "duration"));
        up.addBindValue(bindable(r, "file_size"));
        up.addBindValue(bindable(r, "format"));
        up.addBindValue(bindable(r, "bitrate"));
        up.addBindValue(
            all ? cur.value(3)
                : QVariant(QString::fromUtf8(QJsonDocument(meta).toJson(QJsonDocument::Compact))));
        up.addBindValue(bindable(r, "updated_at"));
        up.addBindValue(pick("deleted_at", 4));
        up.addBindValue(id);
        cur.finish();
        if (!up.exec())
            return fail(QStringLiteral("cannot apply a pulled track: ") + up.lastError().text());
    }
    if (!tx.commit())
        return fail(QStringLiteral("cannot commit pulled tracks: ") + m_local.lastError().text());
    return true;
}

bool SyncPull::applyMetadata(const PgResult &page)
{
    WriteTransaction tx(m_local);
    QSqlQuery up(m_local);
    up.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO track_metadata (id, track_id, key, value, created_at, "
        "sync_version) "
        "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM music_tracks WHERE id = ?)"));
    QSqlQuery del(m_local);
    del.prepare(QStringLiteral("DELETE FROM track_metadata WHERE id = ?"));
    for (int i = 0; i < page.rows.size(); ++i) {
        const QStringList &r = page.rows[i];
        if (m_pendingFields.contains(QStringLiteral("track_metadata/") + r[0]))
            continue;
        if (r[5] == QLatin1String("t")) {
            del.addBindValue(r[0]);
            if (!del.exec())
                return fail(del.lastError().text());
            continue;
        }
        up.addBindValue(r[0]);
        up.addBindValue(r[1]);
        up.addBindValue(r[2]);
        up.addBindValue(textOrNull(page, i, 3));
        up.addBindValue(r[4]);
        up.addBindValue(r[6].toLongLong());
        up.addBindValue(r[1]);
        if (!up.exec())
            return fail(QStringLiteral("cannot apply pulled metadata: ") + up.lastError().text());
    }
    if (!tx.commit())
        return fail(m_local.lastError().text());
    return true;
}

bool SyncPull::applyPlaylists(const PgResult &page, const PgResult &entries)
{
    QHash<QString, QList<int>> entryRows;
    for (int i = 0; i < entries.rows.size(); ++i)
        entryRows[entries.rows[i][0]] << i;
    WriteTransaction tx(m_local);
    QSqlQuery up(m_local);
    up.prepare(QStringLiteral(
        "INSERT INTO playlists (id, name, description, is_public, created_at, updated_at, "
        "deleted_at, sync_version) "
        "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "description = excluded.description, is_public = excluded.is_public, created_at = "
        "excluded.created_at, "
        "updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, sync_version = "
        "excluded.sync_version"));
    QSqlQuery cur(m_local);
    cur.prepare(QStringLiteral(
        "SELECT name, description, deleted_at, sync_version FROM playlists WHERE id = ?"));
    QSqlQuery clear(m_local);
    clear.prepare(QStringLiteral("DELETE FROM playlist_tracks WHERE playlist_id = ?"));
    QSqlQuery add(m_local);
    add.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO playlist_tracks (id, playlist_id, track_id, position, added_at) "
        "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM music_tracks WHERE id = ?)"));
    for (int i = 0; i < page.rows.size(); ++i) {
        const QStringList &r = page.rows[i];
        const QString id = r[0];
        QVariantList v{id,   r[1], textOrNull(page, i, 2), r[3].toInt(),
                       r[4], r[5], textOrNull(page, i, 6), r[7].toLongLong()};
        const auto pending = m_pendingFields.constFind(QStringLiteral("playlists/") + id);
        if (pending != m_pendingFields.constEnd()) {
            cur.addBindValue(id);
            if (cur.exec() && cur.next()) {
                if (pending->contains(QStringLiteral("name")))
                    v[1] = cur.value(0);
                if (pending->contains(QStringLiteral("description")))
                    v[2] = cur.value(1);
                if (pending->contains(QStringLiteral("deleted_at")))
                    v[6] = cur.value(2);
                v[7] = cur.value(3);
            }
            cur.finish();
        }
        for (const QVariant &value : std::as_const(v))
            up.addBindValue(value);
        if (!up.exec())
            return fail(QStringLiteral("cannot apply a pulled playlist: ") + up.lastError().text());
        m_playlists << id;
        if (m_pendingEntries.contains(id))
            continue; // the local order is pushed next and wins (or is logged against)
        clear.addBindValue(id);
        if (!clear.exec())
            return fail(clear.lastError().text());
        QJsonArray base;
        for (int e : entryRows.value(id))
            base.append(entries.rows[e][2]);
        QSqlQuery b(m_local);
        b.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO sync_playlist_base (playlist_id, track_ids) VALUES (?, ?)"));
        b.addBindValue(id);
        b.addBindValue(jsonText(base));
        if (!b.exec())
            return fail(b.lastError().text());
        int position = 0;
        for (int e : entryRows.value(id)) {
            const QStringList &er = entries.rows[e];
            add.addBindValue(er[1]);
            add.addBindValue(id);
            add.addBindValue(er[2]);
            add.addBindValue(position);
            add.addBindValue(er[4]);
            add.addBindValue(er[2]);
            if (!add.exec())
                return fail(QStringLiteral("cannot apply a pulled playlist entry: ") +
                            add.lastError().text());
            if (add.numRowsAffected() == 1)
                ++position;
        }
    }
    if (!tx.commit())
        return fail(m_local.lastError().text());
    return true;
}

} // namespace ekn
