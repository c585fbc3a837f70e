// Sync and the edits two devices need to be driven from a script:
//   sync --server URL [--read-server URL] [--email E] [--json]
//   track edit ID [--title T] [--artist A] [--album B] | track delete ID | track restore ID |
//   track rate ID STARS | track played ID | track skipped ID
//   conflicts [--json] | conflicts restore ID
// (playlist: cli_playlist.cpp.) All take --data-dir DIR. Edits go through the library's
// stores (with their outbox rows).
#include "account/account.h"
#include "clicommand.h"
#include "library/library.h"
#include "library/indexdeferral.h"
#include "sync/sync.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ekn::cli {

namespace {

// Tuning knobs (also used by the tests to make a push long enough to interrupt).
void applyTuning(Synchronizer &sync)
{
    if (const int n = qEnvironmentVariableIntValue("EKN_SYNC_BATCH_SIZE"); n > 0)
        sync.pushBatchSize = n;
    if (const int n = qEnvironmentVariableIntValue("EKN_SYNC_PAGE_SIZE"); n > 0)
        sync.pullPageSize = n;
}

// The sync's outcome: the JSON object (app/cli/JSON.md) or one line for a person.
void printReport(const SyncReport &r, const ServerConnection &server, bool json)
{
    if (json) {
        printJson(QJsonObject{{QStringLiteral("ok"), r.ok},
                              {QStringLiteral("error"), r.ok ? QJsonValue() : QJsonValue(r.error)},
                              {QStringLiteral("pushed"), r.pushed},
                              {QStringLiteral("pulled"), r.pulled},
                              {QStringLiteral("conflicts"), r.conflicts},
                              {QStringLiteral("set_aside"), r.setAside},
                              {QStringLiteral("retrying"), r.retrying},
                              {QStringLiteral("retryable"), r.retryable},
                              {QStringLiteral("skipped_own"), r.skipped},
                              {QStringLiteral("resynced"), r.resynced},
                              {QStringLiteral("round_trips"), r.roundTrips},
                              {QStringLiteral("cursor"), r.cursor}});
    } else if (r.ok) {
        out() << "synced with " << server.displayServer() << ": " << r.pushed << " sent, "
              << r.pulled << " received"
              << (r.conflicts ? QStringLiteral(", %1 conflicts logged (eknmusic-cli conflicts)")
                                    .arg(r.conflicts)
                              : QString())
              << (r.setAside ? QStringLiteral(", %1 set aside: refused by the server "
                                              "(eknmusic-cli conflicts)")
                                   .arg(r.setAside)
                             : QString())
              << (r.retrying ? QStringLiteral(", %1 retrying: the server could not take them "
                                              "now; they go with the next sync")
                                   .arg(r.retrying)
                             : QString())
              << '\n';
        out().flush();
    }
}

// A first pull leaves local indexing for after it (the app does it in the background): the CLI
// does it before exiting, so the next command opens a library with its indexes complete. A
// failure is no failed sync: reads are right meanwhile and the next open retries.
void indexPulledTracks(const LibraryDatabase &library, const SyncReport &r, bool json)
{
    if (!r.indexingLeft)
        return;
    QSqlDatabase db = library.connection();
    if (const Status indexed = IndexDeferral::finishDeferred(db); !indexed && !json)
        err() << "sync: cannot index the pulled tracks (the next open retries): " << indexed.error() << '\n';
}

} // namespace

