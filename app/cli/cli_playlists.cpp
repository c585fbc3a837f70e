// The playlist verbs beyond editing entries:
//   playlist list [--json] | show ID [--json]
//   playlist smart create NAME QUERY [--order FIELD[:asc|:desc]|random] [--limit N]
//   playlist smart edit ID QUERY [--order ...] [--limit N]
//   playlist publish ID | unpublish ID | open LINK [--copy]   (--server URL [--email E])
#include "account/account.h"
#include "clicommand.h"
#include "library/library.h"
#include "sync/sync.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ekn::cli {

namespace {

void printJson(const QJsonValue &v)
{
    out() << (v.isArray()
                  ? QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented))
                  : QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented)));
    out().flush();
}

int listPlaylists(PlaylistStore &store, bool json)
{
    QJsonArray list;
    const QList<Playlist> playlists = store.playlists();
    if (!store.errorString().isEmpty())
        return failWith("playlist", ExitFailure, store.errorString());
    for (const Playlist &p : playlists) {
        list.append(QJsonObject{{QStringLiteral("id"), p.id},
                                {QStringLiteral("name"), p.name},
                                {QStringLiteral("tracks"), p.trackCount},
                                {QStringLiteral("smart"), p.smart},
                                {QStringLiteral("public"), p.isPublic}});
        if (!json)
            out() << p.id << "  " << p.name << " (" << p.trackCount << ")"
                  << (p.smart ? " [smart]" : "") << (p.isPublic ? " [published]" : "") << '\n';
    }
    if (json)
        printJson(list);
    out().flush();
    return ExitOk;
}

int showPlaylist(PlaylistStore &store, const QString &id, bool json)
{
    const auto p = store.playlist(id);
    if (!p)
        return failWith("playlist", ExitFailure, QStringLiteral("no playlist with id %1").arg(id));
    const QList<PlaylistEntry> rows = store.entries(id);
    if (!store.errorString().isEmpty())
        return failWith("playlist", ExitFailure, store.errorString());
    const auto rule = SmartRule::fromDescription(p->description);
    QJsonArray entries;
    if (!json)
        out() << p->name << (p->isDeleted() ? " (deleted)" : "")
              << (rule ? QStringLiteral(" [smart: %1]").arg(rule->query) : QString()) << '\n';
    for (const PlaylistEntry &e : rows) {
        const bool here = e.track.onThisDevice;
        entries.append(QJsonObject{{QStringLiteral("position"), e.position},
                                   {QStringLiteral("track_id"), e.track.id},
                                   {QStringLiteral("title"), e.track.title},
                                   {QStringLiteral("artist"), e.track.artist},
                                   {QStringLiteral("on_this_device"), here}});
        if (!json)
            out() << e.position << ". " << e.track.artist << " - " << e.track.title
                  << (here ? "" : "  [not on this device]") << '\n';
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
    if (json)
        printJson(o);
    out().flush();
    return ExitOk;
}

} // namespace

int runPlaylistRead(LibraryDatabase &library, const QCommandLineParser &parser)
{
    const QStringList pos = parser.positionalArguments();
    const bool json = parser.isSet(QStringLiteral("json"));
    PlaylistStore store(library);
    if (pos[0] == QLatin1String("list"))
        return listPlaylists(store, json);
    if (pos.size() < 2)
        return failWith("playlist", ExitUsage, QStringLiteral("usage: playlist show ID"));
    return showPlaylist(store, pos[1], json);
}

int runPlaylistSmart(LibraryDatabase &library, const QCommandLineParser &parser,
                     const PlaylistOptions &o)
{
    const QStringList pos = parser.positionalArguments();
    const QString verb = pos.value(1);
    if ((verb != QLatin1String("create") && verb != QLatin1String("edit")) || pos.size() != 4)
        return failWith("playlist", ExitUsage,
                        QStringLiteral("usage: playlist smart create NAME QUERY | playlist smart "
                                       "edit ID QUERY  [--order FIELD[:asc|:desc]|random] "
                                       "[--limit N]"));
    SmartRule rule;
    rule.query = pos[3];
    if (parser.isSet(o.order) && !rule.setOrder(parser.value(o.order)))
        return failWith("playlist", ExitUsage,
                        QStringLiteral("--order %1 is not an order: use one of %2, optionally "
                                       "with :asc or :desc (rating:desc)")
                            .arg(parser.value(o.order), SmartRule::orders().join(QStringLiteral(", "))));
    if (parser.isSet(o.limit)) {
        bool ok = false;
        rule.limit = parser.value(o.limit).toInt(&ok);
        if (!ok)
            return failWith("playlist", ExitUsage,
                            QStringLiteral("--limit needs a number, not %1").arg(parser.value(o.limit)));
    }
    if (const QString bad = rule.validate(); !bad.isEmpty())
        return failWith("playlist", ExitUsage, bad);
    PlaylistStore store(library);
    if (verb == QLatin1String("edit")) {
        if (!store.setSmartRule(pos[2], rule))
            return failWith("playlist", ExitFailure, store.errorString());
        return ExitOk;
    }
    const QString id = store.createSmart(pos[2], rule);
    if (id.isEmpty())
        return failWith("playlist", ExitFailure, store.errorString());
    out() << id << '\n';
    out().flush();
    return ExitOk;
}

