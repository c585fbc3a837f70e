#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace ekn {
class MainWindow;
}

// The album grid as a user drives it: Albums in the sidebar, an artist, opening an album,
// playing from a track of it. Real tagged files, real embedded art and a folder image.
class TestAlbums : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void albumGridShowsEveryAlbumWithCoverYearAndTrackCountInOrder();
    void artistShowsTheAlbumsTheyAreOn();
    void openedAlbumListsDiscAndTrackOrderAndPlaysFromTheTrackClicked();
    void transparentCoverShowsOverWhiteTheSameFromTheCache();
    void discColumnShownFromTheHeaderMenuSortsByDisc();

private:
    std::unique_ptr<ekn::MainWindow> openWindowWithMusic();

    QTemporaryDir m_music;
    std::unique_ptr<QTemporaryDir> m_data;
};
