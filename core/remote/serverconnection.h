#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QUrl>

namespace ekn {

// Why opening a server connection failed, so callers (CLI exit codes, sign-in dialog) can say
// which without parsing text.
enum class ServerFailure {
    None,
    BadUrl,               // the URL itself is wrong; nothing was tried
    Unreachable,          // no server answered: refused, timeout, unknown host, no socket
    AuthenticationFailed, // the server answered and refused the login (password, role, hba)
    DatabaseMissing,      // login worked but the database does not exist
    Other                 // anything else (SSL, too many connections, ...)
};

// Outcome of ServerConnection::open(). `message` is one line, never contains the password.
struct ServerOpenResult
{
    QSqlDatabase db; // open when ok(); the named connection exists either way
    ServerFailure failure = ServerFailure::None;
    QString message;
    bool ok() const { return failure == ServerFailure::None; }
};

// Where a PostgreSQL server is: a value type made from a libpq URI
//   postgresql://user[:password]@host[:port]/database?sslmode=...&connect_timeout=...
// (postgres:// too). The password is optional: with none, libpq itself reads PGPASSWORD or
// ~/.pgpass. No member ever puts the password into a message; displayUrl() leaves it out.
class ServerConnection
{
public:
    ServerConnection() = default;

    // Parses and validates. On a bad URL, isValid() is false and error() says
    // "bad server URL: <what is wrong>" (without the password). A value that carries its own
    // validity rather than a Result (docs/ARCHITECTURE.md "Errors"): the sign-in dialog keeps
    // and shows the parts of an address while it is typed, and open() refuses an invalid one
    // with that sentence.
    static ServerConnection fromUrl(const QString &url);
    static ServerConnection fromUrl(const QUrl &url);

    bool isValid() const { return m_error.isEmpty() && !m_database.isEmpty(); }
    QString error() const { return m_error; }

    QString host() const { return m_host; }     // empty: libpq's default (Unix socket)
    int port() const { return m_port; }         // -1: libpq's default (PGPORT or 5432)
    QString userName() const { return m_user; } // empty: libpq's default (PGUSER or OS user)
    QString password() const { return m_password; }
    bool hasPassword() const { return !m_password.isEmpty(); }
    QString databaseName() const { return m_database; }
    QString sslMode() const { return m_sslMode; } // empty: libpq's default (prefer)
    int connectTimeoutSeconds() const { return m_connectTimeout; }
    QString applicationName() const { return m_applicationName; }

    void setPassword(const QString &password) { m_password = password; }
    void setDatabaseName(const QString &name) { m_database = name; }
    void setApplicationName(const QString &name) { m_applicationName = name; }

    // The URL without the password, for messages and logs.
    QString displayUrl() const;
    // "host:port" as a user would recognise it.
    QString displayServer() const;

    // Opens a QPSQL connection named `connectionName` on the calling thread (a connection
    // belongs to the thread that opened it). The caller removes it with
    // QSqlDatabase::removeDatabase(connectionName) once every handle is gone.
    ServerOpenResult open(const QString &connectionName) const;

    // Classifies a libpq connection error text (exposed for the tests and for reconnects).
    static ServerFailure classify(const QString &serverMessage);

    static constexpr int kDefaultConnectTimeoutSeconds = 5;

private:
    // Steps of fromUrl, each failing with what is wrong ("bad server URL: ..."), which
    // fromUrl keeps as error().
    Status takeAddress(const QUrl &url);
    Status takeParameter(const QString &key, const QString &value);
    QString connectOptions() const;
    QString scrub(const QString &text) const;

    QString m_error;
    QString m_host;
    int m_port = -1;
    QString m_user;
    QString m_password;
    QString m_database;
    QString m_sslMode;
    QString m_sslRootCert;
    QString m_applicationName;
    int m_connectTimeout = kDefaultConnectTimeoutSeconds;
};

} // namespace ekn
