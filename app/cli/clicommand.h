#pragma once

#include <QCommandLineOption>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

class QCommandLineParser;

namespace ekn {
class LibraryDatabase;
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

// Prints "eknmusic-cli COMMAND: message" (and the hint on its own line, if any) on stderr and
// returns `code`.
int failWith(const char *command, int code, const QString &message, const QString &hint = {});

// Adds --help and parses. Returns the exit code when the command is done already (--help
// printed: ExitOk; a usage error printed with the hint: ExitUsage), else nothing.
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &args, const char *command,
                                  const QString &usageHint = {});

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
int runSync(const QStringList &args);      // sync --server URL [--email E] [--json]
int runTrack(const QStringList &args);     // track edit|delete|restore ID
int runPlaylist(const QStringList &args);  // playlist create|rename|add|move|remove|delete|restore|list|show
int runConflicts(const QStringList &args); // conflicts [--json] | conflicts restore ID

// cli_playlists.cpp: the playlist verbs beyond editing entries (runPlaylist hands them over).
struct PlaylistOptions
{
    QCommandLineOption order{QStringLiteral("order"),
                             QStringLiteral("smart playlist order: FIELD[:asc|:desc] or random"),
                             QStringLiteral("ORDER")};
    QCommandLineOption limit{QStringLiteral("limit"),
                             QStringLiteral("smart playlist: at most N tracks (0: no limit)"),
                             QStringLiteral("N")};
    QCommandLineOption copy{QStringLiteral("copy"),
                            QStringLiteral("open: copy the shared playlist into this account")};
    QCommandLineOption server{QStringLiteral("server"), QStringLiteral("postgresql://user@host/db"),
                              QStringLiteral("URL")};
    QCommandLineOption email{QStringLiteral("email"), QStringLiteral("account (default: last used)"),
                             QStringLiteral("EMAIL")};
};
int runPlaylistRead(LibraryDatabase &library, const QCommandLineParser &parser);   // list, show
int runPlaylistSmart(LibraryDatabase &library, const QCommandLineParser &parser,
                     const PlaylistOptions &o);                                     // smart create|edit
int runPlaylistShare(LibraryDatabase &library, const QCommandLineParser &parser,
                     const PlaylistOptions &o); // publish, unpublish, open

} // namespace ekn::cli
