#include "sync/syncpull.h"

#include "remote/pgparams.h"
#include "common/logging.h"
#include "library/indexdeferral.h"
#include "library/outbox.h"
#include "library/writetransaction.h"
#include "sync/remotesession.h"
#include "sync/syncvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdlib>

namespace ekn {

namespace {

const QString kZeroId = QStringLiteral("00000000-0000-0000-0000-000000000000");

// The server's schema from which it answers pages with tracks as columns (api.pull_page).
constexpr int kPullPageSchema = 28;

// A JSON value as a bind value (JSON null: SQL NULL of the column's kind).
QVariant text(const QJsonObject &o, const QString &name)
{
    const QJsonValue v = o.value(name);
    if (v.isNull() || v.isUndefined())
        return QVariant(QMetaType(QMetaType::QString));
    return v.toString();
}

QVariant number(const QJsonObject &o, const QString &name)
{
    const QJsonValue v = o.value(name);
    if (!v.isDouble())
        return QVariant(QMetaType(QMetaType::LongLong));
    return v.toInteger();
}

QString nfc(const QVariant &v)
{
    return v.toString().normalized(QString::NormalizationForm_C);
}

// A first pull's pages reach the database file in one checkpoint after the pull instead of one
// per ~4 MB of WAL (SQLite's default, 1000 pages): each checkpoint waits for fsync
// (synchronous=NORMAL), ~20 times in a pull of 100,000 tracks. The WAL grows by the pull's size
// meanwhile; the first commit after it (the deferred indexing) checkpoints. Answers the
// connection's setting before, or -1 when it could not be changed (nothing to restore).
int holdCheckpoints(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) || !q.next())
        return -1;
    const int before = q.value(0).toInt();
    q.finish();
    return q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")) ? before : -1;
}

void restoreCheckpoints(const QSqlDatabase &db, int pages)
{
    QSqlQuery q(db);
    if (pages >= 0 && !q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(pages)))
        qCWarning(lcSync) << "cannot restore the library's WAL checkpoints:" << q.lastError().text();
}

} // namespace

SyncPull::SyncPull(QSqlDatabase local, RemoteSession &remote)
    : m_local(std::move(local)), m_remote(remote)
{
}

// A standby that has not replayed up to what this library holds: lag, never a reset (which
// would pull everything again). Nothing is applied; the caller asks the primary.
Status SyncPull::behindCursor()
{
    m_behind = true;
    return Failure{QStringLiteral("the read server is behind this library")};
}

