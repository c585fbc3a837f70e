#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>

namespace ekn {

// The local library file (SQLite through QSQLITE). Cheap to share between threads: each thread
// that calls connection() gets its own named connection (QSQLITE connections must never cross
// threads), opened with WAL, foreign keys and a busy timeout. The first open() brings the
// schema up to date with the numbered files of resources/local-schema (forward only) and
// refuses a file made by a newer EKNMusic.
class LibraryDatabase
{
public:
    // The library file inside dataDir (created when missing).
    static QString fileNameIn(const QString &dataDir);
    // Where the library lives when nothing says otherwise: $EKN_DATA_DIR when set (tests),
    // else QStandardPaths::AppDataLocation.
    static QString defaultDataDir();
    // Highest schema version this build knows (the last local-schema file).
    static int latestSchemaVersion();

    explicit LibraryDatabase(const QString &filePath);
    ~LibraryDatabase();
    LibraryDatabase(const LibraryDatabase &) = delete;
    LibraryDatabase &operator=(const LibraryDatabase &) = delete;

    // Opens (creating when missing) and migrates. A Failure names the file and says why when
    // it cannot be opened, is not a library, or was made by a newer version; the file is then
    // left exactly as it was.
    [[nodiscard]] Status open();
    bool isOpen() const { return m_open; }
    QString filePath() const { return m_path; }
    int schemaVersion() const;

    // This thread's connection to the library (opened on first use in each thread, closed
    // when the thread ends). Valid only after open() succeeded.
    QSqlDatabase connection() const;

private:
    Status checkPlace() const;
    Status checkExistingFile() const;
    Status migrate(QSqlDatabase &db) const;
    Status keepEditedFields(QSqlDatabase &db) const;
    Status bringUpToDate(QSqlDatabase &db) const;

    QString m_path;
    QString m_connectionPrefix;
    bool m_open = false;
};

} // namespace ekn
