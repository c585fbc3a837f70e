// eknmusic-cli playlist: playlists from a terminal or a script, through the library's
// PlaylistStore (with its outbox rows), core/playlist for files and SharedPlaylists for links:
//   playlist create NAME | rename ID NAME | add ID TRACK... [--at POS] | move ID FROM TO |
//            remove ID POS | delete ID | restore ID | list [--json] | show ID [--json] |
//            import FILE [--name N] [--json] | export ID FILE
//   playlist smart create NAME QUERY [--order FIELD[:asc|:desc]|random] [--limit N]
//   playlist smart edit ID QUERY [--order ...] [--limit N]
//   playlist publish ID | unpublish ID | open LINK [--copy] [--json]   (--server URL [--email E])
// Positions are 0-based. All take --data-dir DIR. The --json shapes are in app/cli/JSON.md.
// A smart playlist exports like any other: a static file of the tracks its rule gives now.
#include "account/account.h"
#include "clicommand.h"
#include "library/library.h"
#include "playlist/playlist.h"
#include "sync/sync.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

namespace ekn::cli {

namespace {

const QString kUsage = QStringLiteral(
    "playlist create NAME | rename ID NAME | add ID TRACK... [--at POS] | move ID FROM TO | "
    "remove ID POS |\n"
    "playlist delete ID | restore ID | list | show ID | import FILE [--name N] | export ID FILE\n"
    "   (positions are 0-based; a smart playlist exports as the tracks it holds now)\n"
    "playlist smart create NAME QUERY [--order FIELD[:asc|:desc]|random] [--limit N] |\n"
    "playlist smart edit ID QUERY [--order ...] [--limit N]\n"
    "   QUERY: the search syntax plus rating:>=4 plays:>10 skipped:>3 played:<30d added:<7d\n"
    "playlist publish ID | unpublish ID --server URL   (publish prints the link)\n"
    "playlist open LINK --server URL [--copy] [--json]   (entries found here or missing)");

// The options beyond --data-dir and --json.
struct PlaylistOptions
{
    QCommandLineOption at{QStringLiteral("at"), QStringLiteral("insert position"),
                          QStringLiteral("POS")};
    QCommandLineOption name{QStringLiteral("name"),
                            QStringLiteral("import: the new playlist's name (default: the name in "
                                           "the file, else its file name)"),
                            QStringLiteral("N")};
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
    QCommandLineOption email{QStringLiteral("email"),
                             QStringLiteral("account (default: last used)"),
                             QStringLiteral("EMAIL")};
};

// What every action gets: the parsed command line and the open library.
struct PlaylistCommand
{
    const QCommandLineParser &parser;
    const PlaylistOptions &options;
    const QStringList &pos; // pos[0] is the action
    LibraryDatabase &library;
    PlaylistStore store;
    bool json = false;