int runSync(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Pushes this library's changes to the server and pulls the account's "
                       "changes from other devices.\n"
                       "Sign in first with `eknmusic-cli account login --server URL`.\n"
                       "Exit codes: 0 everything sent and received; 1 some changes were set "
                       "aside (refused by the server: see `conflicts`, fix and `conflicts "
                       "restore ID`) or the sync failed for good; 3 retrying: the server could "
                       "not be reached or could not take some changes now; they stay queued, "
                       "run sync again later."));
    const QCommandLineOption serverOpt(QStringLiteral("server"),
                                       QStringLiteral("postgresql://user@host/db"),
                                       QStringLiteral("URL"));
    const QCommandLineOption emailOpt(QStringLiteral("email"),
                                      QStringLiteral("account (default: last used)"),
                                      QStringLiteral("EMAIL"));
    const QCommandLineOption readServerOpt(
        QStringLiteral("read-server"),
        QStringLiteral("a read-only standby of the server to pull from (pushes go to --server; "
                       "a standby that lags behind this library leaves the pull to --server)"),
        QStringLiteral("URL"));
    parser.addOptions({serverOpt, readServerOpt, emailOpt, dataDirOption(), jsonOption()});
    if (const std::optional<int> done = parseArguments(parser, args, "sync"))
        return *done;
    if (!parser.isSet(serverOpt))
        return failWith("sync", ExitUsage, QStringLiteral("--server is required"));
    ServerConnection server = ServerConnection::fromUrl(parser.value(serverOpt));
    if (!server.isValid())
        return failWith("sync", ExitConnection, server.error());
    server.setApplicationName(QStringLiteral("eknmusic-cli-sync"));
    auto library = openLibrary("sync", parser);
    if (!library)
        return ExitFailure;
    AccountClient account(server);
    const AccountResult restored = account.restore(parser.value(emailOpt));
    if (!restored.ok())
        return failWith(
            "sync", ExitFailure,
            QStringLiteral(
                "not signed in to %1: run `eknmusic-cli account login --server URL` first")
                .arg(server.displayServer()));
    Synchronizer sync(*library, account);
    if (parser.isSet(readServerOpt)) {
        ServerConnection read = ServerConnection::fromUrl(parser.value(readServerOpt));
        if (!read.isValid())
            return failWith("sync", ExitConnection, read.error());
        read.setApplicationName(QStringLiteral("eknmusic-cli-sync"));
        sync.readServer = read;
    }
    applyTuning(sync);
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool terminal = stderrIsTerminal();
    if (terminal && !json)
        sync.onStatus = [](const SyncStatus &s) {
            if (s.state == SyncStatus::State::Syncing && s.total > 0) {
                err() << '\r' << s.text() << "   ";
                err().flush();
            }
        };
    const SyncReport r = sync.run();
    if (terminal && !json) {
        err() << '\r' << QString(40, QLatin1Char(' ')) << '\r';
        err().flush();
    }
    printReport(r, server, json);
    indexPulledTracks(*library, r, json);
    if (!r.ok) {
        if (!json)
            failWith("sync", 0,
                     r.retryable ? r.error + QStringLiteral(" (retrying: unsent changes stay "
                                                           "queued for the next sync)")
                                 : r.error);
        return r.retryable ? ExitConnection : ExitFailure;
    }
    // Set aside needs a person (1); retrying only needs another run (3).
    return r.setAside ? ExitFailure : r.retrying ? ExitConnection : ExitOk;
}

