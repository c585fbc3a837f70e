#include "playback/player.h"

#include "common/logging.h"

#include <QAudioOutput>
#include <QDir>
#include <QFileInfo>
#include <QMediaPlayer>
#include <QPointer>
#include <QThreadPool>

namespace ekn {

namespace {
// Going back within the first seconds of a track goes to the previous one; later, it restarts.
constexpr qint64 kRestartThresholdMs = 3000;

QString displayName(const QueueItem &item)
{
    if (!item.title.isEmpty())
        return item.label();
    return item.source().isLocalFile() ? QFileInfo(item.source().toLocalFile()).fileName() : item.source().toDisplayString();
}
} // namespace

Player::Player(QObject *parent)
    : QObject(parent)
    , m_player(new QMediaPlayer(this))
    , m_output(new QAudioOutput(this))
{
    m_player->setAudioOutput(m_output);
    m_output->setVolume(0.8f);
    connect(m_player, &QMediaPlayer::positionChanged, this, &Player::positionChanged);
    connect(m_player, &QMediaPlayer::durationChanged, this, &Player::durationChanged);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, &Player::onMediaStatus);
    connect(m_player, &QMediaPlayer::errorOccurred, this, &Player::onMediaError);
    connect(m_output, &QAudioOutput::volumeChanged, this, &Player::volumeChanged);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this](QMediaPlayer::PlaybackState s) {
        switch (s) {
        case QMediaPlayer::PlayingState:
            onLoaded(true); // a restored item starts where the last session stopped
            setState(State::Playing);
            break;
        case QMediaPlayer::PausedState: setState(State::Paused); break;
        case QMediaPlayer::StoppedState:
            // End of media stops the backend for a moment before the next item starts.
            if (m_player->mediaStatus() != QMediaPlayer::EndOfMedia)
                setState(State::Stopped);
            break;
        }
    });
}

Player::~Player() = default;

QString Player::currentTrackId() const
{
    const QueueItem *item = m_queue.current();
    return item ? item->trackId : QString();
}

qint64 Player::position() const { return m_resumeAt >= 0 ? m_resumeAt : m_player->position(); }
qint64 Player::duration() const { return m_player->duration(); }
float Player::volume() const { return m_output->volume(); }

void Player::setQueue(QList<QueueItem> items, int startIndex)
{
    m_queue.setItems(std::move(items), startIndex);
    Q_EMIT queueChanged();
}

void Player::restore(const PlayQueue &queue, qint64 positionMs)
{
    const ShuffleMode shuffle = m_queue.shuffle();
    const RepeatMode repeat = m_queue.repeat();
    m_queue = queue;
    Q_EMIT queueChanged();
    if (shuffle != m_queue.shuffle())
        Q_EMIT shuffleChanged(m_queue.shuffle());
    if (repeat != m_queue.repeat())
        Q_EMIT repeatChanged(m_queue.repeat());
    if (!m_queue.current())
        return;
    m_resumeAt = std::max<qint64>(0, positionMs);
    startCurrent(true);
}

void Player::playNext(const QList<QueueItem> &items)
{
    m_queue.playNext(items);
    Q_EMIT queueChanged();
}

void Player::addToQueue(const QList<QueueItem> &items)
{
    m_queue.addToQueue(items);
    Q_EMIT queueChanged();
}

void Player::insertUpNext(int before, const QList<QueueItem> &items)
{
    m_queue.insertUpNext(before, items);
    Q_EMIT queueChanged();
}

void Player::moveUpNext(const QList<int> &rows, int before)
{
    m_queue.moveUpNext(rows, before);
    Q_EMIT queueChanged();
}

void Player::removeUpNext(const QList<int> &rows)
{
    m_queue.removeUpNext(rows);
    Q_EMIT queueChanged();
}

void Player::clearUpNext()
{
    m_queue.clearUpNext();
    Q_EMIT queueChanged();
}

void Player::playUpcoming(int row)
{
    if (m_queue.jumpToUpcoming(row))
        startCurrent();
}

void Player::setShuffle(ShuffleMode mode)
{
    if (mode == m_queue.shuffle())
        return;
    m_queue.setShuffle(mode);
    Q_EMIT shuffleChanged(mode);
    Q_EMIT queueChanged();
}

void Player::setRepeat(RepeatMode mode)
{
    if (mode == m_queue.repeat())
        return;
    m_queue.setRepeat(mode);
    Q_EMIT repeatChanged(mode);
    Q_EMIT queueChanged(); // with repeat All there is always a next item
}

void Player::playIndex(int index)
{
    if (!m_queue.setCurrentIndex(index))
        return;
    startCurrent();
}

void Player::play()
{
    if (m_state == State::Paused) {
        if (m_startPaused) {
            // Restored and not started yet: play once loaded (now, or when the file check ends).
            m_startPaused = false;
            if (m_player->source().isEmpty() || m_player->source() != m_queue.current()->source())
                return;
        }
        m_player->play();
        return;
    }
    if (m_state == State::Playing)
        return;
    if (!m_queue.current() && !m_queue.advance())
        return;
    startCurrent();
}

void Player::pause() { m_player->pause(); }

void Player::togglePlayPause()
{
    if (m_state == State::Playing)
        pause();
    else
        play();
}

void Player::stop()
{
    ++m_generation;
    m_resumeAt = -1;
    m_player->stop();
    setState(State::Stopped);
}

