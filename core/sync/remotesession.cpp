#include "sync/remotesession.h"

#include "account/accountclient.h"
#include "common/logging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

namespace ekn {

namespace {

bool isConnectionLoss(const PgResult &r)
{
    // 08xxx connection exceptions, 57P01-57P03 admin shutdown / crash / cannot connect now;
    // an empty state means libpq itself lost the connection.
    return r.sqlState.isEmpty() || r.sqlState.startsWith(QLatin1String("08")) ||
           r.sqlState.startsWith(QLatin1String("57P"));
}

} // namespace

bool RemoteSession::isTransient(const QString &s)
{
    static const QStringList exact = {QStringLiteral("40001"), QStringLiteral("40P01"),
                                      QStringLiteral("55P03"), QStringLiteral("57014")};
    return s.isEmpty() || exact.contains(s) || s.startsWith(QLatin1String("53")) ||
           s.startsWith(QLatin1String("08")) || s.startsWith(QLatin1String("57P")) ||
           s.startsWith(QLatin1String("58"));
}

// A failed answer: the server's state and message, and `sentence` for a person.
ApiAnswer RemoteSession::failedAnswer(const PgResult &r, const QString &sentence)
{
    ApiAnswer a;
    static_cast<PgResult &>(a) = r;
    a.ok = false;
    a.failure = sentence.isEmpty() ? (r.error.isEmpty() ? QStringLiteral("unknown error") : r.error) : sentence;
    return a;
}

ApiAnswer RemoteSession::call(const QString &sql, const QStringList &params)
{
    return callAs(sql, params, PgRowsAs::Text);
}

ApiAnswer RemoteSession::callAs(const QString &sql, const QStringList &params, PgRowsAs as)
{
    ApiAnswer r = callOnce(sql, params, as);
    if (r.ok || !m_unprobed) {
        m_unprobed = false;
        return r;
    }
    m_unprobed = false;
    const Result<bool> again = probeAgain(r);
    if (!again)
        return failedAnswer(r, again.error());
    return *again ? callOnce(sql, params, as) : r;
}

// After connectKnown(), the first call failed: a lost connection, or a server that does not
// (or no longer) speaks this API, gets the full connect() (which reconnects, or fails saying
// who must update what). True when the call should be made again.
Result<bool> RemoteSession::probeAgain(const PgResult &r)
{
    static const QStringList refusals = {QStringLiteral("EK426"), QStringLiteral("3F000"),
                                         QStringLiteral("42883"), QStringLiteral("42501")};
    if (!isConnectionLoss(r) && !refusals.contains(r.sqlState))
        return false;
    qCDebug(lcSync) << "first call without server info failed; connecting in full:" << r.error;
    m_db.close();
    if (Status connected = connect(); !connected)
        return Failure{connected.error()};
    return true;
}

ApiAnswer RemoteSession::callOnce(const QString &sql, const QStringList &params, PgRowsAs as)
{
    m_retryable = false;
    PgResult r;
    for (int attempt = 0; attempt < 2; ++attempt) {
        QStringList all{m_account.session().accessToken};
        all += params;
        QElapsedTimer timer;
        timer.start();
        r = PgParams::exec(m_db, sql, all, as);
        m_serverNs += timer.nsecsElapsed();
        ++m_roundTrips;
        if (r.ok)
            return ApiAnswer{r, {}};
        // A read server (a standby) that refuses the token may only lag behind the sign-in
        // or refresh that made it: the caller goes to the account's server, which refreshes.
        if (r.sqlState != QLatin1String("EK401") || attempt > 0 || m_server)
            break;
        qCDebug(lcSync) << "access token no longer accepted; refreshing";
        const AccountResult refreshed = m_account.refresh();
        ++m_roundTrips;
        if (!refreshed.ok())
            return failedAnswer(r, fail(QCoreApplication::translate("ekn::RemoteSession", "signed out: %1")
                                            .arg(refreshed.message()),
                                        refreshed.status == AccountStatus::ServerUnavailable)
                                       .message);
    }
    return failedCall(r);
}

ApiAnswer RemoteSession::failedCall(const PgResult &r)
{
    const bool lost = isConnectionLoss(r);
    const Failure why = fail((lost ? QCoreApplication::translate("ekn::RemoteSession",
                                                                 "lost the connection to the server: %1")
                                   : QCoreApplication::translate("ekn::RemoteSession", "server error: %1"))
                                 .arg(r.error),
                             isTransient(r.sqlState) || (m_server && r.sqlState == QLatin1String("EK401")));
    if (lost)
        m_db.close();
    return failedAnswer(r, why.message);
}

Status RemoteSession::callSend(const QString &sql, const QStringList &params, PgRowsAs as)
{
    m_retryable = false;
    m_callSql = sql;
    m_callParams = params;
    m_callAs = as;
    QStringList all{m_account.session().accessToken};
    all += params;
    const Status sent = PgParams::send(m_db, sql, all);
    if (sent) {
        m_sent = true;
        return Done{};
    }
    m_db.close();
    if (m_unprobed) { // a pooled connection the server dropped: connect in full, send again
        m_unprobed = false;
        if (Status connected = connect(); !connected)
            return connected;
        return callSend(sql, params, as);
    }
    return fail(QCoreApplication::translate("ekn::RemoteSession",
                                            "lost the connection to the server: %1")
                    .arg(sent.error()),
                true);
}

ApiAnswer RemoteSession::callReceive()
{
    QElapsedTimer timer;
    timer.start();
    m_sent = false;
    const PgResult r = PgParams::receive(m_db, m_callAs);
    m_serverNs += timer.nsecsElapsed();
    ++m_roundTrips;
    if (r.ok) {
        m_unprobed = false;
        return ApiAnswer{r, {}};
    }
    if (r.sqlState == QLatin1String("EK401") && !m_server) {
        m_unprobed = false; // the server answered: the connection and the API are fine
        return callAs(m_callSql, m_callParams, m_callAs); // refreshes the token once and calls again
    }
    if (m_unprobed) {
        m_unprobed = false;
        ApiAnswer failed = failedCall(r);
        const Result<bool> again = probeAgain(r);
        if (!again)
            return failedAnswer(r, again.error());
        return *again ? callAs(m_callSql, m_callParams, m_callAs) : failed;
    }
    return failedCall(r);
}

RemoteSession::RemoteSession(AccountClient &account) : m_account(account) {}

void RemoteSession::useServer(const ServerConnection &server)
{
    m_server = std::make_unique<ServerConnection>(server);
}

// The read server's connection, one per account and thread, reused while it stays open.
Result<QSqlDatabase> RemoteSession::openReadServer()
{
    const QString name = QStringLiteral("ekn-read-%1-%2")
                             .arg(quintptr(&m_account), 0, 16)
                             .arg(quintptr(QThread::currentThreadId()), 0, 16);
    if (QSqlDatabase::contains(name)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                return db;
        }
        QSqlDatabase::removeDatabase(name);
    }
    const ServerOpenResult opened = m_server->open(name);
    if (!opened.ok())
        return Failure{opened.message};
    return opened.db;
}

