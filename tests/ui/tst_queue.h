#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace ekn {
class MainWindow;
}

// Listening beyond "play this view": the queue (Play Next, Add to Queue, drag, reorder,
// clear), shuffle, repeat, and the queue that survives a restart. Real windows, real files.
class TestQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void playNextAndAddToQueuePlayInTheOrderChosen();
    void queuePanelReordersRemovesAndClears();
    void tracksDraggedOntoTheQueuePanelAreQueuedWhereDropped();
    void shuffleTracksPlaysEveryTrackOnce();
    void shuffleAlbumsKeepsEachAlbumTogetherInTrackOrder();
    void repeatAllStartsOverAndRepeatOneReplaysTheTrack();
    void restartResumesTheQueuePausedWhereItStopped();
    void damagedQueueFileSaysSoAndStartsEmpty();
    void windowTitleNamesWhatPlays();
    void coversComeFromEmbeddedArtOrTheFolderImage();

private:
    std::unique_ptr<ekn::MainWindow> openWindowWithMusic();

    QTemporaryDir m_music;                 // generated audio, shared by the tests (read only)
    std::unique_ptr<QTemporaryDir> m_data; // a fresh library per test
};
