#include "mprisplayeradaptor.h"

#include "mprisservice.h"
#include "playback/playback.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QMetaProperty>
#include <QUrl>

namespace ekn {

namespace {
const QString kObjectPath = QStringLiteral("/org/mpris/MediaPlayer2");
const QString kInterface = QStringLiteral("org.mpris.MediaPlayer2.Player");
} // namespace

MprisPlayerAdaptor::MprisPlayerAdaptor(MprisService *service, Player *player)
    : QDBusAbstractAdaptor(service)
    , m_service(service)
    , m_player(player)
{
    connect(player, &Player::stateChanged, this, [this] {
        propertiesChanged({QStringLiteral("PlaybackStatus"), QStringLiteral("CanPlay"), QStringLiteral("CanPause"),
                           QStringLiteral("CanSeek")});
    });
    connect(player, &Player::currentChanged, this, [this] {
        propertiesChanged({QStringLiteral("Metadata"), QStringLiteral("CanGoNext"), QStringLiteral("CanGoPrevious"),
                           QStringLiteral("CanPlay"), QStringLiteral("CanPause")});
    });
    // The length is known only once the file is loaded.
    connect(player, &Player::durationChanged, this, [this] {
        propertiesChanged({QStringLiteral("Metadata"), QStringLiteral("CanSeek")});
    });
    connect(player, &Player::volumeChanged, this, [this] { propertiesChanged({QStringLiteral("Volume")}); });
    connect(service, &MprisService::artUrlChanged, this, [this] { propertiesChanged({QStringLiteral("Metadata")}); });
    connect(player, &Player::shuffleChanged, this, [this] { propertiesChanged({QStringLiteral("Shuffle")}); });
    connect(player, &Player::repeatChanged, this, [this] {
        propertiesChanged({QStringLiteral("LoopStatus"), QStringLiteral("CanGoNext"), QStringLiteral("CanGoPrevious")});
    });
    connect(player, &Player::queueChanged, this, [this] { propertiesChanged({QStringLiteral("CanGoNext")}); });
    // Every seek, from the window, the keys or the bus, as the spec asks.
    connect(player, &Player::seeked, this, [this](qint64 ms) { Q_EMIT Seeked(qlonglong(ms) * 1000); });
}

QString MprisPlayerAdaptor::playbackStatus() const
{
    switch (m_player->state()) {
    case Player::State::Playing: return QStringLiteral("Playing");
    case Player::State::Paused: return QStringLiteral("Paused");
    case Player::State::Stopped: break;
    }
    return QStringLiteral("Stopped");
}

QDBusObjectPath MprisPlayerAdaptor::trackPath(const QString &trackId, int index)
{
    if (trackId.isEmpty())
        return QDBusObjectPath(QStringLiteral("/org/eknmusic/queue/item%1").arg(index));
    QString element;
    element.reserve(trackId.size() + 1);
    element += QLatin1Char('t');
    for (const QChar c : trackId)
        element += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QLatin1Char('_');
    return QDBusObjectPath(QStringLiteral("/org/eknmusic/track/") + element);
}

QVariantMap MprisPlayerAdaptor::metadata() const
{
    const QueueItem *item = m_player->queue().current();
    if (!item)
        return {{QStringLiteral("mpris:trackid"),
                 QVariant::fromValue(QDBusObjectPath(QStringLiteral("/org/mpris/MediaPlayer2/TrackList/NoTrack")))}};
    QVariantMap m = metadataOf(*item, trackPath(item->trackId, m_player->currentIndex()), m_player->duration());
    if (!m_service->artUrl().isEmpty())
        m.insert(QStringLiteral("mpris:artUrl"), m_service->artUrl().toString());
    return m;
}

QVariantMap MprisPlayerAdaptor::metadataOf(const QueueItem &item, const QDBusObjectPath &path, qint64 lengthMs)
{
    QVariantMap m;
    m.insert(QStringLiteral("mpris:trackid"), QVariant::fromValue(path));
    m.insert(QStringLiteral("xesam:title"), item.title);
    if (!item.artist.isEmpty())
        m.insert(QStringLiteral("xesam:artist"), QStringList{item.artist});
    if (!item.album.isEmpty())
        m.insert(QStringLiteral("xesam:album"), item.album);
    if (!item.albumArtist.isEmpty())
        m.insert(QStringLiteral("xesam:albumArtist"), QStringList{item.albumArtist});
    if (item.trackNumber > 0)
        m.insert(QStringLiteral("xesam:trackNumber"), item.trackNumber);
    if (item.discNumber > 0)
        m.insert(QStringLiteral("xesam:discNumber"), item.discNumber);
    if (!item.genre.isEmpty())
        m.insert(QStringLiteral("xesam:genre"), QStringList{item.genre});
    m.insert(QStringLiteral("xesam:url"), item.source().toString());
    if (lengthMs > 0)
        m.insert(QStringLiteral("mpris:length"), qlonglong(lengthMs) * 1000);
    return m;
}

bool MprisPlayerAdaptor::shuffle() const { return m_player->shuffle() != ShuffleMode::Off; }

void MprisPlayerAdaptor::setShuffle(bool on)
{
    // MPRIS knows on and off only; "on" from the desktop keeps albums if that was chosen.
    if (on != shuffle())
        m_player->setShuffle(on ? ShuffleMode::Tracks : ShuffleMode::Off);
}

QString MprisPlayerAdaptor::loopStatus() const
{
    switch (m_player->repeat()) {
    case RepeatMode::One: return QStringLiteral("Track");
    case RepeatMode::All: return QStringLiteral("Playlist");
    case RepeatMode::Off: break;
    }
    return QStringLiteral("None");
}

void MprisPlayerAdaptor::setLoopStatus(const QString &status)
{
    if (status == QStringLiteral("Track"))
        m_player->setRepeat(RepeatMode::One);
    else if (status == QStringLiteral("Playlist"))
        m_player->setRepeat(RepeatMode::All);
    else if (status == QStringLiteral("None"))
        m_player->setRepeat(RepeatMode::Off);
}

double MprisPlayerAdaptor::volume() const { return double(m_player->volume()); }

void MprisPlayerAdaptor::setVolume(double volume) { m_player->setVolume(float(qBound(0.0, volume, 1.0))); }

qlonglong MprisPlayerAdaptor::position() const { return qlonglong(m_player->position()) * 1000; }

bool MprisPlayerAdaptor::canGoNext() const { return m_player->queue().hasNext(); }
bool MprisPlayerAdaptor::canGoPrevious() const { return m_player->queue().current() != nullptr; }
bool MprisPlayerAdaptor::canPlay() const { return true; } // nothing queued: the window starts its view
bool MprisPlayerAdaptor::canPause() const { return m_player->queue().current() != nullptr; }
bool MprisPlayerAdaptor::canSeek() const { return m_player->duration() > 0; }

void MprisPlayerAdaptor::Next() { m_player->next(); }
void MprisPlayerAdaptor::Previous() { m_player->previous(); }
void MprisPlayerAdaptor::Pause() { m_player->pause(); }
void MprisPlayerAdaptor::Stop() { m_player->stop(); }

void MprisPlayerAdaptor::PlayPause()
{
    if (m_player->queue().isEmpty())
        Q_EMIT m_service->startRequested();
    else
        m_player->togglePlayPause();
}

void MprisPlayerAdaptor::Play()
{
    if (m_player->queue().isEmpty())
        Q_EMIT m_service->startRequested();
    else
        m_player->play();
}

void MprisPlayerAdaptor::Seek(qlonglong offsetUs)
{
    if (!canSeek())
        return;
    const qint64 target = qBound<qint64>(0, m_player->position() + offsetUs / 1000, m_player->duration());
    m_player->seek(target); // announces Seeked
}

void MprisPlayerAdaptor::SetPosition(const QDBusObjectPath &trackId, qlonglong positionUs)
{
    const QueueItem *item = m_player->queue().current();
    // The spec: ignore a position for another track, or outside the track.
    if (!item || trackId != trackPath(item->trackId, m_player->currentIndex()) || positionUs < 0
        || positionUs / 1000 > m_player->duration())
        return;
    m_player->seek(positionUs / 1000); // announces Seeked
}

void MprisPlayerAdaptor::OpenUri(const QString &uri)
{
    const QUrl url(uri);
    if (!url.isLocalFile())
        return;
    m_player->setQueue({{QString(), url, url.fileName(), {}, {}, {}}});
    m_player->playIndex(0);
}

void MprisPlayerAdaptor::propertiesChanged(const QStringList &names)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || bus.objectRegisteredAt(kObjectPath) != parent())
        return; // not the one on the bus (no bus, or another window's player is)
    QVariantMap changed;
    for (const QString &name : names) {
        const int i = metaObject()->indexOfProperty(name.toLatin1().constData());
        if (i >= 0)
            changed.insert(name, metaObject()->property(i).read(this));
    }
    QDBusMessage signal = QDBusMessage::createSignal(kObjectPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                     QStringLiteral("PropertiesChanged"));
    signal << kInterface << changed << QStringList();
    bus.send(signal);
}

} // namespace ekn
