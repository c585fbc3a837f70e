#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

// The app on the desktop: one instance per library, files handed over by a file manager
// (paths and file:// URIs), keyboard focus that can leave the track table.
class TestDesktop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void secondLaunchHandsAFileUriToTheRunningWindowAndExits();
    void openingAFilePlaysItWithoutImportingItsFolder();
    void openingAPlaylistFileImportsItAndAFolderAddsIt();
    void tabLeavesTheTrackTable();
    void undoPutsTracksRemovedFromAPlaylistBackInPlace();
    void keyboardShortcutsListsWhatTheMenusDo();
    void viewTitleCountsTracksRightAfterAnImport();
    void aSearchThatCannotBeReadSaysSoAndIsNotNoMatch();
    void aSearchFilterTheBoxCannotReadSaysWhichAndHowToWriteIt();
    void aPlaylistEditThatCannotBeStoredShowsWhyAndKeepsThePlaylist();

private:
    QTemporaryDir m_music;
    std::unique_ptr<QTemporaryDir> m_data;
};
