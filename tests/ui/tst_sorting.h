#pragma once

#include <QObject>
#include <QTemporaryDir>

// Finding and ordering: ties that read as albums, numbers by value, the third header click,
// ranked search results, and a search with no result that says how to search.
class TestSorting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void headerClicksSortWithAlbumTiesAndReturnToLibraryOrder();
    void searchResultsOfEqualRankComeInLibraryOrder();
    void searchWithNoMatchSaysSoAndHowToSearch();

private:
    QTemporaryDir m_music;
};
