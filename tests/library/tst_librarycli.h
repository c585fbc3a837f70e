#pragma once

#include <QObject>
#include <QTemporaryDir>

// eknmusic-cli scan / tracks / scan-errors as a user or a script runs them, including a scan
// killed with SIGKILL and an unprivileged user meeting unreadable files.
class TestLibraryCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scanPrintsSummaryAndTracksListsThem();
    void exitCodeSaysSomeFilesFailed();
    void progressLineShowsOnATerminal();
    void tracksJsonIsStable();
    void rateAndCountPlaysFromTheCommandLine();
    void searchFromTheCommandLine();
    void scanWithoutPathRescansLibraryFolders();
    void absentFolderIsReportedAndChangesNothing();
    void newerLibraryIsRefusedWithAClearMessage();
    void killedScanThenRescanEqualsAnUninterruptedScan();
    void unreadableFilesAreReportedWhenRunAsNobody();
    void libraryTheUserCannotWriteIsNotCalledCorrupt();
    void badNumbersAndEmptyNamesAreRefusedBeforeScanning();
    void dataDirThatIsAFileSaysSo();
    void aLibraryLockedByAnotherProgramSaysItIsBusy();
    void tracksThatCannotBeReadAreAnErrorNotAnEmptyList();
    void playlistsThatCannotBeReadAreAnErrorNotAnEmptyList();
    void aConflictLogThatCannotBeReadIsAnErrorNotAnEmptyList();
    void aRescanWhoseTracksCannotBeStoredSaysSo();
    void playlistEditsThatCannotBeStoredSayWhyAndExit1();

private:
    QString dataDir(const QString &name) const;
    QTemporaryDir m_dir;
    QString m_music; // a small library: 6 formats, unicode names, 2 broken files
};
