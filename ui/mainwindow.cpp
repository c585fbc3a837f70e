#include "mainwindow.h"

#include "eknmusic/version.h"
#include "albumgrid.h"
#include "albummodel.h"
#include "emptystate.h"
#include "folderactions.h"
#include "libraryservice.h"
#include "listeningactions.h"
#include "mprisservice.h"
#include "playbackcontroller.h"
#include "playback/playback.h"
#include "playerbar.h"
#include "playlistactions.h"
#include "queuemodel.h"
#include "scanerrorsdialog.h"
#include "sharedplaylistactions.h"
#include "shortcutsdialog.h"
#include "sidebar.h"
#include "statusarea.h"
#include "synccontroller.h"
#include "tageditordialog.h"
#include "themeicons.h"
#include "trackmodel.h"
#include "trackview.h"
#include "viewheader.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

namespace ekn {

namespace {

QStringList localPaths(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &u : urls)
        if (u.isLocalFile())
            paths << u.toLocalFile();
    return paths;
}

bool isInternalDrag(const QMimeData *mime) { return mime && mime->hasFormat(QLatin1String(TrackModel::kTrackIdsMime)); }

// Files from outside (a file manager) import; rows dragged inside the window are the views'.
bool isImportDrop(const QMimeData *mime) { return !isInternalDrag(mime) && !localPaths(mime).isEmpty(); }
} // namespace

MainWindow::MainWindow(const QString &dataDir, QWidget *parent)
    : QMainWindow(parent)
    , m_dataDir(dataDir.isEmpty() ? LibraryDatabase::defaultDataDir() : dataDir)
{
    setWindowTitle(tr("EKNMusic"));
    setWindowIcon(ThemeIcons::icon(QStringLiteral("music-drop")));
    setAcceptDrops(true);

    m_library = new LibraryService(m_dataDir, this);
    m_player = new Player(this);
    createParts();
    buildLayout();
    m_playback = new PlaybackController(this, m_player, m_view, m_playerBar, m_status, m_dataDir);
    m_listening = new ListeningActions(m_library, m_player, m_view, this);

    buildMenus();
    connectLibrary();
    connectOpenAndUndo();
    connectSmartPlaylistRefresh();
    // Keyboard order as the eye reads the window: sidebar, search, tracks, then the player.
    setTabOrder(m_sidebar, m_header->searchBox());
    setTabOrder(m_header->searchBox(), m_view);
    connectParts();

    m_stack->setCurrentWidget(m_empty);
    restoreSettings();
    m_library->start();
}

// The window's parts, each owning its own piece (the frame only wires them together).
void MainWindow::createParts()
{
    // Media keys and the desktop's sound menu (MPRIS on Linux; nothing elsewhere).
    auto *mpris = new MprisService(m_player, this);
    connect(mpris, &MprisService::raiseRequested, this, [this] { showNormal(); raise(); activateWindow(); });
    connect(mpris, &MprisService::quitRequested, this, &QWidget::close);
    connect(mpris, &MprisService::startRequested, this, [this] { playRow(m_view->selectedRows().value(0, 0)); });
    m_model = new TrackModel(this);
    m_view = new TrackView(m_model, this);
    m_sidebar = new Sidebar(this);
    m_playerBar = new PlayerBar(m_player, this);
    m_status = new StatusArea(this);
    m_playlists = new PlaylistActions(this, m_library, m_sidebar, m_status);
    m_folders = new FolderActions(this, m_library, m_view, m_status);
    connect(m_folders, &FolderActions::importRequested, this, &MainWindow::importPaths);
    connect(m_folders, &FolderActions::viewOutdated, this, &MainWindow::reloadKeepingPlace);
    m_empty = new EmptyState(this);
    setStatusBar(m_status);
    m_sync = new SyncController(m_library, m_status, this); // after m_library: it outlives the library thread
    m_shared = new SharedPlaylistActions(this, m_library, m_sidebar, m_status, m_sync);

    m_header = new ViewHeader(this);
    connect(m_header, &ViewHeader::searchChanged, this, [this](const QString &text) {
        ViewSpec spec = m_spec;
        spec.search = text;
        requestView(spec);
    });

    m_albumModel = new AlbumModel(m_library, this);
    m_albumGrid = new AlbumGrid(m_albumModel, this);
    connect(m_albumGrid, &AlbumGrid::albumOpened, this, &MainWindow::openAlbum);
    connect(m_albumModel, &AlbumModel::loadFinished, this, [this] { updateViewTitle(); });
}

