#include "tst_pgbouncer.h"

#include "remote/pgparams.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace ekn;
using namespace ekn::test;

namespace {

int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

} // namespace

Bouncer::Bouncer(AccountFixture &fx, const QString &extraIni)
    : m_fx(fx), m_dir(QDir::tempPath() + QStringLiteral("/ekn-pgbouncer-XXXXXX"))
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temp dir");
        return;
    }
    m_port = freePort();
    const QUrl pg = fx.clientUrl();
    // A throwaway auth_file for this run's throwaway role, readable by pgbouncer only.
    QFile users(m_dir.filePath(QStringLiteral("userlist.txt")));
    users.open(QIODevice::WriteOnly);
    users.write(QStringLiteral("\"%1\" \"%2\"\n").arg(fx.clientRole(), fx.clientPassword()).toUtf8());
    users.close();
    QFile ini(m_dir.filePath(QStringLiteral("pgbouncer.ini")));
    ini.open(QIODevice::WriteOnly);
    ini.write(QStringLiteral("[databases]\n%1 = host=%2 port=%3 dbname=%1\n\n[pgbouncer]\n"
                             "listen_addr = 127.0.0.1\nlisten_port = %4\nunix_socket_dir =\n"
                             "auth_type = scram-sha-256\nauth_file = %5\npool_mode = transaction\n"
                             "default_pool_size = 1\nmax_client_conn = 50\n"
                             "ignore_startup_parameters = extra_float_digits,options\n"
                             "logfile = %6\n%7\n")
                  .arg(fx.databaseName(), pg.host())
                  .arg(pg.port())
                  .arg(m_port)
                  .arg(users.fileName(), m_dir.filePath(QStringLiteral("pgbouncer.log")), extraIni)
                  .toUtf8());
    ini.close();
    // pgbouncer refuses to run as root: as root, run it as the postgres user like the cluster.
    // Its soft limit of open files is raised to the hard one first: each client is a socket,
    // and with runuser's default of 1024 the load generator's 1,000 devices left pgbouncer
    // unable to accept the last few (accept() fails, the client's connect times out after 5 s,
    // every retry too: 6 of 1,000 devices in every run). Deployments raise it the same way
    // (README: LimitNOFILE).
    QString program = QStringLiteral("sh");
    QStringList args = {QStringLiteral("-c"), QStringLiteral("ulimit -n \"$(ulimit -Hn)\" && exec pgbouncer \"$0\""),
                        ini.fileName()};
    if (geteuid() == 0) {
        runProgram(QStringLiteral("chown"), {QStringLiteral("-R"), QStringLiteral("postgres:"), m_dir.path()});
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        args = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} + args;
        program = QStringLiteral("runuser");
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, args);
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return;
    }
    for (int i = 0; i < 100 && !m_running; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        m_running = probe.waitForConnected(100);
        if (!m_running)
            QThread::msleep(50);
    }
    if (!m_running)
        m_error = QString::fromUtf8(m_process.readAll());
}

Bouncer::~Bouncer()
{
    for (const QString &c : std::as_const(m_connections)) {
        QSqlDatabase::database(c, false).close();
        QSqlDatabase::removeDatabase(c);
    }
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
}

QUrl Bouncer::url() const
{
    QUrl u = m_fx.clientUrl();
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_port);
    return u;
}

QSqlDatabase Bouncer::connect(const QString &name) const
{
    const QString full = QStringLiteral("bouncer-%1-").arg(m_port) + name;
    if (!m_connections.contains(full)) {
        ekn::test::openPostgres(url(), full);
        m_connections << full;
    }
    return QSqlDatabase::database(full, false);
}

namespace {

// The README's deployment recipe, as far as a test can run it. The reset is DISCARD ALL without
// its DISCARD PLANS (and without the parts the public login cannot use: temp tables, sequences,
// advisory locks): forgetting every cached plan after every transaction made each API call plan
// all its statements again, 5 of the 6 ms of server CPU of a no-op sync (docs/SCALING.md).
const QString kRecipe =
    QStringLiteral("server_reset_query = SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; "
                   "CLOSE ALL; UNLISTEN *\nserver_reset_query_always = 1\n"
                   "query_timeout = 30\nidle_transaction_timeout = 10\n");

} // namespace

QString TestAccountPgBouncer::bouncerUrl() const
{
    return m_recipe->url().toString();
}

