#include "remote/serverconnection.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QUrlQuery>

namespace ekn {

namespace {

QString badUrl(const QString &what)
{
    return QCoreApplication::translate("ekn::ServerConnection", "bad server URL: %1").arg(what);
}

// QPSQL turns ';' in the connect options into spaces and appends them to the libpq conninfo
// unquoted, so every value is quoted here the way libpq reads it ('...' with \' and \\).
QString conninfoValue(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    v.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

bool isKnownSslMode(const QString &mode)
{
    static const QStringList modes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                      QStringLiteral("prefer"),    QStringLiteral("require"),
                                      QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return modes.contains(mode);
}

// The first meaningful line of a libpq error: it may span several lines ("Is the server
// running...?") and carry a "FATAL:  " prefix the user does not need.
QString oneLine(const QString &text)
{
    QString line;
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &l : lines) {
        const QString s = l.simplified();
        if (!s.isEmpty()) {
            line = s;
            break;
        }
    }
    // "connection to server at "h", port 1 failed: FATAL: password ..." -> keep the reason.
    const int failed = line.indexOf(QLatin1String(" failed: "));
    if (line.startsWith(QLatin1String("connection to server")) && failed > 0)
        line = line.mid(failed + 9);
    if (line.startsWith(QLatin1String("FATAL: ")))
        line = line.mid(7);
    return line.trimmed();
}

} // namespace

ServerConnection ServerConnection::fromUrl(const QString &url)
{
    const QString trimmed = url.trimmed();
    ServerConnection c;
    if (trimmed.isEmpty()) {
        c.m_error = badUrl(QCoreApplication::translate(
            "ekn::ServerConnection",
            "it is empty (expected postgresql://user@host:port/database)"));
        return c;
    }
    const QUrl parsed(trimmed, QUrl::StrictMode);
    if (!parsed.isValid()) {
        // QUrl's own message quotes the input, which may hold the password: describe instead.
        const QString scheme = trimmed.section(QLatin1Char(':'), 0, 0);
        if (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))
            c.m_error = badUrl(QCoreApplication::translate(
                "ekn::ServerConnection", "it must start with postgresql:// or postgres://"));
        else
            c.m_error = badUrl(QCoreApplication::translate(
                "ekn::ServerConnection", "it is not a valid URI (check the port and that "
                                         "special characters in the password are "
                                         "percent-encoded)"));
        return c;
    }
    return fromUrl(parsed);
}

// The scheme, the authority and the database name of a postgresql:// URL, or what is wrong
// with them.
Status ServerConnection::takeAddress(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))
        return Failure{badUrl(scheme.isEmpty()
                          ? QCoreApplication::translate("ekn::ServerConnection",
                                                        "it must start with postgresql:// or postgres://")
                          : QCoreApplication::translate("ekn::ServerConnection",
                                                        "scheme '%1' is not postgresql:// or postgres://")
                                .arg(scheme))};
    if (!url.isValid())
        return Failure{badUrl(QCoreApplication::translate("ekn::ServerConnection", "it is not a valid URI"))};
    m_host = url.host();
    m_port = url.port(-1);
    if (url.port(-1) == 0)
        return Failure{badUrl(QCoreApplication::translate("ekn::ServerConnection", "port 0 is not a port"))};
    m_user = url.userName(QUrl::FullyDecoded);
    m_password = url.password(QUrl::FullyDecoded);
    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (path.isEmpty())
        return Failure{badUrl(QCoreApplication::translate("ekn::ServerConnection",
                                                  "no database name (postgresql://user@host:port/DATABASE)"))};
    if (path.contains(QLatin1Char('/')))
        return Failure{badUrl(
            QCoreApplication::translate("ekn::ServerConnection", "the database name '%1' contains '/'").arg(path))};
    m_database = path;
    return Done{};
}

