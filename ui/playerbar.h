#pragma once

#include "playback/player.h"

#include <QWidget>

class QAction;
class QLabel;
class QSlider;
class QToolButton;

namespace ekn {

// Transport controls under the track view: previous, play/pause, stop, next, a seek slider
// with elapsed/total time, the current title and a volume slider. Drives a Player it does not own.
class PlayerBar : public QWidget
{
    Q_OBJECT
public:
    explicit PlayerBar(Player *player, QWidget *parent = nullptr);

    // What is playing, shown beside the controls.
    void setNowPlayingText(const QString &text);
    // A button at the end of the bar for this action (the queue panel's toggle).
    void addActionButton(QAction *action);
    // The playing item's cover beside its title (null: a placeholder).
    void setCover(const QImage &image);

    QToolButton *shuffleButton() const { return m_shuffle; }
    QToolButton *repeatButton() const { return m_repeat; }

private:
    void onStateChanged(Player::State state);
    void onPosition(qint64 ms);
    void onDuration(qint64 ms);
    void buildModeButtons();
    void showShuffle(ShuffleMode mode);
    void showRepeat(RepeatMode mode);
    static QString formatTime(qint64 ms);

    Player *m_player;
    QToolButton *m_prev;
    QToolButton *m_playPause;
    QToolButton *m_stop;
    QToolButton *m_next;
    QSlider *m_seek;
    QLabel *m_elapsed;
    QLabel *m_total;
    QLabel *m_title;
    QLabel *m_cover;
    QSlider *m_volume;
    QToolButton *m_shuffle;
    QToolButton *m_repeat;
    ShuffleMode m_lastShuffle = ShuffleMode::Tracks; // what the shuffle button turns on
    bool m_dragging = false;
};

} // namespace ekn
