#pragma once

#include "scan/scansummary.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>

namespace ekn {
class LibraryDatabase;
}

// FolderScanner on real files: incremental rescans, moves, missing files, absent roots,
// broken input, cancel, symlink loops.
class TestScanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void firstScanImportsEveryFormatOffTheCallingThread();
    void rescanWithoutChangesOpensNoFile();
    void unicodeNamesAreStoredNfcAndStayUnchanged();
    void changedFileIsReadAgainAndKeepsIdAndPlaylistEntries();
    void movedFileKeepsIdAndPlaylistEntries();
    void missingFileIsMarkedUnavailableAndComesBack();
    void unpluggedRootChangesNothing();
    void brokenFilesAreReportedOnceAndTheRestImported();
    void unreadableFileAndFolderAreReported();
    void cancelMidScanLeavesAConsistentLibrary();
    void firstBigScanBuildsIndexesAtTheEndAndEveryBatchIsSearchable();
    void editsDuringAScanAreNotLost();
    void symlinkLoopIsWalkedOnce();
    void procLikeRootIsRefused();
    void folderAddedAgainWhoseTracksCannotComeBackSaysWhyAndBringsBackNone();

private:
    ekn::ScanSummary scan(const QStringList &roots, QStringList *failedPaths = nullptr, int workers = 0);
    QString music(const QString &relative = {}) const;
    void putSample(const QString &format, const QString &relative);

    QTemporaryDir m_fixtures; // one file per format, made once
    QTemporaryDir *m_dir = nullptr;
    ekn::LibraryDatabase *m_db = nullptr;
};
