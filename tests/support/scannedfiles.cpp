#include "scannedfiles.h"

#include "library/librarydatabase.h"

namespace ekn::test {

Result<QStringList> insertScanned(QSqlDatabase connection, const QList<ScannedFile> &files)
{
    TrackWriter writer(connection);
    if (const Status begun = writer.begin(); !begun)
        return Failure{begun.error()};
    QStringList ids;
    for (const ScannedFile &f : files) {
        const Result<QString> id = writer.insertTrack(f);
        if (!id)
            return Failure{id.error()}; // the writer rolls the batch back
        ids << *id;
    }
    if (const Status committed = writer.commit(); !committed)
        return Failure{committed.error()};
    return ids;
}

Result<QStringList> addFiles(LibraryDatabase &library, const QString &folder,
                             const QList<FileSpec> &files, const FileNumbers &numbers)
{
    QList<ScannedFile> scanned;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const FileSpec &s = files[i];
        ScannedFile f;
        f.path = QStringLiteral("/music/%1/%2.flac")
                     .arg(folder, s.name.isEmpty() ? QString::number(i) : s.name);
        f.nfcPath = f.path;
        f.size = numbers.firstSize + i;
        f.mtime = numbers.firstMtime + i;
        f.contentHash = s.hash;
        f.info.title = s.title;
        f.info.artist = s.artist;
        f.info.album = s.album;
        f.info.format = QStringLiteral("flac");
        f.info.durationMs = numbers.firstDurationMs + i * numbers.durationStepMs;
        f.info.fileSize = f.size;
        f.info.sampleRate = 44100;
        f.info.channels = 2;
        f.info.extra = s.extra;
        scanned << f;
    }
    return insertScanned(library.connection(), scanned);
}

} // namespace ekn::test
