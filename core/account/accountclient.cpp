#include "account/accountclient.h"

#include "remote/pgparams.h"
#include "common/logging.h"
#include "eknmusic/version.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSqlError>
#include <QSysInfo>
#include <QUuid>

namespace ekn {

namespace {

// PostgreSQL's text form of timestamptz ("2026-11-25 22:51:55.882857+00").
QDateTime parseTimestamp(const QString &text)
{
    QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    t.replace(10, 1, QLatin1Char('T'));
    const int sign = std::max(t.lastIndexOf(QLatin1Char('+')), t.lastIndexOf(QLatin1Char('-')));
    if (sign > 10 && t.size() - sign == 3)
        t += QStringLiteral(":00");
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    return dt.toUTC();
}

// The server could not be reached: `detail` says why (AccountClient::database's failure).
AccountResult unreachable(const QString &detail)
{
    AccountResult res;
    res.status = AccountStatus::ServerUnavailable;
    res.detail = detail;
    return res;
}

AccountResult serverError(const PgResult &r)
{
    AccountResult res;
    res.detail = r.error;
    // 08xxx: connection exceptions; an empty state means libpq lost the connection.
    if (r.sqlState.startsWith(QLatin1String("08")) || r.sqlState.isEmpty())
        res.status = AccountStatus::ServerUnavailable;
    else if (r.sqlState == QLatin1String("EK401")) // the server's message says which
        res.status = r.error.contains(QLatin1String("expired")) ? AccountStatus::TokenExpired
                                                                : AccountStatus::InvalidToken;
    else if (r.sqlState == QLatin1String("EK426"))
        res.status = AccountStatus::AppTooOld;
    // No schema api, or not this routine in it: the server predates this app's API.
    else if (r.sqlState == QLatin1String("3F000") || r.sqlState == QLatin1String("42883"))
        res.status = AccountStatus::ServerTooOld;
    else
        res.status = AccountStatus::ServerError;
    return res;
}

} // namespace

AccountClient::AccountClient(ServerConnection server, TokenStore store)
    : m_server(std::move(server))
    , m_store(std::move(store))
    , m_connectionName(QStringLiteral("ekn-account-") + QUuid::createUuid().toString(QUuid::Id128))
{
    if (m_server.applicationName().isEmpty())
        m_server.setApplicationName(QStringLiteral("eknmusic-account"));
}

AccountClient::~AccountClient()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QString AccountClient::userAgent() const
{
    return QStringLiteral("EKNMusic/" EKN_VERSION_STRING " (") + QSysInfo::prettyProductName() + QLatin1Char(')');
}

QString AccountClient::keychainKey() const
{
    return TokenStore::keyFor(m_server, m_session.email);
}

Result<QSqlDatabase> AccountClient::database()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            return db;
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    const ServerOpenResult opened = m_server.open(m_connectionName);
    if (!opened.ok())
        return Failure{opened.message};
    return opened.db;
}

AccountResult AccountClient::applyTokens(const PgResult &r, const QString &email)
{
    AccountResult res;
    res.status = AccountResult::fromCode(r.value(QStringLiteral("status")));
    res.detail = r.value(QStringLiteral("status"));
    res.retryAfterSeconds = r.value(QStringLiteral("retry_after")).toInt();
    if (!res.ok())
        return res;
    AccountSession s;
    s.userId = r.value(QStringLiteral("user_id"));
    s.email = email.isEmpty() ? m_session.email : email.trimmed().toLower();
    s.username = m_session.username;
    s.accessToken = r.value(QStringLiteral("access_token"));
    s.refreshToken = r.value(QStringLiteral("refresh_token"));
    s.accessExpiresAt = parseTimestamp(r.value(QStringLiteral("expires_at")));
    // The API does not say when the refresh token ends (it slides on every refresh).
    m_session = s;
    return storeSession();
}

AccountResult AccountClient::storeSession()
{
    const Status r = m_store.write(keychainKey(), m_session.toSecret());
    if (r) {
        m_keychainProblem.clear();
        setLastEmail(m_session.email);
    } else {
        // Signed in all the same: the session stays in memory for this run only.
        m_keychainProblem = QCoreApplication::translate(
                                "ekn::AccountClient",
                                "the system keychain is not available (%1): you stay signed in "
                                "only until the program quits, and nothing was saved")
                                .arg(r.error());
        qCWarning(lcAccount) << "keychain unavailable, session kept in memory only:" << r.error();
    }
    return {};
}

