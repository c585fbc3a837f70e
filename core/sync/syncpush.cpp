#include "sync/syncpush.h"

#include "common/logging.h"
#include "library/writetransaction.h"
#include "sync/remotesession.h"
#include "sync/syncvalues.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

const QStringList kTrackColumns = {
    QStringLiteral("title"),    QStringLiteral("artist"),   QStringLiteral("album"),
    QStringLiteral("duration"), QStringLiteral("file_url"), QStringLiteral("file_size"),
    QStringLiteral("format"),   QStringLiteral("bitrate"),  QStringLiteral("deleted_at")};
const QStringList kPlaylistColumns = {QStringLiteral("name"), QStringLiteral("description"),
                                      QStringLiteral("is_public"), QStringLiteral("deleted_at")};

QString key(const QString &table, const QString &id)
{
    return table + QLatin1Char('/') + id;
}

// Local rows by id: column name -> JSON value.
QHash<QString, QJsonObject> localRows(QSqlDatabase &db, const QString &sql, const QStringList &ids)
{
    QHash<QString, QJsonObject> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql.arg(placeholders(int(ids.size()))));
    for (const QString &id : ids)
        q.addBindValue(id);
    if (!q.exec())
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), recordToJson(q));
    return out;
}

} // namespace

QStringList SyncPush::mergeEntries(const QStringList &mine, const QStringList &theirs,
                                   const QStringList &base, bool haveBase)
{
    if (!haveBase)
        return mine; // never synced here: this device's list is the whole truth it knows
    QStringList merged;
    for (const QString &t : mine)
        if (theirs.contains(t) || !base.contains(t)) // kept there, or added here
            merged << t;
    for (const QString &t : theirs)
        if (!base.contains(t) && !merged.contains(t)) // added there
            merged << t;
    return merged;
}

SyncPush::SyncPush(QSqlDatabase local, RemoteSession &remote)
    : m_local(std::move(local)), m_remote(remote)
{
}

bool SyncPush::fail(const QString &message)
{
    m_error = message;
    m_refusedByServer = false;
    return false;
}

bool SyncPush::failRemote()
{
    m_error = m_remote.error();
    m_refusedByServer = !m_remote.retryable();
    return false;
}

bool SyncPush::loadOutbox()
{
    QSqlQuery q(m_local);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT o.id, o.table_name, o.row_id, o.op, o.changed_fields, pt.playlist_id "
            "FROM outbox o LEFT JOIN playlist_tracks pt "
            "ON o.table_name = 'playlist_tracks' AND pt.id = o.row_id ORDER BY o.id")))
        return fail(QStringLiteral("cannot read the outbox: ") + q.lastError().text());
    while (q.next()) {
        const qint64 outboxId = q.value(0).toLongLong();
        QString table = q.value(1).toString();
        QString rowId = q.value(2).toString();
        const QString op = q.value(3).toString();
        const QJsonObject fields = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
        if (table == QLatin1String("playlist_tracks")) {
            // A playlist travels with its entries: an entry change is a change of its playlist.
            QString playlistId = fields.value(QLatin1String("playlist_id")).toString();
            if (playlistId.isEmpty())
                playlistId = q.value(5).toString();
            if (playlistId.isEmpty()) {
                m_orphans << outboxId;
                continue;
            }
            table = QStringLiteral("playlists");
            rowId = playlistId;
        }
        Pending &p = m_pending[key(table, rowId)];
        p.table = table;
        p.id = rowId;
        p.outboxIds << outboxId;
        if (q.value(1).toString() == QLatin1String("playlist_tracks")) {
            p.entries = true;
            continue;
        }
        if (op == QLatin1String("insert"))
            p.inserted = true;
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (it.key() == QLatin1String("metadata")) {
                if (it.value().isObject()) {
                    const QJsonObject m = it.value().toObject();
                    for (auto k = m.begin(); k != m.end(); ++k)
                        p.metaKeys.insert(k.key());
                } else {
                    p.allMeta = true;
                }
                if (op == QLatin1String("insert"))
                    p.allMeta = true;
            } else {
                p.columns.insert(it.key());
            }
        }
        if (op == QLatin1String("delete"))
            p.columns.insert(QStringLiteral("deleted_at"));
    }
    return true;
}

