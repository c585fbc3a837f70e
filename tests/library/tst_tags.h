#pragma once

#include <QObject>
#include <QTemporaryDir>

// TagReader on real files made by ffmpeg: every format, unicode, cover art, broken input.
class TestTags : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsCommonTagsFromEveryFormat_data();
    void readsCommonTagsFromEveryFormat();
    void titleFallsBackToFileNameWithUnicodePath();
    void embeddedCoverArtIsDetected();
    void embeddedCoverIsReadForTheTagEditor();
    void brokenFilesGiveAOneLineReason_data();
    void brokenFilesGiveAOneLineReason();
    void absurdDurationIsNotStoredAsAFact();
    void controlCharactersAndOverlongTextInTagsAreTamed();
    void scannerKnowsTheAudioSuffixes();
    void ratingRoundTripsThroughTheTagsOfEachFormat_data();
    void ratingRoundTripsThroughTheTagsOfEachFormat();
    void ratingsOtherPlayersWroteAreRead();

private:
    QTemporaryDir m_dir;
};