void AccountClient::forgetSession()
{
    if (!m_session.email.isEmpty()) {
        // Not there (never saved, or removed already) is fine: only a failed removal is told.
        if (const Result<bool> r = m_store.remove(keychainKey()); !r)
            m_keychainProblem = QCoreApplication::translate(
                                    "ekn::AccountClient",
                                    "the session could not be removed from the system keychain: %1")
                                    .arg(r.error());
    }
    m_session = AccountSession();
}

QString AccountClient::lastEmail() const
{
    QSettings settings;
    return settings.value(QStringLiteral("accounts/") + TokenStore::keyFor(m_server, QString()) + QStringLiteral("email"))
        .toString();
}

void AccountClient::setLastEmail(const QString &email) const
{
    QSettings settings;
    settings.setValue(QStringLiteral("accounts/") + TokenStore::keyFor(m_server, QString()) + QStringLiteral("email"), email);
}

AccountResult AccountClient::registerAccount(const QString &email, const QString &username, const QString &password)
{
    AccountResult res;
    const Result<QSqlDatabase> db = database();
    if (!db)
        return unreachable(db.error());
    const PgResult r = PgParams::exec(*db, QStringLiteral("SELECT * FROM api.register($1, $2, $3, $4)"),
                                      {email, username, password, userAgent()});
    if (!r.ok)
        return serverError(r);
    res.status = AccountResult::fromCode(r.value(QStringLiteral("status")));
    res.detail = r.value(QStringLiteral("status"));
    res.retryAfterSeconds = r.value(QStringLiteral("retry_after")).toInt();
    if (!res.ok())
        return res;
    // The server answers 'ok' for a taken email too (it never tells who has an account), and
    // does not sign in: signing in with the new password tells this user, and only them.
    res = signIn(email, password);
    if (res.status == AccountStatus::InvalidCredentials)
        res.status = AccountStatus::EmailTaken;
    if (res.ok())
        qCDebug(lcAccount) << "registered" << m_session.email << "as" << m_session.userId;
    return res;
}

AccountResult AccountClient::signIn(const QString &email, const QString &password)
{
    AccountResult res;
    const Result<QSqlDatabase> db = database();
    if (!db)
        return unreachable(db.error());
    // A procedure: it commits the attempt before checking the password (see 011), so it must
    // not run inside a transaction block.
    const PgResult r = PgParams::exec(
        *db, QStringLiteral("CALL api.sign_in($1, $2, $3, NULL, NULL, NULL, NULL, NULL, NULL)"),
        {email, password, userAgent()});
    if (!r.ok)
        return serverError(r);
    // A session this device kept for the same account is replaced: end it on the server rather
    // than leave it alive with nobody holding it.
    // Unreadable or absent: nothing to end (the keychain's state is told when the new session
    // is stored).
    const Result<std::optional<QByteArray>> kept = m_store.read(TokenStore::keyFor(m_server, email));
    const QByteArray previous = kept && *kept ? **kept : QByteArray();
    res = applyTokens(r, email);
    if (res.ok()) {
        qCDebug(lcAccount) << "signed in" << m_session.email;
        const AccountSession old = AccountSession::fromSecret(previous);
        if (old.isValid() && old.refreshToken != m_session.refreshToken)
            PgParams::exec(*db, QStringLiteral("SELECT api.logout(NULL, $1)"), {old.refreshToken});
        whoAmI(); // fills in the user name
    }
    return res;
}

AccountResult AccountClient::restore(const QString &email)
{
    const QString who = email.isEmpty() ? lastEmail() : email.trimmed().toLower();
    AccountResult res;
    if (who.isEmpty()) {
        res.status = AccountStatus::NotSignedIn;
        return res;
    }
    const Result<std::optional<QByteArray>> secret = m_store.read(TokenStore::keyFor(m_server, who));
    if (!secret) {
        m_keychainProblem = QCoreApplication::translate("ekn::AccountClient",
                                                        "the system keychain is not available (%1)")
                                .arg(secret.error());
        res.status = AccountStatus::NotSignedIn;
        res.detail = m_keychainProblem;
        return res;
    }
    if (!*secret) { // never signed in here, or signed out
        res.status = AccountStatus::NotSignedIn;
        return res;
    }
    m_session = AccountSession::fromSecret(**secret);
    if (!m_session.isValid()) {
        m_session = AccountSession();
        res.status = AccountStatus::NotSignedIn;
    }
    return res;
}

