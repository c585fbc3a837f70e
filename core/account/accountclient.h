#pragma once

#include "account/accountstatus.h"
#include "account/tokenstore.h"
#include "remote/serverconnection.h"

#include <QSqlDatabase>
#include <QString>

namespace ekn {

struct PgResult;

// The blocking account API, for one thread: the CLI's main thread, the AccountService worker,
// the sync thread. Opens its own named connection on the thread that first uses it. Every
// secret travels as a protocol parameter (PgParams); the session lives in memory and in the
// keychain (TokenStore), nowhere else. When the keychain is unavailable, operations still work
// and keychainProblem() says so: the session lasts only as long as this object.
class AccountClient
{
public:
    explicit AccountClient(ServerConnection server, TokenStore store = TokenStore());
    ~AccountClient();
    AccountClient(const AccountClient &) = delete;
    AccountClient &operator=(const AccountClient &) = delete;

    AccountResult registerAccount(const QString &email, const QString &username, const QString &password);
    AccountResult signIn(const QString &email, const QString &password);
    // Ends the session on the server and removes it from the keychain.
    AccountResult signOut();
    // Ends every session of this account (all devices), then signs out here.
    AccountResult signOutEverywhere();
    // Loads the session kept in the keychain for `email` (empty: the account last used with
    // this server). NotSignedIn when there is none.
    AccountResult restore(const QString &email = {});
    // Exchanges the refresh token for a new pair (single use) and stores the new pair.
    AccountResult refresh();
    // Refreshes when the access token expires within a minute.
    AccountResult ensureFresh();
    // Asks the server who the session belongs to (refreshing once if the token has expired).
    AccountResult whoAmI();

    const AccountSession &session() const { return m_session; }
    bool isSignedIn() const { return m_session.isValid(); }
    // Empty, or why the session could not be (or was not) kept in the keychain.
    QString keychainProblem() const { return m_keychainProblem; }
    QString keychainKey() const;
    const ServerConnection &server() const { return m_server; }

    // The open connection (opened on first call), or why the server cannot be reached.
    Result<QSqlDatabase> database();
    QString userAgent() const;

private:
    AccountResult storeSession();
    void forgetSession();
    AccountResult applyTokens(const PgResult &r, const QString &email);
    // One API call with the access token as $1 (params follow as $2, ...); a token the server
    // refuses (EK401) is refreshed once and the call repeated. *result says how it went.
    PgResult callWithToken(const QString &sql, const QStringList &params, AccountResult *result);
    QString lastEmail() const;
    void setLastEmail(const QString &email) const;

    ServerConnection m_server;
    TokenStore m_store;
    QString m_connectionName;
    AccountSession m_session;
    QString m_keychainProblem;
};

} // namespace ekn
