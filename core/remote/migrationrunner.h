#pragma once

#include "common/result.h"
#include "remote/sqlscript.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <functional>

namespace ekn {

// One numbered migration as found on disk (or in the compiled-in resources).
struct Migration
{
    int version = 0;
    QString name;     // "initial_schema"
    QString upPath;   // full path of NNN_name.up.sql
    QString downPath; // full path of NNN_name.down.sql
    QByteArray upSql;
    QByteArray downSql;
    QList<SqlStatement> upStatements; // upSql split, run one at a time
    QList<SqlStatement> downStatements;
    QString checksum; // hex SHA-256 of the up file's bytes

    QString id() const;         // "001_initial_schema"
    QString upFileName() const; // "001_initial_schema.up.sql"
};

// A row of schema_migrations.
struct AppliedMigration
{
    int version = 0;
    QString name;
    QString checksum;
    QDateTime appliedAt;
};

// An applied migration whose file is gone or no longer the one that was applied.
struct MigrationMismatch
{
    int version = 0;
    QString file;   // the file that differs, or the expected name when it is missing
    QString reason; // one line
};

struct MigrationStatus
{
    QList<AppliedMigration> applied;
    QList<Migration> pending;
    QList<MigrationMismatch> mismatches;
    int currentVersion = 0; // highest applied, 0 for none
    int latestVersion = 0;  // highest known on disk
};

// Runs the server migrations over one open QPSQL connection, on the thread that owns it.
// Each migration runs in its own transaction together with its schema_migrations row, so a
// failure leaves the database at the last good version. migrate() and rollback() hold a lock
// on schema_migrations (SHARE UPDATE EXCLUSIVE, from a second connection) for the whole run:
// a second runner waits, then finds nothing left to do.
class MigrationRunner
{
public:
    explicit MigrationRunner(QSqlDatabase db, QString directory = builtInDirectory());

    static QString builtInDirectory() { return QStringLiteral(":/migrations/"); }
    // The lock every runner holds on schema_migrations while it works (tests hold it too).
    static constexpr const char *kLockStatement =
        "LOCK TABLE schema_migrations IN SHARE UPDATE EXCLUSIVE MODE";

    // Reads and checks the migration files. Fails for a folder that cannot be read, a
    // malformed file name, a duplicate version or an up without its down.
    Status load();
    const QList<Migration> &migrations() const { return m_migrations; }

    // What is applied, what is pending, what no longer matches. Read-only: creates nothing.
    Result<MigrationStatus> status();

    // Applies every pending migration (or those up to `targetVersion`). Refuses, changing
    // nothing, when an applied migration's file changed or is missing. A failure says why in
    // one line; failedVersion() names the migration that failed, if one did.
    Status migrate(int targetVersion = -1);
    // Runs the downs of every applied migration above `targetVersion`, newest first. At 0
    // the schema_migrations table itself is dropped too: the database is as before.
    Status rollback(int targetVersion);

    // Versions migrate() applied or rollback() reverted in the last call, in order.
    QList<int> changedVersions() const { return m_changed; }
    // The version the database is at after the last call.
    int currentVersion() const { return m_current; }
    // The migration that failed in the last call, 0 if none did.
    int failedVersion() const { return m_failedVersion; }

    // Told about every step ("applying 002_add_playlists", "waiting for ..."), for the CLI.
    void setProgressHandler(std::function<void(const QString &)> handler)
    {
        m_progress = std::move(handler);
    }

private:
    // Each step answers why it failed; the public calls compose them.
    Status prepareSession();
    Status lock();
    void unlock();
    // Holds the lock taken by lock() until the end of its scope.
    struct LockHeld
    {
        MigrationRunner *runner;
        ~LockHeld() { runner->unlock(); }
    };
    QSqlDatabase lockConnection() const;
    Result<bool> tableExists();
    Status ensureTable();
    Result<QList<AppliedMigration>> readApplied();
    // readApplied(), refused (`refusing` + the first mismatch) when the applied migrations do
    // not match the files.
    Result<QList<AppliedMigration>> readMatchingApplied(const QString &refusing);
    QList<MigrationMismatch> findMismatches(const QList<AppliedMigration> &applied) const;
    const Migration *find(int version) const;
    Status runStep(const Migration &m, bool up);
    // The failure to answer, naming `version` in failedVersion() (0: no migration's fault).
    Failure fail(const QString &message, int version = 0);
    void progress(const QString &message) const;

    QSqlDatabase m_db;
    QString m_directory;
    QString m_lockName; // the connection whose open transaction holds the lock
    QList<Migration> m_migrations;
    bool m_loaded = false;
    QList<int> m_changed;
    int m_current = 0;
    int m_failedVersion = 0;
    std::function<void(const QString &)> m_progress;
};

} // namespace ekn
