#include "playback/playbacksession.h"

#include "common/logging.h"
#include "playback/player.h"
#include "playback/playqueue.h"

#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>

namespace ekn {

namespace {
constexpr int kSaveDelayMs = 1500;
} // namespace

PlaybackSession::PlaybackSession(Player *player, QString filePath, QObject *parent)
    : QObject(parent)
    , m_player(player)
    , m_path(std::move(filePath))
{
    m_io.setMaxThreadCount(1);
    m_delay.setSingleShot(true);
    m_delay.setInterval(kSaveDelayMs);
    connect(&m_delay, &QTimer::timeout, this, &PlaybackSession::saveNow);
    connect(player, &Player::queueChanged, this, &PlaybackSession::scheduleSave);
    connect(player, &Player::shuffleChanged, this, &PlaybackSession::scheduleSave);
    connect(player, &Player::repeatChanged, this, &PlaybackSession::scheduleSave);
    connect(player, &Player::seeked, this, &PlaybackSession::scheduleSave);
    // Pausing or stopping is where a user expects to come back to.
    connect(player, &Player::stateChanged, this, [this](Player::State s) {
        if (s != Player::State::Playing)
            scheduleSave();
    });
}

PlaybackSession::~PlaybackSession()
{
    if (m_player && !m_restoring)
        saveNow();
    m_io.waitForDone();
}

void PlaybackSession::scheduleSave()
{
    if (!m_restoring)
        m_delay.start();
}

void PlaybackSession::saveNow()
{
    m_delay.stop();
    if (!m_player)
        return;
    // The queue is implicitly shared: this copy costs nothing until the player changes it.
    const PlayQueue queue = m_player->queue();
    const qint64 position = m_player->state() == Player::State::Stopped ? 0 : m_player->position();
    QPointer<PlaybackSession> self(this);
    m_io.start([self, path = m_path, queue, position] {
        const QString error = write(path, queue, position);
        if (!error.isEmpty() && self)
            QMetaObject::invokeMethod(self.data(), [self, error] {
                if (self)
                    Q_EMIT self->failed(error);
            }, Qt::QueuedConnection);
    });
}

void PlaybackSession::restore()
{
    m_restoring = true;
    QPointer<PlaybackSession> self(this);
    m_io.start([self, path = m_path] {
        PlayQueue queue;
        qint64 position = 0;
        bool found = false;
        const QString error = read(path, &queue, &position, &found);
        if (!self)
            return;
        QMetaObject::invokeMethod(self.data(), [self, queue, position, found, error] {
            if (!self || !self->m_player)
                return;
            self->m_restoring = false;
            if (!error.isEmpty()) {
                Q_EMIT self->failed(error);
            } else if (found && self->m_player->queue().isEmpty()) {
                // (A user who started something before the file was read keeps it.)
                self->m_player->restore(queue, position);
            }
            Q_EMIT self->restored(found && error.isEmpty());
        }, Qt::QueuedConnection);
    });
}

QString PlaybackSession::write(const QString &path, const PlayQueue &queue, qint64 positionMs)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("The play queue could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    QDataStream out(&file);
    out.setVersion(QDataStream::Qt_6_4);
    queue.save(out);
    out << positionMs;
    if (out.status() != QDataStream::Ok || !file.commit())
        return tr("The play queue could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

QString PlaybackSession::read(const QString &path, PlayQueue *queue, qint64 *positionMs, bool *found)
{
    *found = false;
    QFile file(path);
    if (!file.exists())
        return {}; // the first start: nothing was played yet
    if (!file.open(QIODevice::ReadOnly))
        return tr("The play queue of the last session could not be read from %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    QDataStream in(&file);
    in.setVersion(QDataStream::Qt_6_4);
    PlayQueue loaded;
    qint64 position = 0;
    const bool ok = loaded.load(in);
    if (ok)
        in >> position;
    if (!ok || in.status() != QDataStream::Ok) {
        qCWarning(lcPlayback) << "unreadable play queue" << path;
        return tr("The play queue of the last session could not be read from %1: the file is damaged. "
                  "The queue starts empty.")
            .arg(QDir::toNativeSeparators(path));
    }
    *queue = std::move(loaded);
    *positionMs = std::max<qint64>(0, position);
    *found = true;
    return {};
}

} // namespace ekn
