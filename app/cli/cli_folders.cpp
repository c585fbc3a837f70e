// eknmusic-cli folders list|add|remove|rescan: the library's folders, as Manage Folders shows
// them. Removing a folder soft deletes its tracks (synced as deletes) and keeps them
// restorable: `folders add` of the same folder brings them back with their edits.
#include "clicommand.h"

#include "library/library.h"
#include "scan/scan.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ekn::cli {

namespace {

int list(LibraryDatabase &db, bool json)
{
    const Result<QList<LibraryFolder>> read = LibraryFolders(db).list();
    if (!read)
        return failWith("folders", ExitFailure, read.error());
    const QList<LibraryFolder> &all = *read;
    if (json) {
        QJsonArray out;
        for (const LibraryFolder &f : std::as_const(all))
            out.append(QJsonObject{{QStringLiteral("path"), f.path},
                                   {QStringLiteral("tracks"), f.tracks},
                                   {QStringLiteral("unavailable"), f.unavailable},
                                   {QStringLiteral("last_scan"), f.lastScan.isValid() ? QJsonValue(f.lastScan.toString(Qt::ISODateWithMs))
                                                                                    : QJsonValue()}});
        cli::out() << QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("folders"), out}})
                          .toJson(QJsonDocument::Compact)
                   << '\n';
    } else {
        for (const LibraryFolder &f : std::as_const(all))
            cli::out() << f.path << "  " << f.tracks << (f.tracks == 1 ? " track" : " tracks")
                       << (f.unavailable > 0 ? QStringLiteral(" (%1 missing)").arg(f.unavailable) : QString()) << '\n';
        cli::out() << all.size() << (all.size() == 1 ? " folder\n" : " folders\n");
    }
    cli::out().flush();
    return ExitOk;
}

// add: folders become library folders (tracks removed with them come back); rescan: folders
// already in the library are read again (all of them when none is given).
int scan(LibraryDatabase &db, const QStringList &paths, bool add)
{
    FolderScanner scanner(db);
    ScanSummary summary;
    QObject::connect(&scanner, &FolderScanner::finished, &scanner, [&](const ScanSummary &s) { summary = s; },
                     Qt::DirectConnection);
    QStringList folders = paths;
    if (folders.isEmpty()) {
        const Result<QStringList> roots = TrackStore(db).libraryRoots();
        if (!roots)
            return failWith("folders", ExitFailure, roots.error());
        folders = *roots;
    }
    if (folders.isEmpty())
        return failWith("folders", ExitUsage, QStringLiteral("the library has no folders yet"),
                        QStringLiteral("try `eknmusic-cli folders add ~/Music`"));
    add ? scanner.start(folders) : scanner.rescan(folders);
    scanner.wait();
    if (!summary.error.isEmpty())
        return failWith("folders", ExitFailure, summary.error);
    const int code = reportScanProblems("folders", summary);
    cli::out() << QStringLiteral("%1 files: %2 added, %3 back in the library, %4 changed, %5 now missing, %6 failed\n")
                      .arg(summary.found)
                      .arg(summary.added)
                      .arg(summary.returned)
                      .arg(summary.changed + summary.moved + summary.restored)
                      .arg(summary.missing)
                      .arg(summary.failed);
    cli::out().flush();
    return code;
}

int remove(LibraryDatabase &db, const QStringList &paths)
{
    if (paths.isEmpty())
        return failWith("folders", ExitUsage, QStringLiteral("name the folder to remove"),
                        QStringLiteral("`eknmusic-cli folders list` shows them"));
    LibraryFolders folders(db);
    for (const QString &path : paths) {
        const Result<QStringList> ids = folders.remove(path);
        if (!ids)
            return failWith("folders", ExitFailure, ids.error(),
                            QStringLiteral("`eknmusic-cli folders list` shows the library's folders"));
        cli::out() << "removed " << LibraryFolders::normalized(path) << ": " << ids->size()
                   << " tracks out of the library (`folders add` brings them back)\n";
    }
    cli::out().flush();
    return ExitOk;
}

} // namespace

int runFolders(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The library's folders.\n"
        "  list              the folders, with their track counts\n"
        "  add PATH...       add folders (and scan them); tracks removed with them come back\n"
        "  remove PATH...    take folders out: their tracks leave the library (a soft delete that\n"
        "                    syncs); nothing is deleted from disk\n"
        "  rescan [PATH...]  look for new, changed and deleted files (all folders by default)"));
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list, add, remove or rescan"));
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Folders."), QStringLiteral("[PATH...]"));
    parser.addOption(dataDirOption());
    parser.addOption(jsonOption());
    if (const std::optional<int> done = parseArguments(parser, args, "folders"))
        return *done;
    QStringList rest = parser.positionalArguments();
    const QString action = rest.isEmpty() ? QStringLiteral("list") : rest.takeFirst();
    const QStringList actions{QStringLiteral("list"), QStringLiteral("add"), QStringLiteral("remove"), QStringLiteral("rescan")};
    if (!actions.contains(action))
        return failWith("folders", ExitUsage, QStringLiteral("unknown action '%1'").arg(action),
                        QStringLiteral("use one of: list, add, remove, rescan"));
    if (action == QLatin1String("add") && rest.isEmpty())
        return failWith("folders", ExitUsage, QStringLiteral("name the folder to add"));
    for (QString &p : rest)
        p = QDir::cleanPath(QDir::current().absoluteFilePath(p));
    auto db = openLibrary("folders", parser);
    if (!db)
        return ExitFailure;
    if (action == QLatin1String("list"))
        return list(*db, parser.isSet(QStringLiteral("json")));
    if (action == QLatin1String("remove"))
        return remove(*db, rest);
    return scan(*db, rest, action == QLatin1String("add"));
}

} // namespace ekn::cli