Result<PullCursor> SyncPull::storedCursor(const QSqlDatabase &local)
{
    PullCursor c;
    QSqlQuery q(local);
    if (!q.exec(QStringLiteral(R"sql(SELECT key, value
                               FROM sync_state
                               WHERE key IN ('cursor', 'cursor_kind',
                               'cursor_id', 'epoch'))sql")))
        return Failure{QStringLiteral("cannot read the sync cursor: ") + q.lastError().text()};
    while (q.next()) {
        const QString key = q.value(0).toString();
        const QString value = q.value(1).toString();
        if (key == QLatin1String("cursor"))
            c.version = value.isEmpty() ? -1 : value.toLongLong();
        else if (key == QLatin1String("cursor_kind"))
            c.kind = value.toInt();
        else if (key == QLatin1String("cursor_id"))
            c.id = value;
        else
            c.epoch = value;
    }
    return c;
}

Status SyncPull::storeCursor(const PullCursor &c)
{
    QSqlQuery q(m_local);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)"));
    const std::pair<QString, QString> values[] = {
        {QStringLiteral("cursor"), QString::number(c.version)},
        {QStringLiteral("cursor_kind"), QString::number(c.kind)},
        {QStringLiteral("cursor_id"), c.id},
        {QStringLiteral("epoch"), c.epoch}};
    for (const auto &[key, value] : values) {
        q.addBindValue(key);
        q.addBindValue(value);
        if (!q.exec())
            return Failure{QStringLiteral("cannot save the sync cursor: ") + q.lastError().text()};
    }
    return Done{};
}

// Which rows and fields have unsynced local changes (Outbox::read): pulled values of those stay
// local until the push that follows.
Status SyncPull::loadPending()
{
    Result<OutboxContents> outbox = Outbox::read(m_local);
    if (!outbox)
        return Failure{outbox.error()};
    m_pendingFields.clear();
    m_pendingEntries.clear();
    for (const OutboxChange &c : std::as_const(outbox->changes)) {
        if (c.entries)
            m_pendingEntries.insert(c.id);
        if (c.rowChanged)
            m_pendingFields.insert(c.table + QLatin1Char('/') + c.id, c.fieldPaths());
    }
    return Done{};
}

Status SyncPull::run()
{
    return pullAll();
}

Status SyncPull::pullAll()
{
    const Result<PullCursor> stored = storedCursor(m_local);
    if (!stored)
        return Failure{stored.error()};
    m_cursor = *stored;
    // Another epoch (or none stored, a library from before the API) means the counters this
    // cursor counts in may have been reset: start again from the beginning.
    const QString epoch = m_remote.serverEpoch();
    if (readServer && !m_cursor.epoch.isEmpty() && m_cursor.epoch != epoch)
        return behindCursor();
    if (m_cursor.epoch != epoch) {
        m_resynced = !m_cursor.atStart() || !m_cursor.epoch.isEmpty();
        m_cursor = PullCursor{};
        m_cursor.epoch = epoch;
    }
    if (Status pending = loadPending(); !pending)
        return pending;
    m_pullPage = m_remote.serverSchemaVersion() >= kPullPageSchema;
    QSqlQuery w(m_local);
    if (!w.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sync_pull_waiting)")) || !w.next())
        return Failure{QStringLiteral("cannot read the pull's waiting rows: ") + w.lastError().text()};
    m_anyWaiting = w.value(0).toBool();
    w.finish();
    // Tracks scanned here before this library's first sync: a pulled track with the same audio
    // takes them in (linkByAudioHash) instead of both being kept, deleted ones too (the delete
    // is then the account track's). Nothing to look up otherwise. Read through
    // idx_tracks_unsynced (local schema 019): only the unsynced rows.
    if (!w.exec(QStringLiteral(R"sql(SELECT EXISTS (SELECT 1 FROM music_tracks t JOIN
                               track_files f ON f.track_id = t.id WHERE
                               t.sync_version IS NULL))sql")) ||
        !w.next())
        return Failure{QStringLiteral("cannot read the library's unsynced tracks: ") + w.lastError().text()};
    m_anyUnsynced = w.value(0).toBool();
    w.finish(); // an open read keeps the first page's BEGIN IMMEDIATE from taking the lock
    bool reset = false;
    if (Status pulled = pullPages(&reset); pulled || !reset)
        return pulled;
    // The server's counters went back (a new epoch under us, or a cursor above its counter).
    qCInfo(lcSync) << "the server's sync counters were reset; pulling everything again";
    m_resynced = true;
    m_cursor = PullCursor{};
    reset = false;
    Status again = pullPages(&reset);
    if (!again && reset)
        return Failure{QStringLiteral("the server's sync counters keep changing; try again later")};
    return again;
}

// Fails with *reset set when the server's counters went back under this pull (the caller
// starts again from the beginning).
Status SyncPull::pullPages(bool *reset)
{
    bool deferred = false;
    int checkpoints = -1; // the WAL setting a first pull holds off (holdCheckpoints)
    Status ok = request(m_cursor);
    for (bool first = true; ok; first = false) {
        Page page;
        const Result<Fetch> f = receive(page, m_cursor);
        if (!f) {
            ok = Failure{f.error()};
            break;
        }
        const bool below = first && page.high < m_cursor.version;
        if (readServer && (*f == Fetch::Reset || below)) {
            ok = behindCursor();
            break;
        }
        if (*f == Fetch::Reset || below) {
            *reset = true;
            ok = Failure{QStringLiteral("the server's sync counters were reset")};
            break;
        }
        // A first pull of a big account into an empty library: indexes built once at the end
        // (also when the pull fails half-way; a killed one is finished by the next open).
        // (More than one page is taken as big: the total is not known up front.)
        // Search indexing waits until after the pull (SearchDeferral's backlog, schema 022),
        // for an empty library and one with a few scanned tracks alike.
        if (first && m_cursor.atStart() &&
            (page.more || int(page.tracks.size()) >= std::max(1, bulkLoadThreshold))) {
            deferred = IndexDeferral::deferIfEmpty(m_local);
            m_searchLater = true;
            checkpoints = holdCheckpoints(m_local);
        }
        // The next page is asked for before this one is applied: the server builds it while
        // this thread writes.
        if (page.more)
            ok = request(page.next);
        if (ok)
            ok = applyPage(page);
        if (!ok)
            break;
        m_cursor = page.next;
        if (!page.more)
            break;
    }
    // The indexes are built after the pull, off its clock, with the search backlog
    // (IndexDeferral::finishDeferred: the sync thread, the CLI, or the next open); reads are
    // right without them meanwhile, only slower.
    m_indexesLater = deferred;
    restoreCheckpoints(m_local, checkpoints);
    return ok;
}

Status SyncPull::request(const PullCursor &c)
{
    const QStringList params{
        QString::number(RemoteSession::kApiVersion), c.epoch.isEmpty() ? QString() : c.epoch,
        m_remote.device().isEmpty() ? QString() : m_remote.device(), QString::number(c.version),
        QString::number(c.kind), c.id.isEmpty() ? kZeroId : c.id, QString::number(pageSize)};
    const Status sent =
        m_pullPage
            ? m_remote.callSend(QStringLiteral(R"sql(SELECT * FROM api.pull_page($1, $2::int, $3::uuid,
                                $4::uuid, $5::bigint, $6::smallint, $7::uuid, $8::int))sql"),
                                params, PgRowsAs::Raw)
            : m_remote.callSend(QStringLiteral(R"sql(SELECT kind, id, version, row
                                FROM api.pull($1, $2::int, $3::uuid, $4::uuid,
                                $5::bigint, $6::smallint, $7::uuid, $8::int))sql"),
                                params);
    return sent;
}

