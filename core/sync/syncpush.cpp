#include "sync/syncpush.h"

#include "common/logging.h"
#include "library/outbox.h"
#include "library/playtallies.h"
#include "library/trackfields.h"
#include "library/trackmerger.h"
#include "library/writetransaction.h"
#include "sync/remotesession.h"
#include "sync/syncvalues.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <map>
#include <optional>

namespace ekn {

namespace {

// A push of more than one batch writes its answers' versions and outbox deletes to the
// library's WAL, which SQLite checkpointed every ~4 MB (its default of 1000 pages), each
// checkpoint waiting for fsync (synchronous=NORMAL): 0.15 s of the 0.46 s that recording ten
// 2000-row answers took in a first push of 10,000 tracks (docs/SCALING.md "Bulk sync"). They
// are held until the push ends, as a first pull holds them (SyncPull); the first commit after
// it checkpoints the whole WAL. The setting is restored also when the push fails.
class CheckpointHold
{
public:
    explicit CheckpointHold(const QSqlDatabase &db) : m_db(db)
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) || !q.next())
            return;
        const int before = q.value(0).toInt();
        q.finish();
        if (q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")))
            m_pages = before;
    }
    ~CheckpointHold()
    {
        QSqlQuery q(m_db);
        if (m_pages >= 0 && !q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(m_pages)))
            qCWarning(lcSync) << "cannot restore the library's WAL checkpoints:"
                              << q.lastError().text();
    }
    CheckpointHold(const CheckpointHold &) = delete;
    CheckpointHold &operator=(const CheckpointHold &) = delete;

private:
    QSqlDatabase m_db;
    int m_pages = -1; // the setting before, or -1: nothing to restore
};

} // namespace

int SyncPush::kindOf(const QString &table)
{
    if (table == QLatin1String("music_tracks"))
        return Tracks;
    if (table == QLatin1String("track_metadata"))
        return Metadata;
    return table == QLatin1String("playlists") ? Playlists : 0;
}

QStringList SyncPush::idsOf(const QList<Pending *> &rows)
{
    QStringList ids;
    for (const Pending *p : rows)
        ids << p->id;
    return ids;
}

// Local rows by their first column: column name -> JSON value. A failed read is an error,
// never an empty result: it would look like rows deleted here. The ids go as one JSON array
// (`IN (SELECT value FROM json_each(?))`), not one placeholder each: QSQLITE looks each
// placeholder's name up in a list, which made a 2000-row batch quadratic on the client.
Result<QHash<QString, QJsonObject>> SyncPush::localRows(QSqlDatabase &db, const QString &sql, const QStringList &ids)
{
    QHash<QString, QJsonObject> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    bool ok = q.prepare(sql.arg(QStringLiteral("SELECT value FROM json_each(?)")));
    q.addBindValue(idList(ids));
    ok = ok && q.exec();
    while (ok && q.next())
        out.insert(q.value(0).toString(), recordToJson(q));
    if (ok && q.lastError().isValid())
        ok = false; // a step that failed mid-way ends next() as if the rows ran out
    if (!ok)
        return Failure{QCoreApplication::translate("ekn::SyncPush", "cannot read this library's changes to send: %1")
                           .arg(q.lastError().text())};
    return out;
}

// Ids as one JSON array, for `IN (SELECT value FROM json_each(?))`: not one placeholder each,
// which QSQLITE looks up by name in a list (quadratic in a 2000-row batch).
QString SyncPush::idList(const QStringList &ids)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

SyncPush::SyncPush(QSqlDatabase local, RemoteSession &remote)
    : m_local(std::move(local)), m_remote(remote)
{
}

Status SyncPush::loadOutbox()
{
    Result<OutboxContents> outbox = Outbox::read(m_local);
    if (!outbox)
        return Failure{outbox.error()};
    m_pending = std::move(outbox->changes);
    m_orphans = std::move(outbox->orphans);
    return Done{};
}

