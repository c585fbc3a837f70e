#include "tst_dbcommand.h"

#include "remote/migrationrunner.h"
#include "serverfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ekn;
using namespace ekn::test;

namespace {

QStringList db(const QString &action, const QString &server)
{
    return {QStringLiteral("db"), action, QStringLiteral("--server"), server};
}

// A role that may log in with a password (the cluster authenticates with SCRAM), dropped again.
class LoginRole
{
public:
    LoginRole(QSqlDatabase admin, const QString &password)
        : m_admin(admin),
          m_name(QStringLiteral("ekn_login_") + QUuid::createUuid().toString(QUuid::Id128).left(12))
    {
        m_ok =
            exec(admin, QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(m_name, password),
                 &m_error);
    }
    ~LoginRole() { exec(m_admin, QStringLiteral("DROP ROLE IF EXISTS ") + m_name); }
    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    QString name() const { return m_name; }

private:
    QSqlDatabase m_admin;
    QString m_name;
    QString m_error;
    bool m_ok = false;
};

} // namespace

void TestDbCommand::migrateThenRollbackToZeroRoundTrips()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    const QString server = urlText(temp.url());
    const QStringList ids = builtInIds();
    const QString latest = versionLabel(latestBuiltInVersion());
    ProcessResult r = runCli(db(QStringLiteral("migrate"), server));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QStringList applying;
    for (const QString &id : ids)
        applying << QStringLiteral("applying ") + id;
    QVERIFY2(r.out.endsWith(applying.join(QLatin1Char('\n')) +
                            QStringLiteral("\nmigrated: database is at version ") + latest +
                            QLatin1Char('\n')),
             qPrintable(r.out));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err)); // no NOTICEs, no log noise

    r = runCli(db(QStringLiteral("status"), server));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("version: %1 (latest known: %1)").arg(latest)),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("pending: none")));
    QVERIFY(!r.out.contains(temp.url().password()));

    r = runCli(db(QStringLiteral("rollback"), server) +
               QStringList{QStringLiteral("--to"), QStringLiteral("0")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QStringList reverting;
    for (auto it = ids.crbegin(); it != ids.crend(); ++it)
        reverting << QStringLiteral("reverting ") + *it;
    QVERIFY2(r.out.contains(reverting.join(QLatin1Char('\n')) +
                            QStringLiteral("\nrolled back: database is at version 0 (empty)")),
             qPrintable(r.out));
    Connection conn(temp);
    const QStringList left = objectsOfOurs(conn.db());
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1String(", "))));
}

void TestDbCommand::badUrlSaysSoAndExitsWithConnectionCode()
{
    for (const QString &url : {QStringLiteral("http://u:Hunter22@example.org/db"),
                               QStringLiteral("postgresql://u:Hunter22@example.org:5432"),
                               QStringLiteral("postgresql://u:Hunter22@example.org:70000/db")}) {
        const ProcessResult r = runCli(db(QStringLiteral("migrate"), url));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.startsWith(QLatin1String("eknmusic-cli db: bad server URL: ")),
                 qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY(!r.err.contains(QLatin1String("Hunter22")));
    }
}

void TestDbCommand::closedPortSaysServerUnreachable()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const int port = probe.serverPort();
    probe.close();
    const ProcessResult r =
        runCli(db(QStringLiteral("migrate"),
                  QStringLiteral("postgresql://owner:Hunter22@127.0.0.1:%1/music").arg(port)));
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.err, QStringLiteral("eknmusic-cli db: cannot reach the database server at "
                                   "127.0.0.1:%1: Connection refused\n")
                        .arg(port));
}

void TestDbCommand::wrongPasswordSaysLoginFailedWithoutPrintingIt()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection admin(temp);
    LoginRole role(admin.db(), QStringLiteral("Right-Pass-1"));
    QVERIFY2(role.ok(), qPrintable(role.error()));
    QUrl url = temp.url();
    url.setUserName(role.name());
    url.setPassword(QStringLiteral("Wrong-Pass-2"));
    const ProcessResult r = runCli(db(QStringLiteral("migrate"), urlText(url)));
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("eknmusic-cli db: login to 127.0.0.1:%1 as %2 failed: "
                                             "password authentication failed")
                                  .arg(url.port())
                                  .arg(role.name())),
             qPrintable(r.err));
    QVERIFY(!r.err.contains(QLatin1String("Wrong-Pass-2")));
    QVERIFY(!r.out.contains(QLatin1String("Wrong-Pass-2")));
}

