#pragma once

#include <QDBusAbstractAdaptor>
#include <QDBusObjectPath>
#include <QList>
#include <QVariantMap>

namespace ekn {

class MprisService;
class Player;

// org.mpris.MediaPlayer2.TrackList: the current item and what plays next (a window of it: a
// queue of a whole library would be a 100,000-entry D-Bus array), with their metadata, and
// GoTo to play one of them. The desktop cannot edit the list (CanEditTracks is false).
class MprisTrackListAdaptor : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2.TrackList")
    Q_PROPERTY(QList<QDBusObjectPath> Tracks READ tracks)
    Q_PROPERTY(bool CanEditTracks READ canEditTracks)
public:
    static constexpr int kUpcomingShown = 50;

    MprisTrackListAdaptor(MprisService *service, Player *player);

    QList<QDBusObjectPath> tracks() const;
    bool canEditTracks() const { return false; }

public Q_SLOTS:
    QList<QVariantMap> GetTracksMetadata(const QList<QDBusObjectPath> &trackIds) const;
    void AddTrack(const QString &uri, const QDBusObjectPath &afterTrack, bool setAsCurrent);
    void RemoveTrack(const QDBusObjectPath &trackId);
    void GoTo(const QDBusObjectPath &trackId);

Q_SIGNALS:
    void TrackListReplaced(const QList<QDBusObjectPath> &tracks, const QDBusObjectPath &currentTrack);

private:
    // Row -1 is the current item, 0.. the upcoming rows; -2: not in the list.
    int rowOf(const QDBusObjectPath &path) const;
    QDBusObjectPath pathOfRow(int row) const;

    Player *m_player;
};

} // namespace ekn
