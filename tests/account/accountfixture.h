#pragma once

#include "testsupport.h"

#include <QSqlDatabase>
#include <QString>
#include <QUrl>

#include <memory>

// A migrated temp database on the test cluster, a login role of its own in eknmusic_client
// (roles are cluster-wide, so every fixture makes a fresh name and drops it again), and
// helpers to run SQL as the client with a token, the way an attacker with the app's database
// login would.
class AccountFixture
{
public:
    AccountFixture() = default;
    ~AccountFixture();
    AccountFixture(const AccountFixture &) = delete;
    AccountFixture &operator=(const AccountFixture &) = delete;

    // Creates and migrates the database (to `version`, -1: the latest) and the login role;
    // false + error() on failure. A fixture at 010 is the server before the API, for controls.
    bool setUp(int version = -1);
    QString error() const { return m_error; }

    QString databaseName() const { return m_db ? m_db->name() : QString(); }
    QUrl adminUrl() const;          // superuser, this database
    QUrl clientUrl() const;         // the client login role, this database
    QString clientRole() const { return m_role; }
    QString clientPassword() const { return m_password; }

    // Connections opened on the calling thread, named `name`, removed by the fixture.
    QSqlDatabase admin(const QString &name = QStringLiteral("fixture-admin"));
    QSqlDatabase client(const QString &name);

    // Superuser statement; fails the caller's QVERIFY through the return value.
    bool adminExec(const QString &sql, QString *error = nullptr);
    QVariant adminValue(const QString &sql);
    void setSetting(const QString &key, int value);

private:
    std::unique_ptr<ekn::test::TempDatabase> m_db;
    QString m_role;
    QString m_password;
    QString m_error;
    QStringList m_connections;
};

// Result of a statement run as the client with a token.
struct ClientRun
{
    bool ok = false;
    QString sqlState;
    QString error;
    QList<QStringList> rows;
    int affected = -1;
};

// BEGIN; set_config('eknmusic.token', token, true); sql; COMMIT (or ROLLBACK on error).
ClientRun runAs(const QSqlDatabase &db, const QString &token, const QString &sql,
                const QStringList &params = {});
