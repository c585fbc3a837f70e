// eknmusic-cli playlist: playlists from a terminal or a script, through the library's
// PlaylistStore (with its outbox rows) and core/playlist for files:
//   playlist create NAME | rename ID NAME | add ID TRACK... [--at POS] | move ID FROM TO |
//            remove ID POS | delete ID | restore ID | list [--json] | show ID [--json] |
//            import FILE [--name N] [--json] | export ID FILE
// Positions are 0-based. All take --data-dir DIR. The --json shapes are in app/cli/JSON.md.
#include "clicommand.h"
#include "library/library.h"
#include "playlist/playlist.h"

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
    "(positions are 0-based)");

// What every action gets: the parsed command line and the open library.
struct PlaylistCommand
{
    const QCommandLineParser &parser;
    const QStringList &pos; // pos[0] is the action
    LibraryDatabase &library;
    PlaylistStore store;
    bool json = false;

    int fail(const QString &message) const { return failWith("playlist", ExitFailure, message); }
    int usage(const QString &message) const { return failWith("playlist", ExitUsage, message); }
    int done(bool ok) const { return ok ? int(ExitOk) : fail(store.errorString()); }
    int intAt(int i, bool *ok) const { return pos.value(i).toInt(ok); }
};

int create(PlaylistCommand &c)
{
    const QString id = c.store.create(c.pos[1]);
    if (id.isEmpty())
        return c.fail(c.store.errorString());
    out() << id << '\n';
    out().flush();
    return ExitOk;
}

int rename(PlaylistCommand &c)
{
    return c.done(c.store.rename(c.pos[1], c.pos[2]));
}

int add(PlaylistCommand &c)
{
    int position = -1;
    bool numOk = true;
    if (c.parser.isSet(QStringLiteral("at")))
        position = c.parser.value(QStringLiteral("at")).toInt(&numOk);
    if (!numOk)
        return c.usage(QStringLiteral("--at needs a number"));
    const int added = c.store.addTracks(c.pos[1], c.pos.mid(2), position);
    return c.done(added > 0 || c.store.errorString().isEmpty());
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
    const QList<Playlist> playlists = c.store.playlists();
    for (const Playlist &p : playlists) {
        list.append(QJsonObject{{QStringLiteral("id"), p.id},
                                {QStringLiteral("name"), p.name},
                                {QStringLiteral("tracks"), p.trackCount}});
        if (!c.json)
            out() << p.id << "  " << p.name << " (" << p.trackCount << ")\n";
    }
    if (c.json)
        printJson(list);
    out().flush();
    return ExitOk;
}

int show(PlaylistCommand &c)
{
    const auto p = c.store.playlist(c.pos[1]);
    if (!p)
        return c.fail(QStringLiteral("no playlist with id %1").arg(c.pos[1]));
    QJsonArray entries;
    if (!c.json)
        out() << p->name << (p->isDeleted() ? " (deleted)" : "") << '\n';
    const QList<PlaylistEntry> rows = c.store.entries(c.pos[1]);
    for (const PlaylistEntry &e : rows) {
        const bool here = e.track.onThisDevice;
        entries.append(QJsonObject{{QStringLiteral("position"), e.position},
                                   {QStringLiteral("track_id"), e.track.id},
                                   {QStringLiteral("title"), e.track.title},
                                   {QStringLiteral("on_this_device"), here}});
        if (!c.json)
            out() << e.position << ". " << e.track.artist << " - " << e.track.title
                  << (here ? "" : "  [not on this device]") << '\n';
    }
    if (c.json)
        printJson(QJsonObject{{QStringLiteral("id"), p->id},
                              {QStringLiteral("name"), p->name},
                              {QStringLiteral("deleted"), p->isDeleted()},
                              {QStringLiteral("entries"), entries}});
    out().flush();
    return ExitOk;
}

// A playlist file becomes a new playlist of the library's tracks: its id on stdout (like
// create); entries whose file is not in the library are skipped and counted on stderr.
int importFile(PlaylistCommand &c)
{
    const Result<PlaylistTransfer::Imported> imported =
        PlaylistTransfer(c.library).importFile(c.pos[1], c.parser.value(QStringLiteral("name")));
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

struct Action
{
    const char *verb;
    int arguments; // positional arguments after the verb, at least
    int (*run)(PlaylistCommand &);
};

constexpr Action kActions[] = {
    {"create", 1, create}, {"rename", 2, rename},     {"add", 2, add},           {"move", 3, move},
    {"remove", 2, remove}, {"delete", 1, softDelete}, {"restore", 1, restore},   {"list", 0, list},
    {"show", 1, show},     {"import", 1, importFile}, {"export", 2, exportFile},
};

} // namespace

int runPlaylist(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kUsage);
    const QCommandLineOption at(QStringLiteral("at"), QStringLiteral("insert position"),
                                QStringLiteral("POS"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("import: the new playlist's name (default: the "
                                                 "name in the file, else its file name)"),
                                  QStringLiteral("N"));
    parser.addOptions({at, name, dataDirOption(), jsonOption()});
    if (const std::optional<int> done = parseArguments(parser, args, "playlist"))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return failWith("playlist", ExitUsage,
                        QStringLiteral("give an action (create, rename, add, move, remove, "
                                       "delete, restore, list, show, import, export)"));
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
    PlaylistCommand command{parser, pos, *library, PlaylistStore(*library),
                            parser.isSet(QStringLiteral("json"))};
    return action->run(command);
}

} // namespace ekn::cli
