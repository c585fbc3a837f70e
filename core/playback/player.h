#pragma once

#include "playback/playqueue.h"

#include <QObject>
#include <QString>

class QAudioOutput;
class QMediaPlayer;

namespace ekn {

// Plays the items of a PlayQueue through Qt Multimedia. Lives on the GUI thread (QMediaPlayer
// is asynchronous); the only file-system check (does the file still exist?) runs on the thread
// pool so a dead network share never freezes the window.
class Player : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Playing, Paused };
    Q_ENUM(State)

    explicit Player(QObject *parent = nullptr);
    ~Player() override;

    // Replaces the context (up next stays); playIndex() starts it.
    void setQueue(QList<QueueItem> items, int startIndex = 0);
    const PlayQueue &queue() const { return m_queue; }
    // The queue of an earlier session: its current item is loaded paused at `positionMs`, so
    // Play goes on where the user stopped.
    void restore(const PlayQueue &queue, qint64 positionMs);

    // Up next (see PlayQueue): each change is announced by queueChanged().
    void playNext(const QList<QueueItem> &items);
    void addToQueue(const QList<QueueItem> &items);
    void insertUpNext(int before, const QList<QueueItem> &items);
    void moveUpNext(const QList<int> &rows, int before);
    void removeUpNext(const QList<int> &rows);
    void clearUpNext();
    // Plays upcoming row `row` of the queue now.
    void playUpcoming(int row);

    ShuffleMode shuffle() const { return m_queue.shuffle(); }
    RepeatMode repeat() const { return m_queue.repeat(); }
    int currentIndex() const { return m_queue.currentIndex(); }
    QString currentTrackId() const;

    State state() const { return m_state; }
    qint64 position() const;
    qint64 duration() const;
    float volume() const;
    QString errorString() const { return m_error; }

public Q_SLOTS:
    void playIndex(int index);
    void play();
    void pause();
    void togglePlayPause();
    void stop();
    void next();
    void previous();
    void seek(qint64 positionMs);
    void setVolume(float volume);
    void setShuffle(ekn::ShuffleMode mode);
    void setRepeat(ekn::RepeatMode mode);

Q_SIGNALS:
    void stateChanged(ekn::Player::State state);
    void positionChanged(qint64 positionMs);
    void durationChanged(qint64 durationMs);
    // The queue moved to another item (index -1: nothing current).
    void currentChanged(int index, const QString &trackId);
    // One line a user can read: which file, and what is wrong with it.
    void errorOccurred(const QString &message);
    void volumeChanged(float volume);
    // What plays next changed (queued, moved, removed, shuffled, or the current item moved on).
    void queueChanged();
    void shuffleChanged(ekn::ShuffleMode mode);
    void repeatChanged(ekn::RepeatMode mode);
    // The position jumped (a seek of any origin), in ms.
    void seeked(qint64 positionMs);

private:
    void startCurrent(bool paused = false);
    void onLoaded(bool playing);
    void onFileChecked(quint64 generation, bool exists);
    void onMediaStatus();
    void onMediaError();
    void setState(State state);
    void fail(const QString &message);

    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_output = nullptr;
    PlayQueue m_queue;
    State m_state = State::Stopped;
    QString m_error;
    quint64 m_generation = 0; // bumps on every new start; stale file checks are ignored
    bool m_startPaused = false; // the current item loads paused (a restored session)
    qint64 m_resumeAt = -1;     // where a loaded item starts, once the backend can seek
};

} // namespace ekn