// One row of a page that is not a track's columns: the cursor (kind 0), a tag row or a
// playlist, as JSON (both functions send these alike).
void SyncPull::receiveRow(Page &page, int kind, const QString &id, qint64 version, const QByteArray &json)
{
    const QJsonObject row = QJsonDocument::fromJson(json).object();
    if (kind == 0) {
        page.next.version = version;
        page.next.id = id;
        page.next.kind = row.value(QLatin1String("kind")).toInt();
        page.next.epoch = row.value(QLatin1String("epoch")).toString();
        page.high = row.value(QLatin1String("high")).toInteger();
        page.more = row.value(QLatin1String("more")).toBool();
        page.skipped = row.value(QLatin1String("skipped")).toInt();
        page.total = row.value(QLatin1String("total")).toInt(-1);
        return;
    }
    QJsonObject withVersion = row;
    withVersion.insert(QStringLiteral("sync_version"), version);
    (kind == 2 ? page.metadata : page.playlists) << withVersion;
}

Result<SyncPull::Fetch> SyncPull::receive(Page &page, const PullCursor &c)
{
    const ApiAnswer r = m_remote.callReceive();
    if (!r.ok && m_pullPage &&
        (m_remote.serverSchemaVersion() < kPullPageSchema || r.sqlState == QLatin1String("42883"))) {
        // The server went back below schema 28 since this library last connected (the full
        // connect after the failed call learnt it), or lacks api.pull_page (42883, undefined
        // function: a server migrated past 28 before 028 existed): the same page through
        // api.pull.
        m_pullPage = false;
        if (Status sent = request(c); !sent)
            return Failure{sent.error()};
        return receive(page, c);
    }
    if (!r.ok) {
        if (r.sqlState == QLatin1String("EK409"))
            return Fetch::Reset;
        return Failure{r.failure};
    }
    ++m_pages;
    if (r.raw) { // api.pull_page: kind, id, version, row, then a track's columns
        page.rows = r.raw;
        const PgRows &rows = *r.raw;
        for (int i = 0; i < rows.count(); ++i) {
            const int kind = std::atoi(rows.data(i, 0));
            const qint64 version = std::atoll(rows.data(i, 2));
            if (kind == 1)
                page.tracks.append({rows.text(i, 1), version, QString(), i});
            else
                receiveRow(page, kind, rows.text(i, 1), version, QByteArray::fromRawData(rows.data(i, 3), rows.size(i, 3)));
        }
    }
    for (int i = 0; i < r.rows.size(); ++i) {
        const int kind = r.rows[i][0].toInt();
        if (kind == 1) // parsed by SQLite, or when it needs a look of its own
            page.tracks.append({r.rows[i][1], r.rows[i][2].toLongLong(), r.rows[i][3]});
        else
            receiveRow(page, kind, r.rows[i][1], r.rows[i][2].toLongLong(), r.rows[i][3].toUtf8());
    }
    if (page.next.epoch.isEmpty())
        return Failure{QStringLiteral("the server's pull answer has no cursor row")};
    // A page under another epoch than the one this pull started from is a reset too.
    if (!c.epoch.isEmpty() && page.next.epoch != c.epoch)
        return Fetch::Reset;
    return Fetch::Ok;
}

