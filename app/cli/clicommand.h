#pragma once

#include <QCommandLineOption>
#include <QJsonValue>
#include <QStringList>
#include <QTextStream>
#include <memory>
#include <optional>

class QCommandLineParser;

namespace ekn {
class LibraryDatabase;
struct ScanSummary;
}

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

// Prints a JSON object or array on stdout, indented, with a final newline (the --json output of
// every command).
void printJson(const QJsonValue &value);
// Whether stderr is a terminal (progress lines are for people, not for logs or pipes).
bool stderrIsTerminal();

// Prints "eknmusic-cli COMMAND: message" (and the hint on its own line, if any) on stderr and
// returns `code`.
int failWith(const char *command, int code, const QString &message, const QString &hint = {});

// What a scan (scan, folders add/rescan) could not do, on stderr: folders not found or refused,
// files read but not stored. Returns the exit code: ExitFailure when any of these, or a file
// that could not be read, happened.
int reportScanProblems(const char *command, const ScanSummary &summary);

// Adds --help and parses. Returns the exit code when the command is done already (--help
// printed: ExitOk; a usage error printed with the hint: ExitUsage), else nothing.
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &args,
                                  const char *command, const QString &usageHint = {});

// --data-dir DIR and --json, the same for every command that touches the local library.
QCommandLineOption dataDirOption();
QCommandLineOption jsonOption();
// Opens the library named by --data-dir (or the default one); prints why not and returns null.
std::unique_ptr<LibraryDatabase> openLibrary(const char *command, const QCommandLineParser &parser);

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

// cli_account.cpp: `account register|login|logout|whoami --server URL [--email E]`.
int runAccount(const QStringList &args);
// cli_library.cpp: the local library.
int runScan(const QStringList &args);       // scan PATH... [--data-dir DIR] [--json]
int runTracks(const QStringList &args);     // tracks [--search QUERY] [--unavailable] [--json]
int runScanErrors(const QStringList &args); // scan-errors [--json]
// cli_folders.cpp: folders list|add|remove|rescan.
int runFolders(const QStringList &args);

// cli_sync.cpp: sync and the edits it carries (two devices can be driven from a script).
int runSync(const QStringList &args);      // sync --server URL [--read-server URL] [--json]
int runTrack(const QStringList &args);     // track edit|delete|restore|rate|played|skipped ID
int runConflicts(const QStringList &args); // conflicts [--json] | conflicts restore ID

// cli_playlist.cpp: playlist create|rename|add|move|remove|delete|restore|list|show|import|
// export, smart create|edit, publish|unpublish|open (shared playlists)
int runPlaylist(const QStringList &args);

} // namespace ekn::cli
