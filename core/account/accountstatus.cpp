#include "account/accountstatus.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace ekn {

AccountStatus AccountResult::fromCode(const QString &code)
{
    static const struct
    {
        const char *code;
        AccountStatus status;
    } kCodes[] = {
        {"ok", AccountStatus::Ok},
        {"invalid_credentials", AccountStatus::InvalidCredentials},
        {"throttled", AccountStatus::Throttled},
        {"email_taken", AccountStatus::EmailTaken},
        {"invalid_email", AccountStatus::InvalidEmail},
        {"invalid_username", AccountStatus::InvalidUsername},
        {"weak_password", AccountStatus::WeakPassword},
        {"password_too_long", AccountStatus::PasswordTooLong},
        {"invalid_token", AccountStatus::InvalidToken},
        {"token_expired", AccountStatus::TokenExpired},
        {"refresh_reused", AccountStatus::RefreshReused},
        {"not_signed_in", AccountStatus::NotSignedIn},
    };
    for (const auto &c : kCodes) {
        if (code == QLatin1String(c.code))
            return c.status;
    }
    return AccountStatus::ServerError;
}

QString AccountResult::message() const
{
    switch (status) {
    case AccountStatus::Ok:
        return QStringLiteral("done");
    case AccountStatus::InvalidCredentials:
        return QCoreApplication::translate("ekn::AccountResult", "wrong email or password");
    case AccountStatus::Throttled:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "too many failed sign-ins: try again in %1 seconds")
            .arg(retryAfterSeconds);
    case AccountStatus::EmailTaken:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "an account with this email already exists");
    case AccountStatus::InvalidEmail:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "that is not a valid email address");
    case AccountStatus::InvalidUsername:
        return QCoreApplication::translate(
            "ekn::AccountResult",
            "the user name must be 1 to 100 characters, without control characters");
    case AccountStatus::WeakPassword:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "the password must have at least 8 characters");
    case AccountStatus::PasswordTooLong:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "the password is too long (at most 72 bytes)");
    case AccountStatus::InvalidToken:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "this session has ended: sign in again");
    case AccountStatus::TokenExpired:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "this session has expired: sign in again");
    case AccountStatus::RefreshReused:
        return QCoreApplication::translate(
            "ekn::AccountResult",
            "this session was ended because its token was used twice: sign in again");
    case AccountStatus::NotSignedIn:
        return QCoreApplication::translate("ekn::AccountResult", "not signed in");
    case AccountStatus::ServerUnavailable:
        return detail.isEmpty()
                   ? QCoreApplication::translate("ekn::AccountResult", "cannot reach the server")
                   : detail;
    case AccountStatus::ServerError:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "the server refused the request: %1")
            .arg(detail);
    case AccountStatus::AppTooOld:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "this version of EKNMusic is too old for the server: "
                                           "update the app (%1)")
            .arg(detail);
    case AccountStatus::ServerTooOld:
        return QCoreApplication::translate("ekn::AccountResult",
                                           "the server is older than this version of EKNMusic: "
                                           "its operator must update it (eknmusic-cli db migrate)");
    case AccountStatus::KeychainError:
        return QCoreApplication::translate("ekn::AccountResult", "the system keychain failed: %1")
            .arg(detail);
    }
    return detail;
}

QByteArray AccountSession::toSecret() const
{
    QJsonObject o;
    o.insert(QStringLiteral("user_id"), userId);
    o.insert(QStringLiteral("email"), email);
    o.insert(QStringLiteral("username"), username);
    o.insert(QStringLiteral("access_token"), accessToken);
    o.insert(QStringLiteral("refresh_token"), refreshToken);
    o.insert(QStringLiteral("access_expires_at"), accessExpiresAt.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("refresh_expires_at"), refreshExpiresAt.toUTC().toString(Qt::ISODateWithMs));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

AccountSession AccountSession::fromSecret(const QByteArray &secret)
{
    AccountSession s;
    const QJsonObject o = QJsonDocument::fromJson(secret).object();
    s.userId = o.value(QStringLiteral("user_id")).toString();
    s.email = o.value(QStringLiteral("email")).toString();
    s.username = o.value(QStringLiteral("username")).toString();
    s.accessToken = o.value(QStringLiteral("access_token")).toString();
    s.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
    s.accessExpiresAt = QDateTime::fromString(o.value(QStringLiteral("access_expires_at")).toString(), Qt::ISODateWithMs);
    s.refreshExpiresAt = QDateTime::fromString(o.value(QStringLiteral("refresh_expires_at")).toString(), Qt::ISODateWithMs);
    return s;
}

} // namespace ekn
