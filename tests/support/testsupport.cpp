#include "testsupport.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ekn::test {

QUrl adminServerUrl()
{
    return QUrl(qEnvironmentVariable("EKN_TEST_PG_URL"));
}

QString pgBinDir()
{
    const QString dir = qEnvironmentVariable("EKN_TEST_PG_BIN");
    return dir.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : dir;
}

QSqlDatabase openPostgres(const QUrl &url, const QString &connectionName)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setUserName(url.userName());
    db.setPassword(url.password());
    db.setDatabaseName(url.path().mid(1));
    db.open();
    return db;
}

static QSqlDatabase openAdmin(QUrl url, const QString &dbName, const QString &connection)
{
    url.setPath(QLatin1Char('/') + dbName);
    return openPostgres(url, connection);
}

TempDatabase::TempDatabase()
{
    const QUrl admin = adminServerUrl();
    if (!admin.isValid() || admin.host().isEmpty()) {
        m_error = QStringLiteral("EKN_TEST_PG_URL is not set: run the tests through "
                                 "scripts/with-test-services.sh (scripts/test.sh does)");
        return;
    }
    const QString conn = QStringLiteral("tempdb-admin-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = openAdmin(admin, QStringLiteral("postgres"), conn);
        if (!db.isOpen()) {
            m_error = db.lastError().text();
        } else {
            const QString name = QStringLiteral("ekn_test_") + QUuid::createUuid().toString(QUuid::Id128);
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("CREATE DATABASE ") + name))
                m_name = name;
            else
                m_error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(conn);
}

TempDatabase::~TempDatabase()
{
    if (m_name.isEmpty())
        return;
    const QString conn = QStringLiteral("tempdb-drop-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = openAdmin(adminServerUrl(), QStringLiteral("postgres"), conn);
        QSqlQuery q(db);
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS ") + m_name + QStringLiteral(" WITH (FORCE)"));
    }
    QSqlDatabase::removeDatabase(conn);
}

QUrl TempDatabase::url() const
{
    QUrl u = adminServerUrl();
    u.setPath(QLatin1Char('/') + m_name);
    return u;
}

QSqlDatabase TempDatabase::open(const QString &connectionName) const
{
    return openAdmin(adminServerUrl(), m_name, connectionName);
}

ProcessResult runProgram(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env, int timeoutMs)
{
    ProcessResult r;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("could not start ") + program;
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out: ") + program;
        return r;
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

ProcessResult runCli(const QStringList &args, const QByteArray &stdinData,
                     const QProcessEnvironment &env, int timeoutMs)
{
    ProcessResult r;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(EKN_CLI_PATH), args);
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("could not start eknmusic-cli");
        return r;
    }
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("eknmusic-cli timed out");
        return r;
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

} // namespace ekn::test
