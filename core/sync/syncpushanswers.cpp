#include "sync/syncpush.h"

#include "common/logging.h"
#include "library/trackmerger.h"
#include "library/writetransaction.h"
#include "sync/remotesession.h"
#include "sync/syncvalues.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <map>

// SyncPush, second half: what the server answered, applied to the library (outbox, synced
// versions, conflict log), and the answers of pushes this library never recorded (025).
namespace ekn {

namespace {

// The conflict log entry of one field the server reports as changed on both sides.
Conflict conflictEntry(const SyncPush::Pending &p, const QString &field, const QJsonObject &server,
                       const QJsonObject &sent, const QJsonObject &detail)
{
    Conflict c;
    c.table = p.table;
    c.rowId = p.id;
    c.field = field;
    const QJsonObject fields = sent.value(QLatin1String("fields")).toObject();
    const QJsonValue theirs = server.value(QLatin1String("server"));
    const QJsonValue sentDelete = fields.value(QLatin1String("deleted_at"));
    if (field == QLatin1String("deleted_at") && sentDelete.isString() && theirs.isNull()) {
        // Deleted here, restored on another device since: this later delete won (022), and
        // the restore is what the log keeps - restoring it brings the row back everywhere.
        c.winnerValue = jsonText(sentDelete);
        c.lostValue = jsonText(theirs);
        c.lostFrom = QStringLiteral("server");
        c.reason = QCoreApplication::translate(
            "ekn::SyncPush", "deleted on this device but restored on another: this device's "
                             "delete was synced later and wins (restore it to get it back)");
        return c;
    }
    if (field == QLatin1String("deleted_at")) {
        c.winnerValue = jsonText(theirs);
        c.lostValue = jsonText(sentDelete.isUndefined() ? QJsonValue(QJsonValue::Null) : sentDelete);
        c.lostFrom = QStringLiteral("device");
        c.reason = QCoreApplication::translate(
            "ekn::SyncPush", "edited or restored on this device but deleted on another: the "
                             "delete wins; the edit is kept on the deleted row (restore it to get "
                             "it back)");
        return c;
    }
    QJsonValue mine = fields.value(field);
    if (field == QLatin1String("entries"))
        mine = detail.value(QLatin1String("entries"));
    else if (field.startsWith(QLatin1String("metadata.")))
        mine = fields.value(QLatin1String("metadata")).toObject().value(field.mid(9));
    c.winnerValue = jsonText(mine.isUndefined() ? QJsonValue(QJsonValue::Null) : mine);
    c.lostValue = jsonText(theirs);
    c.lostFrom = QStringLiteral("server");
    c.reason = field == QLatin1String("entries")
                   ? QCoreApplication::translate(
                         "ekn::SyncPush",
                         "the playlist was reordered on this device and on another: this "
                         "device's order was synced later and wins (tracks added or removed "
                         "elsewhere were merged)")
                   : QCoreApplication::translate(
                         "ekn::SyncPush", "changed on this device and on another since the last "
                                          "sync: this device's value was synced later and wins");
    return c;
}

// A row the server refused, set aside with what was sent and why; restoring it sends it again.
Conflict setAsideEntry(const SyncPush::Pending &p, const QJsonObject &sent, const QString &reason)
{
    Conflict c;
    c.table = p.table;
    c.rowId = p.id;
    c.field = QStringLiteral("*");
    c.lostValue = jsonText(sent.value(QLatin1String("fields")));
    c.lostFrom = QStringLiteral("device");
    c.reason = QCoreApplication::translate("ekn::SyncPush",
                                           "the server refused this change, which stays on this "
                                           "device only until it is sent again: %1")
                   .arg(reason);
    return c;
}

// The answered rows' bases move to the versions the server now holds: one statement per table
// for the whole batch ([[id, version], ...] as one JSON parameter, made as text: the ids are
// UUIDs the server answered), where one UPDATE per row cost a tenth of a first push's client
// time.
Status recordVersionsIn(QSqlDatabase &db, const QString &table, const QString &versions)
{
    QSqlQuery q(db);
    const bool ok = q.prepare(QStringLiteral(R"sql(UPDATE %1 SET sync_version = v.version
                                       FROM (SELECT json_extract(value, '$[0]') AS id,
                                       json_extract(value, '$[1]') AS version FROM json_each(?)) v
                                       WHERE %1.id = v.id)sql")
                            .arg(table));
    q.addBindValue(QString(QLatin1Char('[') + versions + QLatin1Char(']')));
    if (!ok || !q.exec())
        return Failure{QStringLiteral("cannot record the synced version: ") + q.lastError().text()};
    return Done{};
}

// One ["id",version] of recordVersionsIn's list.
void addVersion(QString &list, const QString &id, qint64 version)
{
    list += (list.isEmpty() ? QStringLiteral("[\"") : QStringLiteral(",[\"")) + id + QStringLiteral("\",") +
            QString::number(version) + QLatin1Char(']');
}

} // namespace

// The conflicts of pushes the server stored but whose answers this library never recorded
// (docs/SERVER-API.md "Push answers"): logged, and the last of those pushes recorded as
// answered, in one local transaction; the server forgets them at the next push.
Status SyncPush::takeLostAnswers()
{
    const ApiAnswer r = m_remote.call(
        QStringLiteral(R"sql(SELECT push_id, id, kind, detail::text AS detail, sent::text AS sent
                       FROM api.push_answers($1, %1, $2::uuid, NULLIF($3, '')::uuid))sql")
            .arg(RemoteSession::kApiVersion),
        {m_device, m_answered});
    if (!r.ok)
        return Failure{r.failure};
    static const QStringList tables = {QString(), QStringLiteral("music_tracks"),
                                       QStringLiteral("track_metadata"), QStringLiteral("playlists")};
    QList<Conflict> logged;
    QString last = m_answered;
    for (const QStringList &row : r.rows) {
        Pending p;
        p.id = row.value(1);
        p.table = tables.value(row.value(2).toInt());
        const QJsonObject detail = QJsonDocument::fromJson(row.value(3).toUtf8()).object();
        const QJsonObject sent = QJsonDocument::fromJson(row.value(4).toUtf8()).object();
        const QJsonObject fields = detail.value(QLatin1String("fields")).toObject();
        // Only the other devices' values that lost: a value of this device that lost (an edit
        // of a row deleted elsewhere) loses again when the batch goes again, and is logged then.
        for (auto it = fields.begin(); it != fields.end(); ++it)
            if (const Conflict c = conflictEntry(p, it.key(), it.value().toObject(), sent, detail);
                c.lostFrom == QLatin1String("server"))
                logged << c;
        last = row.value(0);
    }
    Result<WriteTransaction> tx = WriteTransaction::begin(m_local);
    if (!tx)
        return Failure{QStringLiteral("cannot record what the server stored: ") + tx.error()};
    for (const Conflict &c : std::as_const(logged))
        if (const Status written = ConflictLog::record(m_local, c); !written)
            return written;
    if (Status recorded = recordAnswered(last); !recorded)
        return recorded;
    if (const Status committed = tx->commit(); !committed)
        return Failure{QStringLiteral("cannot commit locally: ") + committed.error()};
    m_answered = last;
    m_conflicts += int(logged.size());
    qCInfo(lcSync) << "logged" << logged.size() << "conflicts of a push whose answer was lost";
    return Done{};
}

Status SyncPush::recordVersions(const std::map<QString, QString> &versions)
{
    for (const auto &[table, list] : versions)
        if (const Status recorded = recordVersionsIn(m_local, table, list); !recorded)
            return recorded;
    return Done{};
}

// Inside the transaction that applies an answer: the server may forget it (025).
Status SyncPush::recordAnswered(const QString &pushId)
{
    if (pushId.isEmpty())
        return Done{};
    QSqlQuery q(m_local);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('push_answered', ?)"));
    q.addBindValue(pushId);
    if (q.exec())
        return Done{};
    return Failure{QStringLiteral("cannot write the sync state: ") + q.lastError().text()};
}

// The account tracks the server named for new tracks of the same audio: the ones this
// library holds take their never-synced copies in now (TrackMerger::linkByAudioHash, as a
// first pull does); the others are linked by the pull that follows the push.
Status SyncPush::linkSameAudio(const QStringList &accountTracks)
{
    m_linked = false;
    QSqlQuery here(m_local);
    here.prepare(QStringLiteral("SELECT 1 FROM music_tracks WHERE id = ? AND sync_version IS NOT NULL"));
    for (const QString &id : accountTracks) {
        here.addBindValue(id);
        if (!here.exec())
            return Failure{QStringLiteral("cannot read the library's tracks: ") +
                           here.lastError().text()};
        const bool held = here.next();
        here.finish();
        if (!held)
            continue;
        const Result<QStringList> linked = TrackMerger::linkByAudioHash(m_local, id);
        if (!linked)
            return Failure{
                QStringLiteral("cannot link a track to the account's track of the same audio: ") +
                linked.error()};
        qCDebug(lcSync) << "linked" << *linked << "to the account's track" << id;
        m_linked = m_linked || !linked->isEmpty();
    }
    return Done{};
}

// A playlist's entry list as the server stored it: the base of its next three-way merge.
Status SyncPush::recordSyncedEntries(const QString &playlistId, const QJsonValue &entries)
{
    QSqlQuery base(m_local);
    base.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_playlist_base (playlist_id, track_ids) VALUES (?, ?)"));
    base.addBindValue(playlistId);
    base.addBindValue(jsonText(entries));
    if (!base.exec())
        return Failure{QStringLiteral("cannot record a playlist's synced entries: ") +
                       base.lastError().text()};
    return Done{};
}

// The outbox rows an answer settled go; its conflicts and refusals go to the log (in the
// answer's transaction: both or neither).
Status SyncPush::clearOutboxAndLog(const QList<qint64> &leaving, const QList<Conflict> &logged)
{
    QSqlQuery del(m_local);
    if (!leaving.isEmpty() && !del.exec(QStringLiteral("DELETE FROM outbox WHERE id IN (%1)").arg(joinIds(leaving))))
        return Failure{QStringLiteral("cannot clear the outbox: ") + del.lastError().text()};
    for (const Conflict &c : logged)
        if (const Status written = ConflictLog::record(m_local, c); !written)
            return written;
    return Done{};
}

// An answer's writes, in its transaction, each stopping the rest: the answered rows' new
// bases, the tracks linked to the account's, the push recorded as answered, the outbox rows
// that go and the conflict log's new entries.
Status SyncPush::writeAnswer(const std::map<QString, QString> &versions,
                             const QStringList &sameAudio, const QString &pushId,
                             const QList<qint64> &leaving, const QList<Conflict> &logged)
{
    if (Status recorded = recordVersions(versions); !recorded)
        return recorded;
    if (Status linked = linkSameAudio(sameAudio); !linked)
        return linked;
    if (Status answered = recordAnswered(pushId); !answered)
        return answered;
    return clearOutboxAndLog(leaving, logged);
}

Status SyncPush::applyAnswer(const QList<Pending *> &batch, const QList<QStringList> &answer,
                             const QHash<QString, QByteArray> &sent, const QString &pushId)
{
    QHash<QString, const QStringList *> byId; // id, kind, outcome, version, detail
    for (const QStringList &row : answer)
        byId.insert(row.value(0), &row);
    Result<WriteTransaction> tx = WriteTransaction::begin(m_local);
    if (!tx)
        return Failure{QStringLiteral("cannot record what the server stored: ") + tx.error()};
    QList<qint64> leaving;
    QList<Conflict> logged;
    std::map<QString, QString> versions; // table -> ["id",version],...
    int stored = 0, conflicts = 0, setAside = 0, retrying = 0;
    QStringList sameAudio; // account tracks that new tracks of this batch are the audio of
    for (const Pending *p : batch) {
        const QStringList *a = sent.contains(p->id) ? byId.value(p->id) : nullptr;
        if (!sent.contains(p->id)) {
            leaving += p->outboxIds; // nothing left here to send
            continue;
        }
        const QString outcome = a ? a->value(2) : QStringLiteral("retry");
        // Most answers have no detail ("{}": stored as sent); only the others are parsed.
        const QString detailText = a ? a->value(4) : QString();
        const QJsonObject detail = detailText.isEmpty() || detailText == QLatin1String("{}")
                                       ? QJsonObject()
                                       : QJsonDocument::fromJson(detailText.toUtf8()).object();
        if (outcome == QLatin1String("retry")) {
            // a new track whose audio the account has (020): linked below or by the next pull
            if (const QString same = detail.value(QLatin1String("track")).toString(); !same.isEmpty())
                sameAudio << same;
            else
                ++retrying;
            continue; // stays in the outbox (until linked)
        }
        leaving += p->outboxIds;
        if (outcome != QLatin1String("stored") && outcome != QLatin1String("conflict")) {
            ++setAside;
            logged << setAsideEntry(*p, QJsonDocument::fromJson(sent.value(p->id)).object(),
                                    detail.value(QLatin1String("reason")).toString(outcome));
            continue;
        }
        ++stored;
        if (!a->value(3).isEmpty())
            addVersion(versions[p->table], p->id, a->value(3).toLongLong());
        // No version: the server's row holds changes this device has not pulled (024), and so
        // does its entry list; the synced base stays until the pull brings both.
        if (detail.contains(QLatin1String("entries")) && !a->value(3).isEmpty())
            if (Status recorded =
                    recordSyncedEntries(p->id, detail.value(QLatin1String("entries")));
                !recorded)
                return recorded;
        const QJsonObject fields = detail.value(QLatin1String("fields")).toObject();
        if (fields.isEmpty())
            continue;
        const QJsonObject element = QJsonDocument::fromJson(sent.value(p->id)).object();
        for (auto it = fields.begin(); it != fields.end(); ++it, ++conflicts)
            logged << conflictEntry(*p, it.key(), it.value().toObject(), element, detail);
    }
    if (Status written = writeAnswer(versions, sameAudio, pushId, leaving, logged); !written)
        return written;
    if (const Status committed = tx->commit(); !committed)
        return Failure{QStringLiteral("cannot commit locally: ") + committed.error()};
    if (!pushId.isEmpty())
        m_answered = pushId;
    for (const Conflict &c : std::as_const(logged))
        if (c.field == QLatin1String("*"))
            qCWarning(lcSync) << "server refused" << c.table << c.rowId << ":" << c.reason;
    m_pushed += stored + int(sameAudio.size()); // the music of a linked track is on the server
    m_conflicts += conflicts;
    m_setAside += setAside;
    m_retrying += retrying;
    if (progress)
        progress(m_pushed + m_setAside + m_retrying, m_total);
    return Done{};
}

} // namespace ekn
