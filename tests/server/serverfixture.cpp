#include "serverfixture.h"

#include "remote/migrationrunner.h"
#include "remote/sqlscript.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUuid>
#include <algorithm>

namespace ekn::test {

Connection::Connection(const TempDatabase &database)
    : m_name(QStringLiteral("server-test-") + QUuid::createUuid().toString(QUuid::Id128))
{
    m_db = database.open(m_name);
}

Connection::~Connection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QString openMigrated(std::unique_ptr<TempDatabase> &temp, std::unique_ptr<Connection> &conn)
{
    temp = std::make_unique<TempDatabase>();
    if (!temp->isValid())
        return temp->error();
    conn = std::make_unique<Connection>(*temp);
    if (!conn->isOpen())
        return QStringLiteral("cannot open a connection to ") + temp->name();
    MigrationRunner runner(conn->db());
    const Status migrated = runner.migrate();
    return migrated ? QString() : migrated.error();
}

bool exec(QSqlDatabase db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().databaseText() + QStringLiteral(" [") +
                 q.lastError().nativeErrorCode() + QLatin1Char(']');
    return false;
}

bool execScript(QSqlDatabase db, const QString &script, QString *error)
{
    const Result<QList<SqlStatement>> statements = splitSqlScript(script);
    if (!statements) {
        if (error)
            *error = statements.error();
        return false;
    }
    for (const SqlStatement &s : *statements) {
        if (!exec(db, s.text, error)) {
            if (error)
                *error += QStringLiteral(" (line ") + QString::number(s.line) + QLatin1Char(')');
            return false;
        }
    }
    return true;
}

QVariant scalar(QSqlDatabase db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        if (error)
            *error = q.lastError().text();
        return {};
    }
    return q.value(0);
}

QStringList column(QSqlDatabase db, const QString &sql, QString *error)
{
    QStringList out;
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out << q.value(0).toString();
    return out;
}

namespace {

// The OID of the current database, for pg_shdepend (which covers the whole cluster).
const char *const kThisDatabase =
    "(SELECT oid FROM pg_database WHERE datname = current_database())";

QString sqlTextArray(const QStringList &values)
{
    QStringList quoted;
    for (QString v : values)
        quoted << QLatin1Char('\'') + v.replace(QLatin1Char('\''), QLatin1String("''")) +
                      QLatin1Char('\'');
    return QStringLiteral("ARRAY[") + quoted.join(QLatin1Char(',')) + QStringLiteral("]::text[]");
}

} // namespace

QStringList objectsOfOurs(QSqlDatabase db, QString *error)
{
    // Plain escaped SQL: no raw strings in files that moc reads.
    static const QString sql =
        QStringLiteral(
            "WITH sys AS (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', "
            "'information_schema', 'pg_toast')"
            "   OR nspname LIKE 'pg_temp%' OR nspname LIKE 'pg_toast_temp%')"
            " SELECT 'relation ' || c.relname FROM pg_class c WHERE c.relnamespace NOT IN (SELECT "
            "oid FROM sys)"
            " UNION ALL SELECT 'function ' || p.proname FROM pg_proc p WHERE p.pronamespace NOT IN "
            "(SELECT oid FROM sys)"
            " UNION ALL SELECT 'type ' || t.typname FROM pg_type t WHERE t.typnamespace NOT IN "
            "(SELECT oid FROM sys)"
            " UNION ALL SELECT 'operator ' || o.oprname FROM pg_operator o WHERE o.oprnamespace "
            "NOT IN (SELECT oid FROM sys)"
            " UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> "
            "'plpgsql'"
            " UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname <> 'public'"
            "   AND oid NOT IN (SELECT oid FROM sys)"
            " UNION ALL SELECT 'default privileges ' || defaclobjtype::text FROM pg_default_acl"
            " UNION ALL SELECT 'event trigger ' || evtname FROM pg_event_trigger"
            // Grants (on the public schema too), ownerships and policies naming a role: DROP
            // ROLE refuses while any of these exists, so they must go with the database's
            // objects even though the roles themselves are the cluster's.
            " UNION ALL SELECT 'role reference ' || r.rolname || ' (' || d.deptype::text || ')'"
            "   FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid"
            "   WHERE d.refclassid = 'pg_authid'::regclass AND d.dbid = ") +
        QLatin1String(kThisDatabase) + QStringLiteral(" ORDER BY 1");
    QString failure;
    const QStringList found = column(db, sql, &failure);
    // A probe that fails must not read as "nothing left".
    if (!failure.isEmpty()) {
        if (error)
            *error = failure;
        return {QStringLiteral("probe failed: ") + failure};
    }
    return found;
}