bool SyncPush::run()
{
    if (!loadOutbox())
        return false;
    QList<Pending *> tracks, metadata, playlists;
    for (Pending &p : m_pending) {
        if (p.table == QLatin1String("music_tracks"))
            tracks << &p;
        else if (p.table == QLatin1String("track_metadata"))
            metadata << &p;
        else if (p.table == QLatin1String("playlists"))
            playlists << &p;
        else
            m_orphans += p.outboxIds;
    }
    m_total = int(tracks.size() + metadata.size() + playlists.size());
    auto byFirstOutboxId = [](const Pending *a, const Pending *b) {
        return a->outboxIds.first() < b->outboxIds.first();
    };
    std::sort(tracks.begin(), tracks.end(), byFirstOutboxId);
    std::sort(metadata.begin(), metadata.end(), byFirstOutboxId);
    std::sort(playlists.begin(), playlists.end(), byFirstOutboxId);
    // Parents before children: the server's foreign keys need the tracks first.
    using PushFn = bool (SyncPush::*)(const QList<Pending *> &);
    const std::pair<QList<Pending *> *, PushFn> kinds[] = {{&tracks, &SyncPush::pushTracks},
                                                           {&metadata, &SyncPush::pushMetadata},
                                                           {&playlists, &SyncPush::pushPlaylists}};
    for (const auto &[rows, fn] : kinds)
        for (qsizetype i = 0; i < rows->size(); i += batchSize)
            if (!pushOrIsolate(rows->mid(i, batchSize), fn))
                return false;
    if (!m_orphans.isEmpty()) {
        QSqlQuery d(m_local);
        d.exec(QStringLiteral("DELETE FROM outbox WHERE id IN (%1)").arg(joinIds(m_orphans)));
    }
    return true;
}

bool SyncPush::pushOrIsolate(const QList<Pending *> &batch,
                             bool (SyncPush::*fn)(const QList<Pending *> &))
{
    if ((this->*fn)(batch))
        return true;
    if (!m_refusedByServer)
        return false; // offline, dropped, or a local failure: the batch goes again next time
    m_remote.rollback();
    // The server refused something in this batch (a value it does not accept, e.g. a title
    // longer than its column): find the row, set it aside, and let everything else through,
    // so one bad row never blocks a library's sync.
    if (batch.size() > 1) {
        for (Pending *p : batch)
            if (!pushOrIsolate({p}, fn))
                return false;
        return true;
    }
    Conflict c;
    c.table = batch.first()->table;
    c.rowId = batch.first()->id;
    c.field = QStringLiteral("*");
    c.lostFrom = QStringLiteral("device");
    c.reason =
        QCoreApplication::translate(
            "ekn::SyncPush", "the server refused this change, which stays on this device only: %1")
            .arg(m_error);
    qCWarning(lcSync) << "server refused" << c.table << c.rowId << ":" << m_error;
    m_error.clear();
    return finishLocally(batch, QString(), {}, {c});
}

