#pragma once

#include "library/library.h"
#include "scan/scan.h"
#include "viewspec.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <optional>
#include <memory>

namespace ekn {

class FolderScanner;
class FolderWatcher;
class LibraryDatabase;

// The UI's hands on the library. Lives on its own QThread (LibraryService makes it) with its
// own QSqlDatabase connection: every query, edit, scan start and playlist file read happens
// here, and results go back to the GUI by queued signals. Its methods must only run on that
// thread (LibraryService::post does that).
class LibraryWorker : public QObject
{
    Q_OBJECT
public:
    explicit LibraryWorker(QString dataDir, QObject *parent = nullptr);
    ~LibraryWorker() override;

    void open();
    // The library thread's connection (null until open() succeeded), for work posted to this
    // thread by other parts of the UI (the sync controller's conflict log and refreshes).
    LibraryDatabase *database() const { return m_db.get(); }
    void loadView(quint64 request, const ekn::ViewSpec &spec);
    // Called on the GUI thread (any thread) the moment a view is asked for, before its
    // loadView() is posted: a view still being read for an older request stops, so a search
    // typed while the whole library streams in does not wait for the stream to end.
    void viewAsked(quint64 request) { m_newestView.store(request, std::memory_order_relaxed); }
    // The next page of a library search's results, from `offset` in its list of matches.
    void loadMore(quint64 request, const ekn::ViewSpec &spec, int offset);
    void loadSidebar();
    void loadScanErrors();

    // Applies the edit to every track and keeps their previous values on the undo stack.
    // With writeFiles, the changed fields are also written into the files (only those).
    void editTracks(const QStringList &ids, const ekn::TrackEdit &edit, bool writeFiles = false);
    // The player counted a play (at `at`) or a skip of a track; the track's row follows
    // (tracksUpdated). A track that is not in the library (a file opened from elsewhere) is
    // not counted.
    void recordPlay(const QString &trackId, const QDateTime &at, bool play);
    // Takes back the newest undoable change (tag edit, deleted playlist, tracks removed from
    // the library or from a playlist): the one undo stack of the app (UndoHistory).
    void undo();
    // Tracks that are the same audio become one (TrackMerger): info() says how many,
    // duplicatesMerged() names them so views reload.
    void mergeDuplicates();

    void createPlaylist(const QString &name, const QStringList &trackIds);
    void renamePlaylist(const QString &playlistId, const QString &name);
    // A smart playlist (its tracks are the rule's, worked out whenever it is shown), or a new
    // rule for one; smartPlaylistSaved names it.
    void createSmartPlaylist(const QString &name, const ekn::SmartRule &rule);
    void editSmartPlaylist(const QString &playlistId, const QString &name, const ekn::SmartRule &rule);
    void removePlaylist(const QString &playlistId);
    void restorePlaylist(const QString &playlistId);
    void addToPlaylist(const QString &playlistId, const QStringList &trackIds, int position);
    // Moves the entries at `positions` so that they sit together before the entry at `before`
    // (count = end), keeping their order.
    void moveInPlaylist(const QString &playlistId, QList<int> positions, int before);
    void removeFromPlaylist(const QString &playlistId, QList<int> positions);
    void importPlaylist(const QString &filePath);
    void exportPlaylist(const QString &playlistId, const QString &filePath);

    void startScan(const QStringList &paths);
    void cancelScan();

    // The library's folders (Manage Folders). A rescan re-reads folders already in the
    // library; `visible` shows it like an import (progress, Cancel), otherwise it runs quietly
    // (a changed folder, the check at start) and says only what changed. A rescan asked for
    // while a scan runs follows it.
    void loadFolders();
    void removeFolder(const QString &path);
    void rescanFolders(const QStringList &folders, bool visible);
    void rescanAll(bool visible);
    // Remove from Library and its undo (the same soft delete as a removed folder).
    void removeTracks(const QStringList &trackIds);
    void restoreTracks(const QStringList &trackIds);
    FolderWatcher *watcher() const { return m_watcher.get(); }

    // What "Open With" or a second launch hands over: audio files are added one by one (never
    // their whole folder) and then played (openedTracks), playlist files are
    // imported (.m3u, .m3u8, .xspf, .pls), folders become library folders.
    void openPaths(const QStringList &paths);

