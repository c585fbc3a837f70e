#include "account/accountclient.h"

#include "remote/pgparams.h"
#include "account/usertransaction.h"
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

AccountResult serverError(const PgResult &r)
{
    AccountResult res;
    // 08xxx: connection exceptions; an empty state means libpq lost the connection.
    res.status = (r.sqlState.startsWith(QLatin1String("08")) || r.sqlState.isEmpty())
                     ? AccountStatus::ServerUnavailable
                     : AccountStatus::ServerError;
    res.detail = r.error;
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

QSqlDatabase AccountClient::database(AccountResult *result)
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            return db;
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    const ServerOpenResult opened = m_server.open(m_connectionName);
    if (!opened.ok()) {
        if (result) {
            result->status = AccountStatus::ServerUnavailable;
            result->detail = opened.message;
        }
        return {};
    }
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
    s.accessExpiresAt = parseTimestamp(r.value(QStringLiteral("access_expires_at")));
    s.refreshExpiresAt = parseTimestamp(r.value(QStringLiteral("refresh_expires_at")));
    m_session = s;
    return storeSession();
}

AccountResult AccountClient::storeSession()
{
    QString error;
    const TokenStore::Result r = m_store.write(keychainKey(), m_session.toSecret(), &error);
    if (r == TokenStore::Result::Ok) {
        m_keychainProblem.clear();
        setLastEmail(m_session.email);
    } else {
        // Signed in all the same: the session stays in memory for this run only.
        m_keychainProblem = QCoreApplication::translate(
                                "ekn::AccountClient",
                                "the system keychain is not available (%1): you stay signed in "
                                "only until the program quits, and nothing was saved")
                                .arg(error);
        qCWarning(lcAccount) << "keychain unavailable, session kept in memory only:" << error;
    }
    return {};
}

void AccountClient::forgetSession()
{
    if (!m_session.email.isEmpty()) {
        QString error;
        const TokenStore::Result r = m_store.remove(keychainKey(), &error);
        if (r != TokenStore::Result::Ok && r != TokenStore::Result::NotFound)
            m_keychainProblem = QCoreApplication::translate(
                                    "ekn::AccountClient",
                                    "the session could not be removed from the system keychain: %1")
                                    .arg(error);
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
    QSqlDatabase db = database(&res);
    if (!db.isOpen())
        return res;
    const PgResult r = PgParams::exec(db, QStringLiteral("SELECT * FROM app.register($1, $2, $3, $4)"),
                                      {email, username, password, userAgent()});
    if (!r.ok)
        return serverError(r);
    m_session.username = username.trimmed();
    res = applyTokens(r, email);
    if (res.ok())
        qCDebug(lcAccount) << "registered" << m_session.email << "as" << m_session.userId;
    return res;
}

AccountResult AccountClient::signIn(const QString &email, const QString &password)
{
    AccountResult res;
    QSqlDatabase db = database(&res);
    if (!db.isOpen())
        return res;
    // A procedure: it commits the attempt before checking the password (see 005), so it must
    // not run inside a transaction block.
    const PgResult r = PgParams::exec(
        db, QStringLiteral("CALL app.sign_in($1, $2, $3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"),
        {email, password, userAgent()});
    if (!r.ok)
        return serverError(r);
    // A session this device kept for the same account is replaced: end it on the server rather
    // than leave it alive with nobody holding it.
    QByteArray previous;
    m_store.read(TokenStore::keyFor(m_server, email), &previous);
    res = applyTokens(r, email);
    if (res.ok()) {
        qCDebug(lcAccount) << "signed in" << m_session.email;
        const AccountSession old = AccountSession::fromSecret(previous);
        if (old.isValid() && old.refreshToken != m_session.refreshToken)
            PgParams::exec(db, QStringLiteral("SELECT app.logout($1)"), {old.refreshToken});
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
    QByteArray secret;
    QString error;
    const TokenStore::Result r = m_store.read(TokenStore::keyFor(m_server, who), &secret, &error);
    if (r == TokenStore::Result::NotFound) {
        res.status = AccountStatus::NotSignedIn;
        return res;
    }
    if (r != TokenStore::Result::Ok) {
        m_keychainProblem = QCoreApplication::translate("ekn::AccountClient",
                                                        "the system keychain is not available (%1)")
                                .arg(error);
        res.status = AccountStatus::NotSignedIn;
        res.detail = m_keychainProblem;
        return res;
    }
    m_session = AccountSession::fromSecret(secret);
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
    QSqlDatabase db = database(&res);
    if (!db.isOpen())
        return res;
    const PgResult r = PgParams::exec(db, QStringLiteral("SELECT * FROM app.refresh($1)"), {m_session.refreshToken});
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
    QSqlDatabase db = database(&res);
    if (!db.isOpen())
        return res;
    for (int attempt = 0; attempt < 2; ++attempt) {
        UserTransaction tx(db, m_session.accessToken);
        if (!tx.isActive())
            return {AccountStatus::ServerUnavailable, tx.errorString(), 0};
        const PgResult r = PgParams::exec(db, QStringLiteral("SELECT id, email, username FROM users"));
        if (!r.ok)
            return serverError(r);
        tx.commit();
        if (!r.rows.isEmpty()) {
            m_session.userId = r.value(QStringLiteral("id"));
            m_session.email = r.value(QStringLiteral("email"));
            m_session.username = r.value(QStringLiteral("username"));
            return {};
        }
        // The access token is no longer accepted (expired early, clock skew): refresh once.
        if (attempt == 0) {
            res = refresh();
            if (!res.ok())
                return res;
        }
    }
    return {AccountStatus::InvalidToken, {}, 0};
}

AccountResult AccountClient::signOut()
{
    AccountResult res;
    if (!m_session.isValid()) {
        res.status = AccountStatus::NotSignedIn;
        return res;
    }
    QSqlDatabase db = database(&res);
    if (db.isOpen()) {
        UserTransaction tx(db, m_session.accessToken);
        const PgResult r = tx.isActive()
                               ? PgParams::exec(db, QStringLiteral("SELECT app.logout($1) AS status"),
                                                {m_session.refreshToken})
                               : PgResult();
        if (r.ok && tx.commit())
            res.status = AccountResult::fromCode(r.value(QStringLiteral("status")));
        else
            res = r.ok ? AccountResult{AccountStatus::ServerUnavailable, tx.errorString(), 0} : serverError(r);
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
    QSqlDatabase db = database(&res);
    if (!db.isOpen())
        return res;
    UserTransaction tx(db, m_session.accessToken);
    const PgResult r = PgParams::exec(db, QStringLiteral("SELECT app.logout_all() AS status"));
    if (!r.ok)
        return serverError(r);
    if (!tx.commit())
        return {AccountStatus::ServerUnavailable, tx.errorString(), 0};
    res.status = AccountResult::fromCode(r.value(QStringLiteral("status")));
    forgetSession();
    return res;
}

} // namespace ekn