// This device's id for the server (origin_device: a device does not pull its own pushes),
// and whether the server's sync counters were reset since this device last pulled (a new
// epoch): then the versions its edits were based on mean nothing there, and every row goes
// with base 0 (all its fields count as changed on both sides; the server's values that lose
// are logged).
Status SyncPush::loadDeviceId()
{
    QSqlQuery e(m_local);
    if (!e.exec(QStringLiteral("SELECT value FROM sync_state WHERE key = 'epoch'")))
        return Failure{QStringLiteral("cannot read the sync state: ") + e.lastError().text()};
    const QString stored = e.next() ? e.value(0).toString() : QString();
    m_epochChanged = !stored.isEmpty() && !m_remote.serverEpoch().isEmpty() &&
                     stored != m_remote.serverEpoch();
    QSqlQuery a(m_local);
    if (!a.exec(QStringLiteral("SELECT value FROM sync_state WHERE key = 'push_answered'")))
        return Failure{QStringLiteral("cannot read the sync state: ") + a.lastError().text()};
    m_answered = a.next() ? a.value(0).toString() : QString();
    m_device = m_remote.device();
    if (!m_device.isEmpty())
        return Done{};
    QSqlQuery q(m_local);
    if (!q.exec(QStringLiteral("SELECT value FROM sync_state WHERE key = 'device_id'")))
        return Failure{QStringLiteral("cannot read the sync state: ") + q.lastError().text()};
    if (q.next()) {
        m_device = q.value(0).toString();
        return Done{};
    }
    m_device = newLibraryId();
    QSqlQuery w(m_local);
    w.prepare(QStringLiteral("INSERT INTO sync_state (key, value) VALUES ('device_id', ?)"));
    w.addBindValue(m_device);
    if (!w.exec())
        return Failure{QStringLiteral("cannot write the sync state: ") + w.lastError().text()};
    return Done{};
}

// A push of at least a whole batch of tracks (a first push) sends its first batch of tracks
// before it reads the rest of the outbox (38-46 ms for the 20,000 entries of 10,000 tracks and
// their tag rows), which it reads while the server works on that batch. `first` stays empty
// when there are fewer tracks: then the outbox is read whole first, as before.
Status SyncPush::sendFirstTracks(int size, QList<Pending *> &first, Built &built)
{
    Result<QList<Pending>> read = Outbox::readFirstRows(m_local, QStringLiteral("music_tracks"), size);
    if (!read)
        return Failure{read.error()};
    if (read->size() < size)
        return Done{};
    m_early = std::move(*read);
    QList<Pending *> rows;
    for (Pending &p : m_early)
        rows << &p;
    Result<Built> made = buildBatch(rows);
    if (!made)
        return Failure{made.error()};
    built = std::move(*made);
    built.pushId = m_remote.serverSchemaVersion() >= kPushAnswersSchema ? newLibraryId() : QString();
    if (Status sent = sendPush(built.text, built.pushId); !sent)
        return sent; // nothing stored: the whole batch stays in the outbox
    built.early = true;
    first = rows;
    return Done{};
}

// The outbox's rows to push (not those of `sent`, the first batch of tracks on its way) and its
// plays; entries of anything else go.
void SyncPush::sortPending(const QList<Pending *> &sent, QList<Pending *> &rows, QList<Pending *> &plays)
{
    QSet<QString> going;
    for (const Pending *p : sent)
        going.insert(p->id);
    for (Pending &p : m_pending) {
        if (kindOf(p.table) == Tracks && going.contains(p.id))
            continue; // its entries written since that batch was read wait for the next sync
        if (kindOf(p.table))
            rows << &p;
        else if (p.table == PlayTallies::outboxTable())
            plays << &p;
        else
            m_orphans += p.outboxIds;
    }
    // Parents before children (tracks, their tag rows, the playlists that list them), then in
    // the order the changes were made.
    std::sort(rows.begin(), rows.end(), [](const Pending *a, const Pending *b) {
        const int ka = kindOf(a->table), kb = kindOf(b->table);
        return ka != kb ? ka < kb : a->outboxIds.first() < b->outboxIds.first();
    });
}

