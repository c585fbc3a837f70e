#include "mpristracklistadaptor.h"

#include "mprisplayeradaptor.h"
#include "mprisservice.h"
#include "playback/playback.h"

#include <QDBusMetaType>

namespace ekn {

MprisTrackListAdaptor::MprisTrackListAdaptor(MprisService *service, Player *player)
    : QDBusAbstractAdaptor(service)
    , m_player(player)
{
    qDBusRegisterMetaType<QList<QVariantMap>>();
    connect(player, &Player::queueChanged, this, [this] {
        const QueueItem *current = m_player->queue().current();
        Q_EMIT TrackListReplaced(tracks(), current ? pathOfRow(-1)
                                                   : QDBusObjectPath(QStringLiteral("/org/mpris/MediaPlayer2/TrackList/NoTrack")));
    });
}

QDBusObjectPath MprisTrackListAdaptor::pathOfRow(int row) const
{
    const PlayQueue &q = m_player->queue();
    if (row < 0)
        return MprisPlayerAdaptor::trackPath(q.current()->trackId, q.currentIndex());
    // Items without a track id are named by their place; queued ones after the context's.
    const int index = q.upcomingContextIndex(row);
    return MprisPlayerAdaptor::trackPath(q.upcomingAt(row).trackId, index >= 0 ? index : q.size() + row);
}

QList<QDBusObjectPath> MprisTrackListAdaptor::tracks() const
{
    QList<QDBusObjectPath> paths;
    const PlayQueue &q = m_player->queue();
    if (q.current())
        paths.append(pathOfRow(-1));
    const int n = std::min(q.upcomingCount(), kUpcomingShown);
    for (int i = 0; i < n; ++i) {
        const QDBusObjectPath p = pathOfRow(i);
        if (!paths.contains(p)) // a track queued twice is listed once: ids must be unique
            paths.append(p);
    }
    return paths;
}

int MprisTrackListAdaptor::rowOf(const QDBusObjectPath &path) const
{
    const PlayQueue &q = m_player->queue();
    if (q.current() && pathOfRow(-1) == path)
        return -1;
    const int n = std::min(q.upcomingCount(), kUpcomingShown);
    for (int i = 0; i < n; ++i)
        if (pathOfRow(i) == path)
            return i;
    return -2;
}

QList<QVariantMap> MprisTrackListAdaptor::GetTracksMetadata(const QList<QDBusObjectPath> &trackIds) const
{
    QList<QVariantMap> out;
    const PlayQueue &q = m_player->queue();
    for (const QDBusObjectPath &path : trackIds) {
        const int row = rowOf(path);
        if (row == -1)
            out.append(MprisPlayerAdaptor::metadataOf(*q.current(), path, m_player->duration()));
        else if (row >= 0)
            out.append(MprisPlayerAdaptor::metadataOf(q.upcomingAt(row), path, 0));
    }
    return out;
}

void MprisTrackListAdaptor::AddTrack(const QString &, const QDBusObjectPath &, bool) {} // CanEditTracks is false
void MprisTrackListAdaptor::RemoveTrack(const QDBusObjectPath &) {}

void MprisTrackListAdaptor::GoTo(const QDBusObjectPath &trackId)
{
    const int row = rowOf(trackId);
    if (row == -1)
        m_player->seek(0);
    else if (row >= 0)
        m_player->playUpcoming(row);
}

} // namespace ekn
