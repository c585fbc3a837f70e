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

// LibraryWorker's scans and folders: importing, rescanning what changed, watching the
// library's folders, taking folders and tracks out of the library and bringing them back.

namespace ekn {

void LibraryWorker::onScanFinished(const ScanSummary &s)
{
    if (m_finishedToIgnore > 0) {
        --m_finishedToIgnore;
        return;
    }
    QString message;
    if (!m_scanVisible && (!s.error.isEmpty() || !s.writeError.isEmpty())) {
        Q_EMIT failed(s.error.isEmpty() ? s.writeError : s.error);
    } else if (!m_scanVisible) {
        QStringList parts;
        if (s.added > 0)
            parts << tr("new tracks: %1").arg(s.added);
        if (s.changed + s.moved + s.restored > 0)
            parts << tr("changed: %1").arg(s.changed + s.moved + s.restored);
        if (s.missing > 0)
            parts << tr("files gone: %1").arg(s.missing);
        if (!parts.isEmpty() || s.returned > 0)
            Q_EMIT libraryRefreshed(parts.isEmpty() ? QString() : tr("Library updated from its folders (%1).").arg(parts.join(QStringLiteral(", "))));
    } else {
        if (!s.error.isEmpty())
            message = tr("The import stopped before changing anything: %1").arg(s.error);
        else if (!s.writeError.isEmpty())
            message = tr("The import could not store every track: %1").arg(s.writeError);
        else if (s.cancelled)
            message = tr("Import cancelled. Tracks added: %1.").arg(s.added);
        else if (s.found == 0 && s.failed == 0 && s.absentRoots.isEmpty() && s.refusedRoots.isEmpty())
            message = tr("No audio files found in what was dropped.");
        else if (!s.refusedRoots.isEmpty())
            message = tr("Not imported: %1 is not a music folder.").arg(s.refusedRoots.join(QStringLiteral(", ")));
        else if (!s.absentRoots.isEmpty() && s.found == 0)
            message = tr("Not found: %1").arg(s.absentRoots.join(QStringLiteral(", ")));
        else if (s.returned > 0)
            message = tr("Import finished. New tracks: %1; tracks back in the library: %2.").arg(s.added).arg(s.returned);
        else
            message = s.failed > 0 ? tr("Import finished. New tracks: %1; files that could not be read: %2.").arg(s.added).arg(s.failed)
                                   : tr("Import finished. New tracks: %1.").arg(s.added);
        Q_EMIT scanFinished(message, s.failed);
    }
    loadSidebar();
    watchRoots(); // an import may have added a folder
    if (!m_rescanAfter.isEmpty()) {
        const QStringList next = std::exchange(m_rescanAfter, {});
        const bool visible = std::exchange(m_rescanAfterVisible, false);
        beginScan(next, false, visible);
    }
}

// The library's folders; when they cannot be read the user is told, and nothing is watched or
// rescanned (an empty list is then "do nothing", never "the library has no folders").
QStringList LibraryWorker::libraryRoots()
{
    const Result<QStringList> roots = TrackStore(*m_db).libraryRoots();
    if (roots)
        return *roots;
    Q_EMIT failed(roots.error());
    return {};
}

void LibraryWorker::watchRoots()
{
    if (m_watcher && m_db)
        m_watcher->setRoots(libraryRoots());
}

bool LibraryWorker::beginScan(const QStringList &folders, bool addRoots, bool visible)
{
    m_scanVisible = visible;
    if (!(addRoots ? m_scanner->start(folders) : m_scanner->rescan(folders)))
        return false;
    if (visible)
        Q_EMIT scanStarted();
    return true;
}

// A quiet rescan gives way to what the user asked for, and runs again (over every folder)
// after it.
void LibraryWorker::stopQuietScan()
{
    m_scanner->cancel();
    m_scanner->wait();
    ++m_finishedToIgnore; // its finished() is queued already
    m_rescanAfter = libraryRoots();
}

void LibraryWorker::rescanFolders(const QStringList &folders, bool visible)
{
    if (!m_scanner || folders.isEmpty())
        return;
    if (m_scanner->isRunning()) {
        for (const QString &f : folders)
            if (!m_rescanAfter.contains(f))
                m_rescanAfter << f;
        m_rescanAfterVisible = m_rescanAfterVisible || visible;
        return;
    }
    beginScan(folders, false, visible);
}

void LibraryWorker::rescanAll(bool visible)
{
    if (m_db)
        rescanFolders(libraryRoots(), visible);
}

void LibraryWorker::startScan(const QStringList &paths)
{
    if (!m_scanner) {
        // The window already shows "Importing...": end it, and say why nothing came in.
        Q_EMIT scanFinished(tr("Nothing was imported: the library could not be opened: %1")
                                .arg(m_openError),
                            0);
        return;
    }
    // The scanner imports folders. Dropped audio files bring in the folder they are in (their
    // album, usually); anything else dropped on its own is not music.
    QStringList roots;
    int notAudio = 0;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        QString root;
        if (fi.isDir())
            root = fi.absoluteFilePath();
        else if (fi.isFile() && TagReader::isAudioFile(fi.fileName()))
            root = fi.absolutePath();
        else if (!fi.exists())
            root = fi.absoluteFilePath(); // the scanner reports it as not found
        else
            ++notAudio;
        if (!root.isEmpty() && !roots.contains(root))
            roots << root;
    }
    if (roots.isEmpty()) {
        Q_EMIT scanFinished(notAudio > 0 ? tr("No audio files in what was dropped (files that are not music: %1).").arg(notAudio)
                                         : tr("No audio files found in what was dropped."),
                            0);
        return;
    }
    if (m_scanner->isRunning() && !m_scanVisible)
        stopQuietScan();
    if (!beginScan(roots, true, true))
        Q_EMIT failed(tr("An import is already running; wait for it or cancel it first."));
}

