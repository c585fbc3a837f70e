#pragma once

#include <QObject>
#include <QTemporaryDir>

// The pure rules of core, table-driven: a search box query -> FTS5, a drag in a playlist ->
// single moves, an edit -> the tag keys written into files and its undo, and what a playlist
// file in each format reads as. No database, no server.
class TestCoreRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void searchQueryParses_data();
    void searchQueryParses();
    void playlistMovesPutTheBlockBeforeTheTarget_data();
    void playlistMovesPutTheBlockBeforeTheTarget();
    void editBecomesTagKeys_data();
    void editBecomesTagKeys();
    void inverseOfAnEditGivesBackTheOldValues();
    void playlistFileReads_data();
    void playlistFileReads();
    void playlistFileRoundTripsWithRelativePaths_data();
    void playlistFileRoundTripsWithRelativePaths();
    void wrongFileIsNotAnEmptyPlaylist_data();
    void wrongFileIsNotAnEmptyPlaylist();

private:
    QTemporaryDir m_dir;
};
