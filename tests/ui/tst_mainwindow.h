#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace ekn {
class MainWindow;
}

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void emptyLibraryInvitesADrop();
    void droppingAFolderImportsItsTracks();
    void dropWithNoAudioSaysSo();
    void dropOnALibraryThatCouldNotOpenEndsTheImportAndSaysWhy();
    void searchFiltersTheViewAsYouType();
    void sidebarArtistShowsTheirAlbumsAndSearchesTheirTracks();
    void sortingByAColumnReordersRows();
    void multiTrackEditChangesTheLibraryAndUndoRestoresIt();
    void multiTrackEditWritesOnlyTheChangedFieldsIntoTheFilesWhenAsked();
    void tagEditorShowsTheCoverEmbeddedInTheFile();
    void badYearIsRefusedNextToTheField();
    void ratingFromTheKeyboardAndTheTagEditorShowsAsStars();
    void playlistReorderedByDragKeepsOrderAfterRestart();
    void tracksDraggedOntoAPlaylistAreAdded();
    void deletedPlaylistCanBeRestored();
    void undoTakesBackAPlaylistChangeAndATagEditNewestFirst();
    void playlistExportAndImportRoundTripWithRelativePaths();
    void importingASongAsAPlaylistSaysSoAndCreatesNothing();
    void importedPlaylistTitleSpanningLinesBecomesOneLine();
    void doubleClickPlaysAndHighlightsTheRow();
    void screenshotsOfTheMainWindowTagEditorAndPlaylist();

private:
    std::unique_ptr<ekn::MainWindow> openWindow();
    void importMusic(ekn::MainWindow &w, int expectedRows);
    static QStringList column(ekn::MainWindow &w, int col);

    QTemporaryDir m_music;           // generated audio, shared by the tests (read only)
    std::unique_ptr<QTemporaryDir> m_data; // a fresh library per test
};
