#include "syncfixture.h"

#include "remote/migrationrunner.h"
#include "scannedfiles.h"
#include "sync/remotesession.h"
#include "sync/synchronizer.h"
#include "sync/syncpull.h"
#include "sync/syncpush.h"

#include <QFile>
#include <QHostAddress>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>
#include <unistd.h>

using namespace ekn;
using namespace ekn::test;

Device::Device(const QString &name, const QUrl &server,
               std::shared_ptr<const TokenStore::Backend> secrets)
    : m_name(name)
{
    m_library = std::make_unique<LibraryDatabase>(LibraryDatabase::fileNameIn(m_dir.path()));
    // A library that cannot be opened fails the test at its first read; the reason is here.
    if (const Status opened = m_library->open(); !opened)
        qWarning("device %s cannot open its library: %s", qPrintable(name), qPrintable(opened.error()));
    ServerConnection conn = ServerConnection::fromUrl(server);
    m_service =
        QStringLiteral("EKNMusic-test-") + name + QUuid::createUuid().toString(QUuid::Id128);
    m_account = std::make_unique<AccountClient>(
        conn, secrets ? TokenStore(std::move(secrets)) : TokenStore(m_service));
}

Device::~Device()
{
    if (m_account && m_account->isSignedIn())
        m_account->signOut();
}

bool Device::signIn(const QString &email, const QString &password)
{
    return m_account->signIn(email, password).ok();
}

SyncReport Device::sync(int pushBatch, int pullPage)
{
    Synchronizer s(*m_library, *m_account);
    s.pushBatchSize = pushBatch;
    s.pullPageSize = pullPage;
    if (!m_readServer.isEmpty())
        s.readServer = ServerConnection::fromUrl(m_readServer);
    return s.run();
}

Result<int> Device::pushOnly()
{
    RemoteSession remote(*m_account);
    if (const Status connected = remote.connect(); !connected)
        return Failure{connected.error()};
    SyncPush push(m_library->connection(), remote);
    if (const Status pushed = push.run(); !pushed)
        return Failure{pushed.error()};
    return push.pushed();
}

Status Device::pullOnly()
{
    RemoteSession remote(*m_account);
    if (const Status connected = remote.connect(); !connected)
        return connected;
    SyncPull pull(m_library->connection(), remote);
    return pull.run();
}

QStringList Device::addTracks(int n, const QString &prefix)
{
    QList<FileSpec> files;
    for (int i = 0; i < n; ++i) {
        // The same prefix on two devices is the same audio (a versioned audio hash, as a scan makes).
        files << FileSpec{QStringLiteral("a1:%1-%2").arg(prefix).arg(i),
                          QStringLiteral("%1 %2").arg(prefix).arg(i),
                          QStringLiteral("Artist %1").arg(i % 7),
                          QStringLiteral("Album %1").arg(i % 13),
                          QStringLiteral("%1 %2").arg(prefix).arg(i),
                          {{QStringLiteral("MOOD"), QStringLiteral("calm")}}};
    }
    const Result<QStringList> ids = addFiles(*m_library, m_name, files);
    if (!ids) {
        qWarning("cannot add tracks: %s", qPrintable(ids.error()));
        return {};
    }
    return *ids;
}

QString Device::scalar(const QString &sql)
{
    QSqlQuery q(m_library->connection());
    if (q.exec(sql) && q.next())
        return q.value(0).toString();
    return {};
}

int Device::outboxSize()
{
    return scalar(QStringLiteral("SELECT count(*) FROM outbox")).toInt();
}

QString Device::trackTitle(const QString &id)
{
    return scalar(QStringLiteral("SELECT title FROM music_tracks WHERE id = '%1'").arg(id));
}

bool SyncServer::setUpServer(int version)
{
    if (!setUp(version))
        return false;
    setSetting(QStringLiteral("bcrypt_cost"), 4);
    return registerUser(email());
}

bool SyncServer::registerUser(const QString &email)
{
    AccountClient c(ServerConnection::fromUrl(clientUrl()),
                    TokenStore(QStringLiteral("EKNMusic-test-reg-") +
                               QUuid::createUuid().toString(QUuid::Id128)));
    const bool ok = c.registerAccount(email, QStringLiteral("syncer"), password()).ok();
    if (ok)
        c.signOut();
    return ok;
}

std::unique_ptr<Device> SyncServer::device(const QString &name, const QString &email) const
{
    auto d = std::make_unique<Device>(name, clientUrl());
    if (!d->signIn(email.isEmpty() ? this->email() : email, password()))
        return nullptr;
    return d;
}

QSqlDatabase SyncServer::clientOnThisThread(const QString &name) const
{
    return ekn::test::openPostgres(clientUrl(), name);
}

namespace {

bool isRoot()
{
    return ::geteuid() == 0;
}

} // namespace

