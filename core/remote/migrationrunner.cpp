#include "remote/migrationrunner.h"

#include "common/logging.h"
#include "common/scopedtransaction.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace ekn {

namespace {

QString versionText(int version)
{
    return QStringLiteral("%1").arg(version, 3, 10, QLatin1Char('0'));
}

// A server error as one line: "syntax error at or near "SELEC" (42601)".
QString serverMessage(const QSqlError &e)
{
    QString text = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    text = text.section(QLatin1Char('\n'), 0, 0).simplified();
    for (const char *prefix : {"ERROR: ", "FATAL: "}) {
        if (text.startsWith(QLatin1String(prefix)))
            text = text.mid(int(qstrlen(prefix)));
    }
    if (text.isEmpty())
        text = e.driverText();
    const QString code = e.nativeErrorCode();
    if (!code.isEmpty() && !text.contains(code))
        text += QStringLiteral(" (") + code + QLatin1Char(')');
    return text;
}

// Checksums ignore CR before LF, so a Windows checkout (autocrlf) of a migration that was
// applied from Linux still matches.
QString checksumOf(QByteArray bytes)
{
    bytes.replace("\r\n", "\n");
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

QString Migration::id() const
{
    return versionText(version) + QLatin1Char('_') + name;
}

QString Migration::upFileName() const
{
    return id() + QStringLiteral(".up.sql");
}

MigrationRunner::MigrationRunner(QSqlDatabase db, QString directory)
    : m_db(std::move(db)), m_directory(std::move(directory))
{
}

Failure MigrationRunner::fail(const QString &message, int version)
{
    m_failedVersion = version;
    qCDebug(lcRemote).noquote() << message;
    return Failure{message};
}

void MigrationRunner::progress(const QString &message) const
{
    qCDebug(lcRemote).noquote() << message;
    if (m_progress)
        m_progress(message);
}

Status MigrationRunner::load()
{
    m_loaded = false;
    m_migrations.clear();
    QDir dir(m_directory);
    if (QFileInfo(m_directory).isFile())
        return fail(QStringLiteral("migrations folder %1 is a file, not a folder").arg(m_directory));
    if (!dir.exists())
        return fail(QStringLiteral("migrations folder %1 does not exist").arg(m_directory));
    // Accept the folder above too (the source tree's or the installed share/eknmusic/migrations).
    if (dir.entryList({QStringLiteral("*.sql")}, QDir::Files).isEmpty() &&
        dir.exists(QStringLiteral("versions")))
        dir.cd(QStringLiteral("versions"));
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{3,})_([a-z0-9_]+)\\.(up|down)\\.sql$"));
    QMap<int, Migration> byVersion;
    const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch match = pattern.match(file);
        if (!match.hasMatch())
            return fail(QStringLiteral("migration file %1 in %2 is not named "
                                       "NNN_lowercase_name.up.sql or .down.sql")
                            .arg(file, m_directory));
        const int version = match.captured(1).toInt();
        if (version <= 0)
            return fail(QStringLiteral("migration file %1: versions start at 001").arg(file));
        const QString name = match.captured(2);
        Migration &m = byVersion[version];
        if (m.version != 0 && m.name != name)
            return fail(QStringLiteral("two migrations have version %1: %2 and %3")
                            .arg(versionText(version), m.id(),
                                 match.captured(1) + QLatin1Char('_') + name));
        m.version = version;
        m.name = name;
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read migration file %1: %2")
                            .arg(f.fileName(), f.errorString()));
        const QByteArray sql = f.readAll();
        const Result<QList<SqlStatement>> split = splitSqlScript(QString::fromUtf8(sql));
        if (!split)
            return fail(QStringLiteral("migration file %1: %2").arg(f.fileName(), split.error()),
                        version);
        const QList<SqlStatement> &statements = *split;
        if (match.captured(3) == QLatin1String("up")) {
            m.upPath = f.fileName();
            m.upSql = sql;
            m.upStatements = statements;
            m.checksum = checksumOf(sql);
        } else {
            m.downPath = f.fileName();
            m.downSql = sql;
            m.downStatements = statements;
        }
    }
    if (byVersion.isEmpty())
        return fail(QStringLiteral("no migrations in %1 (expected NNN_name.up.sql and "
                                   "NNN_name.down.sql files)")
                        .arg(dir.path()));
    for (const Migration &m : std::as_const(byVersion)) {
        if (m.upPath.isEmpty())
            return fail(QStringLiteral("migration %1 has a down file but no %2")
                            .arg(m.id(), m.upFileName()));
        if (m.downPath.isEmpty())
            return fail(QStringLiteral("migration %1 has no %1.down.sql: every up needs a down")
                            .arg(m.id()));
        m_migrations.append(m);
    }
    m_loaded = true;
    return Done{};
}

