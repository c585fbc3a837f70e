#pragma once

#include "common/result.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace ekn {

class LibraryDatabase;

// One album as the album grid shows it: the tracks that share an album name and an album
// artist (the artist when a track has no album artist), the same grouping as the sidebar's
// Albums tree and TrackStore::tracksByAlbum, so opening an album lists exactly its tracks.
struct Album
{
    QString title;
    QString albumArtist; // empty: no track of it names an artist
    int year = 0;        // the earliest year its tracks give, 0 when none does
    int trackCount = 0;
    // A file of the album on this device to take the cover from: one with embedded art when
    // a track has some, else any of its files (CoverCache then looks for the folder image).
    // Empty when no file of the album is here.
    QString coverFile;
};

// The library's albums: one query on the calling thread's connection, grouped and ordered here
// (run it off the GUI thread). Ordered as the track list ties break: album artist, year, album title
// (case-insensitively); tracks without an album name belong to no album.
class AlbumStore
{
public:
    explicit AlbumStore(const LibraryDatabase &db);

    // Every album, or (artist not empty) the albums with a track by that artist or album
    // artist, each with all of its tracks counted.
    Result<QList<Album>> albums(const QString &artist = {}) const;

private:
    const LibraryDatabase &m_db;
};

} // namespace ekn

Q_DECLARE_METATYPE(ekn::Album)
