#pragma once

#include <QObject>
#include <QTemporaryDir>

// The library file: schema, refusing newer files, connections per thread, playlists and
// edits with their outbox rows, search.
class TestLibraryDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void newLibraryHasWalForeignKeysAndLatestSchema();
    void reopeningKeepsTracksAndDoesNotMigrateAgain();
    void olderLibraryIsUpgradedInPlaceKeepingTracks();
    void fileFromNewerVersionIsRefusedAndLeftUntouched();
    void foreignSqliteFileIsRefused();
    void damagedLibrarySaysWhatToDoAndIsLeftAsItIs();
    void dataDirComesFromEnvironment();
    void eachThreadGetsItsOwnConnection();
    void playlistLifecycleWritesOutboxRows();
    void playlistSurvivesUnknownTrackAndDuplicateAdds();
    void aWriteWhoseBeginFailsStopsWithTheReasonAndChangesNothing();
    void aPlaylistEditThatCannotBeStoredSaysWhyAndChangesNothing();
    void trackEditUpdatesFieldsAndOutboxTogether();
    void trackEditRejectsEmptyTitle();
    void namesTooLongForTheServerAreRefusedWithTheLimit();
    void namesWithLineBreaksOrEscapesAreRefused();
    void searchFindsDiacriticsInsensitively();
    void searchMatchesPrefixesAsYouType();
    void searchFieldFilters();
    void searchYearRangeTakesBothSpellings();
    void searchKeepsTheTracksItsListeningFiltersPass();
    void searchWithAFilterItCannotReadSaysWhichAndWhy();
    void searchRanksTitleMatchesFirst();
    void searchFollowsEdits();
    void broadSearchInABigLibraryPutsTitleMatchesFirst();
    void queriesByArtistAlbumGenreAndPaging();

private:
    QString addTrack(const QString &title, const QString &artist, const QString &album, const QString &genre = {},
                     int year = 0, const QString &albumArtist = {});
    QTemporaryDir *m_dir = nullptr;
    QString m_path;
    int m_counter = 0;
};