RemoteSession::~RemoteSession()
{
    if (m_sent)
        PgParams::receive(m_db); // an answer still on its way is read before the connection goes
}

Failure RemoteSession::fail(const QString &message, bool retryable)
{
    m_retryable = retryable;
    return Failure{message};
}

// m_db: the read server's connection or the account's, open, or why not.
Status RemoteSession::reach()
{
    const Result<QSqlDatabase> db = m_server ? openReadServer() : m_account.database();
    m_db = db ? *db : QSqlDatabase();
    if (!db || !m_db.isOpen())
        return fail(QCoreApplication::translate("ekn::RemoteSession", "cannot reach the server: %1")
                        .arg(db ? QString() : db.error()),
                    true);
    return Done{};
}

Status RemoteSession::connectKnown(int schemaVersion, const QString &epoch)
{
    m_retryable = false;
    if (Status reached = reach(); !reached)
        return reached;
    m_schema = schemaVersion;
    m_epoch = epoch;
    m_unprobed = true;
    return Done{};
}

Status RemoteSession::connect()
{
    m_retryable = false;
    for (int attempt = 0; attempt < 2; ++attempt) {
        m_db = QSqlDatabase();
        if (Status reached = reach(); !reached)
            return reached;
        // A connection the server dropped (a restart) still says open until used: the first
        // statement (server info, wanted anyway) probes it; on a lost connection open a fresh one.
        QElapsedTimer timer;
        timer.start();
        const PgResult r = PgParams::exec(
            m_db,
            QStringLiteral("SELECT api_version, schema_version, epoch FROM api.server_info($1::int)"),
            {QString::number(kApiVersion)});
        m_serverNs += timer.nsecsElapsed();
        ++m_roundTrips;
        if (r.ok) {
            m_schema = r.value(QStringLiteral("schema_version")).toInt();
            m_epoch = r.value(QStringLiteral("epoch"));
            return Done{};
        }
        if (!isConnectionLoss(r))
            return refusedServerInfo(r);
        m_db.close();
    }
    return fail(QCoreApplication::translate("ekn::RemoteSession", "cannot reach the server"), true);
}

Failure RemoteSession::refusedServerInfo(const PgResult &r)
{
    // EK426 names both versions; the server's sentence says which side is behind.
    if (r.sqlState == QLatin1String("EK426") && r.error.contains(QLatin1String("update the app")))
        return fail(QCoreApplication::translate(
                        "ekn::RemoteSession",
                        "the server needs a newer EKNMusic: update the app to sync (%1)")
                        .arg(r.error),
                    false);
    // EK426 the other way, or no API at all: no schema api (3F000), no server_info (42883),
    // or a server from before the API that does not let this login see it (42501).
    if (r.sqlState == QLatin1String("EK426") || r.sqlState == QLatin1String("3F000") ||
        r.sqlState == QLatin1String("42883") || r.sqlState == QLatin1String("42501"))
        return fail(QCoreApplication::translate(
                        "ekn::RemoteSession",
                        "the server is older than this EKNMusic (it does not speak server API "
                        "version %1): ask its administrator to update it "
                        "(`eknmusic-cli db migrate`), then sync again")
                        .arg(kApiVersion),
                    false);
    return fail(QCoreApplication::translate("ekn::RemoteSession", "server error: %1").arg(r.error),
                isTransient(r.sqlState));
}

} // namespace ekn
