#include "tst_serverconnection.h"

#include "remote/serverconnection.h"
#include "serverfixture.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>
#include <QUuid>

using namespace ekn;
using namespace ekn::test;

namespace {

// A loopback port nothing listens on: bound once to learn a free number, then closed.
int closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return -1;
    const int port = server.serverPort();
    server.close();
    return port;
}

} // namespace

void TestServerConnection::parsesAFullUrl()
{
    const ServerConnection c = ServerConnection::fromUrl(
        QStringLiteral("postgresql://ekn%20owner:p%40ss%3Aword@db.example.org:6543/"
                       "music?sslmode=require&connect_timeout=9&application_name=tool"));
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    QCOMPARE(c.host(), QStringLiteral("db.example.org"));
    QCOMPARE(c.port(), 6543);
    QCOMPARE(c.userName(), QStringLiteral("ekn owner"));
    QCOMPARE(c.password(), QStringLiteral("p@ss:word"));
    QCOMPARE(c.databaseName(), QStringLiteral("music"));
    QCOMPARE(c.sslMode(), QStringLiteral("require"));
    QCOMPARE(c.connectTimeoutSeconds(), 9);
    QCOMPARE(c.applicationName(), QStringLiteral("tool"));
}

void TestServerConnection::acceptsPostgresSchemeAndDefaults()
{
    const ServerConnection c =
        ServerConnection::fromUrl(QStringLiteral("postgres://alice@localhost/lib"));
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    QCOMPARE(c.port(), -1);    // libpq's default (PGPORT or 5432)
    QVERIFY(!c.hasPassword()); // libpq then reads PGPASSWORD or ~/.pgpass
    QCOMPARE(c.connectTimeoutSeconds(), ServerConnection::kDefaultConnectTimeoutSeconds);
    QCOMPARE(c.sslMode(), QString());
}

void TestServerConnection::rejectsBadUrlsWithoutShowingThePassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("http") << QStringLiteral("http://u:s3cretPW@host/db")
                          << QStringLiteral("postgresql://");
    QTest::newRow("no scheme") << QStringLiteral("u:s3cretPW@host/db")
                               << QStringLiteral("postgresql://");
    QTest::newRow("no database") << QStringLiteral("postgresql://u:s3cretPW@host:5432/")
                                 << QStringLiteral("no database name");
    QTest::newRow("port too big") << QStringLiteral("postgresql://u:s3cretPW@host:99999/db")
                                  << QStringLiteral("not a valid URI");
    QTest::newRow("port not a number") << QStringLiteral("postgresql://u:s3cretPW@host:54x/db")
                                       << QStringLiteral("not a valid URI");
    QTest::newRow("bad sslmode") << QStringLiteral("postgresql://u:s3cretPW@host/db?sslmode=maybe")
                                 << QStringLiteral("sslmode 'maybe'");
    QTest::newRow("bad timeout") << QStringLiteral(
                                        "postgresql://u:s3cretPW@host/db?connect_timeout=soon")
                                 << QStringLiteral("connect_timeout 'soon'");
    QTest::newRow("unknown parameter")
        << QStringLiteral("postgresql://u:s3cretPW@host/db?colour=blue")
        << QStringLiteral("unknown parameter 'colour'");
}

void TestServerConnection::rejectsBadUrlsWithoutShowingThePassword()
{
    QFETCH(QString, url);
    QFETCH(QString, says);
    const ServerConnection c = ServerConnection::fromUrl(url);
    QVERIFY(!c.isValid());
    QVERIFY2(c.error().startsWith(QLatin1String("bad server URL: ")), qPrintable(c.error()));
    QVERIFY2(c.error().contains(says), qPrintable(c.error()));
    QVERIFY2(!c.error().contains(QLatin1String("s3cretPW")), qPrintable(c.error()));
    QVERIFY(!c.error().contains(QLatin1Char('\n')));
    const ServerOpenResult r = c.open(QStringLiteral("never-opened"));
    QCOMPARE(r.failure, ServerFailure::BadUrl);
}

void TestServerConnection::displayUrlNeverContainsThePassword()
{
    const ServerConnection c = ServerConnection::fromUrl(
        QStringLiteral("postgresql://bob:hunter2@db.example.org:5433/music"));
    QCOMPARE(c.displayUrl(), QStringLiteral("postgresql://bob@db.example.org:5433/music"));
    QCOMPARE(c.displayServer(), QStringLiteral("db.example.org:5433"));
}

