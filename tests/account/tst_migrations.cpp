#include "tst_migrations.h"

#include "remote/migrationrunner.h"
#include "testsupport.h"

#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace ekn;
using namespace ekn::test;

namespace {

QString dump(const QUrl &url)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), url.password());
    const ProcessResult r = runProgram(pgBinDir() + QStringLiteral("/pg_dump"),
                                       {QStringLiteral("--schema-only"), QStringLiteral("--no-owner"),
                                        QStringLiteral("--dbname=") + url.toString(QUrl::RemovePassword)},
                                       env);
    QStringList kept;
    for (const QString &line : r.out.split(QLatin1Char('\n'))) {
        if (!line.isEmpty() && !line.startsWith(QLatin1String("--")) && !line.startsWith(QLatin1String("\\restrict"))
            && !line.startsWith(QLatin1String("\\unrestrict")))
            kept << line;
    }
    return kept.join(QLatin1Char('\n'));
}

// A named connection that goes away with the scope.
class Conn
{
public:
    Conn(const QUrl &url, const QString &user = {}, const QString &password = {})
        : m_name(QStringLiteral("mig-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        QUrl target = url;
        if (!user.isEmpty()) {
            target.setUserName(user);
            target.setPassword(password);
        }
        ekn::test::openPostgres(target, m_name);
    }
    ~Conn() { QSqlDatabase::removeDatabase(m_name); }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    QVariant value(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(db());
        const bool ok = q.exec(sql);
        if (!ok)
            qWarning("%s", qPrintable(q.lastError().text()));
        return ok;
    }

private:
    QString m_name;
};

QString randomName(const char *prefix)
{
    return QLatin1String(prefix) + QString::number(QRandomGenerator::global()->generate(), 36);
}

} // namespace

void TestAccountMigrations::rollingBackToVersion3RestoresItsSchemaAndUpAgainIsIdentical()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    {
        Conn c(temp.url());
        MigrationRunner three(c.db());
        QVERIFY(three.migrate(3)); // migrate() loads the files first
        const QString at3 = dump(temp.url());
        MigrationRunner latest(c.db());
        const Status migrated = latest.migrate();
        QVERIFY2(migrated, qPrintable(migrated.error()));
        QVERIFY(latest.currentVersion() >= 5);
        const QString atLatest = dump(temp.url());
        QVERIFY(atLatest.contains(QLatin1String("FORCE ROW LEVEL SECURITY")));
        MigrationRunner down(c.db());
        const Status rolledBack = down.rollback(3);
        QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
        QCOMPARE(dump(temp.url()), at3);
        MigrationRunner up(c.db());
        const Status again = up.migrate();
        QVERIFY2(again, qPrintable(again.error()));
        QCOMPARE(dump(temp.url()), atLatest);
    }
}

void TestAccountMigrations::rolesSharedWithAnotherDatabaseSurviveItsRollback()
{
    TempDatabase first, second;
    QVERIFY(first.isValid() && second.isValid());
    Conn a(first.url());
    Conn b(second.url());
    MigrationRunner ra(a.db()), rb(b.db());
    const Status migratedA = ra.migrate();
    QVERIFY2(migratedA, qPrintable(migratedA.error()));
    const Status migratedB = rb.migrate();
    QVERIFY2(migratedB, qPrintable(migratedB.error())); // roles already there: fine
    MigrationRunner back(a.db());
    const Status rolledBack = back.rollback(0);
    QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
    // The second database still has its client role and its sign-in works.
    QCOMPARE(b.value(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname IN ('eknmusic_client', 'eknmusic_auth')")).toInt(), 2);
    QVERIFY(b.exec(QStringLiteral("UPDATE app.settings SET value = 4 WHERE key = 'bcrypt_cost'")));
    QCOMPARE(b.value(QStringLiteral("SELECT status FROM app.register('x@example.org', 'x', 'password-1', 't')")).toString(),
             QStringLiteral("ok"));
}

void TestAccountMigrations::ownerWithCreateRoleButNoSuperuserMigratesAndRollsBack()
{
    TempDatabase temp;
    QVERIFY(temp.isValid());
    Conn admin(temp.url());
    const QString owner = randomName("ekn_test_owner_");
    QVERIFY(admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN CREATEROLE PASSWORD 'Owner-Pass-1'").arg(owner)));
    QVERIFY(admin.exec(QStringLiteral("ALTER DATABASE %1 OWNER TO %2").arg(temp.name(), owner)));
    QUrl url = temp.url();
    url.setUserName(owner);
    url.setPassword(QStringLiteral("Owner-Pass-1"));
    ProcessResult r = runCli({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--server"), url.toString()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // 014 could not revoke the built-in functions a superuser owns, and says what to run.
    QVERIFY2(r.err.contains(QLatin1String("is not a superuser")) && r.err.contains(QLatin1String("REVOKE EXECUTE ON FUNCTION lo_create(oid) FROM PUBLIC")),
             qPrintable(r.err));
    QCOMPARE(admin.value(QStringLiteral("SELECT has_function_privilege('public', 'lo_create(oid)', 'EXECUTE')")).toBool(), true);
    QCOMPARE(admin.value(QStringLiteral("SELECT has_database_privilege('public', current_database(), 'TEMPORARY')")).toBool(), false);
    QCOMPARE(admin.value(QStringLiteral("SELECT tableowner FROM pg_tables WHERE tablename = 'music_tracks'")).toString(), owner);
    QCOMPARE(admin.value(QStringLiteral("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'music_tracks'")).toBool(), true);
    r = runCli({QStringLiteral("db"), QStringLiteral("rollback"), QStringLiteral("--to"), QStringLiteral("3"), QStringLiteral("--server"),
                url.toString()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(admin.value(QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'")).toInt(), 0);
    QVERIFY(admin.exec(QStringLiteral("ALTER DATABASE %1 OWNER TO postgres").arg(temp.name())));
    QVERIFY(admin.exec(QStringLiteral("REASSIGN OWNED BY %1 TO postgres").arg(owner)));
    QVERIFY(admin.exec(QStringLiteral("DROP OWNED BY %1").arg(owner)));
    QVERIFY(admin.exec(QStringLiteral("DROP ROLE %1").arg(owner)));
}

void TestAccountMigrations::ownerWithoutCreateRoleIsToldWhatToAsk()
{
    TempDatabase temp;
    QVERIFY(temp.isValid());
    Conn admin(temp.url());
    const QString owner = randomName("ekn_test_owner_");
    QVERIFY(admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'Owner-Pass-1'").arg(owner)));
    QVERIFY(admin.exec(QStringLiteral("ALTER DATABASE %1 OWNER TO %2").arg(temp.name(), owner)));
    QUrl url = temp.url();
    url.setUserName(owner);
    url.setPassword(QStringLiteral("Owner-Pass-1"));
    const ProcessResult r = runCli({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--server"), url.toString()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("004_roles_and_rls")) && r.err.contains(QLatin1String("CREATEROLE")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("version 3")) || r.err.contains(QLatin1String("version 003")), qPrintable(r.err));
    QCOMPARE(admin.value(QStringLiteral("SELECT max(version) FROM schema_migrations")).toInt(), 3);
    QVERIFY(admin.exec(QStringLiteral("ALTER DATABASE %1 OWNER TO postgres").arg(temp.name())));
    QVERIFY(admin.exec(QStringLiteral("REASSIGN OWNED BY %1 TO postgres").arg(owner)));
    QVERIFY(admin.exec(QStringLiteral("DROP OWNED BY %1").arg(owner)));
    QVERIFY(admin.exec(QStringLiteral("DROP ROLE %1").arg(owner)));
}
