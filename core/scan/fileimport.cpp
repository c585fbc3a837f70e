#include "scan/fileimport.h"

#include "library/librarydatabase.h"
#include "library/trackwriter.h"
#include "scan/contenthash.h"
#include "tags/tagreader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace ekn {

bool importSingleFile(const LibraryDatabase &db, const QString &path, QString *trackId, QString *error)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QCoreApplication::translate("ekn::FileImport", "%1 was not found").arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (!TagReader::isAudioFile(info.fileName())) {
        *error = QCoreApplication::translate("ekn::FileImport", "%1 is not an audio file").arg(QDir::toNativeSeparators(path));
        return false;
    }
    const QString filePath = QDir::cleanPath(info.absoluteFilePath());
    const QString nfcPath = filePath.normalized(QString::NormalizationForm_C);
    TrackWriter writer(db.connection());
    const Result<QHash<QString, KnownFile>> known = writer.knownFiles();
    if (!known) {
        *error = known.error();
        return false;
    }
    if (const auto it = known->constFind(nfcPath); it != known->constEnd()) {
        QStringList back;
        if (!writer.begin() || !writer.restoreTracks({it->trackId}, &back) || !writer.commit()) {
            *error = writer.errorString();
            return false;
        }
        *trackId = it->trackId;
        return true;
    }
    ScannedFile file;
    file.path = filePath;
    file.nfcPath = nfcPath;
    file.size = info.size();
    file.mtime = info.lastModified().toMSecsSinceEpoch();
    file.contentHash = audioHash(filePath, error);
    if (file.contentHash.isEmpty())
        return false;
    const TagReadResult tags = TagReader::read(filePath);
    if (!tags.ok) {
        *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(filePath), tags.error);
        return false;
    }
    file.info = tags.info;
    TrackWriter::prepare(file);
    if (!writer.begin()) {
        *error = writer.errorString();
        return false;
    }
    const QString id = writer.insertTrack(file);
    if (id.isEmpty() || !writer.commit()) {
        *error = writer.errorString();
        writer.rollback();
        return false;
    }
    *trackId = id;
    return true;
}

} // namespace ekn
