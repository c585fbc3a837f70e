#pragma once

#include "common/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace ekn {

// M3U8 and XSPF playlist files (M3U and PLS are read too). Paths are written relative to the
// playlist file's folder when they are under it or beside it (so a music folder and its
// playlists move together) and resolved against that folder on import. Plain file I/O: call it
// off the GUI thread.
class PlaylistFile
{
    Q_DECLARE_TR_FUNCTIONS(ekn::PlaylistFile)

public:
    struct Entry
    {
        QString path; // absolute local path
        QString title;
        QString artist;
        qint64 durationMs = 0;
    };
    struct Contents
    {
        QString name; // the file's own name for the list, else its file name
        QList<Entry> entries;
    };

    // The format follows the extension: .xspf, else M3U8. On failure: a one-line reason.
    static Status write(const QString &filePath, const QString &name, const QList<Entry> &entries);
    // Reads entries (absolute paths) and the playlist's name. A file that is not a playlist
    // (binary, far too big, broken XML) is an error, never an empty list.
    static Result<Contents> read(const QString &filePath);
    // Whether a file name looks like a playlist this class reads (.m3u, .m3u8, .xspf, .pls).
    static bool isPlaylistFile(const QString &fileName);
};

} // namespace ekn