int runTrack(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("track edit ID [--title T] [--artist A] [--album B] | "
                       "track delete ID | track restore ID |\n"
                       "track rate ID STARS (0 to 5, half stars like 3.5, or none) | "
                       "track played ID | track skipped ID"));
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("new title"),
                                   QStringLiteral("T"));
    const QCommandLineOption artist(QStringLiteral("artist"), QStringLiteral("new artist"),
                                    QStringLiteral("A"));
    const QCommandLineOption album(QStringLiteral("album"), QStringLiteral("new album"),
                                   QStringLiteral("B"));
    parser.addOptions({title, artist, album, dataDirOption()});
    if (const std::optional<int> done = parseArguments(parser, args, "track"))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != (pos.value(0) == QLatin1String("rate") ? 3 : 2))
        return failWith("track", ExitUsage,
                        QStringLiteral("usage: track edit|delete|restore|played|skipped ID, "
                                       "track rate ID STARS"));
    std::optional<int> rating;
    if (pos[0] == QLatin1String("rate")) {
        const Result<int> r = TrackStore::ratingFromStars(pos[2]);
        if (!r)
            return failWith("track", ExitUsage, r.error());
        rating = *r;
    }
    auto library = openLibrary("track", parser);
    if (!library)
        return ExitFailure;
    TrackStore store(*library);
    const QString &verb = pos[0];
    const QString &id = pos[1];
    Status ok = Done{};
    if (verb == QLatin1String("edit")) {
        TrackEdit e;
        if (parser.isSet(title))
            e.title = parser.value(title);
        if (parser.isSet(artist))
            e.artist = parser.value(artist);
        if (parser.isSet(album))
            e.album = parser.value(album);
        if (e.isEmpty())
            return failWith("track", ExitUsage,
                            QStringLiteral("nothing to change: give --title, --artist or --album"));
        if (e.title && e.title->trimmed().isEmpty())
            return failWith("track", ExitUsage, QStringLiteral("a title cannot be empty"));
        ok = store.updateTrack(id, e);
    } else if (verb == QLatin1String("delete") || verb == QLatin1String("restore")) {
        ok = store.setTrackDeleted(id, verb == QLatin1String("delete"));
    } else if (verb == QLatin1String("rate")) {
        TrackEdit e;
        e.rating = rating;
        ok = store.updateTrack(id, e);
    } else if (verb == QLatin1String("played") || verb == QLatin1String("skipped")) {
        const Result<bool> counted = verb == QLatin1String("played")
                                         ? PlayTallies::recordPlay(*library, id)
                                         : PlayTallies::recordSkip(*library, id);
        if (!counted)
            return failWith("track", ExitFailure, counted.error());
    } else {
        return failWith("track", ExitUsage,
                        QStringLiteral("unknown action '%1' (edit, delete, restore, rate, played, "
                                       "skipped)")
                            .arg(verb));
    }
    if (!ok)
        return failWith("track", ExitFailure, ok.error());
    return ExitOk;
}

int runConflicts(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("conflicts [--json] | conflicts restore ID"));
    parser.addOptions({dataDirOption(), jsonOption()});
    if (const std::optional<int> done = parseArguments(parser, args, "conflicts"))
        return *done;
    auto library = openLibrary("conflicts", parser);
    if (!library)
        return ExitFailure;
    ConflictLog log(*library);
    const QStringList pos = parser.positionalArguments();
    if (!pos.isEmpty()) {
        bool ok = false;
        const qint64 id = pos.value(1).toLongLong(&ok);
        if (pos[0] != QLatin1String("restore") || !ok)
            return failWith("conflicts", ExitUsage, QStringLiteral("usage: conflicts restore ID"));
        if (const Status restored = log.restore(id); !restored)
            return failWith("conflicts", ExitFailure, restored.error());
        return ExitOk;
    }
    const Result<QList<Conflict>> conflicts = log.conflicts();
    if (!conflicts)
        return failWith("conflicts", ExitFailure, conflicts.error());
    QJsonArray list;
    for (const Conflict &c : *conflicts) {
        list.append(QJsonObject{{QStringLiteral("id"), c.id},
                                {QStringLiteral("table"), c.table},
                                {QStringLiteral("row_id"), c.rowId},
                                {QStringLiteral("field"), c.field},
                                {QStringLiteral("kept"), c.winnerValue},
                                {QStringLiteral("lost"), c.lostValue},
                                {QStringLiteral("lost_from"), c.lostFrom},
                                {QStringLiteral("reason"), c.reason}});
        if (!parser.isSet(QStringLiteral("json")))
            out() << c.id << "  " << c.table << ' ' << c.rowId << ' ' << c.field << ": kept "
                  << c.winnerValue << ", lost " << c.lostValue << " (from " << c.lostFrom << ")"
                  << (c.reason.isEmpty() ? QString() : QStringLiteral(": ") + c.reason) << '\n';
    }
    if (parser.isSet(QStringLiteral("json")))
        printJson(list);
    out().flush();
    return ExitOk;
}

} // namespace ekn::cli
