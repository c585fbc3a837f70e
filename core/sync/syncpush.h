#pragma once

#include "common/result.h"
#include "library/outbox.h"
#include "remote/pgparams.h"
#include "sync/conflictlog.h"
#include "sync/remotesession.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <map>

namespace ekn {

// Push: the outbox, coalesced per row (the union of the changed fields, values taken from the
// row as it is now), sent through api.push (docs/SERVER-API.md), one call per batch of rows of
// any kind, tracks first. The server merges each row against the version this device's edit
// was based on and answers per row:
//   stored   -> the row's outbox entries go and its base moves to the new version (when the
//               server answers one: a row that holds other devices' changes this device has
//               not pulled keeps its base until the pull brings it, 024);
//   conflict -> the same, and the server's values that lost go to the conflict log;
//   refused  -> set aside: its outbox entries go, and the conflict log holds the row with the
//               server's reason, from where it can be sent again (ConflictLog::restore);
//   retry    -> stays in the outbox for the next sync.
// Plays and skips (outbox table track_play_tallies) go after the rows, through api.push_plays,
// as this device's absolute counts per track.
// With the server's 025 each call names itself (a new push id, api.push_once) and the last push
// whose answer this library recorded (sync_state 'push_answered', written in the transaction
// that applies an answer). The server keeps a push's conflicts until the device has recorded
// them: when an answer was lost (killed, library locked, connection dropped after the commit)
// the next push is refused with EK412, and the conflicts are fetched (api.push_answers) and
// logged before the batch goes again.
// A call that fails as a whole leaves the batch in the outbox; run()'s failure says why and the
// session's retryable() tells a transient failure (retry with backoff) from a permanent one. A
// failed local read stops the push with an error before anything is sent.
class SyncPush
{
public:
    SyncPush(QSqlDatabase local, RemoteSession &remote);

    static constexpr int kMaxBatch = 2000; // the server's limit per call
    // The server schema with ratings and per-device play counts (migrations/versions/016).
    static constexpr int kListeningSchema = 16;
    // The server schema that keeps a push's conflicts until the device took them (025).
    static constexpr int kPushAnswersSchema = 25;

    // Rows per api.push call. The server's limit: a first push of 10,000 tracks and their tag
    // rows costs a quarter less server CPU in 2000-row calls than in 500-row ones (fewer token
    // checks, plans and passes; docs/SCALING.md), and a call holds the account's sync counter
    // for well under lock_timeout (3 s), which is what another device's push of the same
    // account waits for.
    int batchSize = kMaxBatch;
    std::function<void(int done, int total)> progress;

    // The figures below count what was done, also when the push stopped on a failure.
    Status run();
    int pushed() const { return m_pushed; }       // rows the server stored (conflicts included)
    int conflicts() const { return m_conflicts; } // values that lost and were logged
    int setAside() const { return m_setAside; }   // rows the server refused
    int retrying() const { return m_retrying; }   // rows left in the outbox for the next sync

    // One row's pending change, coalesced (Outbox::read).
    using Pending = OutboxChange;

private:
    enum Kind { Tracks = 1, Metadata = 2, Playlists = 3 };
    static int kindOf(const QString &table);
    static QStringList idsOf(const QList<Pending *> &rows);
    static QString idList(const QStringList &ids);
    // Local rows by their first column: column name -> JSON value (recordToJson). A failed
    // read is an error, never an empty result: it would look like rows deleted here.
    static Result<QHash<QString, QJsonObject>> localRows(QSqlDatabase &db, const QString &sql, const QStringList &ids);

    Status loadOutbox();
    Status loadDeviceId();
    void sortPending(const QList<Pending *> &sent, QList<Pending *> &rows, QList<Pending *> &plays);
    // A batch ready to go (made before the call is sent, while the server works on the call
    // before it): its JSON text, and each row's element as sent, which the answer reads back
    // only for the rows that conflict or are refused.
    struct Built
    {
        QByteArray json;                 // the batch's elements, comma-separated, while built
        QString text;                    // the batch: a JSON array
        QHash<QString, QByteArray> sent; // id -> its element's JSON text
        bool early = false;              // sent already (pushBatch), as pushId
        QString pushId;
        void add(const QString &id, QByteArray element);
    };
    static bool storedAsSent(const Built &built, const PgResult &answer);
    static QList<QStringList> textRows(const PgResult &answer);
    Status sendFirstTracks(int size, QList<Pending *> &first, Built &built);
    Status pushBatch(const QList<Pending *> &batch, const Built &built,
                     const QList<Pending *> *following, Built &next);
    ApiAnswer callPush(const QString &elements, const QString &pushId);
    Status sendPush(const QString &elements, const QString &pushId);
    Status takeLostAnswers();
    Result<Built> buildBatch(const QList<Pending *> &batch);
    Status addTracks(const QList<Pending *> &rows, Built &out);
    Status addMetadata(const QList<Pending *> &rows, Built &out);
    Status addPlaylists(const QList<Pending *> &rows, Built &out);
    Status pushPlays(const QList<Pending *> &batch);
    Status applyPlaysAnswer(const QList<Pending *> &batch, const QHash<QString, QString> &outcome);
    Status applyAnswer(const QList<Pending *> &batch, const QList<QStringList> &answer,
                       const QHash<QString, QByteArray> &sent, const QString &pushId);
    Status recordAnswered(const QString &pushId);
    Status recordSyncedEntries(const QString &playlistId, const QJsonValue &entries);
    Status clearOutboxAndLog(const QList<qint64> &leaving, const QList<Conflict> &logged);
    Status writeAnswer(const std::map<QString, QString> &versions, const QStringList &sameAudio,
                       const QString &pushId, const QList<qint64> &leaving,
                       const QList<Conflict> &logged);
    Status linkSameAudio(const QStringList &accountTracks);
    Status recordVersions(const std::map<QString, QString> &versions);
    Status dropOrphans();

    QSqlDatabase m_local;
    RemoteSession &m_remote;
    QString m_device;
    QString m_answered; // the last push whose answer this library recorded (025)
    QList<Pending> m_pending;
    QList<Pending> m_early; // the first batch of tracks, sent before m_pending was read
    QList<qint64> m_orphans; // outbox rows of entries that no longer exist anywhere
    int m_pushed = 0;
    int m_conflicts = 0;
    int m_setAside = 0;
    int m_retrying = 0;
    int m_total = 0;
    bool m_epochChanged = false;
    bool m_listening = false; // the server has 016: ratings and play counts go
    bool m_linked = false;    // the last answer linked local tracks to the account's (020)
};

} // namespace ekn
