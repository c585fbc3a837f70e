#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace ekn {
class MainWindow;
}

// The library keeps up with its folders while the window runs, and folders and tracks can be
// taken out of the library and brought back (real files, real inotify watches, offscreen).
class TestFolders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void fileCopiedIntoAWatchedFolderAppearsAndADeletedOneTurnsUnavailable();
    void fileInAFolderCreatedWhileRunningAppears();
    void filesChangedWhileClosedAreFoundAtStart();
    void outOfWatchesFallsBackToPollingAndSaysSo();
    void removedFolderLeavesTheViewAndComesBackWithEditsAndPlaylistPlaces();
    void removeFromLibraryAndUndo();

private:
    void importFolder(ekn::MainWindow &w, const QString &folder, int expectedRows);
    QString tone(const QString &name, int frequency); // a ready file outside the library

    QTemporaryDir m_sources; // generated audio to copy in
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<QTemporaryDir> m_music;
};
