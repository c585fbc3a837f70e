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

namespace ekn {

namespace {
// Rows per batch sent to the GUI: big enough to be cheap, small enough that the first rows
// show at once and the view never stalls inserting them.
constexpr int kBatchRows = 4000;
constexpr int kFirstRows = 300;

// The view keeps one copy of each repeated value (an album's name on its twelve tracks, an
// artist's on all of theirs) and no file URL (made from the path when needed): a 100,000-track
// library then takes a third less memory.
class Slimmer
{
public:
    void operator()(Track &t)
    {
        share(t.artist);
        share(t.album);
        share(t.albumArtist);
        share(t.genre);
        share(t.composer);
        share(t.format);
        share(t.coverMime);
        t.fileUrl = QUrl();
    }
    void operator()(QList<Track> &tracks)
    {
        for (Track &t : tracks)
            (*this)(t);
    }

private:
    void share(QString &s)
    {
        if (s.isEmpty()) {
            s = QString();
            return;
        }
        const auto it = m_seen.constFind(s);
        if (it != m_seen.constEnd())
            s = *it;
        else
            m_seen.insert(s);
    }
    QSet<QString> m_seen;
};

} // namespace

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

void LibraryWorker::onScanFinished(const ScanSummary &s)
{
    if (m_finishedToIgnore > 0) {
        --m_finishedToIgnore;
        return;
    }
    QString message;
    if (!m_scanVisible && !s.error.isEmpty()) {
        Q_EMIT failed(s.error);
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

void LibraryWorker::loadFolders()
{
    if (!m_db)
        return;
    LibraryFolders folders(*m_db);
    QList<LibraryFolder> list;
    if (!folders.list(&list)) {
        Q_EMIT failed(tr("The library's folders could not be read: %1").arg(folders.errorString()));
        return;
    }
    Q_EMIT foldersLoaded(list);
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
    LibraryFolders folders(*m_db);
    QStringList ids;
    if (!folders.remove(path, &ids)) {
        Q_EMIT failed(tr("The folder was not removed: %1").arg(folders.errorString()));
        return;
    }
    m_rescanAfter.removeAll(LibraryFolders::normalized(path));
    watchRoots();
    if (!m_rescanAfter.isEmpty() && !m_scanner->isRunning()) // the quiet rescan it stopped
        beginScan(std::exchange(m_rescanAfter, {}), false, std::exchange(m_rescanAfterVisible, false));
    Q_EMIT tracksRemoved(tr("Removed %1 from the library (%2 tracks). Add the folder again to bring them back "
                            "with their edits and playlist places.")
                             .arg(QDir::toNativeSeparators(path))
                             .arg(ids.size()));
    loadFolders();
    loadSidebar();
}

void LibraryWorker::removeTracks(const QStringList &trackIds)
{
    if (!m_db)
        return;
    LibraryFolders folders(*m_db);
    QStringList ids;
    if (!folders.removeTracks(trackIds, &ids)) {
        Q_EMIT failed(tr("The tracks were not removed: %1").arg(folders.errorString()));
        return;
    }
    if (!ids.isEmpty()) {
        UndoStep step;
        step.kind = UndoStep::Kind::LibraryRemove;
        step.trackIds = ids;
        pushUndo(std::move(step));
    }
    Q_EMIT tracksRemoved(tr("Removed %1 tracks from the library. Ctrl+Z, or adding their folder again, brings "
                            "them back.").arg(ids.size()));
    loadSidebar();
}

void LibraryWorker::restoreTracks(const QStringList &trackIds)
{
    if (!m_db)
        return;
    LibraryFolders folders(*m_db);
    QStringList ids;
    if (!folders.restoreTracks(trackIds, &ids)) {
        Q_EMIT failed(tr("The tracks were not brought back: %1").arg(folders.errorString()));
        return;
    }
    Q_EMIT tracksRestored(ids);
    loadSidebar();
}

QList<Track> LibraryWorker::viewTracks(const ViewSpec &spec, TrackStore &store) const
{
    switch (spec.kind) {
    case ViewSpec::Kind::Library:
    case ViewSpec::Kind::Albums: return store.allTracks();
    case ViewSpec::Kind::Artist: return store.tracksByArtist(spec.key);
    case ViewSpec::Kind::Album: return store.tracksByAlbum(spec.key, spec.secondKey);
    case ViewSpec::Kind::Genre: return store.tracksByGenre(spec.key);
    case ViewSpec::Kind::Unavailable: return store.unavailableTracks();
    case ViewSpec::Kind::Playlist: {
        PlaylistStore playlists(*m_db);
        QList<Track> out;
        const QList<PlaylistEntry> entries = playlists.entries(spec.key);
        out.reserve(entries.size());
        for (const PlaylistEntry &e : entries)
            out.append(e.track);
        return out;
    }
    }
    return {};
}

void LibraryWorker::loadView(quint64 request, const ViewSpec &spec)
{
    if (!m_db || isStale(request))
        return; // a newer view was asked for while this one waited
    TrackStore store(*m_db);
    Slimmer slim;
    const QString search = spec.search.trimmed();
    if (spec.kind == ViewSpec::Kind::Library && search.isEmpty()) {
        // The first screenful comes from a quick top-N query so rows paint at once; then the
        // whole library streamed from one query (paging with OFFSET would sort the table once
        // per page), a batch at a time: the whole list never sits here as well.
        QList<Track> first = store.allTracks(0, kFirstRows);
        const bool done = first.size() < kFirstRows;
        slim(first);
        Q_EMIT viewBatch(request, first, done);
        if (done)
            return;
        Q_EMIT viewSize(request, store.trackCount());
        first.clear();
        qsizetype skip = kFirstRows;
        QList<Track> pending;
        bool stopped = false;
        store.allTracksInBatches(kBatchRows, [&](QList<Track> &&batch) {
            if (isStale(request)) {
                stopped = true;
                return false;
            }
            // Hold one batch back so the last one can say it is the last.
            if (!pending.isEmpty())
                Q_EMIT viewBatch(request, pending, false);
            if (skip > 0) {
                const qsizetype n = std::min(skip, batch.size());
                batch.remove(0, n);
                skip -= n;
            }
            slim(batch);
            pending = std::move(batch);
            return true;
        });
        if (stopped)
            return;
        Q_EMIT viewBatch(request, pending, true);
        return;
    }
    QList<Track> tracks;
    if (search.isEmpty()) {
        tracks = viewTracks(spec, store);
    } else if (spec.kind == ViewSpec::Kind::Library) {
        loadSearchPage(request, search, store);
        return;
    } else {
        // Search inside a view: keep the view's order, drop what the search does not find.
        const QSet<QString> ids = store.searchTrackIds(search);
        const QList<Track> all = viewTracks(spec, store);
        for (const Track &t : all)
            if (ids.contains(t.id))
                tracks.append(t);
    }
    slim(tracks);
    for (qsizetype i = 0; i < tracks.size() || i == 0; i += kBatchRows) {
        const bool last = i + kBatchRows >= tracks.size();
        Q_EMIT viewBatch(request, tracks.mid(i, kBatchRows), last);
    }
}

void LibraryWorker::loadSearchPage(quint64 request, const QString &search, TrackStore &store)
{
    // The best page's rowids (cheap: the index alone), then its rows in two parts: a
    // screenful at once, the rest of the page after it unless the next keystroke is already
    // waiting. Making a row costs far more than finding it, so the screenful is what a
    // keystroke waits for. The rest as the user scrolls (loadMore); the count is exact.
    const QList<qint64> page = store.searchRowids(search, kSearchPageRows);
    m_pagedSearch = search;
    m_pagedRowids.clear();
    if (isStale(request))
        return;
    Slimmer slim;
    const bool oneBatch = page.size() <= kFirstSearchRows;
    QList<Track> first = store.tracksByRowids(oneBatch ? page : page.first(kFirstSearchRows));
    slim(first);
    if (page.size() < kSearchPageRows)
        Q_EMIT viewTotal(request, int(page.size()));
    Q_EMIT viewBatch(request, first, oneBatch);
    if (oneBatch || isStale(request))
        return;
    QList<Track> rest = store.tracksByRowids(page.mid(kFirstSearchRows));
    slim(rest);
    if (isStale(request))
        return;
    Q_EMIT viewBatch(request, rest, true);
    // The count of all matches reads the whole index: only when no newer search waits.
    if (page.size() >= kSearchPageRows && !isStale(request))
        Q_EMIT viewTotal(request, store.searchCount(search));
}

void LibraryWorker::loadMore(quint64 request, const ViewSpec &spec, int offset)
{
    if (!m_db)
        return;
    TrackStore store(*m_db);
    const QString search = spec.search.trimmed();
    if (search.isEmpty() || spec.kind != ViewSpec::Kind::Library) {
        Q_EMIT viewPage(request, {}, offset);
        return;
    }
    if (search != m_pagedSearch || m_pagedRowids.isEmpty()) {
        m_pagedSearch = search;
        m_pagedRowids = store.searchRowids(search, -1);
    }
    const QList<qint64> page = m_pagedRowids.mid(offset, kSearchPageRows);
    QList<Track> tracks = store.tracksByRowids(page);
    Slimmer slim;
    slim(tracks);
    Q_EMIT viewPage(request, tracks, offset + int(page.size()));
}

void LibraryWorker::loadSidebar()
{
    if (!m_db)
        return;
    TrackStore store(*m_db);
    PlaylistStore playlists(*m_db);
    SidebarData data;
    data.trackCount = store.trackCount();
    data.unavailableCount = int(store.unavailableTracks().size());
    data.artists = store.artists();
    data.genres = store.genres();
    data.albumsByArtist = store.albumsByArtist();
    const QList<Playlist> everything = playlists.playlists(true);
    for (const Playlist &p : everything)
        (p.isDeleted() ? data.deletedPlaylists : data.playlists).append(p);
    Q_EMIT sidebarLoaded(data);
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

void LibraryWorker::loadScanErrors()
{
    if (!m_db)
        return;
    TrackStore store(*m_db);
    Q_EMIT scanErrorsLoaded(store.scanErrors());
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

void LibraryWorker::createPlaylist(const QString &name, const QStringList &trackIds)
{
    if (!m_db)
        return;
    PlaylistStore store(*m_db);
    const QString id = store.create(name);
    if (id.isEmpty()) {
        Q_EMIT failed(tr("Could not create the playlist: %1").arg(store.errorString()));
        return;
    }
    if (!trackIds.isEmpty())
        store.addTracks(id, trackIds);
    loadSidebar();
}

void LibraryWorker::createSmartPlaylist(const QString &name, const SmartRule &rule)
{
    if (!m_db)
        return;
    PlaylistStore store(*m_db);
    const QString id = store.createSmart(name, rule);
    if (id.isEmpty()) {
        Q_EMIT failed(tr("Could not create the smart playlist: %1").arg(store.errorString()));
        return;
    }
    loadSidebar();
    Q_EMIT smartPlaylistSaved(id);
}

void LibraryWorker::editSmartPlaylist(const QString &playlistId, const QString &name, const SmartRule &rule)
{
    if (!m_db)
        return;
    PlaylistStore store(*m_db);
    const std::optional<Playlist> p = store.playlist(playlistId);
    if (!store.setSmartRule(playlistId, rule) || (p && p->name != name && !store.rename(playlistId, name))) {
        Q_EMIT failed(tr("Could not change the smart playlist: %1").arg(store.errorString()));
        return;
    }
    loadSidebar();
    Q_EMIT playlistChanged(playlistId);
    Q_EMIT smartPlaylistSaved(playlistId);
}

void LibraryWorker::renamePlaylist(const QString &playlistId, const QString &name)
{
    PlaylistStore store(*m_db);
    if (!store.rename(playlistId, name))
        Q_EMIT failed(tr("Could not rename the playlist: %1").arg(store.errorString()));
    loadSidebar();
}

void LibraryWorker::removePlaylist(const QString &playlistId)
{
    PlaylistStore store(*m_db);
    if (!store.remove(playlistId)) {
        Q_EMIT failed(tr("Could not delete the playlist: %1").arg(store.errorString()));
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
    if (!store.restore(playlistId))
        Q_EMIT failed(tr("Could not restore the playlist: %1").arg(store.errorString()));
    loadSidebar();
}

void LibraryWorker::addToPlaylist(const QString &playlistId, const QStringList &trackIds, int position)
{
    PlaylistStore store(*m_db);
    const int added = store.addTracks(playlistId, trackIds, position);
    if (added == 0 && !store.errorString().isEmpty()) {
        Q_EMIT failed(tr("Could not add the tracks: %1").arg(store.errorString()));
        return;
    }
    const std::optional<Playlist> p = store.playlist(playlistId);
    const QString name = p ? p->name : QString();
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
    const int count = int(store.entries(playlistId).size());
    const QList<PlaylistMove> moves = playlistMoves(count, std::move(positions), before);
    for (const PlaylistMove &m : moves) {
        if (!store.moveEntry(playlistId, m.from, m.to)) {
            Q_EMIT failed(tr("Could not reorder the playlist: %1").arg(store.errorString()));
            break;
        }
    }
    Q_EMIT playlistChanged(playlistId);
}

void LibraryWorker::removeFromPlaylist(const QString &playlistId, QList<int> positions)
{
    PlaylistStore store(*m_db);
    std::sort(positions.begin(), positions.end(), std::greater<>());
    const QList<PlaylistEntry> before = store.entries(playlistId);
    QList<QPair<int, QString>> removed;
    for (int p : std::as_const(positions)) {
        if (p >= 0 && p < before.size() && store.removeEntry(playlistId, p))
            removed.prepend({p, before.at(p).track.id});
    }
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
    for (const auto &[position, trackId] : entries) // ascending: each lands where it was
        restored += store.addTracks(playlistId, {trackId}, position);
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

void LibraryWorker::startScan(const QStringList &paths)
{
    if (!m_scanner) {
        // The window already shows "Importing...": end it, and say why nothing came in.
        Q_EMIT scanFinished(tr("Nothing was imported: the library could not be opened: %1")
                                .arg(m_db ? m_db->errorString() : QString()),
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
        Q_EMIT failed(tr("Nothing was opened: the library could not be opened: %1").arg(m_db ? m_db->errorString() : QString()));
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
            const int before = store.trackCount();
            QString id;
            QString error;
            if (!importSingleFile(*m_db, fi.absoluteFilePath(), &id, &error)) {
                problems << error;
                continue;
            }
            ids << id;
            if (store.trackCount() > before)
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
        Q_EMIT tracksAdded(store.tracks(added));
        loadSidebar();
    }
    Q_EMIT openedTracks(store.tracks(ids));
}

void LibraryWorker::cancelScan()
{
    if (m_scanner)
        m_scanner->cancel();
}

} // namespace ekn
