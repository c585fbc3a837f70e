#pragma once

#include <QObject>
#include <QVariantMap>

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
    void shuffleLoopStatusAndTrackListOverTheBus();
    void windowGivesTheCoverAsArtUrl();
};

// Collects org.freedesktop.DBus.Properties.PropertiesChanged as a desktop's sound menu sees it.
class PropertiesWatcher : public QObject
{
    Q_OBJECT
public:
    QVariantMap changed; // the latest value of each property that was announced
    QList<qlonglong> seeked; // Seeked signals, in microseconds
public Q_SLOTS:
    void onSeeked(qlonglong positionUs) { seeked.append(positionUs); }
    void onChanged(const QString &interface, const QVariantMap &properties, const QStringList &invalidated);
};
