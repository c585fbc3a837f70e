#pragma once

#include <QDBusAbstractAdaptor>
#include <QDBusObjectPath>
#include <QVariantMap>

namespace ekn {

class MprisService;
class Player;
struct QueueItem;

// org.mpris.MediaPlayer2.Player on top of the app's Player: the media keys land in its slots,
// and every change of state, track or volume goes out as PropertiesChanged so the desktop's
// controls follow what the window does.
class MprisPlayerAdaptor : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2.Player")
    Q_PROPERTY(QString PlaybackStatus READ playbackStatus)
    Q_PROPERTY(double Rate READ rate WRITE setRate)
    Q_PROPERTY(double MinimumRate READ rate)
    Q_PROPERTY(double MaximumRate READ rate)
    Q_PROPERTY(QVariantMap Metadata READ metadata)
    Q_PROPERTY(double Volume READ volume WRITE setVolume)
    Q_PROPERTY(qlonglong Position READ position)
    Q_PROPERTY(bool CanGoNext READ canGoNext)
    Q_PROPERTY(bool CanGoPrevious READ canGoPrevious)
    Q_PROPERTY(bool CanPlay READ canPlay)
    Q_PROPERTY(bool CanPause READ canPause)
    Q_PROPERTY(bool CanSeek READ canSeek)
    Q_PROPERTY(bool CanControl READ canControl)
    Q_PROPERTY(bool Shuffle READ shuffle WRITE setShuffle)
    Q_PROPERTY(QString LoopStatus READ loopStatus WRITE setLoopStatus)
public:
    MprisPlayerAdaptor(MprisService *service, Player *player);

    QString playbackStatus() const;
    double rate() const { return 1.0; }
    void setRate(double) {} // playback speed is fixed
    QVariantMap metadata() const;
    double volume() const;
    void setVolume(double volume);
    qlonglong position() const; // microseconds
    bool canGoNext() const;
    bool canGoPrevious() const;
    bool canPlay() const;
    bool canPause() const;
    bool canSeek() const;
    bool canControl() const { return true; }
    bool shuffle() const;
    void setShuffle(bool on);
    QString loopStatus() const;
    void setLoopStatus(const QString &status);

    // The object path MPRIS names a track by (letters, digits and _ only).
    static QDBusObjectPath trackPath(const QString &trackId, int index);
    // xesam/mpris metadata of one item (lengthMs <= 0: unknown).
    static QVariantMap metadataOf(const QueueItem &item, const QDBusObjectPath &path, qint64 lengthMs);

public Q_SLOTS:
    void Next();
    void Previous();
    void Pause();
    void PlayPause();
    void Stop();
    void Play();
    void Seek(qlonglong offsetUs);
    void SetPosition(const QDBusObjectPath &trackId, qlonglong positionUs);
    void OpenUri(const QString &uri);

Q_SIGNALS:
    void Seeked(qlonglong positionUs);

private:
    void propertiesChanged(const QStringList &names);

    MprisService *m_service;
    Player *m_player;
};

} // namespace ekn
