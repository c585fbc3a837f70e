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

// LibraryWorker's playlist jobs: create (ordinary and smart), rename, delete and restore,
// entries added, moved and removed (with undo), playlist files imported and exported.

namespace ekn {

void LibraryWorker::createPlaylist(const QString &name, const QStringList &trackIds)
{
    if (!m_db)
        return;
    PlaylistStore store(*m_db);
    const Result<QString> id = store.create(name);
    if (!id) {
        Q_EMIT failed(tr("Could not create the playlist: %1").arg(id.error()));
        return;
    }
    if (!trackIds.isEmpty())
        if (const Result<int> added = store.addTracks(*id, trackIds); !added)
            Q_EMIT failed(tr("Could not add the tracks: %1").arg(added.error()));
    loadSidebar();
}

void LibraryWorker::createSmartPlaylist(const QString &name, const SmartRule &rule)
{
    if (!m_db)
        return;
    PlaylistStore store(*m_db);
    const Result<QString> id = store.createSmart(name, rule);
    if (!id) {
        Q_EMIT failed(tr("Could not create the smart playlist: %1").arg(id.error()));
        return;
    }
    loadSidebar();
    Q_EMIT smartPlaylistSaved(*id);
}

void LibraryWorker::editSmartPlaylist(const QString &playlistId, const QString &name, const SmartRule &rule)
{
    if (!m_db)
        return;
    PlaylistStore store(*m_db);
    const Result<std::optional<Playlist>> read = store.playlist(playlistId);
    if (!read) {
        Q_EMIT failed(tr("Could not change the smart playlist: %1").arg(read.error()));
        return;
    }
    const std::optional<Playlist> &p = *read;
    Status changed = store.setSmartRule(playlistId, rule);
    if (changed && p && p->name != name)
        changed = store.rename(playlistId, name);
    if (!changed) {
        Q_EMIT failed(tr("Could not change the smart playlist: %1").arg(changed.error()));
        return;
    }
    loadSidebar();
    Q_EMIT playlistChanged(playlistId);
    Q_EMIT smartPlaylistSaved(playlistId);
}

void LibraryWorker::renamePlaylist(const QString &playlistId, const QString &name)
{
    PlaylistStore store(*m_db);
    if (const Status renamed = store.rename(playlistId, name); !renamed)
        Q_EMIT failed(tr("Could not rename the playlist: %1").arg(renamed.error()));
    loadSidebar();
}

void LibraryWorker::removePlaylist(const QString &playlistId)
{
    PlaylistStore store(*m_db);
    if (const Status removed = store.remove(playlistId); !removed) {
        Q_EMIT failed(tr("Could not delete the playlist: %1").arg(removed.error()));
    } else {
        UndoStep step;
        step.kind = UndoStep::Kind::PlaylistDelete;
        step.playlistId = playlistId;
        pushUndo(std::move(step));
    }
    loadSidebar();
}

void LibraryWorker::restorePlaylist(const QString &playlistId)
{
    PlaylistStore store(*m_db);
    if (const Status restored = store.restore(playlistId); !restored)
        Q_EMIT failed(tr("Could not restore the playlist: %1").arg(restored.error()));
    loadSidebar();
}

void LibraryWorker::addToPlaylist(const QString &playlistId, const QStringList &trackIds, int position)
{
    PlaylistStore store(*m_db);
    const Result<int> result = store.addTracks(playlistId, trackIds, position);
    if (!result) {
        Q_EMIT failed(tr("Could not add the tracks: %1").arg(result.error()));
        return;
    }
    const int added = *result;
    const Result<std::optional<Playlist>> p = store.playlist(playlistId);
    // Added either way: a name that cannot be read only leaves the message without it.
    const QString name = p && *p ? (*p)->name : QString();
    if (added < trackIds.size())
        Q_EMIT info(tr("Added %1 of %2 tracks to \u201c%3\u201d (the others were already in it).")
                        .arg(added)
                        .arg(trackIds.size())
                        .arg(name));
    else
        Q_EMIT info(tr("Tracks added to \u201c%1\u201d: %2.").arg(name).arg(added));
    Q_EMIT playlistChanged(playlistId);
    loadSidebar();
}

void LibraryWorker::moveInPlaylist(const QString &playlistId, QList<int> positions, int before)
{
    PlaylistStore store(*m_db);
    const Result<QList<PlaylistEntry>> entries = store.entries(playlistId);
    if (!entries) {
        Q_EMIT failed(tr("Could not reorder the playlist: %1").arg(entries.error()));
        return;
    }
    const int count = int(entries->size());
    const QList<PlaylistMove> moves = playlistMoves(count, std::move(positions), before);
    for (const PlaylistMove &m : moves) {
        if (const Status moved = store.moveEntry(playlistId, m.from, m.to); !moved) {
            Q_EMIT failed(tr("Could not reorder the playlist: %1").arg(moved.error()));
            break;
        }
    }
    Q_EMIT playlistChanged(playlistId);
}

void LibraryWorker::removeFromPlaylist(const QString &playlistId, QList<int> positions)
{
    PlaylistStore store(*m_db);
    std::sort(positions.begin(), positions.end(), std::greater<>());
    const Result<QList<PlaylistEntry>> read = store.entries(playlistId);
    if (!read)
        return readFailed(read.error());
    const QList<PlaylistEntry> &before = *read;
    QList<QPair<int, QString>> removed;
    for (int p : std::as_const(positions)) {
        if (p < 0 || p >= before.size())
            continue;
        // A failed removal stops here: the ones removed so far stay removed (and undoable).
        if (const Status gone = store.removeEntry(playlistId, p); !gone) {
            Q_EMIT failed(tr("Could not remove the tracks from the playlist: %1").arg(gone.error()));
            break;
        }
        removed.prepend({p, before.at(p).track.id});
    }
    if (!removed.isEmpty())
        Q_EMIT info(tr("Removed from the playlist: %1. Ctrl+Z puts them back.").arg(removed.size()));
    if (!removed.isEmpty()) {
        UndoStep step;
        step.kind = UndoStep::Kind::PlaylistEntries;
        step.playlistId = playlistId;
        step.entries = removed;
        pushUndo(std::move(step));
    }
    Q_EMIT playlistChanged(playlistId);
    loadSidebar();
}

void LibraryWorker::restorePlaylistEntries(const QString &playlistId, const QList<QPair<int, QString>> &entries)
{
    PlaylistStore store(*m_db);
    int restored = 0;
    for (const auto &[position, trackId] : entries) { // ascending: each lands where it was
        const Result<int> added = store.addTracks(playlistId, {trackId}, position);
        if (!added) {
            Q_EMIT failed(tr("Could not add the tracks: %1").arg(added.error()));
            break;
        }
        restored += *added;
    }
    Q_EMIT info(tr("Back in the playlist: %1.").arg(restored));
    Q_EMIT playlistChanged(playlistId);
    loadSidebar();
}

void LibraryWorker::importPlaylist(const QString &filePath)
{
    const Result<PlaylistTransfer::Imported> imported = PlaylistTransfer(*m_db).importFile(filePath);
    if (!imported) {
        Q_EMIT failed(imported.error());
        return;
    }
    if (imported->skipped > 0)
        Q_EMIT info(tr("Imported \u201c%1\u201d: %2 tracks; %3 not in the library were skipped.")
                        .arg(imported->name)
                        .arg(imported->tracks)
                        .arg(imported->skipped));
    else
        Q_EMIT info(tr("Imported \u201c%1\u201d. Tracks: %2.").arg(imported->name).arg(imported->tracks));
    loadSidebar();
}

void LibraryWorker::exportPlaylist(const QString &playlistId, const QString &filePath)
{
    const Result<QString> name = PlaylistTransfer(*m_db).exportFile(playlistId, filePath);
    if (!name)
        Q_EMIT failed(name.error());
    else
        Q_EMIT info(tr("Exported \u201c%1\u201d to %2.").arg(*name, QDir::toNativeSeparators(filePath)));
}

} // namespace ekn