AccountResult AccountClient::refresh()
{
    AccountResult res;
    if (!m_session.isValid()) {
        res.status = AccountStatus::NotSignedIn;
        return res;
    }
    const Result<QSqlDatabase> db = database();
    if (!db)
        return unreachable(db.error());
    const PgResult r = PgParams::exec(*db, QStringLiteral("SELECT * FROM api.refresh($1)"), {m_session.refreshToken});
    if (!r.ok)
        return serverError(r);
    res = applyTokens(r, m_session.email);
    if (res.status == AccountStatus::InvalidToken || res.status == AccountStatus::TokenExpired
        || res.status == AccountStatus::RefreshReused) {
        // The stored session is dead for good: do not keep offering it.
        qCDebug(lcAccount) << "session ended by the server:" << res.detail;
        forgetSession();
    }
    return res;
}

AccountResult AccountClient::ensureFresh()
{
    if (!m_session.isValid())
        return {AccountStatus::NotSignedIn, {}, 0};
    if (m_session.accessExpiresAt.isValid()
        && m_session.accessExpiresAt > QDateTime::currentDateTimeUtc().addSecs(60))
        return {};
    return refresh();
}

AccountResult AccountClient::whoAmI()
{
    AccountResult res = ensureFresh();
    if (!res.ok())
        return res;
    const PgResult r = callWithToken(QStringLiteral("SELECT * FROM api.whoami($1)"), {}, &res);
    if (!res.ok())
        return res;
    m_session.userId = r.value(QStringLiteral("user_id"));
    m_session.email = r.value(QStringLiteral("email"));
    m_session.username = r.value(QStringLiteral("username"));
    if (!r.value(QStringLiteral("expires_at")).isEmpty())
        m_session.accessExpiresAt = parseTimestamp(r.value(QStringLiteral("expires_at")));
    return {};
}

PgResult AccountClient::callWithToken(const QString &sql, const QStringList &params, AccountResult *result)
{
    *result = {};
    const Result<QSqlDatabase> db = database();
    if (!db) {
        *result = unreachable(db.error());
        return {};
    }
    for (int attempt = 0;; ++attempt) {
        const PgResult r = PgParams::exec(*db, sql, QStringList{m_session.accessToken} + params);
        if (r.ok) {
            *result = {};
            return r;
        }
        *result = serverError(r);
        // The access token is no longer accepted (expired early, clock skew): refresh once.
        const bool tokenRefused = result->status == AccountStatus::TokenExpired
                                  || result->status == AccountStatus::InvalidToken;
        if (!tokenRefused || attempt > 0)
            return r;
        const AccountResult refreshed = refresh();
        if (!refreshed.ok()) {
            *result = refreshed;
            return r;
        }
    }
}

AccountResult AccountClient::signOut()
{
    AccountResult res;
    if (!m_session.isValid()) {
        res.status = AccountStatus::NotSignedIn;
        return res;
    }
    if (const Result<QSqlDatabase> db = database(); !db) {
        res = unreachable(db.error());
    } else {
        // Either token ends the session, so an expired access token still signs out.
        const PgResult r = PgParams::exec(*db, QStringLiteral("SELECT api.logout($1, $2) AS status"),
                                          {m_session.accessToken, m_session.refreshToken});
        res = r.ok ? AccountResult{AccountResult::fromCode(r.value(QStringLiteral("status"))), {}, 0}
                   : serverError(r);
    }
    // Signed out on this device whatever the server said: the keychain entry goes.
    forgetSession();
    if (res.status == AccountStatus::NotSignedIn)
        res.status = AccountStatus::Ok; // the server had already ended it
    return res;
}

AccountResult AccountClient::signOutEverywhere()
{
    AccountResult res = ensureFresh();
    if (!res.ok())
        return res;
    const PgResult r = callWithToken(QStringLiteral("SELECT api.logout_all($1) AS status"), {}, &res);
    if (!res.ok())
        return res;
    res.status = AccountResult::fromCode(r.value(QStringLiteral("status")));
    forgetSession();
    return res;
}

} // namespace ekn