QStringList rolesReferencedHere(QSqlDatabase db, QString *error)
{
    return column(db,
                  QStringLiteral("SELECT DISTINCT r.rolname FROM pg_shdepend d JOIN pg_roles r "
                                 "ON r.oid = d.refobjid WHERE d.refclassid = "
                                 "'pg_authid'::regclass AND d.dbid = ") +
                      QLatin1String(kThisDatabase) + QStringLiteral(" ORDER BY 1"),
                  error);
}

QStringList rolesKeptWithoutAnyUse(QSqlDatabase db, const QStringList &roles, QString *error)
{
    // One statement, one snapshot: another database's migration or rollback that commits in
    // between cannot make the answer inconsistent.
    return column(db,
                  QStringLiteral("SELECT r.rolname FROM pg_roles r WHERE r.rolname = ANY(") +
                      sqlTextArray(roles) +
                      QStringLiteral(") AND NOT EXISTS (SELECT 1 FROM pg_shdepend d WHERE "
                                     "d.refclassid = 'pg_authid'::regclass AND d.refobjid = "
                                     "r.oid AND d.dbid <> ") +
                      QLatin1String(kThisDatabase) + QStringLiteral(") ORDER BY 1"),
                  error);
}

QList<BuiltInMigration> builtInMigrationFiles()
{
    static const QRegularExpression upFile(QStringLiteral("^(\\d{3,})_([a-z0-9_]+)\\.up\\.sql$"));
    QList<BuiltInMigration> out;
    const QStringList files =
        QDir(QStringLiteral(":/migrations/")).entryList({QStringLiteral("*.up.sql")}, QDir::Files);
    for (const QString &file : files) {
        const QRegularExpressionMatch m = upFile.match(file);
        if (m.hasMatch())
            out.append({m.captured(1).toInt(), file.chopped(int(qstrlen(".up.sql")))});
    }
    std::sort(out.begin(), out.end(), [](const BuiltInMigration &a, const BuiltInMigration &b) {
        return a.version < b.version;
    });
    return out;
}

QList<int> builtInVersions()
{
    QList<int> out;
    for (const BuiltInMigration &m : builtInMigrationFiles())
        out << m.version;
    return out;
}

QStringList builtInIds()
{
    QStringList out;
    for (const BuiltInMigration &m : builtInMigrationFiles())
        out << m.id;
    return out;
}

int latestBuiltInVersion()
{
    const QList<int> versions = builtInVersions();
    return versions.isEmpty() ? 0 : versions.last();
}

QString versionLabel(int version)
{
    return version == 0 ? QStringLiteral("0 (empty)")
                        : QStringLiteral("%1").arg(version, 3, 10, QLatin1Char('0'));
}

QString migrationAboveBuiltIns(int offset, const QString &name)
{
    return versionLabel(latestBuiltInVersion() + offset) + QLatin1Char('_') + name;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(content) == content.size();
}

bool copyBuiltInMigrations(const QString &dir)
{
    const QDir from(QStringLiteral(":/migrations/"));
    const QStringList files = from.entryList(QDir::Files);
    if (files.isEmpty())
        return false;
    for (const QString &file : files) {
        QFile f(from.filePath(file));
        if (!f.open(QIODevice::ReadOnly) || !writeFile(QDir(dir).filePath(file), f.readAll()))
            return false;
    }
    return true;
}

QString schemaDump(const QUrl &url, QString *error)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), url.password());
    QString pgDump = pgBinDir() + QStringLiteral("/pg_dump");
    if (!QFile::exists(pgDump))
        pgDump = QStringLiteral("/usr/bin/pg_dump");
    const ProcessResult r =
        runProgram(pgDump,
                   {QStringLiteral("--schema-only"), QStringLiteral("--no-owner"),
                    QStringLiteral("--dbname=") + url.toString(QUrl::RemovePassword)},
                   env);
    if (r.exitCode != 0) {
        *error = QStringLiteral("pg_dump failed: ") + r.err;
        return {};
    }
    QStringList kept;
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.isEmpty() || line.startsWith(QLatin1String("--")) ||
            line.startsWith(QLatin1String("\\restrict")) ||
            line.startsWith(QLatin1String("\\unrestrict")))
            continue;
        kept << line;
    }
    return kept.join(QLatin1Char('\n'));
}

QString urlText(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

} // namespace ekn::test