void TestAccountPgBouncer::initTestCase()
{
    QVERIFY2(m_fx.setUp(), qPrintable(m_fx.error()));
    QVERIFY2(m_old.setUp(10), qPrintable(m_old.error()));
    m_fx.setSetting(QStringLiteral("bcrypt_cost"), 6);
    m_old.setSetting(QStringLiteral("bcrypt_cost"), 6);
    m_recipe = std::make_unique<Bouncer>(m_fx, kRecipe);
    QVERIFY2(m_recipe->isRunning(), qPrintable(m_recipe->error()));
    m_bare = std::make_unique<Bouncer>(m_fx, QString());
    QVERIFY2(m_bare->isRunning(), qPrintable(m_bare->error()));
    m_oldBouncer = std::make_unique<Bouncer>(m_old, QString());
    QVERIFY2(m_oldBouncer->isRunning(), qPrintable(m_oldBouncer->error()));
}

void TestAccountPgBouncer::cleanupTestCase()
{
    m_recipe.reset();
    m_bare.reset();
    m_oldBouncer.reset();
}

void TestAccountPgBouncer::cliRegisterLoginWhoamiLogoutWorkThroughThePooler()
{
    const QString email = QStringLiteral("gina@example.org");
    ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("register"), QStringLiteral("--server"), bouncerUrl(),
                              QStringLiteral("--email"), email, QStringLiteral("--username"), QStringLiteral("Gina")},
                             "gina-password\n");
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), bouncerUrl(), QStringLiteral("--email"), email},
               "gina-password\n");
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = runCli({QStringLiteral("account"), QStringLiteral("whoami"), QStringLiteral("--server"), bouncerUrl()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("Gina <gina@example.org>")), qPrintable(r.out));
    r = runCli({QStringLiteral("account"), QStringLiteral("logout"), QStringLiteral("--server"), bouncerUrl()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM user_sessions s JOIN users u ON u.id = s.user_id "
                                            "WHERE u.email = 'gina@example.org' AND s.revoked_at IS NULL")).toInt(), 0);
    r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), bouncerUrl(), QStringLiteral("--email"), email},
               "wrong-password\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(QStringLiteral("wrong email or password")));
}


namespace {

struct Signed
{
    QString userId, access;
};

Signed registerThrough(const QSqlDatabase &db, const QString &email)
{
    PgParams::exec(db, QStringLiteral("SELECT * FROM api.register($1, 'u', 'pooled-password', 't')"), {email});
    const PgResult r = PgParams::exec(db, QStringLiteral("CALL api.sign_in($1, 'pooled-password', 't', NULL, NULL, NULL, NULL, NULL, NULL)"),
                                      {email});
    return {r.value(QStringLiteral("user_id")), r.value(QStringLiteral("access_token"))};
}

} // namespace

void TestAccountPgBouncer::oneServerConnectionServesTwoUsersWithoutMixingThem()
{
    QSqlDatabase a = m_recipe->connect(QStringLiteral("a"));
    QSqlDatabase b = m_recipe->connect(QStringLiteral("b"));
    QVERIFY2(a.isOpen() && b.isOpen(), qPrintable(a.lastError().text()));
    const Signed hal = registerThrough(a, QStringLiteral("hal@example.org"));
    const Signed ivy = registerThrough(b, QStringLiteral("ivy@example.org"));
    QVERIFY(!hal.access.isEmpty() && !ivy.access.isEmpty());
    const QString who = QStringLiteral("SELECT w.email, pg_backend_pid() FROM api.whoami($1) w");
    // Interleaved calls of two users on a pool of one server connection.
    for (int i = 0; i < 5; ++i) {
        const PgResult x = PgParams::exec(a, who, {hal.access});
        const PgResult y = PgParams::exec(b, who, {ivy.access});
        QCOMPARE(x.rows.value(0).value(0), QStringLiteral("hal@example.org"));
        QCOMPARE(y.rows.value(0).value(0), QStringLiteral("ivy@example.org"));
        QCOMPARE(x.rows.value(0).value(1), y.rows.value(0).value(1)); // really the same backend
    }
    // The token the API set was transaction-local: the next transaction there is nobody's.
    const PgResult after = PgParams::exec(b, QStringLiteral("SELECT current_setting('eknmusic.token', true)"));
    QVERIFY(after.ok && after.rows.value(0).value(0).isEmpty());
}