void Player::next()
{
    if (m_queue.advance())
        startCurrent();
}

void Player::previous()
{
    if (m_player->position() > kRestartThresholdMs || !m_queue.hasPrevious()) {
        seek(0);
        return;
    }
    m_queue.goBack();
    startCurrent();
}

void Player::seek(qint64 positionMs)
{
    const qint64 target = m_player->duration() > 0 ? std::clamp<qint64>(positionMs, 0, m_player->duration())
                                                   : std::max<qint64>(0, positionMs);
    if (m_resumeAt >= 0)
        m_resumeAt = target; // a restored item not started yet: it will start there
    m_player->setPosition(target);
    Q_EMIT seeked(target);
}

void Player::setVolume(float volume) { m_output->setVolume(qBound(0.0f, volume, 1.0f)); }

void Player::startCurrent(bool paused)
{
    const QueueItem *item = m_queue.current();
    if (!item)
        return;
    const quint64 generation = ++m_generation;
    m_error.clear();
    m_startPaused = paused;
    if (!paused)
        m_resumeAt = -1;
    Q_EMIT currentChanged(m_queue.currentIndex(), item->trackId);
    Q_EMIT queueChanged();
    if (paused)
        setState(State::Paused); // shown paused at once; the file loads meanwhile
    if (!item->source().isLocalFile()) {
        onFileChecked(generation, true);
        return;
    }
    // A stat on an unmounted share can hang for seconds: never on the GUI thread.
    const QString path = item->source().toLocalFile();
    QPointer<Player> self(this);
    QThreadPool::globalInstance()->start([self, path, generation] {
        const QFileInfo info(path);
        const bool ok = info.exists() && info.isFile() && info.isReadable();
        if (self)
            QMetaObject::invokeMethod(self.data(), [self, generation, ok] {
                if (self)
                    self->onFileChecked(generation, ok);
            }, Qt::QueuedConnection);
    });
}

void Player::onFileChecked(quint64 generation, bool exists)
{
    if (generation != m_generation)
        return;
    const QueueItem *item = m_queue.current();
    if (!item)
        return;
    if (!exists) {
        m_player->stop();
        fail(tr("Cannot play \u201c%1\u201d: the file is not available (%2).")
                 .arg(displayName(*item), QDir::toNativeSeparators(item->source().toLocalFile())));
        return;
    }
    if (m_player->source() == item->source() && !m_startPaused) {
        // The same file again (repeat one, or a one-item queue): from its start.
        m_player->setPosition(0);
        m_player->play();
        return;
    }
    m_player->setSource(item->source());
    if (m_startPaused) {
        // Loaded, not played: the backend stays stopped; the window shows it as paused and
        // Play starts it at m_resumeAt.
        setState(State::Paused);
        return;
    }
    m_player->play();
}

void Player::onLoaded(bool playing)
{
    if (m_resumeAt < 0 || !m_player->isSeekable())
        return;
    // Set as soon as the file is loaded (the bar shows it); some backends forget a position
    // set while stopped, so it is set again once playing starts, where it holds.
    const qint64 at = m_resumeAt;
    if (playing)
        m_resumeAt = -1;
    if (at > 0 && qAbs(m_player->position() - at) > 250)
        m_player->setPosition(at);
    Q_EMIT positionChanged(at);
}

void Player::onMediaStatus()
{
    switch (m_player->mediaStatus()) {
    case QMediaPlayer::LoadedMedia:
    case QMediaPlayer::BufferedMedia:
        onLoaded(m_state == State::Playing);
        break;
    case QMediaPlayer::EndOfMedia:
        if (m_queue.advanceAtEnd())
            startCurrent();
        else
            setState(State::Stopped);
        break;
    case QMediaPlayer::InvalidMedia:
        onMediaError();
        break;
    default:
        break;
    }
}

void Player::onMediaError()
{
    if (!m_error.isEmpty())
        return; // the backend repeats itself; the user needs the first message only
    const QueueItem *item = m_queue.current();
    const QString name = item ? displayName(*item) : QString();
    const QString detail = m_player->errorString();
    QString message;
    switch (m_player->error()) {
    case QMediaPlayer::ResourceError:
        // The file was checked to exist and be readable just before: GStreamer reports content
        // it has no decoder for ("Could not determine type of stream") as a resource error.
        if (item && item->source().isLocalFile())
            message = tr("Cannot play \u201c%1\u201d: this format cannot be played.").arg(name);
        else
            message = tr("Cannot play \u201c%1\u201d: the file cannot be read.").arg(name);
        break;
    case QMediaPlayer::AccessDeniedError:
        message = tr("Cannot play \u201c%1\u201d: access to the file was denied.").arg(name);
        break;
    case QMediaPlayer::NetworkError:
        message = tr("Cannot play \u201c%1\u201d: a network error occurred.").arg(name);
        break;
    case QMediaPlayer::FormatError:
    case QMediaPlayer::NoError: // InvalidMedia without an error code: the backend found no decoder
    default:
        message = tr("Cannot play \u201c%1\u201d: this format cannot be played.").arg(name);
        break;
    }
    if (!detail.isEmpty())
        qCWarning(lcPlayback) << message << detail;
    fail(message);
}

void Player::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Player::fail(const QString &message)
{
    m_error = message;
    setState(State::Stopped);
    Q_EMIT errorOccurred(message);
}

} // namespace ekn