const Migration *MigrationRunner::find(int version) const
{
    for (const Migration &m : m_migrations) {
        if (m.version == version)
            return &m;
    }
    return nullptr;
}

Status MigrationRunner::prepareSession()
{
    m_failedVersion = 0;
    m_changed.clear();
    if (!m_loaded)
        if (Status loaded = load(); !loaded)
            return loaded;
    if (!m_db.isOpen())
        return fail(QStringLiteral("the database connection is not open"));
    QSqlQuery q(m_db);
    // IF NOT EXISTS / IF EXISTS notices would otherwise be printed by libpq on stderr.
    if (!q.exec(QStringLiteral("SET client_min_messages = warning")))
        return fail(QStringLiteral("cannot prepare the session: ") + serverMessage(q.lastError()));
    return Done{};
}

// The runners' lock is SHARE UPDATE EXCLUSIVE on schema_migrations, held by a transaction on a
// second connection for the whole run. It conflicts with itself (a second runner waits), not
// with the INSERT/DELETE of each step on the main connection. Unlike an advisory lock, which
// any login may take and keep, it needs a privilege on the owner's table, which the public
// login does not have (014): nobody outside can hold the migrations up.
Status MigrationRunner::lock()
{
    m_lockName = QStringLiteral("ekn-migration-lock-") + QString::number(quintptr(this), 16);
    QSqlDatabase lockDb = QSqlDatabase::cloneDatabase(m_db, m_lockName);
    if (!lockDb.open())
        return fail(QStringLiteral("cannot open the connection that holds the migration lock: ") +
                    serverMessage(lockDb.lastError()));
    QSqlQuery q(lockDb);
    if (!q.exec(QStringLiteral("SET client_min_messages = warning")) ||
        !q.exec(QStringLiteral("BEGIN")))
        return fail(QStringLiteral("cannot take the migration lock: ") + serverMessage(q.lastError()));
    if (q.exec(QStringLiteral("LOCK TABLE schema_migrations IN SHARE UPDATE EXCLUSIVE MODE NOWAIT")))
        return Done{};
    if (q.lastError().nativeErrorCode() != QLatin1String("55P03"))
        return fail(QStringLiteral("cannot take the migration lock: ") + serverMessage(q.lastError()));
    progress(QStringLiteral("another migration run is working on this database; waiting for it"));
    if (!q.exec(QStringLiteral("ROLLBACK")) || !q.exec(QStringLiteral("BEGIN")) ||
        !q.exec(QStringLiteral("LOCK TABLE schema_migrations IN SHARE UPDATE EXCLUSIVE MODE")))
        return fail(QStringLiteral("cannot take the migration lock: ") + serverMessage(q.lastError()));
    return Done{};
}

QSqlDatabase MigrationRunner::lockConnection() const
{
    return QSqlDatabase::database(m_lockName, false);
}

void MigrationRunner::unlock()
{
    if (m_lockName.isEmpty())
        return;
    {
        QSqlDatabase lockDb = lockConnection();
        if (lockDb.isOpen()) {
            QSqlQuery q(lockDb);
            q.exec(QStringLiteral("COMMIT"));
        }
        lockDb.close();
    }
    QSqlDatabase::removeDatabase(m_lockName);
    m_lockName.clear();
}

Result<bool> MigrationRunner::tableExists()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL")) || !q.next())
        return fail(QStringLiteral("cannot read schema_migrations: ") +
                    serverMessage(q.lastError()));
    return q.value(0).toBool();
}

