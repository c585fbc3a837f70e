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

Result<QString> importSingleFile(const LibraryDatabase &db, const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return Failure{QCoreApplication::translate("ekn::FileImport", "%1 was not found").arg(QDir::toNativeSeparators(path))};
    if (!TagReader::isAudioFile(info.fileName()))
        return Failure{
            QCoreApplication::translate("ekn::FileImport", "%1 is not an audio file").arg(QDir::toNativeSeparators(path))};
    const QString filePath = QDir::cleanPath(info.absoluteFilePath());
    const QString nfcPath = filePath.normalized(QString::NormalizationForm_C);
    TrackWriter writer(db.connection());
    const Result<QHash<QString, KnownFile>> known = writer.knownFiles();
    if (!known)
        return Failure{known.error()};
    if (const auto it = known->constFind(nfcPath); it != known->constEnd()) {
        if (Status begun = writer.begin(); !begun)
            return Failure{begun.error()};
        if (const Result<QStringList> back = writer.restoreTracks({it->trackId}); !back) {
            writer.rollback();
            return Failure{back.error()};
        }
        if (Status committed = writer.commit(); !committed)
            return Failure{committed.error()};
        return it->trackId;
    }
    ScannedFile file;
    file.path = filePath;
    file.nfcPath = nfcPath;
    file.size = info.size();
    file.mtime = info.lastModified().toMSecsSinceEpoch();
    const Result<QString> hash = audioHash(filePath);
    if (!hash)
        return Failure{hash.error()};
    file.contentHash = *hash;
    const TagReadResult tags = TagReader::read(filePath);
    if (!tags.ok)
        return Failure{QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(filePath), tags.error)};
    file.info = tags.info;
    TrackWriter::prepare(file);
    if (Status begun = writer.begin(); !begun)
        return Failure{begun.error()};
    const Result<QString> id = writer.insertTrack(file);
    if (!id) {
        writer.rollback();
        return id;
    }
    if (Status committed = writer.commit(); !committed)
        return Failure{committed.error()};
    return id;
}

} // namespace ekn