bool SyncPush::finishLocally(const QList<Pending *> &batch, const QString &table,
                             const QHash<QString, qint64> &versions,
                             const QList<Conflict> &conflicts)
{
    WriteTransaction tx(m_local);
    QList<qint64> outboxIds;
    for (const Pending *p : batch)
        outboxIds += p->outboxIds;
    QSqlQuery del(m_local);
    if (!del.exec(QStringLiteral("DELETE FROM outbox WHERE id IN (%1)").arg(joinIds(outboxIds))))
        return fail(QStringLiteral("cannot clear the outbox: ") + del.lastError().text());
    if (!table.isEmpty()) {
        QSqlQuery v(m_local);
        v.prepare(QStringLiteral("UPDATE %1 SET sync_version = ? WHERE id = ?").arg(table));
        for (auto it = versions.begin(); it != versions.end(); ++it) {
            v.addBindValue(it.value());
            v.addBindValue(it.key());
            if (!v.exec())
                return fail(QStringLiteral("cannot record the synced version: ") +
                            v.lastError().text());
        }
    }
    if (table == QLatin1String("playlists") && !m_newBases.isEmpty()) {
        QSqlQuery b(m_local);
        b.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO sync_playlist_base (playlist_id, track_ids) VALUES (?, ?)"));
        for (auto it = m_newBases.begin(); it != m_newBases.end(); ++it) {
            b.addBindValue(it.key());
            b.addBindValue(jsonText(QJsonArray::fromStringList(it.value())));
            if (!b.exec())
                return fail(QStringLiteral("cannot record a playlist's synced entries: ") +
                            b.lastError().text());
        }
        m_newBases.clear();
    }
    for (const Conflict &c : conflicts)
        if (!ConflictLog::record(m_local, c))
            return fail(QStringLiteral("cannot write the conflict log: ") +
                        m_local.lastError().text());
    if (!tx.commit())
        return fail(QStringLiteral("cannot commit locally: ") + m_local.lastError().text());
    m_pushed += int(batch.size());
    m_conflicts += int(conflicts.size());
    if (progress)
        progress(m_pushed, m_total);
    return true;
}

bool SyncPush::pushTracks(const QList<Pending *> &batch)
{
    QStringList ids;
    for (const Pending *p : batch)
        ids << p->id;
    const QHash<QString, QJsonObject> local =
        localRows(m_local,
                  QStringLiteral("SELECT id, title, artist, album, duration, file_url, file_size, "
                                 "format, bitrate, metadata, "
                                 "deleted_at, sync_version FROM music_tracks WHERE id IN (%1)"),
                  ids);

    if (!m_remote.begin())
        return failRemote();
    const PgResult server = m_remote.exec(
        QStringLiteral(
            "SELECT id, title, artist, album, duration, file_url, file_size, format, bitrate, "
            "metadata::text AS metadata, deleted_at::text AS deleted_at, field_versions::text AS "
            "fv, "
            "sync_version FROM music_tracks WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE"),
        {uuidArray(ids)});
    if (!server.ok)
        return failRemote();
    const QHash<QString, QJsonObject> remote = resultRows(server);

    QJsonArray rows;
    QList<Conflict> conflicts;
    QHash<QString, qint64> versions;
    for (const Pending *p : batch) {
        const auto l = local.constFind(p->id);
        if (l == local.constEnd())
            continue; // gone locally (never happens for tracks: deletes are soft)
        const auto r = remote.constFind(p->id);
        MergeInput in{QStringLiteral("music_tracks"),
                      p->id,
                      *l,
                      r == remote.constEnd() ? nullptr : &*r,
                      p->columns,
                      p->metaKeys,
                      p->allMeta || p->inserted,
                      kTrackColumns};
        const MergeOutput out = mergeRow(in);
        conflicts += out.conflicts;
        if (r != remote.constEnd())
            versions.insert(p->id, r->value(QLatin1String("sync_version")).toString().toLongLong());
        // This device holds the whole stored row when its base is the server's version (or the
        // row is new): then it is the row's origin, and its pulls skip the row (migration 012).
        QJsonObject row = out.row;
        if (r == remote.constEnd() || r->value(QLatin1String("sync_version")).toString() ==
                                          l->value(QLatin1String("sync_version")).toVariant().toString())
            row.insert(QStringLiteral("origin_device"), m_remote.device());
        else
            row.insert(QStringLiteral("origin_device"),
                       QStringLiteral("00000000-0000-0000-0000-000000000000")); // "none
        rows.append(row);
    }
    if (!rows.isEmpty()) {
        const PgResult up = m_remote.exec(
            QStringLiteral("INSERT INTO music_tracks AS t (id, title, artist, album, duration, "
                           "file_url, file_size, format, "
                           "bitrate, metadata, deleted_at, origin_device) "
                           "SELECT id, title, artist, album, duration, file_url, file_size, "
                           "format, bitrate, metadata, deleted_at, origin_device "
                           "FROM jsonb_populate_recordset(NULL::music_tracks, $1::jsonb) "
                           "ON CONFLICT (id) DO UPDATE SET origin_device = EXCLUDED.origin_device, "
                           "title = EXCLUDED.title, artist = "
                           "EXCLUDED.artist, album = EXCLUDED.album, "
                           "duration = EXCLUDED.duration, file_url = EXCLUDED.file_url, file_size "
                           "= EXCLUDED.file_size, "
                           "format = EXCLUDED.format, bitrate = EXCLUDED.bitrate, metadata = "
                           "EXCLUDED.metadata, "
                           "deleted_at = EXCLUDED.deleted_at "
                           "WHERE (t.title, t.artist, t.album, t.duration, t.file_url, "
                           "t.file_size, t.format, t.bitrate, "
                           "t.metadata, t.deleted_at) IS DISTINCT FROM (EXCLUDED.title, "
                           "EXCLUDED.artist, EXCLUDED.album, "
                           "EXCLUDED.duration, EXCLUDED.file_url, EXCLUDED.file_size, "
                           "EXCLUDED.format, EXCLUDED.bitrate, "
                           "EXCLUDED.metadata, EXCLUDED.deleted_at) "
                           "RETURNING id, sync_version"),
            {QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact))});
        if (!up.ok) {
            m_remote.rollback();
            return failRemote();
        }
        for (int i = 0; i < up.rows.size(); ++i)
            versions.insert(up.rows[i][0], up.rows[i][1].toLongLong());
    }
    if (!m_remote.commit())
        return failRemote();
    return finishLocally(batch, QStringLiteral("music_tracks"), versions, conflicts);
}