void TestServerConnection::opensAndSetsApplicationName()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    ServerConnection c = ServerConnection::fromUrl(urlText(temp.url()));
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    c.setApplicationName(QStringLiteral("EKNMusic sync 'test'"));
    const QString name = QStringLiteral("sc-open");
    {
        const ServerOpenResult r = c.open(name);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(
            scalar(
                r.db,
                QStringLiteral(
                    "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
                .toString(),
            QStringLiteral("EKNMusic sync 'test'"));
        QCOMPARE(scalar(r.db, QStringLiteral("SELECT current_database()")).toString(), temp.name());
    }
    QSqlDatabase::removeDatabase(name);
}

void TestServerConnection::closedPortIsUnreachable()
{
    const int port = closedPort();
    QVERIFY(port > 0);
    const ServerConnection c = ServerConnection::fromUrl(
        QStringLiteral("postgresql://someone:s3cretPW@127.0.0.1:%1/music").arg(port));
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    const QString name = QStringLiteral("sc-closed");
    {
        const ServerOpenResult r = c.open(name);
        QCOMPARE(r.failure, ServerFailure::Unreachable);
        QVERIFY2(r.message.startsWith(
                     QStringLiteral("cannot reach the database server at 127.0.0.1:%1").arg(port)),
                 qPrintable(r.message));
        QVERIFY(!r.message.contains(QLatin1String("s3cretPW")));
        QVERIFY(!r.message.contains(QLatin1Char('\n')));
    }
    QSqlDatabase::removeDatabase(name);
}

// A listener that completes the TCP handshake (the kernel's backlog does, with no accept())
// and never answers: only connect_timeout ends the wait.
void TestServerConnection::silentServerTimesOutAfterConnectTimeout()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const ServerConnection c = ServerConnection::fromUrl(
        QStringLiteral("postgresql://someone@127.0.0.1:%1/music?connect_timeout=2")
            .arg(silent.serverPort()));
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    QCOMPARE(c.connectTimeoutSeconds(), 2);
    const QString name = QStringLiteral("sc-silent");
    QElapsedTimer clock;
    clock.start();
    {
        const ServerOpenResult r = c.open(name);
        const qint64 ms = clock.elapsed();
        QCOMPARE(r.failure, ServerFailure::Unreachable);
        QVERIFY2(r.message.contains(QLatin1String("timeout expired")), qPrintable(r.message));
        QVERIFY2(ms >= 1500 && ms < 8000, qPrintable(QString::number(ms)));
    }
    QSqlDatabase::removeDatabase(name);
}

void TestServerConnection::wrongPasswordIsAnAuthenticationFailure()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection admin(temp);
    const QString role =
        QStringLiteral("ekn_pw_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    QString error;
    QVERIFY2(exec(admin.db(),
                  QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'Right-Pass-1'").arg(role), &error),
             qPrintable(error));
    QUrl url = temp.url();
    url.setUserName(role);
    url.setPassword(QStringLiteral("Wrong-Pass-2"));
    const QString name = QStringLiteral("sc-wrongpw");
    {
        const ServerOpenResult r = ServerConnection::fromUrl(urlText(url)).open(name);
        QCOMPARE(r.failure, ServerFailure::AuthenticationFailed);
        QVERIFY2(r.message.contains(
                     QStringLiteral("as %1 failed: password authentication failed").arg(role)),
                 qPrintable(r.message));
        QVERIFY(!r.message.contains(QLatin1String("Wrong-Pass-2")));
    }
    QSqlDatabase::removeDatabase(name);
    {
        url.setPassword(QStringLiteral("Right-Pass-1"));
        const ServerOpenResult r = ServerConnection::fromUrl(urlText(url)).open(name);
        QVERIFY2(r.ok(), qPrintable(r.message));
    }
    QSqlDatabase::removeDatabase(name);
    QVERIFY2(exec(admin.db(), QStringLiteral("DROP ROLE %1").arg(role), &error), qPrintable(error));
}

void TestServerConnection::missingDatabaseIsReportedAsSuch()
{
    QUrl url = adminServerUrl();
    QVERIFY2(url.isValid() && !url.host().isEmpty(), "run under scripts/with-test-services.sh");
    url.setPath(QStringLiteral("/ekn_no_such_database"));
    const QString name = QStringLiteral("sc-nodb");
    {
        const ServerOpenResult r = ServerConnection::fromUrl(urlText(url)).open(name);
        QCOMPARE(r.failure, ServerFailure::DatabaseMissing);
        QVERIFY2(r.message.startsWith(QLatin1String(
                     "database \"ekn_no_such_database\" does not exist on 127.0.0.1:")),
                 qPrintable(r.message));
        QVERIFY(!r.message.contains(url.password()));
    }
    QSqlDatabase::removeDatabase(name);
}
