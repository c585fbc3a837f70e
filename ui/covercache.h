#pragma once

#include <QImage>
#include <QString>

namespace ekn {

// (In ui/, not core/tags: QImage is Qt Gui, which core does not link.)
// A track's cover as a small picture, kept in the user's cache folder: the picture embedded in
// the file, else the folder's image (cover, folder or front, .jpg/.jpeg/.png, any case). The
// first request decodes and scales it; later ones read the cached thumbnail. Thread-safe and
// blocking: call it from a worker thread, never from the window's thread.
class CoverCache
{
public:
    // cacheDir empty: QStandardPaths::CacheLocation/covers.
    explicit CoverCache(QString cacheDir = {});

    struct Result
    {
        QImage image;  // null: the track has no cover
        QString path;  // the cached thumbnail (JPEG), for desktop media controls
        QString error; // the cache could not be written (the image is still there)
    };
    // The cover of `audioPath`, scaled to fit `size` x `size`.
    Result thumbnail(const QString &audioPath, int size) const;

    QString cacheDir() const { return m_dir; }
    // The folder image next to an audio file, or empty.
    static QString folderImage(const QString &audioPath);

private:
    QString m_dir;
};

} // namespace ekn
