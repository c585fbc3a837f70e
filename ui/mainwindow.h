#pragma once

#include "library/albumstore.h"
#include "viewspec.h"

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTimer;
class QAction;
class QSplitter;

namespace ekn {

class AlbumGrid;
class AlbumModel;
class EmptyState;
class FolderActions;
class LibraryService;
class ListeningActions;
class Player;
class PlaybackController;
class PlayerBar;
class PlaylistActions;
class SharedPlaylistActions;
class ScanErrorsDialog;
class Sidebar;
class StatusArea;
class SyncController;
class TrackModel;
class TrackView;
class ViewHeader;

// The main window is a frame: it wires the sidebar, the track view, the player bar and the
// status bar to the library thread and the player, and owns none of their logic.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // dataDir: where the library lives (empty: LibraryDatabase::defaultDataDir()).
    explicit MainWindow(const QString &dataDir = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Parts, for tests and for the benchmark.
    TrackModel *trackModel() const { return m_model; }
    TrackView *trackView() const { return m_view; }
    AlbumGrid *albumGrid() const { return m_albumGrid; }
    bool isShowingAlbumGrid() const;
    Sidebar *sidebar() const { return m_sidebar; }
    QLineEdit *searchBox() const;
    Player *player() const { return m_player; }
    StatusArea *statusArea() const { return m_status; }
    PlaybackController *playback() const { return m_playback; }
    FolderActions *folders() const { return m_folders; }
    LibraryService *library() const { return m_library; }
    SyncController *sync() const { return m_sync; }
    SharedPlaylistActions *sharedPlaylists() const { return m_shared; }
    bool isShowingEmptyState() const;

    // Imports folders or files (what a drop or File > Add Folder does).
    void importPaths(const QStringList &paths);
    // What "Open With" or a second launch hands over (absolute paths): audio files are added
    // one by one and played, playlists imported, folders added. Raises the window.
    void openPaths(const QStringList &paths);
    // Opens the tag editor on the selection (non-modal; returns the dialog).
    class TagEditorDialog *editSelectedTags();

Q_SIGNALS:
    // The track view finished loading what was last asked for.
    void viewLoaded(int rows);
    void libraryOpened(bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildListsAndHelpMenus();
    void connectLibrary();
    void connectOpenAndUndo();
    void requestView(const ViewSpec &spec);
    void reloadView();
    void updateEmptyState();
    void updateViewTitle();
    void playRow(int row);
    // Lists an album of the grid in disc and track order (a double-click there plays from it).
    void openAlbum(const Album &album);
    void showTrackMenu(const QPoint &globalPos);
    void deleteSelection();
    void undo();
    void chooseFolder();
    void showScanErrors();
    void showAbout();
    // After a sync pulled changes: reload the view only when its rows may have come or gone,
    // keeping the selection and scroll position.
    void refreshAfterSync(const QStringList &changed, const QStringList &gone, const QStringList &playlists);
    void deletePlaylist(const QString &playlistId);
    // Reloads the view, keeping the selection and scroll position.
    void reloadKeepingPlace();
    // A smart playlist shown now: its tracks follow every library change.
    bool showsSmartPlaylist() const;
    void connectSmartPlaylistRefresh();
    // The constructor's steps: make the parts, lay them out, connect them.
    void createParts();
    void buildLayout();
    void connectParts();
    void saveSettings() const;
    void restoreSettings();

    QString m_dataDir;
    LibraryService *m_library = nullptr;
    Player *m_player = nullptr;
    TrackModel *m_model = nullptr;
    TrackView *m_view = nullptr;
    AlbumModel *m_albumModel = nullptr;
    AlbumGrid *m_albumGrid = nullptr;
    Sidebar *m_sidebar = nullptr;
    PlayerBar *m_playerBar = nullptr;
    PlaybackController *m_playback = nullptr;
    ListeningActions *m_listening = nullptr;
    StatusArea *m_status = nullptr;
    EmptyState *m_empty = nullptr;
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_splitter = nullptr;
    ViewHeader *m_header = nullptr;
    QAction *m_undoAction = nullptr;
    SyncController *m_sync = nullptr;
    PlaylistActions *m_playlists = nullptr;
    SharedPlaylistActions *m_shared = nullptr;
    FolderActions *m_folders = nullptr;
    QStringList m_keepSelection; // track ids to select again once a reload arrives
    int m_keepScroll = -1;
    quint64 m_keepRequest = 0;
    QPointer<ScanErrorsDialog> m_scanErrors;
    ViewSpec m_spec;
    quint64 m_request = 0;
    bool m_viewLoading = false; // a view was asked for and has not arrived: a read failure is its
    int m_libraryTracks = -1; // unknown until the sidebar data arrives
};

} // namespace ekn
