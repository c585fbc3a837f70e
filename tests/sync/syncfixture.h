#pragma once

#include "account/accountclient.h"
#include "accountfixture.h"
#include "library/librarydatabase.h"
#include "sync/syncstatus.h"

#include <QTemporaryDir>
#include <memory>

// One device: its own library folder and its own signed-in session (its own keychain entry,
// so two devices hold two server sessions, as two computers would).
class Device
{
public:
    // The session goes to the OS keychain (a service of its own), or to `secrets` when given
    // (the load generator's in-memory store).
    Device(const QString &name, const QUrl &server,
           std::shared_ptr<const ekn::TokenStore::Backend> secrets = nullptr);
    ~Device();

    bool signIn(const QString &email, const QString &password);
    ekn::SyncReport sync(int pushBatch = 500, int pullPage = 5000);
    // The push half of a sync alone, as when a sync ends before its pull: the rows it sent, or
    // why it failed.
    ekn::Result<int> pushOnly();
    // The pull half alone.
    ekn::Status pullOnly();
    // Pulls read from this server (a standby) from now on; an empty URL: the account's server.
    void setReadServer(const QUrl &url) { m_readServer = url; }

    QString dataDir() const { return m_dir.path(); }
    QString keychainService() const { return m_service; }
    ekn::LibraryDatabase &library() { return *m_library; }
    ekn::AccountClient &account() { return *m_account; }
    // Adds n tracks through the library's own writer (as a scan would, outbox included).
    QStringList addTracks(int n, const QString &prefix);
    int outboxSize();
    QString trackTitle(const QString &id);
    QString scalar(const QString &sql);

private:
    QString m_name;
    QString m_service;
    QTemporaryDir m_dir;
    std::unique_ptr<ekn::LibraryDatabase> m_library;
    std::unique_ptr<ekn::AccountClient> m_account;
    QUrl m_readServer;
};

// A migrated server with a client role and one registered account.
class SyncServer : public AccountFixture
{
public:
    // Migrated to `version` (-1: every migration), e.g. an older server for the bench's baseline.
    bool setUpServer(int version = -1);
    QString email() const { return QStringLiteral("sync@example.org"); }
    QString password() const { return QStringLiteral("correct horse battery"); }
    bool registerUser(const QString &email);
    // A new device signed in to this server as `email` (empty: the account above); null when
    // the sign-in failed.
    std::unique_ptr<Device> device(const QString &name, const QString &email = {}) const;
    // A client-role connection opened on the calling thread (for a second writer).
    QSqlDatabase clientOnThisThread(const QString &name) const;
};

// A PostgreSQL cluster of the test's own (initdb + pg_ctl, as the postgres user when run as
// root), so a test may stop and restart the server under a running sync.
class OwnCluster
{
public:
    OwnCluster();
    ~OwnCluster();
    bool init(); // initdb, start, migrate, client role, one account
    // A streaming-replication standby of `primary` (pg_basebackup -R), started read-only.
    bool initStandbyOf(const OwnCluster &primary);
    int port() const { return m_port; }
    bool start();
    bool stop();
    QString error() const { return m_error; }
    QUrl clientUrl() const;
    QUrl adminUrl() const;

private:
    void prepareDirAndPort();
    bool runPg(const QString &tool, const QStringList &args);

    QTemporaryDir m_dir;
    int m_port = 0;
    QString m_error;
};
