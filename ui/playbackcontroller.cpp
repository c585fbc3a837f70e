#include "playbackcontroller.h"

#include "mprisservice.h"
#include "nowplayingpanel.h"
#include "playback/playback.h"
#include "playerbar.h"
#include "queuemodel.h"
#include "queuepanel.h"
#include "statusarea.h"
#include "themeicons.h"
#include "trackmodel.h"
#include "trackview.h"

#include <QAction>
#include <QActionGroup>
#include <QAudioDevice>
#include <QDir>
#include <QDockWidget>
#include <QMainWindow>
#include <QMediaDevices>
#include <QMenu>

namespace ekn {

namespace {

// A side panel of the window and the player bar's button that shows it.
struct PanelDock
{
    QString title;
    QString dockName;
    QString actionName;
    QString showText;
    QString icon;
    QString toolTip;
    QKeySequence shortcut;
};

// `panel` docked on the window's right, hidden until its Show action (on the player bar) is used.
QDockWidget *addPanelDock(QMainWindow *window, PlayerBar *bar, QWidget *panel, const PanelDock &d)
{
    auto *dock = new QDockWidget(d.title, window);
    dock->setObjectName(d.dockName);
    dock->setWidget(panel);
    window->addDockWidget(Qt::RightDockWidgetArea, dock);
    dock->hide();
    QAction *show = dock->toggleViewAction();
    show->setObjectName(d.actionName);
    show->setText(d.showText);
    show->setIcon(ThemeIcons::icon(d.icon));
    show->setToolTip(d.toolTip);
    show->setShortcut(d.shortcut);
    bar->addActionButton(show);
    return dock;
}

} // namespace

PlaybackController::PlaybackController(QMainWindow *window, Player *player, TrackView *view, PlayerBar *bar,
                                       StatusArea *status, const QString &dataDir)
    : QObject(window)
    , m_window(window)
    , m_player(player)
    , m_view(view)
    , m_status(status)
    , m_baseTitle(window->windowTitle())
{
    m_panel = new QueuePanel(player, window);
    m_dock = addPanelDock(window, bar, m_panel,
                          {tr("Queue"), QStringLiteral("queueDock"), QStringLiteral("showQueue"), tr("Show &Queue"),
                           QStringLiteral("queue"), tr("Show the queue"), QKeySequence(Qt::CTRL | Qt::Key_U)});
    buildNowPlaying(bar);

    // On the track view only: Return plays, Shift+Return plays next, Ctrl+Return queues.
    m_playNext = new QAction(tr("Play &Next"), this);
    m_playNext->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Return));
    m_playNext->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_playNext, &QAction::triggered, this, [this] { m_player->playNext(selectedItems()); });
    m_addToQueue = new QAction(ThemeIcons::icon(QStringLiteral("queue")), tr("Add to &Queue"), this);
    m_addToQueue->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_addToQueue->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_addToQueue, &QAction::triggered, this, [this] { m_player->addToQueue(selectedItems()); });
    view->addAction(m_playNext);
    view->addAction(m_addToQueue);
    m_clearQueue = new QAction(tr("&Clear Queue"), this);
    connect(m_clearQueue, &QAction::triggered, player, &Player::clearUpNext);
    buildModeActions();

    connect(m_panel, &QueuePanel::tracksDropped, this, &PlaybackController::queueTrackIds);
    connect(player, &Player::currentChanged, this, &PlaybackController::updateTitle);
    connect(player, &Player::stateChanged, this, &PlaybackController::updateTitle);
    connect(player, &Player::stateChanged, this, [this](Player::State s) {
        if (s == Player::State::Playing)
            checkAudioOutput();
    });

    m_session = new PlaybackSession(player, QDir(dataDir).filePath(QStringLiteral("playqueue.dat")), this);
    connect(m_session, &PlaybackSession::failed, this, [this](const QString &message) { m_status->showMessage(message, 15000); });
    m_session->restore();
}

QAction *PlaybackController::showQueueAction() const { return m_dock->toggleViewAction(); }

void PlaybackController::buildNowPlaying(PlayerBar *bar)
{
    m_nowPlaying = new NowPlayingPanel(m_player, m_window);
    m_nowPlayingDock = addPanelDock(m_window, bar, m_nowPlaying,
                                    {tr("Now Playing"), QStringLiteral("nowPlayingDock"),
                                     QStringLiteral("showNowPlaying"), tr("Show Now &Playing"), QStringLiteral("album"),
                                     tr("Show what is playing, with its cover"),
                                     QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)});
    auto *mpris = m_window->findChild<MprisService *>();
    connect(m_nowPlaying, &NowPlayingPanel::coverChanged, this, [bar, mpris](const QImage &image, const QString &path) {
        bar->setCover(image);
        if (mpris)
            mpris->setArtUrl(path.isEmpty() ? QUrl() : QUrl::fromLocalFile(path));
    });
}