Status SyncPull::applyPage(const Page &page)
{
    // Nothing came and the cursor stays where it is (a sync with nothing to do): no write
    // transaction, no search flush, nothing for the disk.
    const bool nothing = page.tracks.isEmpty() && page.metadata.isEmpty() && page.playlists.isEmpty() &&
                         page.next.version == m_cursor.version && page.next.kind == m_cursor.kind &&
                         page.next.id == m_cursor.id && page.next.epoch == m_cursor.epoch;
    if (!nothing)
        if (Status written = writePage(page); !written)
            return written;
    if (page.total >= 0)
        m_total = m_pulled + page.total; // own rows included: an upper bound
    m_pulled += int(page.tracks.size() + page.playlists.size());
    m_skipped += page.skipped;
    // Without a count from the server (a pull from a cursor), one more page is the estimate.
    if (!page.more)
        m_total = m_pulled;
    else if (m_total < m_pulled + 1)
        m_total = m_pulled + pageSize;
    if (progress)
        progress(m_pulled, m_total);
    return Done{};
}

// A page's rows and the cursor it ends at, in one local transaction.
Status SyncPull::writePage(const Page &page)
{
    Result<WriteTransaction> tx = WriteTransaction::begin(
        m_local, m_searchLater ? WriteTransaction::Search::Later : WriteTransaction::Search::AtCommit);
    if (!tx)
        return Failure{QStringLiteral("cannot apply pulled rows: ") + tx.error()};
    if (Status applied = applyTracks(page.tracks, page.rows.get()); !applied)
        return applied;
    if (!page.tracks.isEmpty() && m_anyWaiting)
        if (Status resolved = resolveWaiting(); !resolved)
            return resolved;
    for (const QJsonObject &row : page.metadata) {
        const Result<bool> waiting = applyMetadata(row);
        if (!waiting)
            return Failure{waiting.error()};
        if (*waiting)
            if (Status kept = wait(2, row); !kept)
                return kept;
    }
    for (const QJsonObject &row : page.playlists) {
        const Result<bool> waiting = applyPlaylist(row);
        if (!waiting)
            return Failure{waiting.error()};
        if (*waiting)
            if (Status kept = wait(3, row); !kept)
                return kept;
    }
    if (Status stored = storeCursor(page.next); !stored)
        return stored;
    if (const Status committed = tx->commit(); !committed)
        return Failure{QStringLiteral("cannot commit pulled rows: ") + committed.error()};
    return Done{};
}

