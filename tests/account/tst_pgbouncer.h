#pragma once

#include "accountfixture.h"

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

// A real pgbouncer in transaction pooling with ONE server connection, in front of a fixture's
// database, started on a free port with a temporary ini and auth_file, stopped by the
// destructor. `extraIni` adds [pgbouncer] settings (the README's deployment recipe).
class Bouncer
{
public:
    Bouncer(AccountFixture &fx, const QString &extraIni);
    ~Bouncer();
    bool isRunning() const { return m_running; }
    QString error() const { return m_error; }
    QUrl url() const; // the client login, through the pooler
    QSqlDatabase connect(const QString &name) const;

private:
    AccountFixture &m_fx;
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
    bool m_running = false;
    QString m_error;
    mutable QStringList m_connections;
};

// The client flows, and what one client can leave on a pooled server connection for the next,
// through pgbouncer: with the deployment recipe (server_reset_query_always), without it, and in
// front of a server migrated only to 010 (the controls).
class TestAccountPgBouncer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void cliRegisterLoginWhoamiLogoutWorkThroughThePooler();
    void oneServerConnectionServesTwoUsersWithoutMixingThem();
    void aTempTableCannotShadowALibraryTableForTheNextClient();
    void sessionSettingsAndPreparedStatementsDoNotReachTheNextClient();

private:
    QString bouncerUrl() const;

    AccountFixture m_fx;
    AccountFixture m_old;
    std::unique_ptr<Bouncer> m_recipe; // the README's settings
    std::unique_ptr<Bouncer> m_bare;   // no reset between clients
    std::unique_ptr<Bouncer> m_oldBouncer;
};