// Sidebar | header over the stacked views (empty state, track list, album grid); the player
// bar under both.
void MainWindow::buildLayout()
{
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_albumGrid);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(0);
    rightLayout->addWidget(m_header);
    rightLayout->addWidget(m_stack, 1);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({220, 880});

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_playerBar);
    setCentralWidget(central);
}

// What the parts ask of each other: views, playing, playlist drags, scan and sync.
void MainWindow::connectParts()
{
    connect(m_sidebar, &Sidebar::viewRequested, this, [this](ViewSpec spec) {
        spec.search = m_header->searchText();
        requestView(spec);
    });
    connect(m_sidebar, &Sidebar::deletePlaylistRequested, this, &MainWindow::deletePlaylist);
    connect(m_view, &TrackView::playRequested, this, &MainWindow::playRow);
    connect(m_view, &TrackView::contextMenuRequested, this, &MainWindow::showTrackMenu);
    connect(m_view, &TrackView::deleteRequested, this, &MainWindow::deleteSelection);
    connect(m_empty, &EmptyState::addFolderRequested, this, &MainWindow::chooseFolder);
    connect(m_status, &StatusArea::cancelScanRequested, this, [this] {
        m_library->post([](LibraryWorker *w) { w->cancelScan(); });
    });
    connect(m_status, &StatusArea::showScanErrorsRequested, this, &MainWindow::showScanErrors);
    connect(m_sync, &SyncController::libraryChanged, this, &MainWindow::refreshAfterSync);
    connect(m_model, &TrackModel::loadFinished, this, [this](int rows) {
        if (m_keepRequest == m_request && m_keepScroll >= 0) {
            for (const QString &id : std::as_const(m_keepSelection))
                if (const int row = m_model->rowOf(id); row >= 0)
                    m_view->selectionModel()->select(m_model->index(row, 0),
                                                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
            if (m_keepScroll >= 0)
                m_view->verticalScrollBar()->setValue(m_keepScroll);
        }
        m_keepSelection.clear();
        m_keepScroll = -1;
        m_view->setNoMatchSearch(rows == 0 ? m_spec.search : QString());
        updateEmptyState();
        updateViewTitle();
        Q_EMIT viewLoaded(rows);
    });
    connect(m_model, &TrackModel::moveRequested, this, [this](const QList<int> &rows, int before) {
        const QString id = m_spec.key;
        m_library->post([id, rows, before](LibraryWorker *w) { w->moveInPlaylist(id, rows, before); });
    });
    connect(m_model, &TrackModel::insertRequested, this, [this](const QStringList &ids, int before) {
        const QString id = m_spec.key;
        m_library->post([id, ids, before](LibraryWorker *w) { w->addToPlaylist(id, ids, before); });
    });
    connect(m_player, &Player::currentChanged, this, [this](int index, const QString &trackId) {
        m_model->setNowPlaying(trackId);
        const QueueItem *item = m_player->queue().current();
        Q_UNUSED(index)
        m_playerBar->setNowPlayingText(item ? item->label() : QString());
    });
    connect(m_player, &Player::errorOccurred, this, [this](const QString &message) { m_status->showMessage(message, 15000); });
}

MainWindow::~MainWindow()
{
    m_playback->saveNow();
    saveSettings();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setToolTipsVisible(true); // a disabled Sync Now says why
    QAction *addFolder = file->addAction(ThemeIcons::icon(QStringLiteral("folder-add")), tr("&Add Folder..."), this,
                                         &MainWindow::chooseFolder);
    addFolder->setShortcut(QKeySequence::Open);
    file->addAction(tr("&Import Playlist..."), m_playlists, &PlaylistActions::importFile);
    file->addAction(tr("Show &Import Errors..."), this, &MainWindow::showScanErrors);
    file->addSeparator();
    m_folders->addToMenus(file, nullptr);
    file->addSeparator();
    file->addAction(m_sync->signInAction());
    file->addAction(m_sync->signOutAction());
    file->addAction(m_sync->syncNowAction());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setToolTipsVisible(true);
    m_undoAction = edit->addAction(tr("&Undo"), this, &MainWindow::undo);
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setEnabled(false);
    edit->addSeparator();
    edit->addAction(m_sync->conflictLogAction());
    QAction *merge = edit->addAction(tr("&Merge Duplicate Tracks"), this,
                                     [this] { m_library->post([](LibraryWorker *w) { w->mergeDuplicates(); }); });
    merge->setObjectName(QStringLiteral("mergeDuplicatesAction"));
    edit->addSeparator();
    QAction *tags = edit->addAction(ThemeIcons::icon(QStringLiteral("edit")), tr("Edit &Tags..."), this,
                                    [this] { editSelectedTags(); });
    tags->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_I), QKeySequence(Qt::Key_F2)});
    m_listening->addRatingMenu(edit);
    QAction *del = edit->addAction(tr("&Remove from Playlist"), this, &MainWindow::deleteSelection);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(del);
    m_folders->addToMenus(nullptr, edit);
    QAction *selectAll = edit->addAction(tr("Select &All"), m_view, &QAbstractItemView::selectAll);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(selectAll);
    QAction *find = edit->addAction(ThemeIcons::icon(QStringLiteral("search")), tr("&Find"), this, [this] {
        m_header->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *play = menuBar()->addMenu(tr("&Playback"));
    QAction *toggle = play->addAction(ThemeIcons::icon(QStringLiteral("play")), tr("&Play/Pause"), this, [this] {
        if (m_player->queue().isEmpty() || m_player->state() == Player::State::Stopped) {
            const QList<int> rows = m_view->selectedRows();
            if (!rows.isEmpty() || m_model->rowCount() > 0) {
                playRow(rows.isEmpty() ? 0 : rows.first());
                return;
            }
        }
        m_player->togglePlayPause();
    });
    toggle->setShortcuts({QKeySequence(Qt::Key_Space), QKeySequence(Qt::Key_MediaTogglePlayPause), QKeySequence(Qt::Key_MediaPlay)});
    QAction *stop = play->addAction(ThemeIcons::icon(QStringLiteral("stop")), tr("&Stop"), m_player, &Player::stop);
    stop->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Period), QKeySequence(Qt::Key_MediaStop)});
    QAction *next = play->addAction(ThemeIcons::icon(QStringLiteral("next")), tr("&Next"), m_player, &Player::next);
    next->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Right), QKeySequence(Qt::Key_MediaNext)});
    QAction *prev = play->addAction(ThemeIcons::icon(QStringLiteral("previous")), tr("P&revious"), m_player, &Player::previous);
    prev->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Left), QKeySequence(Qt::Key_MediaPrevious)});
    play->addSeparator();
    QAction *louder = play->addAction(tr("Volume &Up"), this, [this] { m_player->setVolume(m_player->volume() + 0.05f); });
    louder->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    QAction *quieter = play->addAction(tr("Volume &Down"), this, [this] { m_player->setVolume(m_player->volume() - 0.05f); });
    quieter->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    m_playback->addToPlaybackMenu(play);
    QAction *seekFwd = play->addAction(tr("Forward 10 s"), this, [this] { m_player->seek(m_player->position() + 10000); });
    seekFwd->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
    QAction *seekBack = play->addAction(tr("Back 10 s"), this, [this] { m_player->seek(m_player->position() - 10000); });
    seekBack->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Left));

    buildListsAndHelpMenus();
}