// Answers whether the row waits for its track (which comes on a later page).
Result<bool> SyncPull::applyMetadata(const QJsonObject &r)
{
    const QString id = r.value(QLatin1String("id")).toString();
    if (m_anyWaiting) {
        QSqlQuery d(m_local);
        d.prepare(QStringLiteral("DELETE FROM sync_pull_waiting WHERE kind = 2 AND id = ?"));
        d.addBindValue(id);
        if (!d.exec())
            return Failure{d.lastError().text()};
    }
    if (m_pendingFields.contains(QStringLiteral("track_metadata/") + id))
        return false;
    if (!r.value(QLatin1String("deleted_at")).isNull()) {
        QSqlQuery del(m_local);
        del.prepare(QStringLiteral("DELETE FROM track_metadata WHERE id = ?"));
        del.addBindValue(id);
        if (!del.exec())
            return Failure{del.lastError().text()};
        return false;
    }
    QSqlQuery up(m_local);
    up.prepare(QStringLiteral(
        R"sql(INSERT OR REPLACE INTO track_metadata (id, track_id, key, value,
        created_at, sync_version)
        SELECT ?, ?, ?, ?, ?, ?
        WHERE EXISTS (SELECT 1 FROM music_tracks WHERE id = ?))sql"));
    const QString track = r.value(QLatin1String("track_id")).toString();
    up.addBindValue(id);
    up.addBindValue(track);
    up.addBindValue(text(r, QStringLiteral("key")));
    up.addBindValue(text(r, QStringLiteral("value")));
    up.addBindValue(text(r, QStringLiteral("created_at")));
    up.addBindValue(number(r, QStringLiteral("sync_version")));
    up.addBindValue(track);
    if (!up.exec())
        return Failure{QStringLiteral("cannot apply pulled metadata: ") + up.lastError().text()};
    return up.numRowsAffected() == 0; // its track comes on a later page
}

// Answers whether the playlist waits for tracks of its entries.
Result<bool> SyncPull::applyPlaylist(const QJsonObject &r)
{
    const QString id = r.value(QLatin1String("id")).toString();
    QVariantList v{id,
                   text(r, QStringLiteral("name")),
                   text(r, QStringLiteral("description")),
                   r.value(QLatin1String("is_public")).toBool() ? 1 : 0,
                   text(r, QStringLiteral("created_at")),
                   text(r, QStringLiteral("updated_at")),
                   text(r, QStringLiteral("deleted_at")),
                   number(r, QStringLiteral("sync_version"))};
    const auto pending = m_pendingFields.constFind(QStringLiteral("playlists/") + id);
    if (pending != m_pendingFields.constEnd()) {
        QSqlQuery cur(m_local);
        cur.prepare(QStringLiteral(
            "SELECT name, description, deleted_at, sync_version FROM playlists WHERE id = ?"));
        cur.addBindValue(id);
        if (!cur.exec())
            return Failure{QStringLiteral("cannot read a local playlist: ") + cur.lastError().text()};
        if (cur.next()) {
            if (pending->contains(QStringLiteral("name")) && nfc(cur.value(0)) != nfc(v[1]))
                v[1] = cur.value(0);
            if (pending->contains(QStringLiteral("description")))
                v[2] = cur.value(1);
            if (pending->contains(QStringLiteral("deleted_at")))
                v[6] = cur.value(2);
            v[7] = cur.value(3);
        }
    }
    QSqlQuery up(m_local);
    up.prepare(QStringLiteral(
        R"sql(INSERT INTO playlists (id, name, description, is_public,
        created_at, updated_at, deleted_at, sync_version)
        VALUES (?,?,?,?,?,?,?,?)
        ON CONFLICT (id)
        DO UPDATE SET name = excluded.name, description = excluded.description,
        is_public = excluded.is_public, created_at = excluded.created_at,
        updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
        sync_version = excluded.sync_version)sql"));
    for (const QVariant &value : std::as_const(v))
        up.addBindValue(value);
    if (!up.exec())
        return Failure{QStringLiteral("cannot apply a pulled playlist: ") + up.lastError().text()};
    m_playlists << id;
    if (m_pendingEntries.contains(id))
        return false; // the local order is pushed next and wins (or is logged against)
    return applyEntries(id, r.value(QLatin1String("entries")).toArray());
}

