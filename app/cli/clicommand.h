#pragma once

#include <QStringList>
#include <QTextStream>

namespace ekn::cli {

// Exit codes shared by every command, so scripts can tell what went wrong.
enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1,   // the command ran and something it did failed (e.g. some files failed)
    ExitUsage = 2,     // bad arguments
    ExitConnection = 3 // server unreachable, bad URL, failed login to the database
};

QTextStream &out();
QTextStream &err();

// One subcommand: `eknmusic-cli NAME ARGS...`. `args` starts with the command name itself,
// ready for QCommandLineParser::process().
struct Command
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &args);
};

// cli_db.cpp: `db migrate|rollback --to N|status --server URL [--migrations DIR]`.
int runDb(const QStringList &args);
// cli_library.cpp: the local library.
int runScan(const QStringList &args);       // scan PATH... [--data-dir DIR] [--json]
int runTracks(const QStringList &args);     // tracks [--search QUERY] [--unavailable] [--json]
int runScanErrors(const QStringList &args); // scan-errors [--json]

// cli_account.cpp: `account register|login|logout|whoami --server URL [--email E]`.
int runAccount(const QStringList &args);

} // namespace ekn::cli
