#pragma once

#include "remote/pgparams.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <memory>

namespace ekn {

class AccountClient;
class UserTransaction;

// The sync thread's side of the server: the account's connection, one user transaction at a
// time (token set first, checked, refreshed and retried when it expired mid-sync), statements
// with protocol-level parameters, and a round-trip count. Not thread-safe: one per sync thread.
class RemoteSession
{
public:
    explicit RemoteSession(AccountClient &account);
    ~RemoteSession();

    // The server API version this build speaks (docs/SERVER-API.md).
    static constexpr int kApiVersion = 2;

    // Connects (or reuses the connection) and asks api.server_info whether the server speaks
    // this build's API (one round trip). False with error(): retryable() when the server could
    // not be reached; a server without the API, or one that does not speak this version, is
    // refused with a sentence that says which side needs an update.
    bool connect();
    // What connect() learnt: the server's schema version and sync epoch (a new epoch means the
    // sync counters were reset).
    int serverSchemaVersion() const { return m_schema; }
    QString serverEpoch() const { return m_epoch; }
    // This device's id, sent with every user transaction (`eknmusic.device`) so that the rows
    // it writes are marked as its own and its pulls skip them.
    void setDevice(const QString &deviceId) { m_device = deviceId; }
    QString device() const { return m_device; }

    // BEGIN + token + a check that the token is still accepted; an expired access token is
    // refreshed once and the transaction started again. False with error().
    bool begin();
    bool commit();
    void rollback();
    bool inTransaction() const { return m_tx != nullptr; }

    // One statement inside the current transaction. On failure error() is set; a failed
    // statement aborts the transaction (the caller rolls back).
    PgResult exec(const QString &sql, const QStringList &params = {});
    // exec() in two halves: send() returns at once and the server works on the statement while
    // the caller does something else; receive() waits for the answer. In between only
    // receive() (or rollback(), which waits for it first) may use the session.
    bool send(const QString &sql, const QStringList &params = {});
    PgResult receive();

    // One API call (docs/SERVER-API.md): one statement in its own server transaction, no
    // BEGIN/COMMIT, so one round trip. `sql` names the access token as $1 and the caller's
    // params as $2, $3, ...; call() passes the token itself. An answer with SQLSTATE EK401
    // (token expired or revoked) refreshes the session once and calls again. On failure
    // error() is set and retryable() tells a transient error (by SQLSTATE) from a refusal.
    PgResult call(const QString &sql, const QStringList &params = {});
    // Is this SQLSTATE one that only delays (serialization, deadlock, lock timeout, cancel,
    // resources, connection)? An empty state is a connection libpq lost.
    static bool isTransient(const QString &sqlState);

    QString error() const { return m_error; }
    bool retryable() const { return m_retryable; }
    int roundTrips() const { return m_roundTrips; }
    // Time spent waiting for statements (exec) so far, for the sync debug log and the bench.
    qint64 serverMs() const { return m_serverNs / 1000000; }
    QString userId() const { return m_userId; }

private:
    bool fail(const QString &message, bool retryable);
    bool refusedServerInfo(const PgResult &r);
    PgResult checked(const PgResult &r); // counts the round trip; a failure sets error()

    AccountClient &m_account;
    QSqlDatabase m_db;
    std::unique_ptr<UserTransaction> m_tx;
    QString m_error;
    QString m_userId;
    bool m_retryable = false;
    int m_roundTrips = 0;
    int m_schema = -1;
    QString m_epoch;
    QString m_device;
    qint64 m_serverNs = 0;
    bool m_sent = false; // a statement was sent and its answer not read yet
};

} // namespace ekn
