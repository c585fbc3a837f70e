#include "accountfixture.h"

#include "remote/pgparams.h"
#include "remote/migrationrunner.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace ekn;

namespace {

QString adminConnectionFor(const QUrl &url, const QString &name)
{
    ekn::test::openPostgres(url, name);
    return name;
}

QString randomAlnum(int n)
{
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString s;
    for (int i = 0; i < n; ++i)
        s += QLatin1Char(kChars[QRandomGenerator::global()->bounded(36)]);
    return s;
}

} // namespace

AccountFixture::~AccountFixture()
{
    for (const QString &c : std::as_const(m_connections)) {
        QSqlDatabase::database(c, false).close();
        QSqlDatabase::removeDatabase(c);
    }
    m_db.reset();
    if (!m_role.isEmpty()) {
        const QString conn = QStringLiteral("fixture-drop-role");
        {
            QUrl u = ekn::test::adminServerUrl();
            adminConnectionFor(u, conn);
            QSqlQuery q(QSqlDatabase::database(conn, false));
            q.exec(QStringLiteral("DROP ROLE IF EXISTS ") + m_role);
        }
        QSqlDatabase::removeDatabase(conn);
    }
}

bool AccountFixture::setUp(int version)
{
    m_db = std::make_unique<ekn::test::TempDatabase>();
    if (!m_db->isValid()) {
        m_error = m_db->error();
        return false;
    }
    {
        QSqlDatabase db = admin(QStringLiteral("fixture-migrate"));
        MigrationRunner runner(db);
        if (const Status migrated = runner.migrate(version); !migrated) {
            m_error = QStringLiteral("migrate: ") + migrated.error();
            return false;
        }
    }
    m_role = QStringLiteral("ekn_test_client_") + randomAlnum(10);
    m_password = randomAlnum(24);
    if (!adminExec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2' IN ROLE eknmusic_client").arg(m_role, m_password),
                   &m_error)) {
        m_role.clear();
        return false;
    }
    return true;
}

QUrl AccountFixture::adminUrl() const
{
    return m_db->url();
}

QUrl AccountFixture::clientUrl() const
{
    QUrl u = m_db->url();
    u.setUserName(m_role);
    u.setPassword(m_password);
    return u;
}

// Connection names are global: they carry the database name, so two fixtures (the current
// server and a 010 one for the controls) never share one.
QSqlDatabase AccountFixture::admin(const QString &name)
{
    const QString full = databaseName() + QLatin1Char('-') + name;
    if (!m_connections.contains(full)) {
        adminConnectionFor(adminUrl(), full);
        m_connections << full;
    }
    return QSqlDatabase::database(full, false);
}

QSqlDatabase AccountFixture::client(const QString &name)
{
    const QString full = databaseName() + QLatin1Char('-') + name;
    if (!m_connections.contains(full)) {
        adminConnectionFor(clientUrl(), full);
        m_connections << full;
    }
    return QSqlDatabase::database(full, false);
}

bool AccountFixture::adminExec(const QString &sql, QString *error)
{
    QSqlQuery q(admin());
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    qWarning("admin SQL failed: %s", qPrintable(q.lastError().text()));
    return false;
}

QVariant AccountFixture::adminValue(const QString &sql)
{
    QSqlQuery q(admin());
    if (!q.exec(sql) || !q.next()) {
        qWarning("admin SQL failed: %s", qPrintable(q.lastError().text()));
        return {};
    }
    return q.value(0);
}

void AccountFixture::setSetting(const QString &key, int value)
{
    adminExec(QStringLiteral("UPDATE app.settings SET value = %1 WHERE key = '%2'").arg(value).arg(key));
}

ClientRun runAs(const QSqlDatabase &db, const QString &token, const QString &sql, const QStringList &params)
{
    ClientRun run;
    PgResult b = PgParams::exec(db, QStringLiteral("BEGIN"));
    PgResult s = PgParams::exec(db, QStringLiteral("SELECT set_config('eknmusic.token', $1, true)"), {token});
    if (!b.ok || !s.ok) {
        run.error = b.ok ? s.error : b.error;
        PgParams::exec(db, QStringLiteral("ROLLBACK"));
        return run;
    }
    const PgResult r = PgParams::exec(db, sql, params);
    run.ok = r.ok;
    run.sqlState = r.sqlState;
    run.error = r.error;
    run.rows = r.rows;
    run.affected = r.affectedRows;
    PgParams::exec(db, r.ok ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
    return run;
}
