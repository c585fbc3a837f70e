#pragma once

#include <QDateTime>
#include <QString>

namespace ekn {

// What an account operation came to. The server answers with stable codes (see
// docs/SERVER-API.md); fromCode() maps them, message() turns them
// into the plain sentence a user reads.
enum class AccountStatus {
    Ok,
    InvalidCredentials, // wrong email or password (never says which)
    Throttled,          // too many failed sign-ins; retry after retryAfterSeconds
    EmailTaken,
    InvalidEmail,
    InvalidUsername,
    WeakPassword,     // fewer than 8 characters
    PasswordTooLong,  // more than 72 bytes (bcrypt's limit)
    InvalidToken,     // the session is unknown or was signed out
    TokenExpired,     // the session ran out; sign in again
    RefreshReused,    // a spent refresh token came back: the session was ended for safety
    NotSignedIn,
    ServerUnavailable, // could not reach or log in to the database server
    ServerError,       // the server answered with an unexpected error
    AppTooOld,         // the server no longer supports this app's API version (EK426)
    ServerTooOld,      // the server has no account API yet (schema api missing)
    KeychainError      // the system keychain refused to store or remove the session
};

struct AccountResult
{
    AccountStatus status = AccountStatus::Ok;
    QString detail;             // server or keychain text, for logs (never a secret)
    int retryAfterSeconds = 0;  // for Throttled

    bool ok() const { return status == AccountStatus::Ok; }
    QString message() const;    // one plain line for the user

    static AccountStatus fromCode(const QString &code);
};

// A signed-in session as the app keeps it (in memory and, serialised, in the keychain).
struct AccountSession
{
    QString userId;
    QString email;
    QString username;
    QString accessToken;
    QString refreshToken;
    QDateTime accessExpiresAt;
    QDateTime refreshExpiresAt;

    bool isValid() const { return !accessToken.isEmpty() && !refreshToken.isEmpty(); }
    QByteArray toSecret() const;
    static AccountSession fromSecret(const QByteArray &secret);
};

} // namespace ekn
