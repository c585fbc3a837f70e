#include "tst_pgbouncer.h"

#include "remote/pgparams.h"

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

QString TestAccountPgBouncer::bouncerUrl() const
{
    QUrl u = m_fx.clientUrl();
    u.setPort(m_port);
    return u.toString();
}

void TestAccountPgBouncer::initTestCase()
{
    QVERIFY2(m_fx.setUp(), qPrintable(m_fx.error()));
    m_fx.setSetting(QStringLiteral("bcrypt_cost"), 6);
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/ekn-pgbouncer-XXXXXX"));
    QVERIFY(m_dir->isValid());
    m_port = freePort();
    const QUrl pg = m_fx.clientUrl();
    // A throwaway auth_file for this run's throwaway role, readable by pgbouncer only.
    QFile users(m_dir->filePath(QStringLiteral("userlist.txt")));
    QVERIFY(users.open(QIODevice::WriteOnly));
    users.write(QStringLiteral("\"%1\" \"%2\"\n").arg(m_fx.clientRole(), m_fx.clientPassword()).toUtf8());
    users.close();
    QFile ini(m_dir->filePath(QStringLiteral("pgbouncer.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write(QStringLiteral("[databases]\n%1 = host=%2 port=%3 dbname=%1\n\n[pgbouncer]\n"
                             "listen_addr = 127.0.0.1\nlisten_port = %4\nunix_socket_dir =\n"
                             "auth_type = scram-sha-256\nauth_file = %5\npool_mode = transaction\n"
                             "default_pool_size = 1\nmax_client_conn = 50\n"
                             "ignore_startup_parameters = extra_float_digits,options\n"
                             "logfile = %6\n")
                  .arg(m_fx.databaseName(), pg.host())
                  .arg(pg.port())
                  .arg(m_port)
                  .arg(users.fileName(), m_dir->filePath(QStringLiteral("pgbouncer.log")))
                  .toUtf8());
    ini.close();
    // pgbouncer refuses to run as root: as root, run it as the postgres user like the cluster.
    QString program = QStringLiteral("pgbouncer");
    QStringList args = {ini.fileName()};
    if (geteuid() == 0) {
        QVERIFY(runProgram(QStringLiteral("chown"), {QStringLiteral("-R"), QStringLiteral("postgres:"), m_dir->path()}).exitCode == 0);
        QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        args = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} + args;
        program = QStringLiteral("runuser");
    }
    m_bouncer.setProcessChannelMode(QProcess::MergedChannels);
    m_bouncer.start(program, args);
    QVERIFY2(m_bouncer.waitForStarted(10000), qPrintable(m_bouncer.errorString()));
    bool listening = false;
    for (int i = 0; i < 100 && !listening; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        listening = probe.waitForConnected(100);
        if (!listening)
            QThread::msleep(50);
    }
    QVERIFY2(listening, qPrintable(QString::fromUtf8(m_bouncer.readAll())));
}

void TestAccountPgBouncer::cleanupTestCase()
{
    if (m_bouncer.state() != QProcess::NotRunning) {
        m_bouncer.terminate();
        if (!m_bouncer.waitForFinished(5000)) {
            m_bouncer.kill();
            m_bouncer.waitForFinished();
        }
    }
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

void TestAccountPgBouncer::oneServerConnectionServesTwoUsersWithoutMixingThem()
{
    auto connect = [&](const QString &name) {
        QUrl url;
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_port);
        url.setUserName(m_fx.clientRole());
        url.setPassword(m_fx.clientPassword());
        url.setPath(QLatin1Char('/') + m_fx.databaseName());
        return ekn::test::openPostgres(url, name);
    };
    {
        QSqlDatabase a = connect(QStringLiteral("bouncer-a"));
        QSqlDatabase b = connect(QStringLiteral("bouncer-b"));
        QVERIFY2(a.isOpen() && b.isOpen(), qPrintable(a.lastError().text()));
        const PgResult ra = PgParams::exec(a, QStringLiteral("SELECT * FROM app.register('hal@example.org', 'Hal', 'hal-password', 't')"));
        const PgResult rb = PgParams::exec(b, QStringLiteral("SELECT * FROM app.register('ivy@example.org', 'Ivy', 'ivy-password', 't')"));
        const QString ta = ra.value(QStringLiteral("access_token"));
        const QString tb = rb.value(QStringLiteral("access_token"));
        QVERIFY(!ta.isEmpty() && !tb.isEmpty());
        QVERIFY(runAs(a, ta, QStringLiteral("INSERT INTO music_tracks (title, file_url) VALUES ('hal track', 'file:///h')")).ok);
        QVERIFY(runAs(b, tb, QStringLiteral("INSERT INTO music_tracks (title, file_url) VALUES ('ivy track', 'file:///i')")).ok);
        // Interleaved transactions of two users on a pool of one server connection.
        for (int i = 0; i < 5; ++i) {
            const ClientRun x = runAs(a, ta, QStringLiteral("SELECT string_agg(title, ','), pg_backend_pid() FROM music_tracks"));
            const ClientRun y = runAs(b, tb, QStringLiteral("SELECT string_agg(title, ','), pg_backend_pid() FROM music_tracks"));
            QCOMPARE(x.rows.value(0).value(0), QStringLiteral("hal track"));
            QCOMPARE(y.rows.value(0).value(0), QStringLiteral("ivy track"));
            QCOMPARE(x.rows.value(0).value(1), y.rows.value(0).value(1)); // really the same backend
        }
        // The token was transaction-local: the next transaction on that backend is nobody's.
        const PgResult after = PgParams::exec(b, QStringLiteral("SELECT count(*), current_setting('eknmusic.token', true) FROM music_tracks"));
        QCOMPARE(after.rows.value(0).value(0), QStringLiteral("0"));
        QVERIFY(after.rows.value(0).value(1).isEmpty());
        a.close();
        b.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bouncer-a"));
    QSqlDatabase::removeDatabase(QStringLiteral("bouncer-b"));
}