OwnCluster::OwnCluster() : m_dir(QStringLiteral("/tmp/ekn-sync-cluster-XXXXXX")) {}

OwnCluster::~OwnCluster()
{
    stop();
}

bool OwnCluster::runPg(const QString &tool, const QStringList &args)
{
    const QString bin = pgBinDir() + QLatin1Char('/') + tool;
    const ProcessResult r =
        isRoot() ? runProgram(QStringLiteral("runuser"),
                              QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                          QStringLiteral("--"), bin}
                                  << args)
                 : runProgram(bin, args);
    if (r.exitCode != 0) {
        m_error = tool + QStringLiteral(": ") + r.err + r.out;
        return false;
    }
    return true;
}

// The cluster's folder open to the postgres user (initdb and postgres refuse root), and a free
// port on 127.0.0.1.
void OwnCluster::prepareDirAndPort()
{
    QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                            QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                            QFileDevice::ExeOther);
    if (isRoot())
        runProgram(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_dir.path()});
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    m_port = probe.serverPort();
    probe.close();
}

bool OwnCluster::initStandbyOf(const OwnCluster &primary)
{
    prepareDirAndPort();
    return runPg(QStringLiteral("pg_basebackup"),
                 {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                  QString::number(primary.port()), QStringLiteral("-U"), QStringLiteral("postgres"),
                  QStringLiteral("-D"), m_dir.path() + QStringLiteral("/pg"), QStringLiteral("-R"),
                  QStringLiteral("-X"), QStringLiteral("stream")}) &&
           start();
}

bool OwnCluster::init()
{
    prepareDirAndPort();
    if (!runPg(QStringLiteral("initdb"),
               {QStringLiteral("-D"), m_dir.path() + QStringLiteral("/pg"), QStringLiteral("-U"),
                QStringLiteral("postgres"), QStringLiteral("--auth=trust"), QStringLiteral("-E"),
                QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8")}) ||
        !start())
        return false;
    const QString conn = QStringLiteral("own-cluster-setup");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), conn);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            MigrationRunner runner(db);
            const Status migrated = runner.migrate();
            ok = migrated.ok();
            if (!ok)
                m_error = migrated.error();
            QSqlQuery q(db);
            ok = ok &&
                 q.exec(QStringLiteral(
                     "CREATE ROLE ekn_client LOGIN PASSWORD 'client' IN ROLE eknmusic_client")) &&
                 q.exec(
                     QStringLiteral("UPDATE app.settings SET value = 4 WHERE key = 'bcrypt_cost'"));
        } else {
            m_error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(conn);
    if (!ok)
        return false;
    AccountClient c(ServerConnection::fromUrl(clientUrl()),
                    TokenStore(QStringLiteral("EKNMusic-test-reg-") +
                               QUuid::createUuid().toString(QUuid::Id128)));
    if (!c.registerAccount(QStringLiteral("sync@example.org"), QStringLiteral("syncer"),
                           QStringLiteral("correct horse battery"))
             .ok()) {
        m_error = QStringLiteral("register failed");
        return false;
    }
    c.signOut();
    return true;
}

bool OwnCluster::start()
{
    // EKN_TEST_PG_LOG=<file> keeps the server's log (appended) past the test, and
    // EKN_TEST_PG_OPTIONS adds server settings (e.g. "-c log_statement=all") for debugging a
    // failure; neither is set by the test run.
    const QString log = qEnvironmentVariableIsEmpty("EKN_TEST_PG_LOG")
                            ? m_dir.path() + QStringLiteral("/pg/server.log")
                            : qEnvironmentVariable("EKN_TEST_PG_LOG");
    return runPg(QStringLiteral("pg_ctl"),
                 {QStringLiteral("-D"), m_dir.path() + QStringLiteral("/pg"), QStringLiteral("-l"), log,
                  QStringLiteral("-w"), QStringLiteral("-o"),
                  QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off %3")
                      .arg(m_port)
                      .arg(m_dir.path(), qEnvironmentVariable("EKN_TEST_PG_OPTIONS")),
                  QStringLiteral("start")});
}

bool OwnCluster::stop()
{
    if (!QFile::exists(m_dir.path() + QStringLiteral("/pg/postmaster.pid")))
        return true;
    return runPg(QStringLiteral("pg_ctl"),
                 {QStringLiteral("-D"), m_dir.path() + QStringLiteral("/pg"), QStringLiteral("-m"),
                  QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")});
}

QUrl OwnCluster::clientUrl() const
{
    return QUrl(
        QStringLiteral("postgresql://ekn_client:client@127.0.0.1:%1/postgres?connect_timeout=2")
            .arg(m_port));
}

QUrl OwnCluster::adminUrl() const
{
    return QUrl(QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(m_port));
}
