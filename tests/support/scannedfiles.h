#pragma once

#include "common/result.h"
#include "library/trackwriter.h"

#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace ekn {
class LibraryDatabase;
}

// Tracks put into a library the way a scan puts them: through the scanner's own writer
// (TrackWriter), in one transaction, outbox rows included. No file is read: the tags are given.
namespace ekn::test {

// Writes the files as one scan batch; their new track ids in order, or why the batch was not
// written (nothing of it is then kept).
Result<QStringList> insertScanned(QSqlDatabase connection, const QList<ScannedFile> &files);

// One file as a scan reads it: its audio hash and tags.
struct FileSpec
{
    QString hash;
    QString title;
    QString artist;
    QString album;
    // The file's name without ".flac"; empty: its place in the call (0, 1, ...).
    QString name = {};
    // Tag keys beyond the known fields (track_metadata rows).
    QList<QPair<QString, QString>> extra = {};
};

// The technical values of the i-th file of a call (i from 0), which the window shows (size,
// length): each suite keeps the ones its expected values were written for.
struct FileNumbers
{
    qint64 firstSize = 1000;           // bytes; the i-th file is firstSize + i
    qint64 firstMtime = 1700000000000; // ms; + i
    qint64 firstDurationMs = 180000;   // + i * durationStepMs
    qint64 durationStepMs = 1;
};

// Adds FLAC files at /music/<folder>/<name>.flac (44.1 kHz stereo) with insertScanned().
Result<QStringList> addFiles(LibraryDatabase &library, const QString &folder,
                             const QList<FileSpec> &files, const FileNumbers &numbers = {});

} // namespace ekn::test