void MainWindow::buildListsAndHelpMenus()
{
    QMenu *lists = menuBar()->addMenu(tr("P&laylists"));
    QAction *newList = lists->addAction(tr("&New Playlist..."), m_playlists, [this] { m_playlists->create({}); });
    newList->setShortcut(QKeySequence::New);
    lists->addAction(tr("New Playlist from &Selection..."), m_playlists, [this] { m_playlists->create(m_view->selectedTrackIds()); });
    lists->addAction(tr("&Import..."), m_playlists, &PlaylistActions::importFile);
    QAction *exportList = lists->addAction(tr("&Export Current Playlist..."), m_playlists, [this] {
        if (m_spec.isPlaylist())
            m_playlists->exportFile(m_spec.key);
    });
    exportList->setToolTip(tr("Open a playlist in the sidebar first."));
    lists->addSeparator();
    lists->addAction(tr("New S&mart Playlist from Search..."), m_shared,
                     [this] { m_shared->createSmart(m_header->searchText()); });
    lists->addAction(tr("&Open Shared Playlist..."), m_shared, &SharedPlaylistActions::openShared);
    lists->setToolTipsVisible(true);
    connect(lists, &QMenu::aboutToShow, exportList, [this, exportList] { exportList->setEnabled(m_spec.isPlaylist()); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        auto *dialog = new ShortcutsDialog(menuBar(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    keys->setObjectName(QStringLiteral("keyboardShortcutsAction"));
    keys->setShortcut(QKeySequence::HelpContents);
    QAction *about = help->addAction(tr("&About EKNMusic"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::connectLibrary()
{
    LibraryWorker *w = m_library->worker();
    connect(w, &LibraryWorker::opened, this, [this](bool ok, const QString &error) {
        if (!ok) {
            // No sidebar data will ever come: keep the empty state (and the reason on it) in
            // front instead of an empty table.
            m_libraryTracks = 0;
            updateEmptyState();
            m_status->showMessage(tr("The library could not be opened: %1").arg(error));
            m_empty->setNote(tr("The library could not be opened: %1").arg(error));
        } else {
            requestView(m_spec);
            m_library->post([](LibraryWorker *lw) { lw->loadSidebar(); });
        }
        Q_EMIT libraryOpened(ok);
    });
    connect(w, &LibraryWorker::viewBatch, m_model, &TrackModel::appendBatch);
    connect(w, &LibraryWorker::viewSize, m_model, &TrackModel::reserveRows);
    connect(w, &LibraryWorker::viewTotal, m_model, &TrackModel::setTotal);
    connect(m_model, &TrackModel::totalChanged, this, &MainWindow::updateViewTitle);
    connect(w, &LibraryWorker::viewPage, m_model, &TrackModel::appendPage);
    connect(m_model, &TrackModel::moreRequested, this, [this](quint64 request, int offset) {
        m_library->post([request, offset, spec = m_spec.trackSpec()](LibraryWorker *lw) { lw->loadMore(request, spec, offset); });
    });
    connect(w, &LibraryWorker::viewBatch, this, [this](quint64 request, const QList<Track> &tracks) {
        if (request == m_request && !tracks.isEmpty())
            updateEmptyState();
    });
    connect(w, &LibraryWorker::sidebarLoaded, this, [this](const SidebarData &data) {
        m_libraryTracks = data.trackCount;
        m_sidebar->setData(data);
        updateEmptyState();
    });
    connect(w, &LibraryWorker::tracksAdded, this, [this](const QList<Track> &tracks) {
        // Tracks appear while the scan runs in the plain library view.
        if (m_spec.kind == ViewSpec::Kind::Library && m_spec.search.isEmpty() && !m_model->isLoading()) {
            m_model->appendTracks(tracks);
            updateEmptyState();
            updateViewTitle(); // "Library · N tracks" counts them as they come
        }
    });
    connect(w, &LibraryWorker::tracksUpdated, m_model, &TrackModel::updateTracks);
    connect(w, &LibraryWorker::editFinished, this, [this](bool, const QString &message) { m_status->showMessage(message, 8000); });
    connect(w, &LibraryWorker::playlistChanged, this, [this](const QString &id) {
        if (m_spec.isPlaylist() && m_spec.key == id)
            reloadView();
    });
    connect(w, &LibraryWorker::scanStarted, m_status, &StatusArea::scanStarted);
    connect(w, &LibraryWorker::scanProgress, m_status, &StatusArea::scanProgress);
    connect(w, &LibraryWorker::scanFinished, this, [this](const QString &message, int failed) {
        m_status->scanFinished(message, failed);
        if (m_libraryTracks <= 0)
            m_empty->setNote(message);
        // Tracks arrived in the order the scan read them: show them in library order now,
        // unless the user sorted the view themselves.
        if (!m_spec.search.isEmpty() || m_spec.kind != ViewSpec::Kind::Library
            || m_view->horizontalHeader()->sortIndicatorSection() < 0)
            reloadView();
    });
    connect(w, &LibraryWorker::scanErrorsLoaded, this, [this](const QList<ScanError> &errors) {
        if (m_scanErrors)
            m_scanErrors->setErrors(errors);
    });
    connect(w, &LibraryWorker::failed, this, [this](const QString &message) { m_status->showMessage(message, 15000); });
    connect(w, &LibraryWorker::info, this, [this](const QString &message) { m_status->showMessage(message, 8000); });
    connect(w, &LibraryWorker::duplicatesMerged, this, [this](const QStringList &kept, const QStringList &merged) {
        // Like a sync that changed some tracks and removed others; a shown playlist may have
        // had its entries moved to the kept tracks.
        refreshAfterSync(kept, merged, m_spec.isPlaylist() ? QStringList{m_spec.key} : QStringList());
    });
}

// Files opened from outside play at once; Edit > Undo follows the library's undo stack.
void MainWindow::connectOpenAndUndo()
{
    LibraryWorker *w = m_library->worker();
    connect(w, &LibraryWorker::openedTracks, this, [this](const QList<Track> &tracks) {
        // Opened files play on their own, in the order given, whatever the view shows.
        QList<QueueItem> items;
        for (const Track &t : tracks)
            items.append({t.id, QUrl(), t.title, t.artist, t.album, t.filePath});
        m_player->setQueue(std::move(items), 0);
        m_player->playIndex(0);
    });
    connect(w, &LibraryWorker::undoAvailable, m_undoAction, &QAction::setEnabled);
}

void MainWindow::requestView(const ViewSpec &spec)
{
    m_spec = spec;
    m_view->setNoMatchSearch({});
    const quint64 request = ++m_request;
    m_library->worker()->viewAsked(request);
    if (spec.showsAlbumGrid()) {
        m_albumModel->load(spec.kind == ViewSpec::Kind::Artist ? spec.key : QString());
        updateEmptyState();
        updateViewTitle();
        return;
    }
    m_model->beginLoad(request, spec.isPlaylist());
    m_view->setPlaylistMode(spec.isPlaylist());
    m_model->setNowPlaying(m_player->currentTrackId());
    m_library->post([request, spec = spec.trackSpec()](LibraryWorker *w) { w->loadView(request, spec); });
}

void MainWindow::reloadView() { requestView(m_spec); }

QLineEdit *MainWindow::searchBox() const
{
    return m_header->searchBox();
}

bool MainWindow::isShowingEmptyState() const { return m_stack->currentWidget() == m_empty; }

bool MainWindow::isShowingAlbumGrid() const { return m_stack->currentWidget() == m_albumGrid; }

void MainWindow::updateEmptyState()
{
    if (m_spec.showsAlbumGrid()) {
        m_stack->setCurrentWidget(m_albumGrid);
        return;
    }
    const bool empty = m_libraryTracks == 0 && m_model->rowCount() == 0 && m_spec.kind == ViewSpec::Kind::Library
        && m_spec.search.isEmpty();
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_view);
}

void MainWindow::updateViewTitle()
{
    QString name;
    switch (m_spec.kind) {
    case ViewSpec::Kind::Library: name = tr("Library"); break;
    case ViewSpec::Kind::Artist:
    case ViewSpec::Kind::Genre: name = m_spec.key; break;
    case ViewSpec::Kind::Album: name = tr("%1 \u2014 %2").arg(m_spec.key, m_spec.secondKey); break;
    case ViewSpec::Kind::Playlist: name = m_sidebar->playlistName(m_spec.key); break;
    case ViewSpec::Kind::Unavailable: name = tr("Not on this device"); break;
    case ViewSpec::Kind::Albums: name = tr("Albums"); break;
    }
    if (m_spec.showsAlbumGrid()) {
        const int albums = m_albumModel->rowCount();
        m_header->setTitle(albums == 1 ? tr("%1 \u00b7 1 album").arg(name) : tr("%1 \u00b7 %2 albums").arg(name).arg(albums));
        return;
    }
    const int rows = m_model->totalCount(); // a search's matches, also those not loaded yet
    m_header->setTitle(rows == 1 ? tr("%1 \u00b7 1 track").arg(name) : tr("%1 \u00b7 %2 tracks").arg(name).arg(rows));
}

void MainWindow::playRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    // The queue is the current view, in its current order.
    QList<QueueItem> items;
    items.reserve(m_model->rowCount());
    for (int r = 0; r < m_model->rowCount(); ++r) {
        items.append(queueItemOf(m_model->trackAt(r)));
    }
    m_player->setQueue(std::move(items), row);
    m_player->playIndex(row);
}

void MainWindow::openAlbum(const Album &album)
{
    // Disc and track order: a sort the user chose for the track list does not apply here.
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    const ViewSpec spec{ViewSpec::Kind::Album, album.title, album.albumArtist, {}};
    if (!m_sidebar->select(spec))
        requestView(spec);
}

void MainWindow::showTrackMenu(const QPoint &globalPos)
{
    const QStringList ids = m_view->selectedTrackIds();
    QMenu menu(this);
    menu.addAction(ThemeIcons::icon(QStringLiteral("play")), tr("Play"), this, [this] {
        const QList<int> rows = m_view->selectedRows();
        if (!rows.isEmpty())
            playRow(rows.first());
    });
    m_playback->addToTrackMenu(&menu);
    menu.addAction(ThemeIcons::icon(QStringLiteral("edit")), tr("Edit Tags..."), this, [this] { editSelectedTags(); });
    m_listening->addRatingMenu(&menu);
    QMenu *add = menu.addMenu(ThemeIcons::icon(QStringLiteral("playlist")), tr("Add to Playlist"));
    for (const Playlist &p : m_sidebar->playlists()) {
        if (m_spec.isPlaylist() && p.id == m_spec.key)
            continue;
        add->addAction(p.name, this, [this, id = p.id, ids] { m_playlists->addTracks(id, ids); });
    }
    if (!add->isEmpty())
        add->addSeparator();
    add->addAction(tr("New Playlist..."), this, [this, ids] { m_playlists->create(ids); });
    if (m_spec.isPlaylist())
        menu.addAction(tr("Remove from Playlist"), this, &MainWindow::deleteSelection);
    menu.exec(globalPos);
}

void MainWindow::deleteSelection()
{
    const QList<int> rows = m_view->selectedRows();
    if (rows.isEmpty())
        return;
    if (!m_spec.isPlaylist()) {
        m_status->showMessage(tr("To take tracks out of the library use Edit > Remove from Library (Shift+Del); "
                                 "select a playlist to remove tracks from it."),
                              8000);
        return;
    }
    const QString id = m_spec.key;
    m_library->post([id, rows](LibraryWorker *w) { w->removeFromPlaylist(id, rows); });
}

// The undo stack is the library thread's (UndoHistory in LibraryWorker): the action only asks
// it, and is enabled again by LibraryWorker::undoAvailable.
void MainWindow::undo()
{
    m_undoAction->setEnabled(false);
    m_library->post([](LibraryWorker *w) { w->undo(); });
}

TagEditorDialog *MainWindow::editSelectedTags()
{
    const QList<int> rows = m_view->selectedRows();
    if (rows.isEmpty()) {
        m_status->showMessage(tr("Select the tracks to edit first."), 5000);
        return nullptr;
    }
    QList<Track> tracks;
    tracks.reserve(rows.size());
    for (int r : rows)
        tracks.append(m_model->trackAt(r));
    auto *dialog = new TagEditorDialog(tracks, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, tracks] {
        const TrackEdit edit = dialog->edit();
        const bool writeFiles = dialog->writeToFiles();
        if (edit.isEmpty())
            return;
        QStringList ids;
        for (const Track &t : tracks)
            ids << t.id;
        m_library->post([ids, edit, writeFiles](LibraryWorker *w) { w->editTracks(ids, edit, writeFiles); });
    });
    dialog->open();
    return dialog;
}

void MainWindow::importPaths(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    m_empty->setNote({});
    m_status->scanStarted();
    m_library->post([paths](LibraryWorker *w) { w->startScan(paths); });
}

void MainWindow::openPaths(const QStringList &paths)
{
    if (isMinimized())
        showNormal();
    raise();
    activateWindow();
    if (!paths.isEmpty())
        m_library->post([paths](LibraryWorker *w) { w->openPaths(paths); });
}

void MainWindow::chooseFolder()
{
    QSettings settings;
    const QString last = settings.value(QStringLiteral("lastFolder"),
                                        QStandardPaths::writableLocation(QStandardPaths::MusicLocation)).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a Music Folder"), last);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastFolder"), dir);
    importPaths({dir});
}

void MainWindow::showScanErrors()
{
    if (!m_scanErrors) {
        m_scanErrors = new ScanErrorsDialog(this);
        m_scanErrors->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_scanErrors->show();
    m_scanErrors->raise();
    m_library->post([](LibraryWorker *w) { w->loadScanErrors(); });
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About EKNMusic"),
                       tr("<h3>EKNMusic %1</h3><p>A music library manager: your local library, "
                          "playlists and playback, synced between your desktops.</p>"
                          "<p>Built with Qt %2 and TagLib.</p>")
                           .arg(QStringLiteral(EKN_VERSION_STRING), QString::fromLatin1(qVersion())));
}

void MainWindow::refreshAfterSync(const QStringList &changed, const QStringList &gone, const QStringList &playlists)
{
    // Changed rows were updated in place already; what is left is rows that came or went.
    bool reload = m_spec.isPlaylist() ? playlists.contains(m_spec.key) : !gone.isEmpty();
    if (showsSmartPlaylist() && (!changed.isEmpty() || !gone.isEmpty()))
        reload = true;
    if (!m_spec.isPlaylist() && !reload) {
        if (m_spec.kind != ViewSpec::Kind::Library || !m_spec.search.isEmpty())
            reload = true; // an edit may move a track into or out of an artist, album or search
        else
            for (const QString &id : changed)
                if (m_model->rowOf(id) < 0) {
                    reload = true;
                    break;
                }
    }
    if (reload)
        reloadKeepingPlace();
}

bool MainWindow::showsSmartPlaylist() const
{
    if (!m_spec.isPlaylist())
        return false;
    const QList<Playlist> &all = m_sidebar->playlists();
    return std::any_of(all.cbegin(), all.cend(), [this](const Playlist &p) { return p.id == m_spec.key && p.smart; });
}

// Edits, scans, plays, removals and pulls may move tracks into or out of a smart playlist.
void MainWindow::connectSmartPlaylistRefresh()
{
    LibraryWorker *w = m_library->worker();
    const auto refresh = [this] {
        if (showsSmartPlaylist())
            reloadKeepingPlace();
    };
    connect(w, &LibraryWorker::tracksUpdated, this, refresh);
    connect(w, &LibraryWorker::tracksRemoved, this, refresh);
    connect(w, &LibraryWorker::tracksRestored, this, refresh);
    connect(w, &LibraryWorker::libraryRefreshed, this, refresh);
    connect(w, &LibraryWorker::smartPlaylistSaved, this, [this](const QString &id) {
        ViewSpec spec;
        spec.kind = ViewSpec::Kind::Playlist;
        spec.key = id;
        m_sidebar->select(spec);
    });
}

void MainWindow::reloadKeepingPlace()
{
    if (m_model->isLoading())
        return reloadView();
    const QStringList selected = m_view->selectedTrackIds();
    const int scroll = m_view->verticalScrollBar()->value();
    reloadView();
    m_keepSelection = selected;
    m_keepScroll = scroll;
    m_keepRequest = m_request;
}

void MainWindow::deletePlaylist(const QString &playlistId)
{
    m_library->post([playlistId](LibraryWorker *w) { w->removePlaylist(playlistId); });
    m_undoAction->setEnabled(true); // Ctrl+Z at once reaches the library after the delete
    m_status->showMessage(tr("Deleted \u201c%1\u201d. Ctrl+Z or right-click it under Deleted playlists to restore it.")
                              .arg(m_sidebar->playlistName(playlistId)),
                          10000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    isImportDrop(event->mimeData()) ? event->acceptProposedAction() : event->ignore();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    isImportDrop(event->mimeData()) ? event->acceptProposedAction() : event->ignore();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (!isImportDrop(event->mimeData())) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    importPaths(localPaths(event->mimeData()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_playback->saveNow();
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("tracks/columns"), m_view->saveColumns());
    settings.setValue(QStringLiteral("player/volume"), m_player->volume());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1180, 720);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_view->restoreColumns(settings.value(QStringLiteral("tracks/columns")).toByteArray());
    m_player->setVolume(settings.value(QStringLiteral("player/volume"), 0.8).toFloat());
}

} // namespace ekn
