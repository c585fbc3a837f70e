#pragma once

#include "common/result.h"

#include <QCoreApplication>
#include <QString>

namespace ekn {

class LibraryDatabase;

// Playlist files in and out of the library: the one place the window (Import/Export Playlist,
// files opened from outside) and `eknmusic-cli playlist import|export` go through. Runs on
// the calling thread's connection: keep it off the GUI thread.
class PlaylistTransfer
{
    Q_DECLARE_TR_FUNCTIONS(ekn::PlaylistTransfer)

public:
    struct Imported
    {
        QString playlistId;
        QString name;
        int tracks = 0;  // entries found in the library, in the file's order
        int skipped = 0; // entries whose file is not a track of the library
    };

    explicit PlaylistTransfer(const LibraryDatabase &db);

    // Reads the file and makes a new playlist of the library's tracks it names (by path),
    // called `name`, or the file's own name when that is empty. A file that cannot be read,
    // or is not a playlist, makes no playlist.
    Result<Imported> importFile(const QString &filePath, const QString &name = {}) const;
    // Writes the playlist's entries to the file (format by extension); returns its name.
    Result<QString> exportFile(const QString &playlistId, const QString &filePath) const;

private:
    const LibraryDatabase &m_db;
};

} // namespace ekn