Status SyncPush::run()
{
    if (Status loaded = loadDeviceId(); !loaded)
        return loaded;
    // Ratings and per-device play counts need the server's 016 (api.push_plays, the rating
    // field). An older server gets neither: ratings stay local, plays wait in the outbox.
    m_listening = m_remote.serverSchemaVersion() >= kListeningSchema;
    const int size = std::clamp(batchSize, 1, kMaxBatch);
    // Each batch after the first is built while the server works on the one before
    // (pushBatch): its rows are read before that answer is applied, which writes only the
    // answered rows, unless it links tracks to the account's (then it is built again).
    std::optional<CheckpointHold> held;
    QList<Pending *> first;
    Built built;
    if (Status sent = sendFirstTracks(size, first, built); !sent)
        return sent;
    if (!first.isEmpty())
        held.emplace(m_local);
    const Status loaded = loadOutbox();
    QList<Pending *> rows;
    QList<Pending *> plays;
    if (loaded)
        sortPending(first, rows, plays);
    QList<QList<Pending *>> batches;
    if (!first.isEmpty())
        batches << first;
    for (qsizetype i = 0; i < rows.size(); i += size)
        batches << rows.mid(i, size);
    m_total = int(first.size() + rows.size());
    if (!loaded) {
        if (!first.isEmpty()) { // that batch went: its answer is recorded before the push stops
            Built none;
            if (Status pushed = pushBatch(first, built, nullptr, none); !pushed)
                return pushed;
        }
        return loaded;
    }
    if (batches.size() > 1 && !held)
        held.emplace(m_local);
    if (first.isEmpty() && !batches.isEmpty()) {
        Result<Built> made = buildBatch(batches.first());
        if (!made)
            return Failure{made.error()};
        built = std::move(*made);
    }
    for (qsizetype b = 0; b < batches.size(); ++b) {
        Built next;
        const Status pushed =
            pushBatch(batches[b], built, b + 1 < batches.size() ? &batches[b + 1] : nullptr, next);
        if (!pushed)
            return pushed;
        built = std::move(next);
    }
    // After the tracks: a track new on the server this sync has its row there now.
    if (m_listening)
        for (qsizetype i = 0; i < plays.size(); i += size)
            if (Status sent = pushPlays(plays.mid(i, size)); !sent)
                return sent;
    return dropOrphans();
}

// This device's own counts of each track, absolute (docs/SERVER-API.md "Push plays"): a
// replay, or a push sent again after a crash lost its answer, stores the same numbers.
Status SyncPush::pushPlays(const QList<Pending *> &batch)
{
    const Result<QHash<QString, OwnTally>> own = PlayTallies::own(m_local, idsOf(batch));
    if (!own)
        return Failure{QCoreApplication::translate("ekn::SyncPush",
                                                   "cannot read this library's changes to send: %1")
                           .arg(own.error())};
    QJsonArray elements;
    for (const Pending *p : batch) {
        const auto t = own->constFind(p->id);
        if (t == own->constEnd())
            continue; // the track is gone here (merged into another): nothing to send
        elements.append(QJsonObject{
            {QStringLiteral("id"), p->id},
            {QStringLiteral("plays"), t->plays},
            {QStringLiteral("skips"), t->skips},
            {QStringLiteral("last_played"),
             t->lastPlayed.isEmpty() ? QJsonValue() : QJsonValue(t->lastPlayed)}});
    }
    QHash<QString, QString> outcome; // track id -> outcome; absent: nothing was sent
    if (!elements.isEmpty()) {
        const ApiAnswer r = m_remote.call(
            QStringLiteral(R"sql(SELECT id, outcome, detail::text
                           FROM api.push_plays($1, %1, NULLIF($2, '')::uuid,
                           $3::uuid, $4::jsonb))sql")
                .arg(RemoteSession::kApiVersion),
            {m_remote.serverEpoch(), m_device, jsonText(elements)});
        if (!r.ok)
            return Failure{r.failure}; // nothing stored: the outbox keeps them all
        for (const QStringList &row : r.rows) {
            outcome.insert(row.value(0), row.value(1));
            if (row.value(1) != QLatin1String("stored"))
                qCInfo(lcSync) << "plays of track" << row.value(0) << "not stored yet:" << row.value(2);
        }
    }
    return applyPlaysAnswer(batch, outcome);
}