// One ?key=value of the URL (libpq's names), or what is wrong with it.
Status ServerConnection::takeParameter(const QString &key, const QString &value)
{
    if (value.contains(QLatin1Char(';')))
        return Failure{badUrl(
            QCoreApplication::translate("ekn::ServerConnection", "parameter %1 must not contain ';'").arg(key))};
    if (key == QLatin1String("sslmode")) {
        if (!isKnownSslMode(value))
            return Failure{badUrl(QCoreApplication::translate("ekn::ServerConnection",
                                                      "sslmode '%1' is not one of disable, allow, "
                                                      "prefer, require, verify-ca, verify-full")
                              .arg(value))};
        m_sslMode = value;
    } else if (key == QLatin1String("connect_timeout")) {
        bool ok = false;
        const int seconds = value.toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600)
            return Failure{badUrl(QCoreApplication::translate("ekn::ServerConnection",
                                                      "connect_timeout '%1' is not a number of "
                                                      "seconds from 1 to 3600")
                              .arg(value))};
        m_connectTimeout = seconds;
    } else if (key == QLatin1String("application_name")) {
        m_applicationName = value;
    } else if (key == QLatin1String("sslrootcert")) {
        m_sslRootCert = value;
    } else if (key == QLatin1String("host")) {
        // libpq allows ?host=/run/postgresql for a socket folder with an empty authority.
        if (!m_host.isEmpty())
            return Failure{badUrl(QCoreApplication::translate("ekn::ServerConnection", "host given twice"))};
        m_host = value;
    } else if (key == QLatin1String("port")) {
        bool ok = false;
        const int port = value.toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return Failure{badUrl(
                QCoreApplication::translate("ekn::ServerConnection", "port '%1' is not from 1 to 65535").arg(value))};
        m_port = port;
    } else if (key == QLatin1String("user")) {
        m_user = value;
    } else if (key == QLatin1String("dbname")) {
        m_database = value;
    } else {
        return Failure{badUrl(QCoreApplication::translate("ekn::ServerConnection",
                                                  "unknown parameter '%1' (known: sslmode, "
                                                  "connect_timeout, application_name, sslrootcert, "
                                                  "host, port, user, dbname)")
                          .arg(key))};
    }
    return Done{};
}

ServerConnection ServerConnection::fromUrl(const QUrl &url)
{
    ServerConnection c;
    Status taken = c.takeAddress(url);
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (auto it = items.cbegin(); taken && it != items.cend(); ++it)
        taken = c.takeParameter(it->first, it->second);
    if (!taken)
        c.m_error = taken.error();
    return c;
}

QString ServerConnection::displayServer() const
{
    const QString host = m_host.isEmpty() ? QStringLiteral("local socket") : m_host;
    return m_port > 0 ? host + QLatin1Char(':') + QString::number(m_port) : host;
}

QString ServerConnection::displayUrl() const
{
    QUrl u;
    u.setScheme(QStringLiteral("postgresql"));
    if (!m_host.startsWith(QLatin1Char('/')))
        u.setHost(m_host);
    if (m_port > 0)
        u.setPort(m_port);
    u.setUserName(m_user);
    u.setPath(QLatin1Char('/') + m_database);
    QUrlQuery q;
    if (m_host.startsWith(QLatin1Char('/')))
        q.addQueryItem(QStringLiteral("host"), m_host);
    if (!m_sslMode.isEmpty())
        q.addQueryItem(QStringLiteral("sslmode"), m_sslMode);
    if (!q.isEmpty())
        u.setQuery(q);
    return u.toString(QUrl::RemovePassword);
}

QString ServerConnection::connectOptions() const
{
    QStringList opts;
    opts << QStringLiteral("connect_timeout=") + QString::number(m_connectTimeout);
    QString appName = m_applicationName;
    if (appName.isEmpty())
        appName = QCoreApplication::applicationName();
    if (appName.isEmpty())
        appName = QStringLiteral("eknmusic");
    opts << QStringLiteral("application_name=") + conninfoValue(appName);
    if (!m_sslMode.isEmpty())
        opts << QStringLiteral("sslmode=") + conninfoValue(m_sslMode);
    if (!m_sslRootCert.isEmpty())
        opts << QStringLiteral("sslrootcert=") + conninfoValue(m_sslRootCert);
    return opts.join(QLatin1Char(';'));
}

