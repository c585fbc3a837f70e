// eknmusic-cli scan / tracks / scan-errors: the local library from a terminal or a script.
// The --json shapes are documented in app/cli/JSON.md and stay stable.
#include "clicommand.h"

#include "library/library.h"
#include "scan/scan.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>
#include <mutex>

namespace ekn::cli {

namespace {

QString shortened(const QString &s, int max)
{
    if (s.size() <= max)
        return s;
    return QStringLiteral("...") + s.right(max - 3);
}

struct ScanOutcome
{
    ScanSummary summary;
    QStringList failures; // "path: reason" of each file that could not be read
};

// Runs the scan to its end, with a progress line while it runs when stderr is a terminal.
ScanOutcome scanFolders(LibraryDatabase &db, const QStringList &roots, const int counts[2],
                        bool terminal)
{
    ScanOutcome o;
    FolderScanner scanner(db);
    if (counts[0] > 0)
        scanner.setWorkerCount(counts[0]);
    if (counts[1] > 0)
        scanner.setBatchSize(counts[1]);

    // Signals arrive on the scan thread (direct connections); only that thread prints until
    // wait() returns.
    bool progressShown = false;
    QObject::connect(&scanner, &FolderScanner::progress, &scanner,
                     [&](int found, int done, const QString &folder) {
                         if (!terminal)
                             return;
                         const QString line = QStringLiteral("Scanning: %1/%2 files  %3").arg(done).arg(found).arg(shortened(folder, 50));
                         err() << '\r' << line.leftJustified(79) << Qt::flush;
                         progressShown = true;
                     },
                     Qt::DirectConnection);
    QObject::connect(&scanner, &FolderScanner::fileFailed, &scanner,
                     [&](const QString &path, const QString &reason) { o.failures << path + QStringLiteral(": ") + reason; },
                     Qt::DirectConnection);
    QObject::connect(&scanner, &FolderScanner::finished, &scanner,
                     [&](const ScanSummary &s) { o.summary = s; }, Qt::DirectConnection);
    scanner.start(roots);
    scanner.wait();
    if (progressShown)
        err() << '\r' << QString(79, QLatin1Char(' ')) << '\r' << Qt::flush;
    return o;
}

// The problems on stderr; the summary as JSON (app/cli/JSON.md) or one line for a person.
// Returns the exit code.
int printScan(const ScanOutcome &o, bool json)
{
    for (const QString &f : std::as_const(o.failures))
        err() << "cannot read " << f << '\n';
    const int code = reportScanProblems("scan", o.summary);

    if (json) {
        printJson(QJsonObject{
            {QStringLiteral("found"), o.summary.found},
            {QStringLiteral("files_read"), o.summary.filesRead},
            {QStringLiteral("added"), o.summary.added},
            {QStringLiteral("changed"), o.summary.changed},
            {QStringLiteral("unchanged"), o.summary.unchanged},
            {QStringLiteral("moved"), o.summary.moved},
            {QStringLiteral("restored"), o.summary.restored},
            {QStringLiteral("missing"), o.summary.missing},
            {QStringLiteral("failed"), o.summary.failed},
            {QStringLiteral("cancelled"), o.summary.cancelled},
            {QStringLiteral("absent_roots"), QJsonArray::fromStringList(o.summary.absentRoots)},
            {QStringLiteral("refused_roots"), QJsonArray::fromStringList(o.summary.refusedRoots)},
            {QStringLiteral("elapsed_ms"), o.summary.elapsedMs},
        });
    } else {
        out() << QStringLiteral("Scanned %1 files in %2 s: %3 added, %4 changed, %5 unchanged, %6 moved, "
                                "%7 back again, %8 now missing, %9 failed (%10 files read)\n")
                     .arg(o.summary.found)
                     .arg(double(o.summary.elapsedMs) / 1000.0, 0, 'f', 1)
                     .arg(o.summary.added)
                     .arg(o.summary.changed)
                     .arg(o.summary.unchanged)
                     .arg(o.summary.moved)
                     .arg(o.summary.restored)
                     .arg(o.summary.missing)
                     .arg(o.summary.failed)
                     .arg(o.summary.filesRead);
        out().flush();
    }
    return code;
}

} // namespace

int runScan(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Scans folders into the local library. Unchanged files are skipped; missing files are marked "
        "unavailable, never removed. Without PATH, rescans every folder already in the library. "
        "Exit code 1 when some files could not be read or a folder was not found."));
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Folders to scan."), QStringLiteral("PATH..."));
    parser.addOption(dataDirOption());
    parser.addOption(jsonOption());
    parser.addOption(QCommandLineOption(QStringLiteral("workers"), QStringLiteral("Tag-reading threads (default: all cores)."),
                                        QStringLiteral("N")));
    parser.addOption(QCommandLineOption(QStringLiteral("batch-size"),
                                        QStringLiteral("Files written per transaction (default 200)."), QStringLiteral("N")));
    if (const std::optional<int> done = parseArguments(parser, args, "scan"))
        return *done;
    // A mistyped number must not quietly become the default (toInt() gives 0).
    int counts[2] = {0, 0};
    const char *const countNames[2] = {"workers", "batch-size"};
    for (int i = 0; i < 2; ++i) {
        const QString name = QString::fromLatin1(countNames[i]);
        if (!parser.isSet(name))
            continue;
        bool ok = false;
        counts[i] = parser.value(name).toInt(&ok);
        if (!ok || counts[i] < 1)
            return failWith("scan", ExitUsage,
                            QStringLiteral("--%1 wants a whole number of at least 1, not '%2'").arg(name, parser.value(name)));
    }
    for (const QString &root : parser.positionalArguments()) {
        if (root.trimmed().isEmpty())
            return failWith("scan", ExitUsage, QStringLiteral("an empty folder name was given"));
    }
    auto db = openLibrary("scan", parser);
    if (!db)
        return ExitFailure;
    QStringList roots = parser.positionalArguments();
    if (roots.isEmpty()) {
        const Result<QStringList> known = TrackStore(*db).libraryRoots();
        if (!known)
            return failWith("scan", ExitFailure, known.error());
        roots = *known;
    }
    if (roots.isEmpty()) {
        err() << "eknmusic-cli scan: no folder given and the library has none yet; try `eknmusic-cli scan ~/Music`\n";
        err().flush();
        return ExitUsage;
    }

    const ScanOutcome o = scanFolders(*db, roots, counts, stderrIsTerminal());
    if (!o.summary.error.isEmpty())
        return failWith("scan", ExitFailure, o.summary.error);
    return printScan(o, parser.isSet(QStringLiteral("json")));
}

