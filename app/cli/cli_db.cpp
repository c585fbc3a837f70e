// `eknmusic-cli db migrate|rollback|status`: the server schema, over core/remote.
#include "clicommand.h"
#include "remote/remote.h"

#include <QCommandLineParser>
#include <QDir>
#include <QSqlDatabase>

namespace ekn::cli {

namespace {

const QString kConnectionName = QStringLiteral("eknmusic-cli-db");

const QString kUsage = QStringLiteral(
    "Usage: eknmusic-cli db migrate|rollback --to N|status --server postgresql://user@host:port/database "
    "[--migrations DIR]");

int usage(const QString &message)
{
    return failWith("db", ExitUsage, message, kUsage);
}

int exitCodeFor(ServerFailure failure)
{
    switch (failure) {
    case ServerFailure::None:
        return ExitOk;
    case ServerFailure::BadUrl:
    case ServerFailure::Unreachable:
    case ServerFailure::AuthenticationFailed:
    case ServerFailure::DatabaseMissing:
        return ExitConnection;
    case ServerFailure::Other:
        break;
    }
    return ExitConnection;
}

QString versionLabel(int version)
{
    return version == 0 ? QStringLiteral("0 (empty)")
                        : QStringLiteral("%1").arg(version, 3, 10, QLatin1Char('0'));
}

int printStatus(MigrationRunner &runner, const ServerConnection &server)
{
    const Result<MigrationStatus> s = runner.status();
    if (!s)
        return failWith("db", ExitFailure, s.error());
    out() << "server:  " << server.displayUrl() << '\n'
          << "version: " << versionLabel(s->currentVersion)
          << " (latest known: " << versionLabel(s->latestVersion) << ")\n";
    out() << "applied:" << (s->applied.isEmpty() ? " none" : "") << '\n';
    for (const AppliedMigration &a : s->applied)
        out() << "  " << QStringLiteral("%1").arg(a.version, 3, 10, QLatin1Char('0')) << '_'
              << a.name << "  " << a.appliedAt.toUTC().toString(Qt::ISODate) << '\n';
    out() << "pending:" << (s->pending.isEmpty() ? " none" : "") << '\n';
    for (const Migration &m : s->pending)
        out() << "  " << m.id() << '\n';
    out().flush();
    for (const MigrationMismatch &mm : s->mismatches)
        err() << "eknmusic-cli db: " << mm.reason << '\n';
    err().flush();
    return s->mismatches.isEmpty() ? ExitOk : ExitFailure;
}

// migrate, or rollback to `target`; says the version the database is at then.
int change(MigrationRunner &runner, bool migrate, int target)
{
    if (const Status changed = migrate ? runner.migrate() : runner.rollback(target); !changed)
        return failWith("db", ExitFailure, changed.error());
    const bool none = runner.changedVersions().isEmpty();
    out() << (migrate ? (none ? "already up to date" : "migrated")
                      : (none ? "nothing to roll back" : "rolled back"))
          << ": database is at version " << versionLabel(runner.currentVersion()) << '\n';
    out().flush();
    return ExitOk;
}

// The action on a connection of its own, closed and removed before returning.
int runOnServer(const ServerConnection &server, const QString &dir, const QString &action,
                int target)
{
    int code = ExitOk;
    {
        ServerOpenResult opened = server.open(kConnectionName);
        if (!opened.ok()) {
            code = failWith("db", exitCodeFor(opened.failure), opened.message);
        } else {
            MigrationRunner runner(opened.db, dir);
            runner.setProgressHandler([](const QString &step) {
                out() << step << '\n';
                out().flush();
            });
            code = action == QLatin1String("status")
                       ? printStatus(runner, server)
                       : change(runner, action == QLatin1String("migrate"), target);
        }
        opened.db.close();
    }
    QSqlDatabase::removeDatabase(kConnectionName);
    return code;
}

} // namespace

int runDb(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Manage the server schema.\n"
                       "  migrate    apply every pending migration\n"
                       "  rollback   revert migrations above --to N (0 removes everything)\n"
                       "  status     show applied and pending migrations\n"
                       "The password may be in the URL or come from PGPASSWORD or ~/.pgpass."));
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("migrate, rollback or status"));
    const QCommandLineOption serverOpt(
        QStringLiteral("server"),
        QStringLiteral("PostgreSQL URI: postgresql://user[:password]@host[:port]/database"),
        QStringLiteral("URL"));
    const QCommandLineOption migrationsOpt(
        QStringLiteral("migrations"),
        QStringLiteral("read migrations from DIR instead of the built-in ones"),
        QStringLiteral("DIR"));
    const QCommandLineOption toOpt(QStringLiteral("to"),
                                   QStringLiteral("rollback: the version to go back to"),
                                   QStringLiteral("N"));
    parser.addOption(serverOpt);
    parser.addOption(migrationsOpt);
    parser.addOption(toOpt);
    if (const std::optional<int> done = parseArguments(parser, args, "db", kUsage))
        return *done;

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usage(positional.isEmpty() ? QStringLiteral("say migrate, rollback or status")
                                          : QStringLiteral("one action at a time"));
    const QString action = positional.first();
    if (action != QLatin1String("migrate") && action != QLatin1String("rollback") &&
        action != QLatin1String("status"))
        return usage(QStringLiteral("unknown action '%1'").arg(action));
    int target = -1;
    if (action == QLatin1String("rollback")) {
        bool ok = false;
        target = parser.value(toOpt).toInt(&ok);
        if (!parser.isSet(toOpt) || !ok || target < 0)
            return usage(QStringLiteral("rollback needs --to N (a version, 0 for none)"));
    } else if (parser.isSet(toOpt)) {
        return usage(QStringLiteral("--to is only for rollback"));
    }
    if (!parser.isSet(serverOpt))
        return usage(QStringLiteral("--server URL is required"));

    const ServerConnection server = ServerConnection::fromUrl(parser.value(serverOpt));
    if (!server.isValid())
        return failWith("db", ExitConnection, server.error());

    QString dir = MigrationRunner::builtInDirectory();
    if (parser.isSet(migrationsOpt))
        dir = QDir(parser.value(migrationsOpt)).absolutePath();

    return runOnServer(server, dir, action, target);
}

} // namespace ekn::cli