QString ServerConnection::scrub(const QString &text) const
{
    QString s = text;
    // libpq never echoes the password, but a server or proxy message might: never pass it on.
    if (m_password.size() >= 4) // shorter strings would mangle ordinary words
        s.replace(m_password, QStringLiteral("***"));
    return s;
}

ServerFailure ServerConnection::classify(const QString &serverMessage)
{
    const QString m = serverMessage;
    auto has = [&m](const char *needle) {
        return m.contains(QLatin1String(needle), Qt::CaseInsensitive);
    };
    // The server answered: a login problem. Checked first because libpq prefixes every
    // failure with "connection to server at ... failed:".
    if (has("password authentication failed") || has("no password supplied") ||
        has("authentication failed") || has("pg_hba.conf") || has("SCRAM") ||
        (has("role \"") && has("does not exist")) || has("not permitted to log in"))
        return ServerFailure::AuthenticationFailed;
    if (has("database \"") && has("does not exist"))
        return ServerFailure::DatabaseMissing;
    if (has("Connection refused") || has("timeout expired") ||
        has("could not translate host name") || has("No route to host") ||
        has("Network is unreachable") || has("No such file or directory") ||
        has("could not connect to server") || has("server closed the connection unexpectedly") ||
        has("Connection timed out") || has("Name or service not known") ||
        has("the database system is starting up") || has("the database system is shutting down"))
        return ServerFailure::Unreachable;
    return ServerFailure::Other;
}

ServerOpenResult ServerConnection::open(const QString &connectionName) const
{
    ServerOpenResult r;
    if (!isValid()) {
        r.failure = ServerFailure::BadUrl;
        r.message =
            m_error.isEmpty()
                ? badUrl(QCoreApplication::translate("ekn::ServerConnection", "no database name"))
                : m_error;
        return r;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        r.failure = ServerFailure::Other;
        r.message = QCoreApplication::translate("ekn::ServerConnection",
                                                "the Qt PostgreSQL driver (QPSQL) is not installed "
                                                "(Debian: libqt6sql6-psql)");
        return r;
    }
    r.db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    if (!m_host.isEmpty())
        r.db.setHostName(m_host);
    r.db.setPort(m_port);
    if (!m_user.isEmpty())
        r.db.setUserName(m_user);
    // Empty: libpq reads PGPASSWORD or ~/.pgpass itself.
    if (!m_password.isEmpty())
        r.db.setPassword(m_password);
    r.db.setDatabaseName(m_database);
    r.db.setConnectOptions(connectOptions());
    if (r.db.open())
        return r;

    const QSqlError e = r.db.lastError();
    const QString raw = scrub(e.databaseText().isEmpty() ? e.text() : e.databaseText());
    const QString reason = oneLine(raw);
    r.failure = classify(raw);
    const QString user =
        m_user.isEmpty() ? QCoreApplication::translate("ekn::ServerConnection", "(default user)")
                         : m_user;
    switch (r.failure) {
    case ServerFailure::Unreachable:
        r.message = QCoreApplication::translate("ekn::ServerConnection",
                                                "cannot reach the database server at %1: %2")
                        .arg(displayServer(), reason);
        break;
    case ServerFailure::AuthenticationFailed:
        r.message =
            QCoreApplication::translate("ekn::ServerConnection",
                                        "login to %1 as %2 failed: %3 (check the password in the "
                                        "URL, PGPASSWORD or ~/.pgpass)")
                .arg(displayServer(), user, reason);
        break;
    case ServerFailure::DatabaseMissing:
        r.message = QCoreApplication::translate("ekn::ServerConnection",
                                                "database \"%1\" does not exist on %2")
                        .arg(m_database, displayServer());
        break;
    default:
        r.message = QCoreApplication::translate("ekn::ServerConnection", "cannot connect to %1: %2")
                        .arg(displayUrl(), reason);
        break;
    }
    qCDebug(lcRemote).noquote() << r.message;
    return r;
}

} // namespace ekn