bool SyncPush::pushMetadata(const QList<Pending *> &batch)
{
    QStringList ids;
    for (const Pending *p : batch)
        ids << p->id;
    const QHash<QString, QJsonObject> local = localRows(
        m_local,
        QStringLiteral("SELECT id, track_id, key, value FROM track_metadata WHERE id IN (%1)"),
        ids);
    QJsonArray rows;
    QStringList gone;
    for (const QString &id : std::as_const(ids)) {
        const auto l = local.constFind(id);
        if (l == local.constEnd())
            gone << id;
        else
            rows.append(*l);
    }
    if (!m_remote.begin())
        return failRemote();
    if (!rows.isEmpty()) {
        const PgResult up = m_remote.exec(
            QStringLiteral("INSERT INTO track_metadata AS m (id, track_id, key, value) "
                           "SELECT id, track_id, key, value FROM "
                           "jsonb_populate_recordset(NULL::track_metadata, $1::jsonb) "
                           "ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, value = "
                           "EXCLUDED.value, deleted_at = NULL "
                           "WHERE (m.key, m.value, m.deleted_at) IS DISTINCT FROM (EXCLUDED.key, "
                           "EXCLUDED.value, NULL)"),
            {QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact))});
        if (!up.ok) {
            m_remote.rollback();
            return failRemote();
        }
    }
    if (!gone.isEmpty()) {
        const PgResult del =
            m_remote.exec(QStringLiteral("UPDATE track_metadata SET deleted_at = now() "
                                         "WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL"),
                          {uuidArray(gone)});
        if (!del.ok) {
            m_remote.rollback();
            return failRemote();
        }
    }
    if (!m_remote.commit())
        return failRemote();
    return finishLocally(batch, QString(), {}, {});
}