Status MigrationRunner::ensureTable()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral(R"sql(CREATE TABLE IF NOT EXISTS schema_migrations (
                               version integer PRIMARY KEY CHECK (version > 0),
                               name text NOT NULL,
                               checksum text NOT NULL,
                               applied_at timestamptz NOT NULL DEFAULT now()))sql"))) {
        // A concurrent first run may have created it in the meantime (23505 on pg_type).
        bool exists = false;
        QSqlQuery check(m_db);
        if (check.exec(QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL")) &&
            check.next())
            exists = check.value(0).toBool();
        if (exists)
            return Done{};
        return fail(QStringLiteral("cannot create schema_migrations: ") +
                    serverMessage(q.lastError()));
    }
    return Done{};
}

Result<QList<AppliedMigration>> MigrationRunner::readApplied()
{
    QList<AppliedMigration> applied;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")))
        return fail(QStringLiteral("cannot read schema_migrations: ") +
                    serverMessage(q.lastError()));
    while (q.next())
        applied.append({q.value(0).toInt(), q.value(1).toString(), q.value(2).toString(),
                        q.value(3).toDateTime()});
    m_current = applied.isEmpty() ? 0 : applied.last().version;
    return applied;
}

QList<MigrationMismatch>
MigrationRunner::findMismatches(const QList<AppliedMigration> &applied) const
{
    QList<MigrationMismatch> out;
    for (const AppliedMigration &a : applied) {
        const Migration *m = find(a.version);
        const QString expected =
            versionText(a.version) + QLatin1Char('_') + a.name + QStringLiteral(".up.sql");
        if (!m) {
            out.append({a.version, expected,
                        QStringLiteral("migration %1 (%2) is applied but %3 has no such file: "
                                       "the database was migrated by a newer EKNMusic")
                            .arg(versionText(a.version), expected, m_directory)});
        } else if (m->name != a.name) {
            out.append({a.version, m->upFileName(),
                        QStringLiteral("migration %1 was applied as %2 but the file is now %3")
                            .arg(versionText(a.version), expected, m->upFileName())});
        } else if (m->checksum != a.checksum) {
            out.append({a.version, m->upPath,
                        QStringLiteral("migration %1 file %2 was changed after it was applied "
                                       "(checksum %3, applied %4); never edit a shipped "
                                       "migration, add a new one")
                            .arg(versionText(a.version), m->upPath, m->checksum.left(12),
                                 a.checksum.left(12))});
        }
    }
    return out;
}

Result<MigrationStatus> MigrationRunner::status()
{
    if (Status prepared = prepareSession(); !prepared)
        return Failure{prepared.error()};
    MigrationStatus s;
    const Result<bool> exists = tableExists();
    if (!exists)
        return Failure{exists.error()};
    if (*exists) {
        Result<QList<AppliedMigration>> applied = readApplied();
        if (!applied)
            return Failure{applied.error()};
        s.applied = std::move(*applied);
    }
    m_current = s.applied.isEmpty() ? 0 : s.applied.last().version;
    s.currentVersion = m_current;
    s.latestVersion = m_migrations.isEmpty() ? 0 : m_migrations.last().version;
    for (const Migration &m : std::as_const(m_migrations)) {
        const bool applied =
            std::any_of(s.applied.cbegin(), s.applied.cend(),
                        [&m](const AppliedMigration &a) { return a.version == m.version; });
        if (!applied)
            s.pending.append(m);
    }
    s.mismatches = findMismatches(s.applied);
    return s;
}