namespace {

int mergeDuplicates(const LibraryDatabase &db, bool json)
{
    const Result<MergeReport> report = TrackMerger(db).mergeDuplicates();
    if (!report)
        return failWith("tracks", ExitFailure, report.error());
    if (json) {
        QJsonArray groups;
        for (const MergedGroup &g : report->groups)
            groups.append(QJsonObject{{QStringLiteral("audio_hash"), g.audioHash},
                                      {QStringLiteral("kept"), g.survivorId},
                                      {QStringLiteral("merged"), QJsonArray::fromStringList(g.mergedIds)}});
        printJson(QJsonObject{{QStringLiteral("version"), 1},
                              {QStringLiteral("groups"), groups},
                              {QStringLiteral("merged"), report->tracksMerged()},
                              {QStringLiteral("conflicts"), report->conflicts}});
        return ExitOk;
    }
    for (const MergedGroup &g : report->groups)
        out() << "kept " << g.survivorId << ", merged " << g.mergedIds.join(QStringLiteral(", ")) << '\n';
    out() << report->tracksMerged() << (report->tracksMerged() == 1 ? " duplicate track" : " duplicate tracks")
          << " merged";
    if (report->conflicts > 0)
        out() << ", " << report->conflicts << " edits of the same field set aside (eknmusic-cli conflicts)";
    out() << '\n';
    out().flush();
    return ExitOk;
}

} // namespace

