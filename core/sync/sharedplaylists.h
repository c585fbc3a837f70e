#pragma once

#include "common/result.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace ekn {

class AccountClient;
class LibraryDatabase;

// One entry of a playlist another account published, with what it is in this library.
struct SharedEntry
{
    enum class Match { AudioHash, Tags, Missing };

    int position = 0; // 0-based
    QString title;
    QString artist;
    QString album;
    int duration = 0;  // whole seconds, 0 when unknown
    QString audioHash; // "a1:..." or empty
    QString trackId;   // this library's track, empty when missing
    Match match = Match::Missing;

    bool isMissing() const { return match == Match::Missing; }
};

struct SharedPlaylist
{
    QString id;
    QString name;
    QList<SharedEntry> entries;

    int missingCount() const;
};

// Publishing a playlist and opening one another account published (migration 017,
// docs/SERVER-API.md "Shared playlists"). The link is eknmusic://playlist/<playlist id>; the
// id alone works too. Blocking server calls: keep them off the GUI thread.
class SharedPlaylists
{
public:
    SharedPlaylists(LibraryDatabase &library, AccountClient &account);

    static QString linkFor(const QString &playlistId);
    // The playlist id in a link (or a bare id); empty when the text is neither.
    static QString idFromLink(const QString &linkOrId);

    // Publishes one of this account's playlists (it must have been synced) and returns its
    // link. A smart playlist is refused: its entries are worked out on each device and the
    // server has none to show.
    Result<QString> publish(const QString &playlistId);
    Result<bool> unpublish(const QString &playlistId);
    // The entries of a published playlist, each resolved against this library (audio hash
    // first, tags second; missing ones marked). Refused once it is unpublished.
    Result<SharedPlaylist> open(const QString &linkOrId);
    // A new playlist of this account with the entries this library has, in order (missing
    // ones cannot be listed: a playlist lists tracks of the account). Returns its id.
    Result<QString> copy(const SharedPlaylist &shared, const QString &name = {});

private:
    Result<bool> setPublic(const QString &playlistId, bool published);
    Result<bool> resolve(SharedPlaylist &shared) const;

    LibraryDatabase &m_library;
    AccountClient &m_account;
};

} // namespace ekn

Q_DECLARE_METATYPE(ekn::SharedPlaylist)
