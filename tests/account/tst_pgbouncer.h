#pragma once

#include "accountfixture.h"

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

// The same client flows through a real pgbouncer in transaction-pooling mode, started here on
// a free port with a temporary ini and auth_file, and stopped at the end.
class TestAccountPgBouncer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void cliRegisterLoginWhoamiLogoutWorkThroughThePooler();
    void oneServerConnectionServesTwoUsersWithoutMixingThem();

private:
    QString bouncerUrl() const;

    AccountFixture m_fx;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_bouncer;
    int m_port = 0;
};