void LibraryWorker::openPaths(const QStringList &paths)
{
    if (!m_db || !m_db->isOpen()) {
        Q_EMIT failed(tr("Nothing was opened: the library could not be opened: %1").arg(m_openError));
        return;
    }
    QStringList folders;
    QStringList ids;
    QStringList added;
    QStringList problems;
    for (const QString &path : paths) {
        const QFileInfo fi(path);
        if (fi.isDir()) {
            folders << fi.absoluteFilePath();
        } else if (fi.isFile() && PlaylistFile::isPlaylistFile(fi.fileName())) {
            importPlaylist(fi.absoluteFilePath());
        } else {
            TrackStore store(*m_db);
            const Result<int> before = store.trackCount();
            if (!before) {
                problems << before.error();
                continue;
            }
            const Result<QString> imported = importSingleFile(*m_db, fi.absoluteFilePath());
            if (!imported) {
                problems << imported.error();
                continue;
            }
            const QString &id = *imported;
            ids << id;
            const Result<int> after = store.trackCount();
            if (!after) // it was added; only whether it is new is unknown
                problems << after.error();
            else if (*after > *before)
                added << id;
        }
    }
    if (!folders.isEmpty())
        startScan(folders);
    if (!problems.isEmpty())
        Q_EMIT failed(tr("Not opened: %1").arg(problems.join(QStringLiteral("; "))));
    if (ids.isEmpty())
        return;
    TrackStore store(*m_db);
    if (!added.isEmpty()) {
        if (const std::optional<QList<Track>> tracks = readTracks(store, added))
            Q_EMIT tracksAdded(*tracks);
        loadSidebar();
    }
    if (const std::optional<QList<Track>> tracks = readTracks(store, ids))
        Q_EMIT openedTracks(*tracks);
}

void LibraryWorker::cancelScan()
{
    if (m_scanner)
        m_scanner->cancel();
}

