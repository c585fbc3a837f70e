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

// LibraryWorker's reads for the window: the track list of a view (first rows at once, the
// rest in batches or pages), a search page by page, and the sidebar.

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

} // namespace ekn
