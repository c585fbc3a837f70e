#include "sync/sharedplaylists.h"

#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/playliststore.h"
#include "library/trackmatcher.h"
#include "sync/remotesession.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ekn {

namespace {

// A failed call as a sentence: the server's own message for a refusal (EK404, EK400), a hint
// for a server without 017.
Failure callFailure(const ApiAnswer &r)
{
    if (r.sqlState == QLatin1String("42883"))
        return Failure{QCoreApplication::translate("ekn::SharedPlaylists", "this server does not offer shared playlists yet: it needs an update "
                          "(migration 017)")};
    if (r.sqlState == QLatin1String("EK404") || r.sqlState == QLatin1String("EK400"))
        return Failure{r.error};
    return Failure{r.failure};
}

} // namespace

int SharedPlaylist::missingCount() const
{
    return int(std::count_if(entries.cbegin(), entries.cend(),
                             [](const SharedEntry &e) { return e.isMissing(); }));
}

SharedPlaylists::SharedPlaylists(LibraryDatabase &library, AccountClient &account)
    : m_library(library)
    , m_account(account)
{
}

QString SharedPlaylists::linkFor(const QString &playlistId)
{
    return QStringLiteral("eknmusic://playlist/") + playlistId;
}

QString SharedPlaylists::idFromLink(const QString &linkOrId)
{
    static const QRegularExpression link(
        QStringLiteral("^(?:eknmusic://playlist/)?\\{?([0-9a-fA-F-]{36})\\}?/?$"));
    const QRegularExpressionMatch m = link.match(linkOrId.trimmed());
    if (!m.hasMatch() || QUuid::fromString(m.captured(1)).isNull())
        return {};
    return m.captured(1).toLower();
}

Result<QString> SharedPlaylists::publish(const QString &playlistId)
{
    PlaylistStore store(m_library);
    const Result<std::optional<Playlist>> playlist = store.playlist(playlistId);
    if (!playlist)
        return Failure{playlist.error()};
    if (!*playlist)
        return Failure{QCoreApplication::translate("ekn::SharedPlaylists", "no playlist with id %1").arg(playlistId)};
    const Result<std::optional<SmartRule>> rule = store.smartRule(playlistId);
    if (!rule)
        return Failure{rule.error()};
    if (*rule)
        return Failure{QCoreApplication::translate("ekn::SharedPlaylists", "a smart playlist cannot be published: its tracks are worked out on "
                          "each device from its rule. Publish a copy of its current tracks "
                          "instead")};
    const Result<bool> done = setPublic(playlistId, true);
    if (!done)
        return Failure{done.error()};
    return linkFor(playlistId);
}

Result<bool> SharedPlaylists::unpublish(const QString &playlistId)
{
    return setPublic(playlistId, false);
}

Result<bool> SharedPlaylists::setPublic(const QString &playlistId, bool published)
{
    RemoteSession session(m_account);
    if (const Status connected = session.connect(); !connected)
        return Failure{connected.error()};
    const ApiAnswer r = session.call(
        published ? QStringLiteral("SELECT api.publish_playlist($1, $2::uuid)")
                  : QStringLiteral("SELECT api.unpublish_playlist($1, $2::uuid)"),
        {playlistId});
    if (!r.ok)
        return callFailure(r);
    // The server bumped the row's version, so every device (this one too) pulls is_public;
    // this device shows it at once.
    if (const Status marked = PlaylistStore(m_library).setPublishedHere(playlistId, published); !marked)
        qCWarning(lcSync) << "published on the server, not marked here yet:" << playlistId << marked.error();
    return true;
}

Result<SharedPlaylist> SharedPlaylists::open(const QString &linkOrId)
{
    const QString id = idFromLink(linkOrId);
    if (id.isEmpty())
        return Failure{QCoreApplication::translate("ekn::SharedPlaylists", "%1 is not a playlist link: a link looks like "
                          "eknmusic://playlist/<id>, or give the id alone")
                           .arg(linkOrId)};
    RemoteSession session(m_account);
    if (const Status connected = session.connect(); !connected)
        return Failure{connected.error()};
    const ApiAnswer r = session.call(
        QStringLiteral(R"sql(SELECT playlist_name, position, title, artist, album,
                       duration, audio_hash
                       FROM api.open_shared_playlist($1, $2::uuid))sql"),
        {id});
    if (!r.ok)
        return callFailure(r);
    SharedPlaylist shared;
    shared.id = id;
    for (int i = 0; i < r.rows.size(); ++i) {
        shared.name = r.value(QStringLiteral("playlist_name"), i);
        if (r.isNull(QStringLiteral("position"), i))
            continue; // an empty playlist's one row
        SharedEntry e;
        e.position = r.value(QStringLiteral("position"), i).toInt();
        e.title = r.value(QStringLiteral("title"), i);
        e.artist = r.value(QStringLiteral("artist"), i);
        e.album = r.value(QStringLiteral("album"), i);
        e.duration = r.value(QStringLiteral("duration"), i).toInt();
        e.audioHash = r.value(QStringLiteral("audio_hash"), i);
        shared.entries << e;
    }
    const Result<bool> resolved = resolve(shared);
    if (!resolved)
        return Failure{resolved.error()};
    return shared;
}

Result<bool> SharedPlaylists::resolve(SharedPlaylist &shared) const
{
    QStringList hashes;
    for (const SharedEntry &e : std::as_const(shared.entries))
        if (!e.audioHash.isEmpty())
            hashes << e.audioHash;
    const TrackMatcher matcher(m_library);
    const Result<QHash<QString, QString>> byHash = matcher.byAudioHashes(hashes);
    if (!byHash)
        return Failure{byHash.error()};
    for (SharedEntry &e : shared.entries) {
        e.trackId = e.audioHash.isEmpty() ? QString() : byHash.value().value(e.audioHash);
        if (!e.trackId.isEmpty()) {
            e.match = SharedEntry::Match::AudioHash;
            continue;
        }
        const Result<QString> byTags = matcher.byTags(e.title, e.artist, e.album);
        if (!byTags)
            return Failure{byTags.error()};
        e.trackId = byTags.value();
        e.match = e.trackId.isEmpty() ? SharedEntry::Match::Missing : SharedEntry::Match::Tags;
    }
    return true;
}

Result<QString> SharedPlaylists::copy(const SharedPlaylist &shared, const QString &name)
{
    QStringList ids;
    for (const SharedEntry &e : shared.entries)
        if (!e.isMissing() && !ids.contains(e.trackId))
            ids << e.trackId;
    PlaylistStore store(m_library);
    const Result<QString> id = store.create(name.isEmpty() ? shared.name : name);
    if (!id)
        return Failure{id.error()};
    if (ids.isEmpty())
        return id;
    const Result<int> added = store.addTracks(*id, ids);
    if (!added || *added != ids.size()) {
        const QString why = !added ? added.error()
                                   : QCoreApplication::translate("ekn::SharedPlaylists", "%1 of %2 tracks were added")
                                         .arg(*added)
                                         .arg(ids.size());
        if (const Status removed = store.remove(*id); !removed) // no half copy left behind
            qCWarning(lcSync) << "a half copy of a shared playlist stays:" << *id << removed.error();
        return Failure{QCoreApplication::translate("ekn::SharedPlaylists", "cannot copy the playlist: %1").arg(why)};
    }
    return id;
}

} // namespace ekn