// Stored (or nothing to send): the outbox rows go. Refused: they stay while the track is not
// on the server yet (its push waits for a retry), so its plays go with a later sync.
Status SyncPush::applyPlaysAnswer(const QList<Pending *> &batch,
                                  const QHash<QString, QString> &outcome)
{
    const Result<QHash<QString, QJsonObject>> read = localRows(m_local,
                                                               QStringLiteral(R"sql(SELECT id, sync_version
                                  FROM music_tracks
                                  WHERE id IN (%1) AND sync_version IS NOT NULL)sql"),
                                                               idsOf(batch));
    if (!read)
        return Failure{read.error()};
    const QHash<QString, QJsonObject> &onServer = *read;
    QList<qint64> leaving;
    for (const Pending *p : batch) {
        const auto o = outcome.constFind(p->id);
        if (o == outcome.constEnd() || *o == QLatin1String("stored") || onServer.contains(p->id))
            leaving += p->outboxIds;
        if (o != outcome.constEnd() && *o == QLatin1String("stored"))
            ++m_pushed;
    }
    QSqlQuery del(m_local);
    if (!leaving.isEmpty() &&
        !del.exec(QStringLiteral("DELETE FROM outbox WHERE id IN (%1)").arg(joinIds(leaving))))
        return Failure{QStringLiteral("cannot clear the outbox: ") + del.lastError().text()};
    return Done{};
}

Status SyncPush::dropOrphans()
{
    if (m_orphans.isEmpty())
        return Done{};
    QSqlQuery d(m_local);
    if (!d.exec(QStringLiteral("DELETE FROM outbox WHERE id IN (%1)").arg(joinIds(m_orphans))))
        return Failure{QStringLiteral("cannot clear the outbox: ") + d.lastError().text()};
    return Done{};
}

// Sends `built` (the rows of `batch`) unless it went already, builds the `following` batch
// into `next` while the server works, then applies the answer. A following batch that cannot
// be read stops the push after this one's answer is recorded, as it did when it was read
// afterwards.
Status SyncPush::pushBatch(const QList<Pending *> &batch, const Built &built,
                           const QList<Pending *> *following, Built &next)
{
    const bool named = m_remote.serverSchemaVersion() >= kPushAnswersSchema;
    QString pushId = built.pushId;
    if (!built.early) {
        pushId = named ? newLibraryId() : QString();
        if (const Status sent = sendPush(built.text, pushId); !sent)
            return sent; // nothing stored: the whole batch stays in the outbox
    }
    QString nextError;
    if (following) {
        if (Result<Built> read = buildBatch(*following); read)
            next = std::move(*read);
        else
            nextError = read.error();
    }
    ApiAnswer r = m_remote.callReceive();
    // A push the server stored, whose answer never reached this library: its conflicts are
    // logged first (they would be lost: sent again, the batch conflicts with nothing). Again
    // when another process of this library pushed in between (a few times, then an error).
    for (int taken = 0; !r.ok && named && r.sqlState == QLatin1String("EK412") && taken < 3; ++taken) {
        if (Status taken = takeLostAnswers(); !taken)
            return taken;
        pushId = newLibraryId();
        r = callPush(built.text, pushId);
    }
    if (!r.ok)
        return Failure{r.failure}; // nothing stored: the whole batch stays in the outbox
    // An answer that stored every row as it was sent (no conflict, refusal, retry, link or
    // note) leaves nothing the next batch depends on: the next call goes now, and this answer
    // is recorded while the server works on it (the record of a first push's 2000 rows took
    // ~20-45 ms a batch). It names the last push recorded before this one as answered: this
    // one keeps no conflicts on the server (api.push_once), so nothing is held against it, and
    // a library killed before recording both sends their rows again, as when an answer is lost.
    // Any other answer is recorded first, and the next batch read again if it linked tracks.
    // The answer comes as libpq holds it (sendPush): the next call goes before it is converted.
    if (following && nextError.isEmpty() && storedAsSent(built, r)) {
        next.pushId = named ? newLibraryId() : QString();
        if (const Status sent = sendPush(next.text, next.pushId); sent)
            next.early = true;
        else
            nextError = sent.error(); // nothing stored: that batch stays in the outbox
    }
    if (Status applied = applyAnswer(batch, textRows(r), built.sent, pushId); !applied) {
        if (next.early)
            m_remote.callReceive(); // its rows stay in the outbox; sent again, they store the same
        return applied;
    }
    if (!nextError.isEmpty())
        return Failure{nextError};
    if (following && m_linked) { // the answer merged local tracks: read the next rows again
        Result<Built> again = buildBatch(*following);
        if (!again)
            return Failure{again.error()};
        next = std::move(*again);
    }
    return Done{};
}