Status MigrationRunner::runStep(const Migration &m, bool up)
{
    const QString what =
        up ? QStringLiteral("migration ") + m.id() : QStringLiteral("rollback of ") + m.id();
    progress((up ? QStringLiteral("applying ") : QStringLiteral("reverting ")) + m.id());
    Result<ScopedTransaction> tx = ScopedTransaction::begin(m_db);
    if (!tx)
        return fail(what + QStringLiteral(" could not begin a transaction: ") +
                        (m_db.lastError().isValid() ? serverMessage(m_db.lastError()) : tx.error()),
                    m.version);
    const QList<SqlStatement> &statements = up ? m.upStatements : m.downStatements;
    const QString file = up ? m.upFileName() : m.id() + QStringLiteral(".down.sql");
    for (const SqlStatement &statement : statements) {
        QSqlQuery q(m_db);
        if (!q.exec(statement.text))
            return fail(what + QStringLiteral(" failed: ") + serverMessage(q.lastError()) +
                            QStringLiteral(" (%1 line %2); the database stays at version %3")
                                .arg(file)
                                .arg(statement.line)
                                .arg(m_current),
                        m.version);
    }
    QSqlQuery book(m_db);
    if (up) {
        book.prepare(QStringLiteral(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)"));
        book.addBindValue(m.version);
        book.addBindValue(m.name);
        book.addBindValue(m.checksum);
    } else {
        book.prepare(QStringLiteral("DELETE FROM schema_migrations WHERE version = ?"));
        book.addBindValue(m.version);
    }
    if (!book.exec())
        return fail(
            what + QStringLiteral(" could not be recorded: ") + serverMessage(book.lastError()) +
                QStringLiteral("; the database stays at version ") + QString::number(m_current),
            m.version);
    if (!tx->commit())
        return fail(
            what + QStringLiteral(" could not be committed: ") + serverMessage(m_db.lastError()) +
                QStringLiteral("; the database stays at version ") + QString::number(m_current),
            m.version);
    m_changed.append(m.version);
    return Done{};
}

Result<QList<AppliedMigration>> MigrationRunner::readMatchingApplied(const QString &refusing)
{
    Result<QList<AppliedMigration>> applied = readApplied();
    if (!applied)
        return applied;
    const QList<MigrationMismatch> mismatches = findMismatches(*applied);
    if (!mismatches.isEmpty())
        return fail(refusing + mismatches.first().reason, mismatches.first().version);
    return applied;
}

Status MigrationRunner::migrate(int targetVersion)
{
    if (Status prepared = prepareSession(); !prepared)
        return prepared;
    if (Status table = ensureTable(); !table)
        return table;
    if (Status locked = lock(); !locked)
        return locked;
    const LockHeld held{this};
    const Result<QList<AppliedMigration>> read = readMatchingApplied(QStringLiteral("refusing to migrate: "));
    if (!read)
        return Failure{read.error()};
    const QList<AppliedMigration> &applied = *read;

    QList<const Migration *> pending;
    for (const Migration &m : std::as_const(m_migrations)) {
        if (targetVersion >= 0 && m.version > targetVersion)
            break;
        const bool done =
            std::any_of(applied.cbegin(), applied.cend(),
                        [&m](const AppliedMigration &a) { return a.version == m.version; });
        if (done)
            continue;
        if (m.version < m_current)
            return fail(QStringLiteral("refusing to migrate: migration %1 is pending but the "
                                       "database is already at version %2; renumber it above %2")
                            .arg(m.id())
                            .arg(m_current),
                        m.version);
        pending.append(&m);
    }
    for (const Migration *m : std::as_const(pending)) {
        if (Status step = runStep(*m, true); !step)
            return step;
        m_current = m->version;
    }
    return Done{};
}

Status MigrationRunner::rollback(int targetVersion)
{
    if (targetVersion < 0)
        return fail(QStringLiteral("cannot roll back to version %1: versions are 0 or more")
                        .arg(targetVersion));
    if (Status prepared = prepareSession(); !prepared)
        return prepared;
    const Result<bool> exists = tableExists();
    if (!exists)
        return Failure{exists.error()};
    if (!*exists) {
        m_current = 0;
        return Done{};
    }
    if (Status locked = lock(); !locked)
        return locked;
    const LockHeld held{this};
    const Result<QList<AppliedMigration>> read = readMatchingApplied(QStringLiteral("refusing to roll back: "));
    if (!read)
        return Failure{read.error()};
    const QList<AppliedMigration> &applied = *read;

    for (auto it = applied.crbegin(); it != applied.crend(); ++it) {
        if (it->version <= targetVersion)
            break;
        const Migration *m = find(it->version);
        if (Status step = runStep(*m, false); !step)
            return step;
        const auto next = std::next(it);
        m_current = next == applied.crend() ? 0 : next->version;
    }
    if (targetVersion == 0) {
        // Nothing of ours is left: the bookkeeping table goes too (it is empty by now). Dropped
        // by the transaction that holds the lock on it, which ends with it.
        QSqlQuery q(lockConnection());
        if (!q.exec(QStringLiteral("DROP TABLE IF EXISTS schema_migrations")))
            return fail(QStringLiteral("cannot drop schema_migrations: ") +
                        serverMessage(q.lastError()));
    }
    return Done{};
}

} // namespace ekn