bool SyncPush::pushPlaylists(const QList<Pending *> &batch)
{
    QStringList ids;
    for (const Pending *p : batch)
        ids << p->id;
    const QHash<QString, QJsonObject> local =
        localRows(m_local,
                  QStringLiteral("SELECT id, name, description, is_public, deleted_at, "
                                 "sync_version FROM playlists WHERE id IN (%1)"),
                  ids);
    QHash<QString, QStringList> localEntries;
    {
        QSqlQuery q(m_local);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
                      "SELECT playlist_id, track_id FROM playlist_tracks WHERE playlist_id IN (%1) "
                      "ORDER BY playlist_id, position, added_at")
                      .arg(placeholders(int(ids.size()))));
        for (const QString &id : std::as_const(ids))
            q.addBindValue(id);
        if (!q.exec())
            return fail(QStringLiteral("cannot read playlist entries: ") + q.lastError().text());
        while (q.next())
            localEntries[q.value(0).toString()] << q.value(1).toString();
    }

    QHash<QString, QStringList> bases;
    {
        QSqlQuery q(m_local);
        q.prepare(
            QStringLiteral(
                "SELECT playlist_id, track_ids FROM sync_playlist_base WHERE playlist_id IN (%1)")
                .arg(placeholders(int(ids.size()))));
        for (const QString &id : std::as_const(ids))
            q.addBindValue(id);
        if (!q.exec())
            return fail(QStringLiteral("cannot read playlist bases: ") + q.lastError().text());
        while (q.next()) {
            QStringList list;
            const QJsonArray a = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).array();
            for (const QJsonValue &v : a)
                list << v.toString();
            bases.insert(q.value(0).toString(), list);
        }
    }
    m_newBases.clear();
    if (!m_remote.begin())
        return failRemote();
    const PgResult server = m_remote.exec(
        QStringLiteral(
            "SELECT id, name, description, is_public, deleted_at::text AS deleted_at, "
            "field_versions::text AS fv, sync_version FROM playlists WHERE id = ANY($1::uuid[]) "
            "ORDER BY id FOR UPDATE"),
        {uuidArray(ids)});
    const PgResult serverEntries =
        server.ok
            ? m_remote.exec(
                  QStringLiteral("SELECT playlist_id, track_id FROM playlist_tracks WHERE "
                                 "playlist_id = ANY($1::uuid[]) "
                                 "AND deleted_at IS NULL ORDER BY playlist_id, position, added_at"),
                  {uuidArray(ids)})
            : server;
    if (!server.ok || !serverEntries.ok) {
        m_remote.rollback();
        return failRemote();
    }
    const QHash<QString, QJsonObject> remote = resultRows(server);
    QHash<QString, QStringList> remoteEntries;
    for (const QStringList &row : serverEntries.rows)
        remoteEntries[row[0]] << row[1];

    QJsonArray rows;
    QJsonArray entries;
    QStringList replaced;
    QList<Conflict> conflicts;
    for (const Pending *p : batch) {
        const auto l = local.constFind(p->id);
        if (l == local.constEnd())
            continue;
        const auto r = remote.constFind(p->id);
        const QJsonObject *serverRow = r == remote.constEnd() ? nullptr : &*r;
        QSet<QString> columns = p->columns;
        if (p->inserted)
            columns = QSet<QString>(kPlaylistColumns.begin(), kPlaylistColumns.end());
        MergeInput in{QStringLiteral("playlists"),
                      p->id,
                      *l,
                      serverRow,
                      columns,
                      {},
                      false,
                      kPlaylistColumns};
        MergeOutput out = mergeRow(in);
        conflicts += out.conflicts;
        rows.append(out.row);
        if (p->entries || p->inserted) {
            const QStringList mine = localEntries.value(p->id);
            const QStringList theirs = remoteEntries.value(p->id);
            const QStringList merged =
                serverRow ? mergeEntries(mine, theirs, bases.value(p->id), bases.contains(p->id))
                          : mine;
            // Membership merges; a different order of the same tracks on both sides is a
            // conflict: this (later) push's order wins and the other is logged.
            auto common = [](const QStringList &list, const QStringList &other) {
                QStringList out;
                for (const QString &t : list)
                    if (other.contains(t))
                        out << t;
                return out;
            };
            if (serverRow && merged != theirs && common(merged, theirs) != common(theirs, merged) &&
                fieldChangedOnServer(*serverRow, QStringLiteral("entries"), *l)) {
                Conflict c;
                c.table = QStringLiteral("playlists");
                c.rowId = p->id;
                c.field = QStringLiteral("entries");
                c.winnerValue = jsonText(QJsonArray::fromStringList(merged));
                c.lostValue = jsonText(QJsonArray::fromStringList(theirs));
                c.lostFrom = QStringLiteral("server");
                c.reason = QStringLiteral(
                    "the playlist was reordered on this device and on another: this device's "
                    "order was synced later and wins (tracks added or removed elsewhere were "
                    "merged)");
                conflicts << c;
            }
            replaced << p->id;
            m_newBases.insert(p->id, merged);
            for (int i = 0; i < merged.size(); ++i)
                entries.append(QJsonObject{{QStringLiteral("id"), newEntryId()},
                                           {QStringLiteral("playlist_id"), p->id},
                                           {QStringLiteral("track_id"), merged[i]},
                                           {QStringLiteral("position"), i}});
        }
    }
    bool ok = true;
    if (!rows.isEmpty()) {
        ok =
            m_remote
                .exec(
                    QStringLiteral(
                        "INSERT INTO playlists AS p (id, name, description, is_public, deleted_at) "
                        "SELECT id, name, description, is_public, deleted_at "
                        "FROM jsonb_populate_recordset(NULL::playlists, $1::jsonb) "
                        "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = "
                        "EXCLUDED.description, "
                        "is_public = EXCLUDED.is_public, deleted_at = EXCLUDED.deleted_at "
                        "WHERE (p.name, p.description, p.is_public, p.deleted_at) IS DISTINCT FROM "
                        "(EXCLUDED.name, EXCLUDED.description, EXCLUDED.is_public, "
                        "EXCLUDED.deleted_at)"),
                    {jsonText(rows)})
                .ok;
    }
    if (ok && !replaced.isEmpty()) {
        // The entry list is replaced as a whole: entries no longer listed are soft-deleted,
        // listed ones inserted or moved (a track appears once per playlist).
        const QString want = jsonText(entries);
        ok =
            m_remote
                .exec(QStringLiteral(
                          "UPDATE playlist_tracks pt SET deleted_at = now() "
                          "WHERE pt.playlist_id = ANY($2::uuid[]) AND pt.deleted_at IS NULL AND "
                          "NOT EXISTS ("
                          "SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS w(playlist_id uuid, "
                          "track_id uuid) "
                          "WHERE w.playlist_id = pt.playlist_id AND w.track_id = pt.track_id)"),
                      {want, uuidArray(replaced)})
                .ok &&
            m_remote
                .exec(QStringLiteral(
                          "INSERT INTO playlist_tracks AS pt (id, playlist_id, track_id, position) "
                          "SELECT id, playlist_id, track_id, position FROM "
                          "jsonb_to_recordset($1::jsonb) "
                          "AS w(id uuid, playlist_id uuid, track_id uuid, position int) "
                          "ON CONFLICT (playlist_id, track_id) DO UPDATE SET position = "
                          "EXCLUDED.position, "
                          "deleted_at = NULL WHERE pt.position IS DISTINCT FROM EXCLUDED.position "
                          "OR pt.deleted_at IS NOT NULL"),
                      {want})
                .ok;
    }
    QHash<QString, qint64> versions;
    if (ok) {
        const PgResult v = m_remote.exec(
            QStringLiteral("SELECT id, sync_version FROM playlists WHERE id = ANY($1::uuid[])"),
            {uuidArray(ids)});
        ok = v.ok;
        for (const QStringList &row : v.rows)
            versions.insert(row[0], row[1].toLongLong());
    }
    if (!ok) {
        m_remote.rollback();
        return failRemote();
    }
    if (!m_remote.commit())
        return failRemote();
    return finishLocally(batch, QStringLiteral("playlists"), versions, conflicts);
}

} // namespace ekn
