#include "clicommand.h"
#include "common/appidentity.h"
#include "eknmusic/version.h"

#include <QCoreApplication>

using namespace ekn::cli;

namespace {

int runVersion(const QStringList &)
{
    out() << "eknmusic-cli " << EKN_VERSION_STRING << '\n';
    out().flush();
    return ExitOk;
}

// Every subcommand, in the order `--help` lists them. Each area's commands live in its own
// cli_*.cpp and are declared in clicommand.h.
const Command kCommands[] = {
    {"version", "print the version", runVersion},
    {"db", "server schema: migrate, rollback --to N, status (--server URL)", runDb},
    {"account", "your account: register, login, logout, whoami (--server URL)", runAccount},
    {"scan", "scan folders into the local library", runScan},
    {"tracks", "list or search the local library's tracks; merge-duplicates", runTracks},
    {"scan-errors", "list files the scans could not read", runScanErrors},
    {"folders", "the library's folders: list, add, remove, rescan", runFolders},
    {"sync", "sync this library with the server (--server URL)", runSync},
    {"track", "edit, delete, restore, rate a track; count a play or skip", runTrack},
    {"playlist", "create, fill, reorder, delete, list, show, import, export, smart, publish, open playlists", runPlaylist},
    {"conflicts", "values that lost a sync conflict; restore one", runConflicts},
};

void printUsage(QTextStream &stream)
{
    stream << "Usage: eknmusic-cli [--version] [--help] COMMAND [ARGS...]\n\nCommands:\n";
    for (const Command &c : kCommands)
        stream << "  " << QString::fromLatin1(c.name).leftJustified(12) << ' '
               << QString::fromLatin1(c.summary) << '\n';
    stream << "\n`eknmusic-cli COMMAND --help` describes one command.\n";
    stream.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    ekn::setApplicationIdentity(); // the desktop app's settings and library
    QCoreApplication::setApplicationVersion(QStringLiteral(EKN_VERSION_STRING));

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty()) {
        printUsage(err());
        return ExitUsage;
    }
    const QString first = args.first();
    if (first == QLatin1String("--version") || first == QLatin1String("-v"))
        return runVersion(args);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        printUsage(out());
        return ExitOk;
    }
    for (const Command &c : kCommands) {
        if (first == QLatin1String(c.name))
            return c.run(args);
    }
    err() << "eknmusic-cli: unknown command '" << first << "'\n";
    printUsage(err());
    return ExitUsage;
}
