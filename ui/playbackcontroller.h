#pragma once

#include "playback/playqueue.h"

#include <QObject>

class QAction;
class QActionGroup;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace ekn {

class Player;
class PlaybackSession;
class PlayerBar;
class NowPlayingPanel;
class QueuePanel;
class StatusArea;
class TrackView;

// Listening beyond "play this view": Play Next / Add to Queue on the selection, the queue
// panel (a dock), shuffle and repeat actions, the queue kept across restarts, the window
// title naming what plays, and a word in the status bar when no audio output exists. The
// main window creates it and hands it its menus; the logic lives in core/playback.
class PlaybackController : public QObject
{
    Q_OBJECT
public:
    PlaybackController(QMainWindow *window, Player *player, TrackView *view, PlayerBar *bar, StatusArea *status,
                       const QString &dataDir);

    QueuePanel *queuePanel() const { return m_panel; }
    QDockWidget *queueDock() const { return m_dock; }
    NowPlayingPanel *nowPlaying() const { return m_nowPlaying; }
    QDockWidget *nowPlayingDock() const { return m_nowPlayingDock; }
    PlaybackSession *session() const { return m_session; }
    QAction *playNextAction() const { return m_playNext; }
    QAction *addToQueueAction() const { return m_addToQueue; }
    QAction *showQueueAction() const;

    void addToPlaybackMenu(QMenu *menu);
    void addToTrackMenu(QMenu *menu);
    // The selected rows of the track view, as queue items, in view order.
    QList<QueueItem> selectedItems() const;
    // The window is closing: the queue and position are written now.
    void saveNow();

private:
    void buildModeActions();
    void buildNowPlaying(PlayerBar *bar);
    void queueTrackIds(const QStringList &ids, int before);
    void updateTitle();
    void checkAudioOutput();

    QMainWindow *m_window;
    Player *m_player;
    TrackView *m_view;
    StatusArea *m_status;
    QueuePanel *m_panel = nullptr;
    QDockWidget *m_dock = nullptr;
    NowPlayingPanel *m_nowPlaying = nullptr;
    QDockWidget *m_nowPlayingDock = nullptr;
    PlaybackSession *m_session = nullptr;
    QAction *m_playNext = nullptr;
    QAction *m_addToQueue = nullptr;
    QAction *m_clearQueue = nullptr;
    QActionGroup *m_shuffleGroup = nullptr;
    QActionGroup *m_repeatGroup = nullptr;
    QString m_baseTitle;
    bool m_warnedNoOutput = false;
};

} // namespace ekn
