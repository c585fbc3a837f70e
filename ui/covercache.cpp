#include "covercache.h"

#include "tags/tagreader.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>
#include <QThread>
#include <QStandardPaths>

namespace ekn {

namespace {
// Reads an image scaled while decoding (JPEG decodes at 1/2, 1/4, 1/8 directly): a 3000 px
// scan of a sleeve never becomes a 36 MB bitmap for a 300 px thumbnail.
QImage readScaled(QImageReader &reader, int size)
{
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > size || full.height() > size))
        reader.setScaledSize(full.scaled(size, size, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (!image.isNull() && (image.width() > size || image.height() > size))
        image = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}
// JPEG has no transparency: what shows through is white, as on a printed sleeve (the same
// picture on first sight and read back from the cache).
QImage opaque(const QImage &image)
{
    if (!image.hasAlphaChannel())
        return image;
    QImage flat(image.size(), QImage::Format_RGB32);
    flat.fill(Qt::white);
    QPainter p(&flat);
    p.drawImage(0, 0, image);
    p.end();
    return flat;
}

// A thumbnail is a cache entry: written under a temporary name and renamed into place, so no
// reader sees half a file, but not synced to disk as QSaveFile does (its fsync made a cover
// about 30 ms on a busy disk; a thumbnail lost to a power cut is simply made again).
// JPEG at quality 85: encoding a 150 px PNG took two thirds of a cold thumbnail's time (26
// covers/s against 134/s for decoding alone), and the file is a fifth of the size.
QString writeThumbnail(const QImage &image, const QString &path)
{
    QFile part(path + QStringLiteral(".part-") + QString::number(quintptr(QThread::currentThreadId()), 16));
    const auto failed = [&part] {
        const QString why = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(part.fileName()), part.errorString());
        part.remove();
        return why;
    };
    if (!part.open(QIODevice::WriteOnly | QIODevice::Truncate) || !image.save(&part, "JPEG", 85))
        return failed();
    part.close();
    if (!part.rename(path)) {
        if (QFileInfo::exists(path)) { // another worker made the same one meanwhile
            part.remove();
            return {};
        }
        return failed();
    }
    return {};
}

} // namespace

CoverCache::CoverCache(QString cacheDir)
    : m_dir(cacheDir.isEmpty()
                ? QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("covers"))
                : std::move(cacheDir))
{
}

QString CoverCache::folderImage(const QString &audioPath)
{
    const QDir dir = QFileInfo(audioPath).absoluteDir();
    const QStringList files = dir.entryList(QDir::Files | QDir::Readable);
    for (const char *base : {"cover", "folder", "front"})
        for (const char *ext : {"jpg", "jpeg", "png"})
            for (const QString &f : files)
                if (f.compare(QLatin1String(base) + QLatin1Char('.') + QLatin1String(ext), Qt::CaseInsensitive) == 0)
                    return dir.filePath(f);
    return {};
}

CoverCache::Result CoverCache::thumbnail(const QString &audioPath, int size) const
{
    Result r;
    const QFileInfo info(audioPath);
    if (!info.exists())
        return r;
    // Named by file, its modification time and the size: a retagged file gets a new one.
    const QByteArray key = QCryptographicHash::hash(
        (info.absoluteFilePath() + QLatin1Char('\n') + QString::number(info.lastModified().toMSecsSinceEpoch())
         + QLatin1Char('\n') + QString::number(size)).toUtf8(), QCryptographicHash::Sha1).toHex();
    r.path = QDir(m_dir).filePath(QString::fromLatin1(key) + QStringLiteral(".jpg"));
    if (QFileInfo::exists(r.path)) {
        r.image = QImage(r.path);
        if (!r.image.isNull())
            return r;
    }
    const CoverArt art = TagReader::readCover(audioPath);
    if (!art.isNull()) {
        QBuffer buffer;
        buffer.setData(art.data);
        QImageReader reader(&buffer);
        r.image = readScaled(reader, size);
    }
    if (r.image.isNull()) {
        if (const QString folder = folderImage(audioPath); !folder.isEmpty()) {
            QImageReader reader(folder);
            r.image = readScaled(reader, size);
        }
    }
    if (r.image.isNull()) {
        r.path.clear();
        return r;
    }
    r.image = opaque(r.image);
    QDir().mkpath(m_dir);
    r.error = writeThumbnail(r.image, r.path);
    if (!r.error.isEmpty())
        r.path.clear();
    return r;
}

} // namespace ekn
