#include "albummodel.h"

#include "libraryservice.h"

#include <QPointer>

namespace ekn {

namespace {
// Covers kept in memory, counted in bytes: 12 MB is about 140 covers of 150 px (90 kB each),
// several screens of a large grid. 400 of them held 36 MB, an eighth of the memory goal.
constexpr int kCoverBytesInMemory = 12 * 1024 * 1024;
// Requests remembered: about two screens. Older ones were scrolled past; if they come back
// into view, painting asks again.
constexpr int kWantedMax = 64;
// Workers making covers. Decoding is CPU-bound; the rest of the app keeps a core.
constexpr int kCoverWorkers = 2;
} // namespace

AlbumModel::AlbumModel(LibraryService *library, QObject *parent)
    : QAbstractListModel(parent)
    , m_library(library)
    , m_covers(kCoverBytesInMemory)
{
    m_pool.setMaxThreadCount(kCoverWorkers);
}

AlbumModel::~AlbumModel()
{
    m_pool.clear();
    m_pool.waitForDone(); // at most the covers being made right now
}

void AlbumModel::load(const QString &artist)
{
    const quint64 request = ++m_request;
    m_artist = artist;
    m_loading = true;
    QPointer<AlbumModel> self(this);
    m_library->post([self, request, artist](LibraryWorker *w) {
        Result<QList<Album>> albums = w->database()
            ? AlbumStore(*w->database()).albums(artist)
            : Result<QList<Album>>(Failure{tr("The library is not open.")});
        QMetaObject::invokeMethod(self.data(), [self, request, albums = std::move(albums)] {
            if (self)
                self->apply(request, albums);
        }, Qt::QueuedConnection);
    });
}

void AlbumModel::apply(quint64 request, const Result<QList<Album>> &albums)
{
    if (request != m_request)
        return; // a newer load is on its way
    m_loading = false;
    if (!albums) {
        Q_EMIT loadFailed(albums.error());
        return;
    }
    beginResetModel();
    m_albums = *albums;
    m_rowOfFile.clear();
    m_rowOfFile.reserve(m_albums.size());
    for (int r = 0; r < m_albums.size(); ++r)
        m_rowOfFile.insert(m_albums.at(r).coverFile, r);
    m_wanted.clear();
    endResetModel();
    Q_EMIT loadFinished(int(m_albums.size()));
}

int AlbumModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_albums.size());
}

QVariant AlbumModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_albums.size())
        return {};
    const Album &a = m_albums.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: return a.title;
    case AlbumArtistRole: return a.albumArtist;
    case YearRole: return a.year;
    case TrackCountRole: return a.trackCount;
    case HasCoverRole: return m_covers.contains(a.coverFile);
    case Qt::DecorationRole:
        if (a.coverFile.isEmpty() || m_noCover.contains(a.coverFile))
            return {};
        if (const QPixmap *p = m_covers.object(a.coverFile))
            return *p;
        want(a.coverFile);
        return {};
    default: return {};
    }
}

void AlbumModel::want(const QString &file) const
{
    if (m_inFlight.contains(file))
        return;
    m_wanted.removeOne(file);
    m_wanted.append(file);
    if (m_wanted.size() > kWantedMax)
        m_wanted.remove(0, m_wanted.size() - kWantedMax);
    startCovers();
}

void AlbumModel::startCovers() const
{
    // Newest first: what was painted last is what is on screen now.
    while (m_inFlight.size() < kCoverWorkers && !m_wanted.isEmpty()) {
        const QString file = m_wanted.takeLast();
        m_inFlight.insert(file);
        QPointer<AlbumModel> self(const_cast<AlbumModel *>(this));
        m_pool.start([self, file, cache = m_cache] {
            const QImage image = cache.thumbnail(file, kCoverSize).image;
            QMetaObject::invokeMethod(self.data(), [self, file, image] {
                if (self)
                    self->coverDone(file, image);
            }, Qt::QueuedConnection);
        });
    }
}

void AlbumModel::coverDone(const QString &file, const QImage &image)
{
    m_inFlight.remove(file);
    ++m_made;
    if (image.isNull())
        m_noCover.insert(file);
    else
        m_covers.insert(file, new QPixmap(QPixmap::fromImage(image)), int(image.sizeInBytes()));
    const auto it = m_rowOfFile.constFind(file);
    if (it != m_rowOfFile.constEnd()) {
        const QModelIndex i = index(*it);
        Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
    }
    startCovers();
}

} // namespace ekn