// A playlist's entries as the server lists them. Entries whose track is not here yet are left
// out (and the playlist waits for them: the answer is true); the synced base is what was
// applied, so a push in between never reads the missing ones as removed here.
Result<bool> SyncPull::applyEntries(const QString &id, const QJsonArray &entries)
{
    if (m_anyWaiting) {
        QSqlQuery d(m_local);
        d.prepare(QStringLiteral("DELETE FROM sync_pull_waiting WHERE kind = 3 AND id = ?"));
        d.addBindValue(id);
        if (!d.exec())
            return Failure{d.lastError().text()};
    }
    QSqlQuery clear(m_local);
    clear.prepare(QStringLiteral("DELETE FROM playlist_tracks WHERE playlist_id = ?"));
    clear.addBindValue(id);
    if (!clear.exec())
        return Failure{clear.lastError().text()};
    QSqlQuery add(m_local);
    add.prepare(QStringLiteral(
        R"sql(INSERT OR IGNORE INTO playlist_tracks (id, playlist_id, track_id,
        position, added_at)
        SELECT ?, ?, ?, ?, ?
        WHERE EXISTS (SELECT 1 FROM music_tracks WHERE id = ?))sql"));
    QJsonArray base;
    int position = 0;
    bool waiting = false;
    for (const QJsonValue &e : entries) {
        const QJsonObject entry = e.toObject();
        const QString track = entry.value(QLatin1String("track_id")).toString();
        add.addBindValue(entry.value(QLatin1String("id")).toString());
        add.addBindValue(id);
        add.addBindValue(track);
        add.addBindValue(position);
        add.addBindValue(text(entry, QStringLiteral("added_at")));
        add.addBindValue(track);
        if (!add.exec())
            return Failure{QStringLiteral("cannot apply a pulled playlist entry: ") +
                        add.lastError().text()};
        if (add.numRowsAffected() == 1) {
            ++position;
            base.append(track);
        } else {
            waiting = true;
        }
    }
    QSqlQuery b(m_local);
    b.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO sync_playlist_base (playlist_id, track_ids) VALUES (?, ?)"));
    b.addBindValue(id);
    b.addBindValue(jsonText(base));
    if (!b.exec())
        return Failure{b.lastError().text()};
    return waiting;
}

Status SyncPull::wait(int kind, const QJsonObject &row)
{
    QSqlQuery q(m_local);
    q.prepare(
        QStringLiteral("INSERT OR REPLACE INTO sync_pull_waiting (kind, id, row) VALUES (?, ?, ?)"));
    q.addBindValue(kind);
    q.addBindValue(row.value(QLatin1String("id")).toString());
    q.addBindValue(jsonText(row));
    if (!q.exec())
        return Failure{QStringLiteral("cannot keep a pulled row for later: ") + q.lastError().text()};
    m_anyWaiting = true;
    return Done{};
}

// Rows kept back for a track that has now arrived are applied (again: a playlist's full list).
Status SyncPull::resolveWaiting()
{
    QSqlQuery q(m_local);
    if (!q.exec(QStringLiteral("SELECT kind, row FROM sync_pull_waiting ORDER BY kind, id")))
        return Failure{QStringLiteral("cannot read the pull's waiting rows: ") + q.lastError().text()};
    QList<std::pair<int, QJsonObject>> rows;
    while (q.next())
        rows.append({q.value(0).toInt(),
                     QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object()});
    q.finish();
    for (const auto &[kind, row] : std::as_const(rows)) {
        const QString id = row.value(QLatin1String("id")).toString();
        const Result<bool> waiting = kind == 2                     ? applyMetadata(row)
                                     : m_pendingEntries.contains(id) ? Result<bool>(false)
                                                                     : applyEntries(id, row.value(QLatin1String("entries")).toArray());
        if (!waiting)
            return Failure{waiting.error()};
        if (*waiting)
            if (Status kept = wait(kind, row); !kept)
                return kept;
    }
    QSqlQuery left(m_local);
    if (!left.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sync_pull_waiting)")) ||
        !left.next())
        return Failure{left.lastError().text()};
    m_anyWaiting = left.value(0).toBool();
    left.finish();
    return Done{};
}

} // namespace ekn