void TestAccountPgBouncer::aTempTableCannotShadowALibraryTableForTheNextClient()
{
    // Now: the public login has no TEMP, through the pooler or not.
    QSqlDatabase attacker = m_recipe->connect(QStringLiteral("attacker"));
    const PgResult denied = PgParams::exec(attacker, QStringLiteral("CREATE TEMP TABLE music_tracks (id uuid, title text, file_url text)"));
    QCOMPARE(denied.sqlState, QStringLiteral("42501"));
    // Control, 010 behind the same kind of pooler: the attacker's temp table (pg_temp comes first
    // for unqualified names) takes the next user's write; "1 stored" and nothing stored.
    QSqlDatabase oldAttacker = m_oldBouncer->connect(QStringLiteral("attacker"));
    QSqlDatabase oldVictim = m_oldBouncer->connect(QStringLiteral("victim"));
    QVERIFY(PgParams::exec(oldAttacker, QStringLiteral("CREATE TEMP TABLE music_tracks (id uuid, user_id uuid, title text, file_url text)")).ok);
    const PgResult reg = PgParams::exec(oldVictim, QStringLiteral("SELECT * FROM app.register('vic@example.org', 'v', 'victim-password', 't')"));
    const ClientRun write = runAs(oldVictim, reg.value(QStringLiteral("access_token")),
                                  QStringLiteral("INSERT INTO music_tracks (title, file_url) VALUES ('victim song', 'file:///v')"));
    QVERIFY2(write.ok, qPrintable(write.error));
    QCOMPARE(write.affected, 1);
    QCOMPARE(m_old.adminValue(QStringLiteral("SELECT count(*) FROM music_tracks WHERE title = 'victim song'")).toInt(), 0);
    PgParams::exec(oldAttacker, QStringLiteral("DISCARD TEMP"));
}

void TestAccountPgBouncer::sessionSettingsAndPreparedStatementsDoNotReachTheNextClient()
{
    // The attacker leaves session state on the one server connection: an isolation level that
    // makes every API call refuse (EK403), a timeout, a search_path, a prepared statement
    // named like the ones Qt's driver makes, another role, an open cursor, a LISTEN. The next
    // client's API call must not see any of it.
    const QStringList leave = {
        QStringLiteral("SET default_transaction_isolation = 'repeatable read'"),
        QStringLiteral("SET search_path = pg_temp, api, app, public"),
        QStringLiteral("SET lock_timeout = 1"),
        QStringLiteral("PREPARE qpsqlpstmt_1 AS SELECT 1"),
        QStringLiteral("SET ROLE eknmusic_client"),
        QStringLiteral("DECLARE left_open CURSOR WITH HOLD FOR SELECT 1"),
        QStringLiteral("LISTEN left_behind"),
    };
    const QString who = QStringLiteral("SELECT w.email, current_setting('transaction_isolation'), "
                                       "(SELECT count(*) FROM pg_prepared_statements), "
                                       "current_user = session_user, (SELECT count(*) FROM pg_cursors WHERE name = 'left_open'), "
                                       "(SELECT count(*) FROM pg_listening_channels()) FROM api.whoami($1) w");
    for (Bouncer *bouncer : {m_recipe.get(), m_bare.get()}) {
        QSqlDatabase attacker = bouncer->connect(QStringLiteral("setter"));
        QSqlDatabase victim = bouncer->connect(QStringLiteral("victim"));
        const Signed jo = registerThrough(victim, QStringLiteral("jo%1@example.org").arg(bouncer == m_bare.get()));
        QVERIFY(!jo.access.isEmpty());
        for (const QString &sql : leave)
            QVERIFY2(PgParams::exec(attacker, sql).ok, qPrintable(sql));
        const PgResult r = PgParams::exec(victim, who, {jo.access});
        if (bouncer == m_recipe.get()) {
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.rows.value(0).value(1), QStringLiteral("read committed"));
            QCOMPARE(r.rows.value(0).value(2), QStringLiteral("0"));
            QCOMPARE(r.rows.value(0).value(3), QStringLiteral("t"));
            QCOMPARE(r.rows.value(0).value(4), QStringLiteral("0"));
            QCOMPARE(r.rows.value(0).value(5), QStringLiteral("0"));
        } else {
            // Control: without the reset the next client inherits it and is refused.
            QCOMPARE(r.sqlState, QStringLiteral("EK403"));
            const PgResult left = PgParams::exec(victim, QStringLiteral(
                "SELECT current_user = session_user, (SELECT count(*) FROM pg_cursors WHERE name = 'left_open'), "
                "(SELECT count(*) FROM pg_listening_channels())"));
            QVERIFY2(left.ok, qPrintable(left.error));
            QCOMPARE(left.rows.value(0), (QStringList{QStringLiteral("f"), QStringLiteral("1"), QStringLiteral("1")}));
            PgParams::exec(attacker, QStringLiteral("DISCARD ALL"));
        }
    }
}
