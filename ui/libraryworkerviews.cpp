#include "libraryworker.h"

#include "library/searchquery.h"
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

Result<QList<Track>> LibraryWorker::viewTracks(const ViewSpec &spec, TrackStore &store) const
{
    switch (spec.kind) {
    case ViewSpec::Kind::Library:
    case ViewSpec::Kind::Albums: return store.allTracks();
    case ViewSpec::Kind::Artist: return store.tracksByArtist(spec.key);
    case ViewSpec::Kind::Album: return store.tracksByAlbum(spec.key, spec.secondKey);
    case ViewSpec::Kind::Genre: return store.tracksByGenre(spec.key);
    case ViewSpec::Kind::Unavailable: return store.unavailableTracks();
    case ViewSpec::Kind::Playlist: {
        const Result<QList<PlaylistEntry>> entries = PlaylistStore(*m_db).entries(spec.key);
        if (!entries)
            return Failure{entries.error()};
        QList<Track> out;
        out.reserve(entries->size());
        for (const PlaylistEntry &e : *entries)
            out.append(e.track);
        return out;
    }
    }
    return QList<Track>();
}

// The whole library: the first screenful from a quick top-N query so rows paint at once; then
// the whole library streamed from one query (paging with OFFSET would sort the table once per
// page), a batch at a time: the whole list never sits here as well.
void LibraryWorker::loadLibrary(quint64 request, TrackStore &store)
{
    Slimmer slim;
    Result<QList<Track>> read = store.allTracks(0, kFirstRows);
    if (!read)
        return readFailed(read.error());
    QList<Track> first = std::move(read).value();
    const bool done = first.size() < kFirstRows;
    slim(first);
    Q_EMIT viewBatch(request, first, done);
    if (done)
        return;
    const Result<int> count = store.trackCount();
    if (!count)
        return readFailed(count.error());
    Q_EMIT viewSize(request, *count);
    first.clear();
    qsizetype skip = kFirstRows;
    QList<Track> pending;
    bool stopped = false;
    const Status streamed = store.allTracksInBatches(kBatchRows, [&](QList<Track> &&batch) {
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
    if (!streamed)
        return readFailed(streamed.error());
    if (!stopped)
        Q_EMIT viewBatch(request, pending, true);
}

void LibraryWorker::loadView(quint64 request, const ViewSpec &spec)
{
    // A library that did not open has said so (opened()); its reads would only repeat it.
    if (!m_db || !m_db->isOpen() || isStale(request))
        return; // or a newer view was asked for while this one waited
    TrackStore store(*m_db);
    const QString search = spec.search.trimmed();
    if (spec.kind == ViewSpec::Kind::Library && search.isEmpty())
        return loadLibrary(request, store);
    if (!SearchQuery::parse(search).error.isEmpty()) {
        // A filter that cannot be read (rating:9): no rows, and the view says which filter and
        // how to write it where the rows would be (TrackView::noMatchText), not "no match".
        Q_EMIT viewBatch(request, {}, true);
        return;
    }
    if (spec.kind == ViewSpec::Kind::Library)
        return loadSearchPage(request, search, store);
    Result<QList<Track>> all = viewTracks(spec, store);
    if (!all)
        return readFailed(all.error());
    QList<Track> tracks;
    if (search.isEmpty()) {
        tracks = std::move(all).value();
    } else {
        // Search inside a view: keep the view's order, drop what the search does not find.
        const Result<QSet<QString>> ids = store.searchTrackIds(search);
        if (!ids)
            return readFailed(ids.error());
        for (const Track &t : std::as_const(*all))
            if (ids->contains(t.id))
                tracks.append(t);
    }
    Slimmer slim;
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
    const Result<QList<qint64>> found = store.searchRowids(search, kSearchPageRows);
    m_pagedSearch = search;
    m_pagedRowids.clear();
    if (!found)
        return readFailed(found.error());
    const QList<qint64> &page = *found;
    if (isStale(request))
        return;
    Slimmer slim;
    const bool oneBatch = page.size() <= kFirstSearchRows;
    Result<QList<Track>> read = store.tracksByRowids(oneBatch ? page : page.first(kFirstSearchRows));
    if (!read)
        return readFailed(read.error());
    QList<Track> first = std::move(read).value();
    slim(first);
    if (page.size() < kSearchPageRows)
        Q_EMIT viewTotal(request, int(page.size()));
    Q_EMIT viewBatch(request, first, oneBatch);
    if (oneBatch || isStale(request))
        return;
    read = store.tracksByRowids(page.mid(kFirstSearchRows));
    if (!read)
        return readFailed(read.error());
    QList<Track> rest = std::move(read).value();
    slim(rest);
    if (isStale(request))
        return;
    Q_EMIT viewBatch(request, rest, true);
    // The count of all matches reads the whole index: only when no newer search waits.
    if (page.size() < kSearchPageRows || isStale(request))
        return;
    const Result<int> total = store.searchCount(search);
    if (!total)
        return readFailed(total.error());
    Q_EMIT viewTotal(request, *total);
}

void LibraryWorker::loadMore(quint64 request, const ViewSpec &spec, int offset)
{
    if (!m_db || !m_db->isOpen())
        return;
    TrackStore store(*m_db);
    const QString search = spec.search.trimmed();
    if (search.isEmpty() || spec.kind != ViewSpec::Kind::Library) {
        Q_EMIT viewPage(request, {}, offset);
        return;
    }
    if (search != m_pagedSearch || m_pagedRowids.isEmpty()) {
        const Result<QList<qint64>> found = store.searchRowids(search, -1);
        if (!found)
            return readFailed(found.error());
        m_pagedSearch = search;
        m_pagedRowids = *found;
    }
    const QList<qint64> page = m_pagedRowids.mid(offset, kSearchPageRows);
    Result<QList<Track>> read = store.tracksByRowids(page);
    if (!read)
        return readFailed(read.error());
    QList<Track> tracks = std::move(read).value();
    Slimmer slim;
    slim(tracks);
    Q_EMIT viewPage(request, tracks, offset + int(page.size()));
}

void LibraryWorker::loadSidebar()
{
    if (!m_db || !m_db->isOpen())
        return;
    TrackStore store(*m_db);
    const Result<int> count = store.trackCount();
    const Result<QList<Track>> unavailable = store.unavailableTracks();
    const Result<QStringList> artists = store.artists();
    const Result<QStringList> genres = store.genres();
    const Result<QList<QPair<QString, QStringList>>> albums = store.albumsByArtist();
    const Result<QList<Playlist>> everything = PlaylistStore(*m_db).playlists(true);
    // The first failure is enough to say; the sidebar keeps what it showed.
    for (const QString *error : {&count.error(), &unavailable.error(), &artists.error(), &genres.error(),
                                 &albums.error(), &everything.error()})
        if (!error->isEmpty())
            return readFailed(*error);
    SidebarData data;
    data.trackCount = *count;
    data.unavailableCount = int(unavailable->size());
    data.artists = *artists;
    data.genres = *genres;
    data.albumsByArtist = *albums;
    for (const Playlist &p : *everything)
        (p.isDeleted() ? data.deletedPlaylists : data.playlists).append(p);
    Q_EMIT sidebarLoaded(data);
}

} // namespace ekn
