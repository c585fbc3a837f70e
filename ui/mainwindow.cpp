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
        m_viewLoading = false;
        m_view->setReadFailure({});
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
    connect(w, &LibraryWorker::failed, this, [this](const QString &message) {
        m_status->showMessage(message, 15000);
        if (m_viewLoading)
            m_view->setReadFailure(message);
    });
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
    m_view->setReadFailure({});
    m_viewLoading = false;
    const quint64 request = ++m_request;
    m_library->worker()->viewAsked(request);
    if (spec.showsAlbumGrid()) {
        m_albumModel->load(spec.kind == ViewSpec::Kind::Artist ? spec.key : QString());
        updateEmptyState();
        updateViewTitle();
        return;
    }
    m_viewLoading = true;
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
