#include "libraryworker.h"

#include "playlist/playlist.h"
#include "tags/tags.h"
#include "scan/fileimport.h"
#include "scan/folderwatcher.h"

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>

// LibraryWorker itself: opening the library, tag edits and the undo stack, plays counted.
// Its other jobs live next to it: libraryworkerviews.cpp (what the window shows),
// libraryworkerfolders.cpp (scans and folders), libraryworkerplaylists.cpp (playlists).

namespace ekn {

LibraryWorker::LibraryWorker(QString dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(std::move(dataDir))
{
}

LibraryWorker::~LibraryWorker()
{
    // The scanner refers to the database: stop it first.
    m_scanner.reset();
}

void LibraryWorker::open()
{
    QDir().mkpath(m_dataDir);
    m_db = std::make_unique<LibraryDatabase>(LibraryDatabase::fileNameIn(m_dataDir));
    if (!m_db->open()) {
        Q_EMIT opened(false, m_db->errorString());
        return;
    }
    m_scanner = std::make_unique<FolderScanner>(*m_db);
    connect(m_scanner.get(), &FolderScanner::progress, this, [this](int found, int done, const QString &folder) {
        if (m_scanVisible) // a quiet rescan shows no progress bar (and has no end for one)
            Q_EMIT scanProgress(found, done, folder);
    });
    connect(m_scanner.get(), &FolderScanner::tracksAdded, this, [this](const QStringList &ids) {
        TrackStore store(*m_db);
        Q_EMIT tracksAdded(store.tracks(ids));
    });
    connect(m_scanner.get(), &FolderScanner::tracksChanged, this, [this](const QStringList &ids) {
        TrackStore store(*m_db);
        Q_EMIT tracksUpdated(store.tracks(ids));
    });
    connect(m_scanner.get(), &FolderScanner::finished, this, &LibraryWorker::onScanFinished);
    m_watcher = std::make_unique<FolderWatcher>();
    connect(m_watcher.get(), &FolderWatcher::foldersChanged, this,
            [this](const QStringList &folders) { rescanFolders(folders, false); });
    connect(m_watcher.get(), &FolderWatcher::pollingStarted, this, &LibraryWorker::watchingLimited);
    Q_EMIT opened(true, QString());
    // Files may have come, changed or gone while the app was closed.
    watchRoots();
    rescanAll(false);
}

QString LibraryWorker::writeToFiles(const QList<Track> &tracks, const TrackEdit &edit)
{
    const FileWriteReport report = writeEditToFiles(tracks, edit);
    if (report.failed == 0)
        return {};
    return report.failed == 1 ? tr("Saved in the library, but one file could not be written (%1).").arg(report.firstFailure)
                              : tr("Saved in the library, but %1 files could not be written (first: %2).").arg(report.failed).arg(report.firstFailure);
}

void LibraryWorker::recordPlay(const QString &trackId, const QDateTime &at, bool play)
{
    if (!m_db)
        return;
    TrackStore store(*m_db);
    if (!store.track(trackId))
        return;
    const Result<bool> r = play ? PlayTallies::recordPlay(*m_db, trackId, at) : PlayTallies::recordSkip(*m_db, trackId);
    if (!r) {
        Q_EMIT failed(tr("Could not count the play of a track: %1").arg(r.error()));
        return;
    }
    Q_EMIT tracksUpdated(store.tracks({trackId}));
}

void LibraryWorker::editTracks(const QStringList &ids, const TrackEdit &edit, bool writeFiles)
{
    if (!m_db || edit.isEmpty())
        return;
    TrackStore store(*m_db);
    const QList<Track> before = store.tracks(ids);
    QString failure;
    for (const Track &t : before) {
        if (!store.updateTrack(t.id, edit)) {
            failure = store.errorString();
            break;
        }
    }
    const QList<Track> after = store.tracks(ids);
    if (!failure.isEmpty()) {
        Q_EMIT editFinished(false, tr("Could not save the changes: %1").arg(failure));
    } else {
        UndoStep step;
        step.kind = UndoStep::Kind::TagEdit;
        step.before = before;
        step.edit = edit;
        step.wroteFiles = writeFiles;
        pushUndo(std::move(step));
        const QString fileProblem = writeFiles ? writeToFiles(after, edit) : QString();
        if (!fileProblem.isEmpty())
            Q_EMIT editFinished(true, fileProblem);
        else if (writeFiles)
            Q_EMIT editFinished(true, tr("Changes saved in the library and the files. Tracks changed: %1.").arg(before.size()));
        else
            Q_EMIT editFinished(true, tr("Changes saved. Tracks changed: %1.").arg(before.size()));
    }
    Q_EMIT tracksUpdated(after);
    loadSidebar();
}

void LibraryWorker::pushUndo(UndoStep step)
{
    m_history.push(std::move(step));
    Q_EMIT undoAvailable(true);
}

void LibraryWorker::undo()
{
    std::optional<UndoStep> step = m_db ? m_history.takeLast() : std::nullopt;
    if (!step) {
        Q_EMIT info(tr("Nothing to undo."));
        return;
    }
    Q_EMIT undoAvailable(!m_history.isEmpty());
    switch (step->kind) {
    case UndoStep::Kind::TagEdit: return undoEdit(*step);
    case UndoStep::Kind::PlaylistDelete: return restorePlaylist(step->playlistId);
    case UndoStep::Kind::LibraryRemove: return restoreTracks(step->trackIds);
    case UndoStep::Kind::PlaylistEntries: return restorePlaylistEntries(step->playlistId, step->entries);
    }
}

void LibraryWorker::undoEdit(const UndoStep &step)
{
    TrackStore store(*m_db);
    QStringList ids;
    for (const Track &t : step.before) {
        store.updateTrack(t.id, inverseOf(t, step.edit));
        ids << t.id;
    }
    const QList<Track> restored = store.tracks(ids);
    // The files got the edit too: they get the old values back.
    const QString fileProblem = step.wroteFiles ? writeToFiles(restored, step.edit) : QString();
    Q_EMIT tracksUpdated(restored);
    Q_EMIT editFinished(true, fileProblem.isEmpty() ? tr("Last edit undone. Tracks restored: %1.").arg(ids.size()) : fileProblem);
    loadSidebar();
}

} // namespace ekn
