#pragma once

#include "testsupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariant>

#include <memory>

// Helpers shared by the server suites: a named connection that cleans up after itself, small
// query helpers, copies of the migrations, schema dumps.
namespace ekn::test {

// A QPSQL superuser connection to a TempDatabase, removed again on destruction.
class Connection
{
public:
    explicit Connection(const TempDatabase &database);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    QSqlDatabase db() const { return m_db; }
    bool isOpen() const { return m_db.isOpen(); }

private:
    QString m_name;
    QSqlDatabase m_db;
};

// A new throwaway database migrated to the latest built-in version, and a superuser
// connection to it: an empty string, or what failed.
QString openMigrated(std::unique_ptr<TempDatabase> &temp, std::unique_ptr<Connection> &conn);

// Runs `sql`; returns false and puts the server's message into *error when it fails.
bool exec(QSqlDatabase db, const QString &sql, QString *error = nullptr);
// Runs a script of several statements one at a time (QPSQL would drop later errors).
bool execScript(QSqlDatabase db, const QString &script, QString *error = nullptr);
// The first column of the first row, or an invalid QVariant (and *error) on failure.
QVariant scalar(QSqlDatabase db, const QString &sql, QString *error = nullptr);
// The first column of every row, as text.
QStringList column(QSqlDatabase db, const QString &sql, QString *error = nullptr);

// Everything in the database that is not PostgreSQL's own: relations, functions, types,
// extensions (but plpgsql), schemas, default privileges, event triggers, and every privilege,
// ownership or policy of this database that names a role ("role reference ..."). Empty for a
// database fresh from CREATE DATABASE. When the probe itself fails, the list says so (never
// empty).
QStringList objectsOfOurs(QSqlDatabase db, QString *error = nullptr);

// Roles are cluster-wide, so a database cannot take them along: of `roles`, those that still
// exist although nothing outside this database (another database's objects or grants, a shared
// object) depends on them. A down that keeps roles only while others use them leaves none.
QStringList rolesKeptWithoutAnyUse(QSqlDatabase db, const QStringList &roles,
                                   QString *error = nullptr);
// The roles that objects or privileges of this database refer to.
QStringList rolesReferencedHere(QSqlDatabase db, QString *error = nullptr);

// The built-in migrations as the files under :/migrations/ name them, read independently of
// MigrationRunner, so the generic runner tests follow whatever migrations later areas add.
struct BuiltInMigration
{
    int version = 0;
    QString id; // "001_initial_schema"
};
QList<BuiltInMigration> builtInMigrationFiles();
QList<int> builtInVersions();
QStringList builtInIds();
int latestBuiltInVersion();
// How the CLI prints a version: "003", or "0 (empty)".
QString versionLabel(int version);
// "NNN_name" for a test migration numbered above every built-in one (offset 1, 2, ...).
QString migrationAboveBuiltIns(int offset, const QString &name);

// Copies the compiled-in migrations (:/migrations/) into `dir`.
bool copyBuiltInMigrations(const QString &dir);
bool writeFile(const QString &path, const QByteArray &content);

// `pg_dump --schema-only` of the database, without comments and the per-run \restrict keys.
QString schemaDump(const QUrl &url, QString *error);

// The URL as the CLI takes it (with the password).
QString urlText(const QUrl &url);

} // namespace ekn::test
