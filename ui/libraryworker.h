#pragma once

#include "library/library.h"
#include "scan/scan.h"
#include "viewspec.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace ekn {

class FolderScanner;
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
    // The next page of a library search's results, from `offset` in its list of matches.
    void loadMore(quint64 request, const ekn::ViewSpec &spec, int offset);
    void loadSidebar();
    void loadScanErrors();

    // Applies the edit to every track and remembers their previous values for undoLastEdit().
    // With writeFiles, the changed fields are also written into the files (only those).
    void editTracks(const QStringList &ids, const ekn::TrackEdit &edit, bool writeFiles = false);
    void undoLastEdit();
    // Tracks that are the same audio become one (TrackMerger): info() says how many,
    // duplicatesMerged() names them so views reload.
    void mergeDuplicates();

    void createPlaylist(const QString &name, const QStringList &trackIds);
    void renamePlaylist(const QString &playlistId, const QString &name);
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
    void editFinished(bool ok, const QString &message, bool canUndo);
    void playlistChanged(const QString &playlistId);
    void scanStarted();
    void scanProgress(int found, int done, const QString &folder);
    void scanFinished(const QString &message, int failed);
    void scanErrorsLoaded(const QList<ekn::ScanError> &errors);
    void duplicatesMerged(const QStringList &keptIds, const QStringList &mergedIds);
    // Something the user asked for went wrong: one readable line.
    void failed(const QString &message);
    void info(const QString &message);

private:
    QList<Track> viewTracks(const ViewSpec &spec, TrackStore &store) const;

    QString m_dataDir;
    // The matches of the last search shown page by page, best first (filled on the first
    // fetchMore: typing never waits for the full list).
    QString m_pagedSearch;
    QList<qint64> m_pagedRowids;
    std::unique_ptr<LibraryDatabase> m_db;
    std::unique_ptr<FolderScanner> m_scanner;
    // The tracks as they were before the last edit, for undo.
    QList<Track> m_undo;
    TrackEdit m_lastEdit;
    bool m_lastWroteFiles = false;
    // Writes the edited fields of each track (as they are now in the library) into its file;
    // returns a message about the files that could not be written (empty when all were).
    QString writeToFiles(const QList<Track> &tracks, const TrackEdit &edit);
};

} // namespace ekn