void LibraryWorker::loadFolders()
{
    if (!m_db)
        return;
    const Result<QList<LibraryFolder>> list = LibraryFolders(*m_db).list();
    if (!list) {
        Q_EMIT failed(tr("The library's folders could not be read: %1").arg(list.error()));
        return;
    }
    Q_EMIT foldersLoaded(*list);
}

void LibraryWorker::removeFolder(const QString &path)
{
    if (!m_db)
        return;
    if (m_scanner && m_scanner->isRunning()) {
        if (m_scanVisible) {
            Q_EMIT failed(tr("A scan is running; wait for it or cancel it, then remove the folder."));
            return;
        }
        stopQuietScan();
    }
    const Result<QStringList> ids = LibraryFolders(*m_db).remove(path);
    if (!ids) {
        Q_EMIT failed(tr("The folder was not removed: %1").arg(ids.error()));
        return;
    }
    m_rescanAfter.removeAll(LibraryFolders::normalized(path));
    watchRoots();
    if (!m_rescanAfter.isEmpty() && !m_scanner->isRunning()) // the quiet rescan it stopped
        beginScan(std::exchange(m_rescanAfter, {}), false, std::exchange(m_rescanAfterVisible, false));
    Q_EMIT tracksRemoved(tr("Removed %1 from the library (%2 tracks). Add the folder again to bring them back "
                            "with their edits and playlist places.")
                             .arg(QDir::toNativeSeparators(path))
                             .arg(ids->size()));
    loadFolders();
    loadSidebar();
}

void LibraryWorker::removeTracks(const QStringList &trackIds)
{
    if (!m_db)
        return;
    const Result<QStringList> ids = LibraryFolders(*m_db).removeTracks(trackIds);
    if (!ids) {
        Q_EMIT failed(tr("The tracks were not removed: %1").arg(ids.error()));
        return;
    }
    if (!ids->isEmpty()) {
        UndoStep step;
        step.kind = UndoStep::Kind::LibraryRemove;
        step.trackIds = *ids;
        pushUndo(std::move(step));
    }
    Q_EMIT tracksRemoved(tr("Removed %1 tracks from the library. Ctrl+Z, or adding their folder again, brings "
                            "them back.").arg(ids->size()));
    loadSidebar();
}

void LibraryWorker::restoreTracks(const QStringList &trackIds)
{
    if (!m_db)
        return;
    const Result<QStringList> ids = LibraryFolders(*m_db).restoreTracks(trackIds);
    if (!ids) {
        Q_EMIT failed(tr("The tracks were not brought back: %1").arg(ids.error()));
        return;
    }
    Q_EMIT tracksRestored(*ids);
    loadSidebar();
}

void LibraryWorker::loadScanErrors()
{
    if (!m_db)
        return;
    const Result<QList<ScanError>> errors = TrackStore(*m_db).scanErrors();
    if (!errors)
        return readFailed(errors.error());
    Q_EMIT scanErrorsLoaded(*errors);
}

void LibraryWorker::mergeDuplicates()
{
    if (!m_db)
        return;
    const Result<MergeReport> report = TrackMerger(*m_db).mergeDuplicates();
    if (!report) {
        Q_EMIT failed(tr("Cannot merge duplicate tracks: %1").arg(report.error()));
        return;
    }
    if (report->groups.isEmpty()) {
        Q_EMIT info(tr("No duplicate tracks found."));
        return;
    }
    QStringList kept;
    QStringList merged;
    for (const MergedGroup &g : report->groups) {
        kept << g.survivorId;
        merged << g.mergedIds;
    }
    Q_EMIT duplicatesMerged(kept, merged);
    Q_EMIT info(report->conflicts > 0 ? tr("Duplicate tracks merged: %1. Edits that lost: %2 (Edit > Sync Conflicts).")
                                            .arg(report->tracksMerged())
                                            .arg(report->conflicts)
                                      : tr("Duplicate tracks merged: %1.").arg(report->tracksMerged()));
}

} // namespace ekn
