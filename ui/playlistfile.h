#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace ekn {

// M3U8 and XSPF playlist files. Paths are written relative to the playlist file's folder when
// they are under it or beside it (so a music folder and its playlists move together) and
// resolved against that folder on import. Plain file I/O: call it off the GUI thread.
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

    // The format follows the extension: .m3u8/.m3u or .xspf. Returns an empty string on
    // success, else a one-line reason.
    static QString write(const QString &filePath, const QString &name, const QList<Entry> &entries);
    // Reads entries (absolute paths) and the playlist's name (the file name when it has none).
    static QString read(const QString &filePath, QString *name, QList<Entry> *entries);
};

} // namespace ekn