namespace {

const char *matchName(SharedEntry::Match m)
{
    switch (m) {
    case SharedEntry::Match::AudioHash: return "audio";
    case SharedEntry::Match::Tags: return "tags";
    case SharedEntry::Match::Missing: break;
    }
    return "missing";
}

void printShared(const SharedPlaylist &shared, const QString &copiedTo, bool json)
{
    QJsonArray entries;
    if (!json)
        out() << shared.name << " (" << shared.entries.size() << " tracks, "
              << shared.missingCount() << " missing here)\n";
    for (const SharedEntry &e : shared.entries) {
        entries.append(QJsonObject{{QStringLiteral("position"), e.position},
                                   {QStringLiteral("title"), e.title},
                                   {QStringLiteral("artist"), e.artist},
                                   {QStringLiteral("album"), e.album},
                                   {QStringLiteral("duration"), e.duration},
                                   {QStringLiteral("have"), !e.isMissing()},
                                   {QStringLiteral("match"), QLatin1String(matchName(e.match))},
                                   {QStringLiteral("track_id"), e.trackId}});
        if (!json)
            out() << e.position << ". " << e.artist << " - " << e.title
                  << (e.album.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.album))
                  << (e.isMissing() ? QStringLiteral("  [missing]")
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

} // namespace

int runPlaylistShare(LibraryDatabase &library, const QCommandLineParser &parser,
                     const PlaylistOptions &o)
{
    const QStringList pos = parser.positionalArguments();
    const QString &verb = pos[0];
    if (pos.size() != 2)
        return failWith("playlist", ExitUsage,
                        QStringLiteral("usage: playlist %1 %2 --server URL")
                            .arg(verb, verb == QLatin1String("open") ? QStringLiteral("LINK")
                                                                     : QStringLiteral("ID")));
    if (!parser.isSet(o.server))
        return failWith("playlist", ExitUsage, QStringLiteral("--server is required"));
    ServerConnection server = ServerConnection::fromUrl(parser.value(o.server));
    if (!server.isValid())
        return failWith("playlist", ExitConnection, server.error());
    server.setApplicationName(QStringLiteral("eknmusic-cli-playlist"));
    AccountClient account(server);
    if (!account.restore(parser.value(o.email)).ok())
        return failWith("playlist", ExitFailure,
                        QStringLiteral("not signed in to %1: run `eknmusic-cli account login "
                                       "--server URL` first")
                            .arg(server.displayServer()));
    SharedPlaylists shares(library, account);
    if (verb == QLatin1String("publish")) {
        const Result<QString> link = shares.publish(pos[1]);
        if (!link)
            return failWith("playlist", ExitFailure, link.error());
        out() << link.value() << '\n';
        out().flush();
        return ExitOk;
    }
    if (verb == QLatin1String("unpublish")) {
        const Result<bool> done = shares.unpublish(pos[1]);
        return done ? int(ExitOk) : failWith("playlist", ExitFailure, done.error());
    }
    const Result<SharedPlaylist> shared = shares.open(pos[1]);
    if (!shared)
        return failWith("playlist", ExitFailure, shared.error());
    QString copiedTo;
    if (parser.isSet(o.copy)) {
        const Result<QString> copied = shares.copy(shared.value());
        if (!copied)
            return failWith("playlist", ExitFailure, copied.error());
        copiedTo = copied.value();
    }
    printShared(shared.value(), copiedTo, parser.isSet(QStringLiteral("json")));
    return ExitOk;
}

} // namespace ekn::cli
