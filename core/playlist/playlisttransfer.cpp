#include "playlisttransfer.h"

#include "library/playliststore.h"
#include "library/trackstore.h"
#include "playlist/playlistfile.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

namespace ekn {

PlaylistTransfer::PlaylistTransfer(const LibraryDatabase &db) : m_db(db) {}

Result<PlaylistTransfer::Imported> PlaylistTransfer::importFile(const QString &filePath,
                                                                const QString &name) const
{
    const Result<PlaylistFile::Contents> file = PlaylistFile::read(filePath);
    if (!file)
        return Failure{file.error()};
    QHash<QString, QString> idByPath;
    const Result<QList<Track>> all = TrackStore(m_db).allTracks();
    if (!all) // every entry would look missing from the library
        return Failure{all.error()};
    for (const Track &t : *all)
        idByPath.insert(QDir::cleanPath(t.filePath), t.id);
    Imported imported;
    imported.name = name.trimmed().isEmpty() ? file->name : name.trimmed();
    QStringList ids;
    for (const PlaylistFile::Entry &e : file->entries) {
        const QString id = idByPath.value(QFileInfo(e.path).absoluteFilePath());
        if (id.isEmpty())
            ++imported.skipped;
        else
            ids << id;
    }
    imported.tracks = int(ids.size());
    PlaylistStore store(m_db);
    const Result<QString> created = store.create(imported.name);
    if (!created)
        return Failure{tr("Could not create the playlist: %1").arg(created.error())};
    imported.playlistId = *created;
    if (const Result<int> added = store.addTracks(imported.playlistId, ids); !added)
        return Failure{tr("The playlist \u201c%1\u201d was made, but its tracks could not be "
                          "added: %2")
                           .arg(imported.name, added.error())};
    return imported;
}

Result<QString> PlaylistTransfer::exportFile(const QString &playlistId,
                                             const QString &filePath) const
{
    PlaylistStore store(m_db);
    const Result<std::optional<Playlist>> found = store.playlist(playlistId);
    if (!found)
        return Failure{found.error()};
    const std::optional<Playlist> &p = *found;
    if (!p)
        return Failure{tr("That playlist no longer exists.")};
    QList<PlaylistFile::Entry> entries;
    const Result<QList<PlaylistEntry>> rows = store.entries(playlistId);
    if (!rows) // never a file with fewer entries than the playlist
        return Failure{rows.error()};
    for (const PlaylistEntry &e : *rows)
        entries.append({e.track.filePath, e.track.title, e.track.artist, e.track.durationMs});
    const Status written = PlaylistFile::write(filePath, p->name, entries);
    if (!written)
        return Failure{written.error()};
    return p->name;
}

} // namespace ekn