// Every row of the batch answered "stored" with no detail (read as libpq holds the answer).
bool SyncPush::storedAsSent(const Built &built, const PgResult &answer)
{
    if (!answer.raw || answer.raw->count() != built.sent.size())
        return false;
    const PgRows &rows = *answer.raw;
    for (int i = 0; i < rows.count(); ++i)
        if (qstrcmp(rows.data(i, 2), "stored") != 0 || rows.size(i, 3) == 0 ||
            (rows.size(i, 4) != 0 && qstrcmp(rows.data(i, 4), "{}") != 0) ||
            !built.sent.contains(QString::fromLatin1(rows.data(i, 0), rows.size(i, 0))))
            return false;
    return true;
}

// An answer's rows as text (the push's answers come as libpq holds them: sendPush).
QList<QStringList> SyncPush::textRows(const PgResult &answer)
{
    if (!answer.raw)
        return answer.rows;
    const PgRows &rows = *answer.raw;
    const int columns = int(answer.columns.size());
    QList<QStringList> out;
    out.reserve(rows.count());
    for (int i = 0; i < rows.count(); ++i) {
        QStringList row;
        row.reserve(columns);
        for (int c = 0; c < columns; ++c)
            row << rows.text(i, c);
        out << row;
    }
    return out;
}

namespace {

// The statement of one push call and its parameters after the token; with a push id,
// api.push_once (025), which keeps the answer's conflicts until this library has recorded them.
QString pushStatement(bool named)
{
    if (!named)
        return QStringLiteral(R"sql(SELECT id, kind, outcome, version, detail::text AS detail
                              FROM api.push($1, %1, NULLIF($2, '')::uuid, $3::uuid, $4::jsonb))sql")
            .arg(RemoteSession::kApiVersion);
    return QStringLiteral(R"sql(SELECT id, kind, outcome, version, detail::text AS detail
                          FROM api.push_once($1, %1, NULLIF($2, '')::uuid, $3::uuid, $4::uuid,
                          NULLIF($5, '')::uuid, $6::jsonb))sql")
        .arg(RemoteSession::kApiVersion);
}

} // namespace

// One push call, its answer's rows as libpq holds them (as every push answer: storedAsSent).
ApiAnswer SyncPush::callPush(const QString &elements, const QString &pushId)
{
    if (const Status sent = sendPush(elements, pushId); !sent) {
        ApiAnswer failed;
        failed.failure = sent.error();
        return failed;
    }
    return m_remote.callReceive();
}

// callPush in two halves: this sends, RemoteSession::callReceive takes the answer, whose rows
// stay as libpq holds them until the next call is on its way (pushBatch, textRows).
Status SyncPush::sendPush(const QString &elements, const QString &pushId)
{
    if (pushId.isEmpty())
        return m_remote.callSend(pushStatement(false), {m_remote.serverEpoch(), m_device, elements}, PgRowsAs::Raw);
    return m_remote.callSend(pushStatement(true), {m_remote.serverEpoch(), m_device, pushId, m_answered, elements},
                             PgRowsAs::Raw);
}

} // namespace ekn
