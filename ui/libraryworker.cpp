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

void LibraryWorker::readFailed(const QString &error)
{
    // Core's sentence ("cannot read the library's tracks: disk I/O error") as a line of its own.
    QString line = error;
    if (!line.isEmpty())
        line[0] = line[0].toUpper();
    Q_EMIT failed(line);
}

std::optional<QList<Track>> LibraryWorker::readTracks(TrackStore &store, const QStringList &ids)
{
    Result<QList<Track>> tracks = store.tracks(ids);
    if (!tracks) {
        readFailed(tracks.error());
        return std::nullopt;
    }
    return std::move(tracks).value();
}

void LibraryWorker::open()
{
    QDir().mkpath(m_dataDir);
    m_db = std::make_unique<LibraryDatabase>(LibraryDatabase::fileNameIn(m_dataDir));
    m_openError.clear();
    if (const Status ready = m_db->open(); !ready) {
        m_openError = ready.error();
        Q_EMIT opened(false, m_openError);
        return;
    }
    m_scanner = std::make_unique<FolderScanner>(*m_db);
    connect(m_scanner.get(), &FolderScanner::progress, this, [this](int found, int done, const QString &folder) {
        if (m_scanVisible) // a quiet rescan shows no progress bar (and has no end for one)
            Q_EMIT scanProgress(found, done, folder);
    });
    connect(m_scanner.get(), &FolderScanner::tracksAdded, this, [this](const QStringList &ids) {
        TrackStore store(*m_db);
        if (const std::optional<QList<Track>> tracks = readTracks(store, ids))
            Q_EMIT tracksAdded(*tracks);
    });
    connect(m_scanner.get(), &FolderScanner::tracksChanged, this, [this](const QStringList &ids) {
        TrackStore store(*m_db);
        if (const std::optional<QList<Track>> tracks = readTracks(store, ids))
            Q_EMIT tracksUpdated(*tracks);
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
    const Result<std::optional<Track>> known = store.track(trackId);
    if (!known) {
        readFailed(known.error());
        return;
    }
    if (!*known)
        return;
    const Result<bool> r = play ? PlayTallies::recordPlay(*m_db, trackId, at) : PlayTallies::recordSkip(*m_db, trackId);
    if (!r) {
        Q_EMIT failed(tr("Could not count the play of a track: %1").arg(r.error()));
        return;
    }
    if (const std::optional<QList<Track>> tracks = readTracks(store, {trackId}))
        Q_EMIT tracksUpdated(*tracks);
}

void LibraryWorker::editTracks(const QStringList &ids, const TrackEdit &edit, bool writeFiles)
{
    if (!m_db || edit.isEmpty())
        return;
    TrackStore store(*m_db);
    const Result<QList<Track>> read = store.tracks(ids);
    if (!read) { // without the values before, the edit could not be undone: not made
        Q_EMIT editFinished(false, tr("Could not save the changes: %1").arg(read.error()));
        return;
    }
    const QList<Track> &before = *read;
    QString failure;
    for (const Track &t : before) {
        if (const Status saved = store.updateTrack(t.id, edit); !saved) {
            failure = saved.error();
            break;
        }
    }
    const std::optional<QList<Track>> reread = readTracks(store, ids);
    if (!reread)
        return;
    const QList<Track> &after = *reread;
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
    QString failure;
    for (const Track &t : step.before) {
        if (const Status undone = store.updateTrack(t.id, inverseOf(t, step.edit)); !undone && failure.isEmpty())
            failure = undone.error();
        ids << t.id;
    }
    const std::optional<QList<Track>> reread = readTracks(store, ids);
    if (!reread)
        return;
    const QList<Track> &restored = *reread;
    if (!failure.isEmpty()) {
        Q_EMIT tracksUpdated(restored);
        Q_EMIT editFinished(false, tr("Could not save the changes: %1").arg(failure));
        return;
    }
    // The files got the edit too: they get the old values back.
    const QString fileProblem = step.wroteFiles ? writeToFiles(restored, step.edit) : QString();
    Q_EMIT tracksUpdated(restored);
    Q_EMIT editFinished(true, fileProblem.isEmpty() ? tr("Last edit undone. Tracks restored: %1.").arg(ids.size()) : fileProblem);
    loadSidebar();
}

} // namespace ekn