int runTracks(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the tracks of the local library."));
    parser.addOption(dataDirOption());
    parser.addOption(jsonOption());
    parser.addOption(QCommandLineOption(QStringLiteral("search"),
                                        QStringLiteral("Only tracks matching QUERY (prefix words; artist:, album:, "
                                                       "genre:, title:, year: filters), best match first; "
                                                       "rating:>=4 plays:>10 skipped:>2 played:<30d added:<7d "
                                                       "keep the tracks they pass, in library order."),
                                        QStringLiteral("QUERY")));
    parser.addOption(QCommandLineOption(QStringLiteral("unavailable"), QStringLiteral("Only tracks whose file is missing.")));
    parser.addPositionalArgument(QStringLiteral("merge-duplicates"),
                                 QStringLiteral("Merges tracks that are the same audio (one audio hash) into one, "
                                                "keeping every playlist place and edit."),
                                 QStringLiteral("[merge-duplicates]"));
    if (const std::optional<int> done = parseArguments(parser, args, "tracks"))
        return *done;
    const QStringList action = parser.positionalArguments();
    if (!action.isEmpty() && action != QStringList{QStringLiteral("merge-duplicates")})
        return failWith("tracks", ExitUsage, QStringLiteral("unknown action: %1").arg(action.join(QLatin1Char(' '))),
                        QStringLiteral("usage: eknmusic-cli tracks [merge-duplicates] [--json]"));
    auto db = openLibrary("tracks", parser);
    if (!db)
        return ExitFailure;
    if (!action.isEmpty())
        return mergeDuplicates(*db, parser.isSet(QStringLiteral("json")));
    TrackStore store(*db);
    const Result<QList<Track>> read = parser.isSet(QStringLiteral("search"))
                                          ? store.search(parser.value(QStringLiteral("search")), 1000)
                                          : parser.isSet(QStringLiteral("unavailable")) ? store.unavailableTracks()
                                                                                        : store.allTracks();
    if (!read)
        return failWith("tracks", ExitFailure, read.error());
    const QList<Track> &tracks = *read;

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const Track &t : std::as_const(tracks))
            list.append(trackJson(t));
        printJson(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("tracks"), list}});
        return ExitOk;
    }
    for (const Track &t : std::as_const(tracks)) {
        const int secs = t.duration;
        out() << (t.available ? "  " : "! ") << t.artist << " - " << t.title;
        if (!t.album.isEmpty())
            out() << " [" << t.album << ']';
        out() << QStringLiteral("  %1:%2  %3").arg(secs / 60).arg(secs % 60, 2, 10, QLatin1Char('0')).arg(t.format)
              << "  " << t.filePath << '\n';
    }
    out() << tracks.size() << (tracks.size() == 1 ? " track" : " tracks") << " (! = file missing)\n";
    out().flush();
    return ExitOk;
}

int runScanErrors(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the files the last scans could not read, with the reason."));
    parser.addOption(dataDirOption());
    parser.addOption(jsonOption());
    if (const std::optional<int> done = parseArguments(parser, args, "scan-errors"))
        return *done;
    auto db = openLibrary("scan-errors", parser);
    if (!db)
        return ExitFailure;
    const Result<QList<ScanError>> read = TrackStore(*db).scanErrors();
    if (!read)
        return failWith("scan-errors", ExitFailure, read.error());
    const QList<ScanError> &errors = *read;
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const ScanError &e : errors)
            list.append(QJsonObject{{QStringLiteral("path"), e.path},
                                    {QStringLiteral("reason"), e.reason},
                                    {QStringLiteral("at"), e.at.toString(Qt::ISODateWithMs)}});
        printJson(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("errors"), list}});
        return ExitOk;
    }
    for (const ScanError &e : errors)
        out() << e.path << ": " << e.reason << '\n';
    out() << errors.size() << (errors.size() == 1 ? " file" : " files") << " could not be read\n";
    out().flush();
    return ExitOk;
}

} // namespace ekn::cli