    // The tracks (live ones, in the given order), or nothing when they cannot be read: then
    // failed() has said why, and the caller stops rather than show them as gone.
    std::optional<QList<Track>> readTracks(TrackStore &store, const QStringList &ids);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void viewBatch(quint64 request, const QList<ekn::Track> &tracks, bool last);
    // Before the batches: how many rows the view will get (room is reserved at once)...
    void viewSize(quint64 request, int rows);
    // ... or, for a search shown page by page, how many matches there are in all.
    void viewTotal(quint64 request, int total);
    void viewPage(quint64 request, const QList<ekn::Track> &tracks, int nextOffset);
    void sidebarLoaded(const ekn::SidebarData &data);
    void tracksAdded(const QList<ekn::Track> &tracks);
    void tracksUpdated(const QList<ekn::Track> &tracks);
    void editFinished(bool ok, const QString &message);
    // Whether Edit > Undo has something to take back (after every push and undo).
    void undoAvailable(bool available);
    void playlistChanged(const QString &playlistId);
    void smartPlaylistSaved(const QString &playlistId);
    void scanStarted();
    void scanProgress(int found, int done, const QString &folder);
    void scanFinished(const QString &message, int failed);
    void scanErrorsLoaded(const QList<ekn::ScanError> &errors);
    void duplicatesMerged(const QStringList &keptIds, const QStringList &mergedIds);
    void foldersLoaded(const QList<ekn::LibraryFolder> &folders);
    // Tracks left the library (a folder removed, Remove from Library) or came back.
    void tracksRemoved(const QString &message);
    void tracksRestored(const QStringList &ids);
    // A quiet rescan changed the library: rows may have come or gone.
    void libraryRefreshed(const QString &message);
    // Changes in the folders are no longer noticed at once (out of watches): why.
    void watchingLimited(const QString &reason);
    // The audio files of openPaths(), in the library now, to be played in this order.
    void openedTracks(const QList<ekn::Track> &tracks);
    // Something the user asked for went wrong: one readable line.
    void failed(const QString &message);
    void info(const QString &message);

private:
    // A read of the library failed: the window shows why (failed()) and what the read was for
    // stops; nothing is shown as if the library were empty.
    void readFailed(const QString &error);
    void onScanFinished(const ScanSummary &summary);
    bool beginScan(const QStringList &folders, bool addRoots, bool visible);
    void watchRoots();
    QStringList libraryRoots();
    void stopQuietScan();
    Result<QList<Track>> viewTracks(const ViewSpec &spec, TrackStore &store) const;
    void loadLibrary(quint64 request, TrackStore &store);
    void loadSearchPage(quint64 request, const QString &search, TrackStore &store);

    QString m_dataDir;
    std::atomic<quint64> m_newestView{0};
    bool isStale(quint64 request) const { return request < m_newestView.load(std::memory_order_relaxed); }
    // The matches of the last search shown page by page, best first (filled on the first
    // fetchMore: typing never waits for the full list).
    QString m_pagedSearch;
    QList<qint64> m_pagedRowids;
    std::unique_ptr<LibraryDatabase> m_db;
    QString m_openError; // why m_db could not be opened (said again by the steps that need it)
    std::unique_ptr<FolderScanner> m_scanner;
    std::unique_ptr<FolderWatcher> m_watcher;
    QStringList m_rescanAfter;     // changed folders that wait for the running scan
    bool m_rescanAfterVisible = false;
    bool m_scanVisible = true;     // the running scan shows progress (an import)
    int m_finishedToIgnore = 0;    // quiet rescans cancelled for an import
    UndoHistory m_history;
    void pushUndo(UndoStep step);
    void undoEdit(const UndoStep &step);
    void restorePlaylistEntries(const QString &playlistId, const QList<QPair<int, QString>> &entries);
    // Writes the edited fields of each track (as they are now in the library) into its file;
    // returns a message about the files that could not be written (empty when all were).
    QString writeToFiles(const QList<Track> &tracks, const TrackEdit &edit);
};

} // namespace ekn
