#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

namespace ekn {

class Player;

// Decides when a track counts as played or skipped (issue 14), from what the player reports:
//   played   once per time a track is started, when the time actually listened reaches half
//            the track or 4 minutes, whichever comes first (seeking forward listens to
//            nothing);
//   skipped  when the player leaves a track (next, previous, another track, stop) after less
//            than 30 s of it, before it counted as played and before its end.
// No I/O: whoever records the counts (the UI's library worker, PlayTallies) connects to the
// signals. The feed functions are public so that any source of player events, a test
// included, can drive it; attach() connects a Player.
class PlayCounter : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kPlayAfterMs = 4 * 60 * 1000;
    static constexpr qint64 kSkipBeforeMs = 30 * 1000;
    // A position step longer than this between two reports is a jump, not listening.
    static constexpr qint64 kMaxStepMs = 3000;

    explicit PlayCounter(QObject *parent = nullptr);
    void attach(Player *player);

    void trackStarted(const QString &trackId, qint64 durationMs = 0); // empty id: nothing plays
    void durationKnown(qint64 durationMs);
    void positionAt(qint64 positionMs, bool playing);
    void seeked(qint64 positionMs);
    void trackLeft(); // the player moved away from the track, or stopped

    qint64 listenedMs() const { return m_listened; }

Q_SIGNALS:
    void played(const QString &trackId, const QDateTime &at);
    void skipped(const QString &trackId);

private:
    QString m_track;
    qint64 m_duration = 0;
    qint64 m_position = 0;
    qint64 m_listened = 0;
    bool m_counted = false;
};

} // namespace ekn