void TestDbCommand::passwordComesFromPgpasswordOrPgpass()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection admin(temp);
    LoginRole role(admin.db(), QStringLiteral("Right-Pass-1"));
    QVERIFY2(role.ok(), qPrintable(role.error()));
    QUrl url = temp.url();
    url.setUserName(role.name());
    url.setPassword(QString());

    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("PGPASSWORD"));
    env.remove(QStringLiteral("PGPASSFILE"));
    env.insert(QStringLiteral("HOME"), home.path());

    // No password anywhere: libpq has none to send.
    ProcessResult r = runCli(db(QStringLiteral("status"), urlText(url)), {}, env);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QLatin1String("failed: ")) && r.err.contains(QLatin1String("login to")),
             qPrintable(r.err));

    QProcessEnvironment withVar = env;
    withVar.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("Right-Pass-1"));
    r = runCli(db(QStringLiteral("status"), urlText(url)), {}, withVar);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QLatin1String("version: 0 (empty)")));

    const QString pgpass = home.filePath(QStringLiteral(".pgpass"));
    QVERIFY(writeFile(pgpass, QStringLiteral("127.0.0.1:%1:%2:%3:Right-Pass-1\n")
                                  .arg(url.port())
                                  .arg(temp.name(), role.name())
                                  .toUtf8()));
    QFile::setPermissions(pgpass,
                          QFile::ReadOwner | QFile::WriteOwner); // libpq ignores a readable one
    r = runCli(db(QStringLiteral("status"), urlText(url)), {}, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("server:  postgresql://%1@127.0.0.1:%2/%3")
                               .arg(role.name())
                               .arg(url.port())
                               .arg(temp.name())));
}

void TestDbCommand::missingDatabaseIsNamed()
{
    QUrl url = adminServerUrl();
    url.setPath(QStringLiteral("/ekn_missing_db"));
    const ProcessResult r = runCli(db(QStringLiteral("status"), urlText(url)));
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.err,
             QStringLiteral(
                 "eknmusic-cli db: database \"ekn_missing_db\" does not exist on 127.0.0.1:%1\n")
                 .arg(url.port()));
}

// A plain server: the migrating role owns its database but is no superuser and may not create
// roles (the extensions the migrations create are trusted ones). The roles of 004 are the
// cluster's: a superuser creates them once per cluster and lets the owner hand functions to
// eknmusic_auth, exactly as migrations/SECURITY.md tells operators (a CREATEROLE owner is
// tests/account's case).
void TestDbCommand::databaseOwnerWithoutSuperuserMigratesAndRollsBack()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection admin(temp);
    LoginRole owner(admin.db(), QStringLiteral("Owner-Pass-1"));
    QVERIFY2(owner.ok(), qPrintable(owner.error()));
    QString error;
    for (const char *role : {"eknmusic_client", "eknmusic_auth", "eknmusic_push", "eknmusic_share"}) {
        // Another database of this cluster may have created it already.
        if (!exec(admin.db(), QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(QLatin1String(role)),
                  &error))
            QVERIFY2(error.contains(QLatin1String("[42710]")), qPrintable(error));
    }
    QVERIFY2(exec(admin.db(), QStringLiteral("GRANT eknmusic_auth TO ") + owner.name(), &error),
             qPrintable(error));
    QVERIFY2(exec(admin.db(), QStringLiteral("GRANT eknmusic_push TO ") + owner.name(), &error),
             qPrintable(error));
    QVERIFY2(exec(admin.db(), QStringLiteral("GRANT eknmusic_share TO ") + owner.name(), &error),
             qPrintable(error));
    QVERIFY2(exec(admin.db(),
                  QStringLiteral("ALTER DATABASE %1 OWNER TO %2").arg(temp.name(), owner.name()),
                  &error),
             qPrintable(error));
    QUrl url = temp.url();
    url.setUserName(owner.name());
    url.setPassword(QString());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("Owner-Pass-1"));

    ProcessResult r = runCli(db(QStringLiteral("migrate"), urlText(url)), {}, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("database is at version ") +
                            versionLabel(latestBuiltInVersion())),
             qPrintable(r.out));
    // The owner owns every table of the library (schema public), the seed's among them; 005's
    // sign-in tables in schema app belong to eknmusic_auth by design (SECURITY.md).
    const QStringList owned =
        column(admin.db(), QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = "
                                          "'public' AND tableowner = '%1' ORDER BY 1")
                               .arg(owner.name()));
    for (const char *table : {"music_tracks", "playlist_tracks", "playlists", "schema_migrations",
                              "track_metadata", "user_sessions", "users"})
        QVERIFY2(owned.contains(QLatin1String(table)), table);
    const QStringList notOwned =
        column(admin.db(), QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = "
                                          "'public' AND tableowner <> '%1'")
                               .arg(owner.name()));
    QVERIFY2(notOwned.isEmpty(), qPrintable(notOwned.join(QLatin1String(", "))));

    r = runCli(db(QStringLiteral("rollback"), urlText(url)) +
                   QStringList{QStringLiteral("--to"), QStringLiteral("0")},
               {}, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList left = objectsOfOurs(admin.db());
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1String(", "))));
    // An owner without CREATEROLE cannot drop roles: the cluster's roles stay for the
    // superuser who made them, and nothing in this database refers to them any more.
    QCOMPARE(scalar(admin.db(), QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname IN "
                                               "('eknmusic_client', 'eknmusic_auth')"))
                 .toInt(),
             2);
    QVERIFY(
        exec(admin.db(), QStringLiteral("ALTER DATABASE %1 OWNER TO postgres").arg(temp.name())));
}

