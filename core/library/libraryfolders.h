#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace ekn {

class LibraryDatabase;

// A folder the user added to the library (library_roots), with what it holds now.
struct LibraryFolder
{
    QString path;
    int tracks = 0;      // live tracks whose file is under it
    int unavailable = 0; // of those, files not found by the last scan
    QDateTime lastScan;  // invalid: never scanned to the end
};

// The library's folders: list them, remove one, and take tracks out of the library or bring
// them back. Adding and rescanning are scans (FolderScanner::start / rescan). Removing is
// never a loss: tracks are soft deleted (synced as deletes through the outbox) and keep their
// ids, edits, file locations and playlist entries; adding the folder again, or
// restoreTracks(), brings them back. Synchronous on the calling thread's connection: call it
// off the GUI thread. A failed call is a Failure saying why; nothing is half done.
class LibraryFolders
{
public:
    explicit LibraryFolders(const LibraryDatabase &db);

    Result<QList<LibraryFolder>> list() const;
    // `path` must be one of the folders (as list() spells it, or the same folder spelled
    // otherwise). Each returns the ids of the tracks it took out (or brought back).
    Result<QStringList> remove(const QString &path);
    Result<QStringList> removeTracks(const QStringList &trackIds);
    Result<QStringList> restoreTracks(const QStringList &trackIds);

    // The folder as library_roots stores it (absolute, clean, NFC).
    static QString normalized(const QString &path);

private:
    const LibraryDatabase &m_db;
};

} // namespace ekn
