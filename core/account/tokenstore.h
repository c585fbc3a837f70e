#pragma once

#include <QByteArray>
#include <QString>

namespace ekn {

class ServerConnection;

// Session secrets in the operating system's keychain through QtKeychain (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows): service "EKNMusic", one entry per
// server and account, key "EKNMusic/<host:port/database>/<email>". Nothing here ever writes a
// secret anywhere else: when no keychain is available the caller keeps the session in memory
// for this run only and tells the user. Blocking (runs a local event loop until the keychain
// answers): call it off the GUI thread.
class TokenStore
{
public:
    enum class Result { Ok, NotFound, Unavailable, Failed };

    explicit TokenStore(QString service = QStringLiteral("EKNMusic"));

    static QString keyFor(const ServerConnection &server, const QString &email);

    Result write(const QString &key, const QByteArray &secret, QString *error = nullptr) const;
    Result read(const QString &key, QByteArray *secret, QString *error = nullptr) const;
    Result remove(const QString &key, QString *error = nullptr) const;

    QString service() const { return m_service; }

private:
    QString m_service;
};

} // namespace ekn