void TestDbCommand::twoConcurrentMigrateRunsEndWithOneCorrectSchema()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection holder(temp);
    // Hold the runners' lock so both processes are certainly inside migrate() at once.
    QVERIFY(exec(holder.db(), QStringLiteral("CREATE TABLE schema_migrations (version integer PRIMARY KEY "
                                             "CHECK (version > 0), name text NOT NULL, checksum text NOT NULL, "
                                             "applied_at timestamptz NOT NULL DEFAULT now())")));
    QVERIFY(exec(holder.db(), QStringLiteral("BEGIN")));
    QVERIFY(exec(holder.db(), QString::fromLatin1(MigrationRunner::kLockStatement)));

    QProcess a, b;
    const QStringList args = db(QStringLiteral("migrate"), urlText(temp.url()));
    a.start(QStringLiteral(EKN_CLI_PATH), args);
    b.start(QStringLiteral(EKN_CLI_PATH), args);
    QVERIFY(a.waitForStarted() && b.waitForStarted());

    QElapsedTimer clock;
    clock.start();
    int waiting = 0;
    while (waiting < 2 && clock.elapsed() < 30000) {
        QTest::qWait(50);
        waiting =
            scalar(holder.db(),
                   QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'relation' "
                                  "AND NOT granted AND relation = 'schema_migrations'::regclass"))
                .toInt();
    }
    QCOMPARE(waiting, 2);
    QVERIFY(exec(holder.db(), QStringLiteral("COMMIT")));

    QVERIFY(a.waitForFinished(60000) && b.waitForFinished(60000));
    const QString outA = QString::fromUtf8(a.readAllStandardOutput());
    const QString outB = QString::fromUtf8(b.readAllStandardOutput());
    QVERIFY2(a.exitCode() == 0, qPrintable(QString::fromUtf8(a.readAllStandardError())));
    QVERIFY2(b.exitCode() == 0, qPrintable(QString::fromUtf8(b.readAllStandardError())));
    QVERIFY(outA.contains(QLatin1String("waiting for it")) &&
            outB.contains(QLatin1String("waiting for it")));
    // One applied everything, the other found nothing left.
    const QString latest = versionLabel(latestBuiltInVersion());
    const QString done = QStringLiteral("migrated: database is at version ") + latest;
    const QString nothing = QStringLiteral("already up to date: database is at version ") + latest;
    QVERIFY2((outA.contains(done) && outB.contains(nothing)) ||
                 (outB.contains(done) && outA.contains(nothing)),
             qPrintable(outA + QLatin1String("---\n") + outB));

    QCOMPARE(scalar(holder.db(), QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(),
             builtInVersions().size());
    QCOMPARE(
        scalar(holder.db(),
               QStringLiteral(
                   "SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_tracks_title_trgm'"))
            .toInt(),
        1);
    MigrationRunner check(holder.db());
    const Result<MigrationStatus> s = check.status();
    QVERIFY2(s, qPrintable(s.error()));
    QVERIFY(s->pending.isEmpty() && s->mismatches.isEmpty());
}

void TestDbCommand::rollbackWithoutTargetIsAUsageError()
{
    const ProcessResult r =
        runCli(db(QStringLiteral("rollback"), QStringLiteral("postgresql://u@h/d")));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("rollback needs --to N")), qPrintable(r.err));
}