    int fail(const QString &message) const { return failWith("playlist", ExitFailure, message); }
    int usage(const QString &message) const { return failWith("playlist", ExitUsage, message); }
    template <class T>
    int done(const Result<T> &r) const { return r ? int(ExitOk) : fail(r.error()); }
    // Prints a new playlist's id (what a script reads), or fails with why there is none.
    int printId(const Result<QString> &id) const
    {
        if (!id)
            return fail(id.error());
        out() << *id << '\n';
        out().flush();
        return ExitOk;
    }
    int intAt(int i, bool *ok) const { return pos.value(i).toInt(ok); }
};

int create(PlaylistCommand &c)
{
    return c.printId(c.store.create(c.pos[1]));
}

int rename(PlaylistCommand &c)
{
    return c.done(c.store.rename(c.pos[1], c.pos[2]));
}

int add(PlaylistCommand &c)
{
    int position = -1;
    bool numOk = true;
    if (c.parser.isSet(c.options.at))
        position = c.parser.value(c.options.at).toInt(&numOk);
    if (!numOk)
        return c.usage(QStringLiteral("--at needs a number"));
    return c.done(c.store.addTracks(c.pos[1], c.pos.mid(2), position));
}

int move(PlaylistCommand &c)
{
    bool a = false, b = false;
    const int from = c.intAt(2, &a), to = c.intAt(3, &b);
    if (!a || !b)
        return c.usage(QStringLiteral("move needs two positions"));
    return c.done(c.store.moveEntry(c.pos[1], from, to));
}

int remove(PlaylistCommand &c)
{
    bool a = false;
    const int p = c.intAt(2, &a);
    if (!a)
        return c.usage(QStringLiteral("remove needs a position"));
    return c.done(c.store.removeEntry(c.pos[1], p));
}

int softDelete(PlaylistCommand &c)
{
    return c.done(c.store.remove(c.pos[1]));
}

int restore(PlaylistCommand &c)
{
    return c.done(c.store.restore(c.pos[1]));
}

int list(PlaylistCommand &c)
{
    QJsonArray list;
    const Result<QList<Playlist>> playlists = c.store.playlists();
    if (!playlists)
        return c.fail(playlists.error());
    for (const Playlist &p : *playlists) {
        list.append(QJsonObject{{QStringLiteral("id"), p.id},
                                {QStringLiteral("name"), p.name},
                                {QStringLiteral("tracks"), p.trackCount},
                                {QStringLiteral("smart"), p.smart},
                                {QStringLiteral("public"), p.isPublic}});
        if (!c.json)
            out() << p.id << "  " << p.name << " (" << p.trackCount << ")"
                  << (p.smart ? " [smart]" : "") << (p.isPublic ? " [published]" : "") << '\n';
    }
    if (c.json)
        printJson(list);
    out().flush();
    return ExitOk;
}

QJsonObject entryJson(const PlaylistEntry &e)
{
    return QJsonObject{{QStringLiteral("position"), e.position},
                       {QStringLiteral("track_id"), e.track.id},
                       {QStringLiteral("title"), e.track.title},
                       {QStringLiteral("artist"), e.track.artist},
                       {QStringLiteral("on_this_device"), e.track.onThisDevice}};
}

int show(PlaylistCommand &c)
{
    const Result<std::optional<Playlist>> found = c.store.playlist(c.pos[1]);
    if (!found)
        return c.fail(found.error());
    const std::optional<Playlist> &p = *found;
    if (!p)
        return c.fail(QStringLiteral("no playlist with id %1").arg(c.pos[1]));
    const Result<QList<PlaylistEntry>> read = c.store.entries(c.pos[1]);
    if (!read)
        return c.fail(read.error());
    const QList<PlaylistEntry> &rows = *read;
    const auto rule = SmartRule::fromDescription(p->description);
    QJsonArray entries;
    if (!c.json)
        out() << p->name << (p->isDeleted() ? " (deleted)" : "")
              << (rule ? QStringLiteral(" [smart: %1]").arg(rule->query) : QString()) << '\n';
    for (const PlaylistEntry &e : rows) {
        entries.append(entryJson(e));
        if (!c.json)
            out() << e.position << ". " << e.track.artist << " - " << e.track.title
                  << (e.track.onThisDevice ? "" : "  [not on this device]") << '\n';
    }
    QJsonObject o{{QStringLiteral("id"), p->id},
                  {QStringLiteral("name"), p->name},
                  {QStringLiteral("deleted"), p->isDeleted()},
                  {QStringLiteral("public"), p->isPublic},
                  {QStringLiteral("entries"), entries}};
    if (rule)
        o.insert(QStringLiteral("smart"),
                 QJsonObject{{QStringLiteral("query"), rule->query},
                             {QStringLiteral("order"), rule->orderSpec()},
                             {QStringLiteral("limit"), rule->limit}});
    if (c.json)
        printJson(o);
    out().flush();
    return ExitOk;
}

// A playlist file becomes a new playlist of the library's tracks: its id on stdout (like
// create); entries whose file is not in the library are skipped and counted on stderr.
int importFile(PlaylistCommand &c)
{
    const Result<PlaylistTransfer::Imported> imported =
        PlaylistTransfer(c.library).importFile(c.pos[1], c.parser.value(c.options.name));
    if (!imported)
        return c.fail(imported.error());
    if (c.json) {
        printJson(QJsonObject{{QStringLiteral("id"), imported->playlistId},
                              {QStringLiteral("name"), imported->name},
                              {QStringLiteral("tracks"), imported->tracks},
                              {QStringLiteral("skipped"), imported->skipped}});
    } else {
        out() << imported->playlistId << '\n';
        out().flush();
    }
    if (imported->skipped > 0 && !c.json) {
        err() << "eknmusic-cli playlist: imported \"" << imported->name << "\" with "
              << imported->tracks << " tracks; " << imported->skipped
              << " entries are not in the library and were skipped\n";
        err().flush();
    }
    return ExitOk;
}

int exportFile(PlaylistCommand &c)
{
    const QString file = QDir::current().absoluteFilePath(c.pos[2]);
    const Result<QString> name = PlaylistTransfer(c.library).exportFile(c.pos[1], file);
    if (!name)
        return c.fail(name.error());
    out() << "exported \"" << *name << "\" to " << QDir::toNativeSeparators(file) << '\n';
    out().flush();
    return ExitOk;
}

// The rule given by QUERY (pos[3]), --order and --limit; exits 2 naming what is wrong.
std::optional<int> readRule(const PlaylistCommand &c, SmartRule *rule)
{
    const PlaylistOptions &o = c.options;
    rule->query = c.pos[3];
    if (c.parser.isSet(o.order) && !rule->setOrder(c.parser.value(o.order)))
        return c.usage(QStringLiteral("--order %1 is not an order: use one of %2, optionally "
                                      "with :asc or :desc (rating:desc)")
                           .arg(c.parser.value(o.order),
                                SmartRule::orders().join(QStringLiteral(", "))));
    if (c.parser.isSet(o.limit)) {
        bool ok = false;
        rule->limit = c.parser.value(o.limit).toInt(&ok);
        if (!ok)
            return c.usage(
                QStringLiteral("--limit needs a number, not %1").arg(c.parser.value(o.limit)));
    }
    if (const QString bad = rule->validate(); !bad.isEmpty())
        return c.usage(bad);
    return std::nullopt;
}

int smart(PlaylistCommand &c)
{
    const QString verb = c.pos.value(1);
    if ((verb != QLatin1String("create") && verb != QLatin1String("edit")) || c.pos.size() != 4)
        return c.usage(QStringLiteral("usage: playlist smart create NAME QUERY | playlist smart "
                                      "edit ID QUERY  [--order FIELD[:asc|:desc]|random] "
                                      "[--limit N]"));
    SmartRule rule;
    if (const std::optional<int> bad = readRule(c, &rule))
        return *bad;
    if (verb == QLatin1String("edit"))
        return c.done(c.store.setSmartRule(c.pos[2], rule));
    return c.printId(c.store.createSmart(c.pos[2], rule));
}

const char *matchName(SharedEntry::Match m)
{
    switch (m) {
    case SharedEntry::Match::AudioHash: return "audio";
    case SharedEntry::Match::Tags: return "tags";
    case SharedEntry::Match::Missing: break;
    }
    return "missing";
}

QJsonObject sharedEntryJson(const SharedEntry &e)
{
    return QJsonObject{{QStringLiteral("position"), e.position},
                       {QStringLiteral("title"), e.title},
                       {QStringLiteral("artist"), e.artist},
                       {QStringLiteral("album"), e.album},
                       {QStringLiteral("duration"), e.duration},
                       {QStringLiteral("have"), !e.isMissing()},
                       {QStringLiteral("match"), QLatin1String(matchName(e.match))},
                       {QStringLiteral("track_id"), e.trackId}};
}

void printShared(const SharedPlaylist &shared, const QString &copiedTo, bool json)
{
    QJsonArray entries;
    if (!json)
        out() << shared.name << " (" << shared.entries.size() << " tracks, "
              << shared.missingCount() << " missing here)\n";
    for (const SharedEntry &e : shared.entries) {
        entries.append(sharedEntryJson(e));
        if (!json)
            out() << e.position << ". " << e.artist << " - " << e.title
                  << (e.album.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.album))
                  << (e.isMissing()
                          ? QStringLiteral("  [missing]")
                          : QStringLiteral("  [have: %1]").arg(QLatin1String(matchName(e.match))))
                  << '\n';
    }
    if (!json && !copiedTo.isEmpty())
        out() << "copied as playlist " << copiedTo << '\n';
    if (json) {
        QJsonObject o{{QStringLiteral("id"), shared.id},
                      {QStringLiteral("name"), shared.name},
                      {QStringLiteral("missing"), shared.missingCount()},
                      {QStringLiteral("entries"), entries}};
        if (!copiedTo.isEmpty())
            o.insert(QStringLiteral("copied_to"), copiedTo);
        printJson(o);
    }
    out().flush();
}

int publish(PlaylistCommand &c, SharedPlaylists &shares)
{
    const Result<QString> link = shares.publish(c.pos[1]);
    if (!link)
        return c.fail(link.error());
    out() << link.value() << '\n';
    out().flush();
    return ExitOk;
}

int unpublish(PlaylistCommand &c, SharedPlaylists &shares)
{
    const Result<bool> done = shares.unpublish(c.pos[1]);
    return done ? int(ExitOk) : c.fail(done.error());
}

int openShared(PlaylistCommand &c, SharedPlaylists &shares)
{
    const Result<SharedPlaylist> shared = shares.open(c.pos[1]);
    if (!shared)
        return c.fail(shared.error());
    QString copiedTo;
    if (c.parser.isSet(c.options.copy)) {
        const Result<QString> copied = shares.copy(shared.value());
        if (!copied)
            return c.fail(copied.error());
        copiedTo = copied.value();
    }
    printShared(shared.value(), copiedTo, c.json);
    return ExitOk;
}

// publish, unpublish and open: signed in to --server with the account kept in the keychain.
int share(PlaylistCommand &c)
{
    const QString &verb = c.pos[0];
    if (c.pos.size() != 2)
        return c.usage(QStringLiteral("usage: playlist %1 %2 --server URL")
                           .arg(verb, verb == QLatin1String("open") ? QStringLiteral("LINK")
                                                                    : QStringLiteral("ID")));
    if (!c.parser.isSet(c.options.server))
        return c.usage(QStringLiteral("--server is required"));
    ServerConnection server = ServerConnection::fromUrl(c.parser.value(c.options.server));
    if (!server.isValid())
        return failWith("playlist", ExitConnection, server.error());
    server.setApplicationName(QStringLiteral("eknmusic-cli-playlist"));
    AccountClient account(server);
    if (!account.restore(c.parser.value(c.options.email)).ok())
        return c.fail(QStringLiteral("not signed in to %1: run `eknmusic-cli account login "
                                     "--server URL` first")
                          .arg(server.displayServer()));
    SharedPlaylists shares(c.library, account);
    if (verb == QLatin1String("publish"))
        return publish(c, shares);
    if (verb == QLatin1String("unpublish"))
        return unpublish(c, shares);
    return openShared(c, shares);
}

struct Action
{
    const char *verb;
    int arguments; // positional arguments after the verb, at least (smart and sharing check
                   // their own, to name what they need)
    int (*run)(PlaylistCommand &);
};

constexpr Action kActions[] = {
    {"create", 1, create},   {"rename", 2, rename},     {"add", 2, add},
    {"move", 3, move},       {"remove", 2, remove},     {"delete", 1, softDelete},
    {"restore", 1, restore}, {"list", 0, list},         {"show", 1, show},
    {"import", 1, importFile}, {"export", 2, exportFile}, {"smart", 0, smart},
    {"publish", 0, share},   {"unpublish", 0, share},   {"open", 0, share},
};

} // namespace

int runPlaylist(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kUsage);
    const PlaylistOptions o;
    parser.addOptions({o.at, o.name, o.order, o.limit, o.copy, o.server, o.email,
                       dataDirOption(), jsonOption()});
    if (const std::optional<int> done = parseArguments(parser, args, "playlist"))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return failWith("playlist", ExitUsage,
                        QStringLiteral("give an action (create, rename, add, move, remove, "
                                       "delete, restore, list, show, import, export, smart, "
                                       "publish, unpublish, open)"));
    const Action *action = nullptr;
    for (const Action &a : kActions)
        if (pos[0] == QLatin1String(a.verb) && pos.size() > a.arguments)
            action = &a;
    if (!action)
        return failWith("playlist", ExitUsage,
                        QStringLiteral("unknown action or missing arguments: ") +
                            pos.join(QLatin1Char(' ')));
    auto library = openLibrary("playlist", parser);
    if (!library)
        return ExitFailure;
    PlaylistCommand command{parser, o, pos, *library, PlaylistStore(*library),
                            parser.isSet(QStringLiteral("json"))};
    return action->run(command);
}

} // namespace ekn::cli
