#pragma once

#include "scan/scansummary.h"

#include <QObject>
#include <QTemporaryDir>

namespace ekn {
class LibraryDatabase;
}

// Track identity and rescans on one device, no server: the audio hash ignores tags and cover
// art in every format and changes with the audio; a rescan changes only what changed in the
// file (an edit survives touches, moves and renames; a retag and an edit of the same field:
// the later wins, the other is in the conflict log); duplicates merge.
class TestIdentity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void audioHashIgnoresTagsAndCoverInEveryFormat();
    void audioHashChangesWhenReencoded();
    void audioHashOfUnknownBytesNeverChanges();
    void editedTitleSurvivesTouchesMovesAndRescans();
    void moveAndRenameChangeOnlyTheLocation();
    void retagLaterThanAnEditWinsAndTheEditIsLogged();
    void aRescanConflictThatCannotBeLoggedStopsItsWriteWithTheReason();
    void editLaterThanARetagWinsAndTheFileValueIsLogged();
    void retaggedAndMovedFileKeepsItsTrack();
    void mergeDuplicatesKeepsPlaylistPlacesAndEdits();
    void mergeDuplicatesFromTheCommandLine();
    void linkByAudioHashFoldsALocalTrackIntoThePulledOne();
    void linkKeepsARetagARescanTookBeforeTheFirstSync();
    void linkCarriesADeleteMadeBeforeTheFirstSync();
    void ratingAndPlaysSurviveAMoveAndARetagAndARatedFileIsRead();
    void aLocalCopyJoinsTheAccountsDeletedTrackOrBringsItBackWhenAddedLater();
    void aTagKeyThatLostToAnotherDevicesValueIsRestorableFromTheLog();

private:
    ekn::ScanSummary scan();
    QString music(const QString &relative = {}) const;
    int outboxRows(const QString &trackId) const;
    QString pulledTrackOfTheSameAudio();
    QStringList link(const QString &serverId);

    QTemporaryDir m_fixtures;
    QTemporaryDir *m_dir = nullptr;
    ekn::LibraryDatabase *m_db = nullptr;
};
