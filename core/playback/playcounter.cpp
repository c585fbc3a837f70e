#include "playback/playcounter.h"

#include "playback/player.h"

#include <algorithm>

namespace ekn {

PlayCounter::PlayCounter(QObject *parent)
    : QObject(parent)
{
}

void PlayCounter::attach(Player *player)
{
    // At the change of track the player still reports the previous file's length; the new one
    // is known once it plays (and a file as long as the last one sends no durationChanged).
    connect(player, &Player::currentChanged, this, [this](int, const QString &trackId) {
        trackLeft();
        trackStarted(trackId, 0);
    });
    connect(player, &Player::durationChanged, this, &PlayCounter::durationKnown);
    connect(player, &Player::positionChanged, this, [this, player](qint64 ms) {
        const bool playing = player->state() == Player::State::Playing;
        if (playing)
            durationKnown(player->duration());
        positionAt(ms, playing);
    });
    connect(player, &Player::seeked, this, &PlayCounter::seeked);
    connect(player, &Player::stateChanged, this, [this](Player::State s) {
        if (s == Player::State::Stopped)
            trackLeft();
    });
}

void PlayCounter::trackStarted(const QString &trackId, qint64 durationMs)
{
    m_track = trackId;
    m_duration = std::max<qint64>(0, durationMs);
    m_position = 0;
    m_listened = 0;
    m_counted = false;
}

void PlayCounter::durationKnown(qint64 durationMs)
{
    if (durationMs > 0)
        m_duration = durationMs;
}

void PlayCounter::positionAt(qint64 positionMs, bool playing)
{
    const qint64 step = positionMs - m_position;
    m_position = positionMs;
    if (m_track.isEmpty() || !playing || step <= 0 || step > kMaxStepMs)
        return;
    m_listened += step;
    // Unknown length (a stream, a file the backend cannot measure): 4 minutes it is.
    const qint64 needed = m_duration > 0 ? std::min(m_duration / 2, kPlayAfterMs) : kPlayAfterMs;
    if (!m_counted && m_listened >= needed) {
        m_counted = true;
        Q_EMIT played(m_track, QDateTime::currentDateTimeUtc());
    }
}

void PlayCounter::seeked(qint64 positionMs)
{
    m_position = positionMs;
}

void PlayCounter::trackLeft()
{
    if (m_track.isEmpty())
        return;
    // The end of a track (the last report within a step of its length) is no skip.
    const bool atEnd = m_duration > 0 && m_position >= m_duration - kMaxStepMs;
    if (!m_counted && m_listened > 0 && m_position < kSkipBeforeMs && !atEnd)
        Q_EMIT skipped(m_track);
    m_track.clear();
    m_listened = 0;
    m_counted = true; // nothing more for a track that is no longer current
}

} // namespace ekn
