#pragma once

#include <QObject>

// The media keys: a client on the real session bus (the private one with-test-services.sh
// starts) drives the player through MPRIS2 as a desktop's media key daemon would.
class TestMpris : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void playPauseOverTheBusPlaysAndReportsStatusAndMetadata();
    void volumeAndStopFromTheBusReachThePlayer();
    void mediaKeyOnTheWindowPlaysItsFirstTrack();
};
