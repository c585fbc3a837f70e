#pragma once

#include "library/track.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

namespace ekn {

// A library search's results come a page at a time: typing one letter into a big library
// shows the best matches at once, and the rest load as the user scrolls down to them.
inline constexpr int kSearchPageRows = 2000;
// The first rows of a page, sent ahead of the rest: a screenful with room to scroll.
inline constexpr int kFirstSearchRows = 200;

// What the track view shows: a sidebar choice plus the search text typed over it.
struct ViewSpec
{
    enum class Kind { Library, Artist, Album, Genre, Playlist, Unavailable, Albums };
    Kind kind = Kind::Library;
    QString key;       // artist, album, genre or playlist id (Albums: none, every album)
    QString secondKey; // the album artist of an album
    QString search;

    bool isPlaylist() const { return kind == Kind::Playlist; }
    // Albums, and an artist, show as a grid of albums; typing a search shows the matching
    // tracks instead (of the whole library, or of the artist).
    bool showsAlbumGrid() const { return (kind == Kind::Albums || kind == Kind::Artist) && search.trimmed().isEmpty(); }
    // What the library thread loads as tracks: a search typed over all albums searches the
    // library.
    ViewSpec trackSpec() const
    {
        ViewSpec s = *this;
        if (s.kind == Kind::Albums)
            s.kind = Kind::Library;
        return s;
    }
    bool operator==(const ViewSpec &o) const
    {
        return kind == o.kind && key == o.key && secondKey == o.secondKey && search == o.search;
    }
};

// Everything the sidebar lists, loaded in one go on the library thread.
struct SidebarData
{
    int trackCount = 0;
    int unavailableCount = 0;
    QStringList artists;
    // Album artist -> albums, both sorted case-insensitively.
    QList<QPair<QString, QStringList>> albumsByArtist;
    QStringList genres;
    QList<Playlist> playlists;
    QList<Playlist> deletedPlaylists;
};

} // namespace ekn

Q_DECLARE_METATYPE(ekn::ViewSpec)
Q_DECLARE_METATYPE(ekn::SidebarData)