void PlaybackController::buildModeActions()
{
    m_shuffleGroup = new QActionGroup(this);
    const QList<QPair<ShuffleMode, QString>> shuffles = {{ShuffleMode::Off, tr("Shuffle &Off")},
                                                         {ShuffleMode::Tracks, tr("Shuffle &Tracks")},
                                                         {ShuffleMode::Albums, tr("Shuffle &Albums")}};
    for (const auto &[mode, text] : shuffles) {
        QAction *a = m_shuffleGroup->addAction(text);
        a->setCheckable(true);
        a->setData(int(mode));
        connect(a, &QAction::triggered, m_player, [this, m = mode] { m_player->setShuffle(m); });
    }
    m_shuffleGroup->actions().at(1)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_repeatGroup = new QActionGroup(this);
    const QList<QPair<RepeatMode, QString>> repeats = {{RepeatMode::Off, tr("Repeat O&ff")},
                                                       {RepeatMode::All, tr("Repeat A&ll")},
                                                       {RepeatMode::One, tr("Repeat &One")}};
    for (const auto &[mode, text] : repeats) {
        QAction *a = m_repeatGroup->addAction(text);
        a->setCheckable(true);
        a->setData(int(mode));
        connect(a, &QAction::triggered, m_player, [this, m = mode] { m_player->setRepeat(m); });
    }
    const auto check = [](QActionGroup *group, int mode) {
        for (QAction *a : group->actions())
            a->setChecked(a->data().toInt() == mode);
    };
    connect(m_player, &Player::shuffleChanged, this, [this, check](ShuffleMode m) { check(m_shuffleGroup, int(m)); });
    connect(m_player, &Player::repeatChanged, this, [this, check](RepeatMode m) { check(m_repeatGroup, int(m)); });
    check(m_shuffleGroup, int(m_player->shuffle()));
    check(m_repeatGroup, int(m_player->repeat()));
}

void PlaybackController::addToPlaybackMenu(QMenu *menu)
{
    menu->addSeparator();
    menu->addAction(m_playNext);
    menu->addAction(m_addToQueue);
    menu->addAction(showQueueAction());
    menu->addAction(m_nowPlayingDock->toggleViewAction());
    menu->addAction(m_clearQueue);
    menu->addSeparator();
    QMenu *shuffle = menu->addMenu(ThemeIcons::icon(QStringLiteral("shuffle")), tr("S&huffle"));
    shuffle->addActions(m_shuffleGroup->actions());
    QMenu *repeat = menu->addMenu(ThemeIcons::icon(QStringLiteral("repeat")), tr("Re&peat"));
    repeat->addActions(m_repeatGroup->actions());
}

void PlaybackController::addToTrackMenu(QMenu *menu)
{
    menu->addAction(m_playNext);
    menu->addAction(m_addToQueue);
}

QList<QueueItem> PlaybackController::selectedItems() const
{
    QList<QueueItem> items;
    const QList<int> rows = m_view->selectedRows();
    items.reserve(rows.size());
    for (int r : rows)
        items.append(queueItemOf(m_view->trackModel()->trackAt(r)));
    return items;
}

void PlaybackController::saveNow() { m_session->saveNow(); }

void PlaybackController::queueTrackIds(const QStringList &ids, int before)
{
    // A drag comes from the track view: its rows know the tracks.
    QList<QueueItem> items;
    for (const QString &id : ids)
        if (const int row = m_view->trackModel()->rowOf(id); row >= 0)
            items.append(queueItemOf(m_view->trackModel()->trackAt(row)));
    m_player->insertUpNext(before, items);
}

void PlaybackController::updateTitle()
{
    const QueueItem *item = m_player->queue().current();
    const bool showing = item && m_player->state() != Player::State::Stopped;
    m_window->setWindowTitle(showing ? item->label() : m_baseTitle);
}

void PlaybackController::checkAudioOutput()
{
    // Qt Multimedia plays into nothing when there is no output device; say so once per start.
    if (!QMediaDevices::defaultAudioOutput().isNull() || m_warnedNoOutput)
        return;
    m_warnedNoOutput = true;
    m_status->showMessage(tr("No audio output could be opened: playback runs, but nothing can be heard. "
                             "Connect or enable a sound device."),
                          20000);
}

} // namespace ekn
