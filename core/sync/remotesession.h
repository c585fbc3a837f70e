#pragma once

#include "common/result.h"
#include "remote/pgparams.h"
#include "remote/serverconnection.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <memory>

namespace ekn {

class AccountClient;

// The answer to one API call (RemoteSession::call): the server's rows, or, when !ok, why not:
// the server's SQLSTATE and message (PgResult's sqlState and error) for the callers that branch
// on them, and `failure`, the sentence for a person ("lost the connection to the server: ...",
// "signed out: ...").
struct ApiAnswer : PgResult
{
    QString failure; // empty when ok
};

// The sync thread's side of the server: the account's connection, API calls (one statement
// each, the token as a protocol-level parameter, refreshed once when it expired mid-sync) and a
// round-trip count. Not thread-safe: one per sync thread.
class RemoteSession
{
public:
    explicit RemoteSession(AccountClient &account);
    ~RemoteSession();

    // Calls go to `server` (a read-only standby for pulls, docs/SCALING.md) with the account's
    // token, instead of the account's own server; its connection is kept for the next session
    // of this account on this thread. Call before connect().
    void useServer(const ServerConnection &server);

    // The server API version this build speaks (docs/SERVER-API.md).
    static constexpr int kApiVersion = 2;

    // Connects (or reuses the connection) and asks api.server_info whether the server speaks
    // this build's API (one round trip). Fails with retryable() when the server could not be
    // reached; a server without the API, or one that does not speak this version, is refused
    // with a sentence that says which side needs an update.
    Status connect();
    // Connects (or reuses the connection) without asking api.server_info, for a sync whose
    // only call is api.pull, which checks the API version and the epoch itself: the caller
    // passes the schema version and epoch its last connect() learnt. The first call is the
    // probe: a connection that was lost, or a server that refuses this API, gets a full
    // connect() and the call is made once more (the refusal's sentence is connect()'s).
    Status connectKnown(int schemaVersion, const QString &epoch);
    // What connect() learnt: the server's schema version and sync epoch (a new epoch means the
    // sync counters were reset).
    int serverSchemaVersion() const { return m_schema; }
    QString serverEpoch() const { return m_epoch; }
    // This device's id, sent with every user transaction (`eknmusic.device`) so that the rows
    // it writes are marked as its own and its pulls skip them.
    void setDevice(const QString &deviceId) { m_device = deviceId; }
    QString device() const { return m_device; }

    // One API call (docs/SERVER-API.md): one statement in its own server transaction, no
    // BEGIN/COMMIT, so one round trip. `sql` names the access token as $1 and the caller's
    // params as $2, $3, ...; call() passes the token itself. An answer with SQLSTATE EK401
    // (token expired or revoked) refreshes the session once and calls again. On failure the
    // answer says why and retryable() tells a transient error (by SQLSTATE) from a refusal.
    ApiAnswer call(const QString &sql, const QStringList &params = {});
    // call() in two halves, like send()/receive(): the server works on the call while the
    // caller does something else (pull applies one page while the next is built). An EK401
    // answer is refreshed and called again, synchronously, by callReceive(). `as`: the
    // answer's rows as QString, or as libpq holds them (PgResult::raw).
    Status callSend(const QString &sql, const QStringList &params = {},
                    PgRowsAs as = PgRowsAs::Text);
    ApiAnswer callReceive();
    // Is this SQLSTATE one that only delays (serialization, deadlock, lock timeout, cancel,
    // resources, connection)? An empty state is a connection libpq lost.
    static bool isTransient(const QString &sqlState);

    // Whether the last connect or call failed on something that only delays (false after one
    // that worked): a sync that stopped on it is tried again with backoff. Kept here rather
    // than in each answer because the push and the pull report their failures as a Status
    // (a local one among them), and the synchronizer asks the session both of them used.
    bool retryable() const { return m_retryable; }
    int roundTrips() const { return m_roundTrips; }
    // Time spent waiting for statements (exec) so far, for the sync debug log and the bench.
    qint64 serverMs() const { return m_serverNs / 1000000; }

private:
    // The failure to answer; notes whether it only delays (retryable()).
    Failure fail(const QString &message, bool retryable);
    static ApiAnswer failedAnswer(const PgResult &r, const QString &sentence);
    Status reach();
    ApiAnswer callAs(const QString &sql, const QStringList &params, PgRowsAs as);
    ApiAnswer callOnce(const QString &sql, const QStringList &params, PgRowsAs as);
    Result<bool> probeAgain(const PgResult &r);
    Failure refusedServerInfo(const PgResult &r);
    ApiAnswer failedCall(const PgResult &r);
    Result<QSqlDatabase> openReadServer();

    AccountClient &m_account;
    std::unique_ptr<ServerConnection> m_server; // null: the account's server
    QSqlDatabase m_db;
    bool m_retryable = false;
    int m_roundTrips = 0;
    int m_schema = -1;
    QString m_epoch;
    QString m_device;
    qint64 m_serverNs = 0;
    bool m_sent = false; // a statement was sent and its answer not read yet
    bool m_unprobed = false; // connectKnown(): no call has reached the server yet
    QString m_callSql;   // the call on its way (callSend), for callReceive's retry
    QStringList m_callParams;
    PgRowsAs m_callAs = PgRowsAs::Text;
};

} // namespace ekn
