#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <memory>
#include <optional>

namespace ekn {

class ServerConnection;

// Session secrets in the operating system's keychain through QtKeychain (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows): service "EKNMusic", one entry per
// server and account, key "EKNMusic/<host:port/database>/<email>". Nothing here ever writes a
// secret anywhere else: when no keychain is available the caller keeps the session in memory
// for this run only and tells the user. Blocking (runs a local event loop until the keychain
// answers): call it off the GUI thread.
//
// Where the secrets go is a Backend; the apps only ever get the keychain's (the service
// constructor). Another backend exists for one reason: the load generator (tests/load) runs a
// thousand simulated desktops in one process, and one Secret Service holding a thousand
// secrets is not what it measures; it gives each device a store in its own memory
// (tests/support/memorysecrets.h), so nothing secret reaches the disk there either.
//
// Answers follow core's Result convention (docs/ARCHITECTURE.md "Errors"), and "no such
// entry" is not a failure: read() says it with an empty optional, remove() with false. A
// Failure is a keychain that failed or is not there (no Secret Service, locked, no answer in
// 30 seconds), with its reason.
class TokenStore
{
public:
    class Backend
    {
    public:
        virtual ~Backend() = default;
        virtual Status write(const QString &key, const QByteArray &secret) const = 0;
        virtual Result<std::optional<QByteArray>> read(const QString &key) const = 0;
        virtual Result<bool> remove(const QString &key) const = 0; // false: there was no entry
    };

    // The operating system's keychain, entries under `service`.
    explicit TokenStore(QString service = QStringLiteral("EKNMusic"));
    // Secrets kept by `backend` (shared: copies of this store see the same secrets).
    explicit TokenStore(std::shared_ptr<const Backend> backend);

    static QString keyFor(const ServerConnection &server, const QString &email);

    Status write(const QString &key, const QByteArray &secret) const;
    // The secret, or nothing when there is no entry for `key`.
    Result<std::optional<QByteArray>> read(const QString &key) const;
    // True when an entry was removed, false when there was none.
    Result<bool> remove(const QString &key) const;

    QString service() const { return m_service; }

private:
    QString m_service;
    std::shared_ptr<const Backend> m_backend;
};

} // namespace ekn
