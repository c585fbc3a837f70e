#pragma once

#include <QObject>

class TestPlayer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void playingAGeneratedFileReachesPlayingAndAdvances();
    void missingFileSaysItIsNotAvailable();
    void fileThatIsNotAudioSaysTheFormatCannotBePlayed();
    void nextAndPreviousWalkTheQueue();
    void aTrackCountsAsPlayedAfterHalfOfItAndAsSkippedWhenLeftEarly();
    void playCountingRulesForLongTracksSeeksAndTheEnd();
};
