#pragma once

#include "library/track.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <algorithm>

namespace ekn {

// The rows of the track view. Filled in batches delivered from the library thread (a request
// id tells a stale batch from the current one), sorted on the thread pool so a 100,000-row
// sort never blocks the window, and updated in place when tracks change. In a playlist view
// the rows are the playlist's entries in order and can be reordered by drag.
// The tracks are stored once, in arrival order; a sort only computes a new order of row
// numbers (view row -> stored track), so sorting never copies tracks. A search's results
// arrive a page at a time: the view asks for the next page (fetchMore) as the user scrolls,
// and totalCount() is the full number of matches from the start.
class TrackModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TitleColumn,
        ArtistColumn,
        AlbumColumn,
        AlbumArtistColumn,
        TrackColumn,
        DiscColumn,
        YearColumn,
        GenreColumn,
        DurationColumn,
        FormatColumn,
        BitrateColumn,
        ComposerColumn,
        PathColumn,
        AddedColumn,
        RatingColumn,
        PlaysColumn,
        SkipsColumn,
        LastPlayedColumn,
        ColumnCount
    };
    enum Roles { TrackIdRole = Qt::UserRole + 1, SortRole };

    static constexpr const char *kTrackIdsMime = "application/x-eknmusic-track-ids";
    static constexpr const char *kPlaylistRowsMime = "application/x-eknmusic-playlist-rows";

    explicit TrackModel(QObject *parent = nullptr);

    // Starts a new load: clears the rows; only batches for this request are taken.
    void beginLoad(quint64 request, bool playlistOrder);
    void appendBatch(quint64 request, const QList<Track> &tracks, bool last);
    // The current load will bring about this many rows: room for them is reserved at once.
    void reserveRows(quint64 request, int rows);
    // A search shown page by page: `total` matches in all; the first page comes by
    // appendBatch, the next ones (asked for by fetchMore) by appendPage. `nextOffset` is where
    // the page after this one starts in the list of matches.
    void setTotal(quint64 request, int total);
    void appendPage(quint64 request, const QList<Track> &tracks, int nextOffset);
    int totalCount() const { return std::max(m_total, int(m_order.size())); }
    bool isLoading() const { return m_loading; }
    // New tracks (a scan running) go to the end, or in sorted place after the next sort.
    void appendTracks(const QList<Track> &tracks);
    void updateTracks(const QList<Track> &tracks);

    void setNowPlaying(const QString &trackId);
    QString nowPlaying() const { return m_nowPlaying; }

    const Track &trackAt(int row) const { return m_rows.at(m_order.at(row)); }
    // The rows in view order, copied (for tests and small lists; walk trackAt() otherwise).
    QList<Track> tracks() const;
    int rowOf(const QString &trackId) const
    {
        const int stored = m_indexById.value(trackId, -1);
        return stored < 0 ? -1 : m_rowOfStored.at(stored);
    }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order) override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    static QString columnName(int column);
    static QString formatDuration(int seconds);
    // A rating as stars (half stars 0..10: "★★★½☆"); empty when unrated.
    static QString stars(int halfStars);

Q_SIGNALS:
    void loadFinished(int rows);
    // totalCount() changed after the load finished (a search's count of all its matches).
    void totalChanged(int total);
    // The view scrolled to the end of a search's loaded rows: load the page from `offset`.
    void moreRequested(quint64 request, int offset);
    // Around a sort's reorder (before layoutAboutToBeChanged, after layoutChanged): a view
    // with everything selected can drop and restore its selection cheaply.
    void aboutToReorder();
    void reordered();
    // Playlist view: the user dragged the entries at `rows` to sit before row `before`.
    void moveRequested(const QList<int> &rows, int before);
    // Playlist view: tracks dragged in from elsewhere, to insert before row `before`.
    void insertRequested(const QStringList &trackIds, int before);

private:
    void applySort(quint64 generation, QList<int> order, QList<int> rowOfStored);
    void resortIfSorted();
    void releaseRetired();

    QList<Track> m_rows;              // stored tracks, in arrival order
    QList<int> m_order;               // view row -> index in m_rows
    QList<int> m_rowOfStored;         // index in m_rows -> view row
    QHash<QString, int> m_indexById;  // track id -> index in m_rows
    QList<Track> m_retired;           // the previous load's rows, freed when this one's first come
    QHash<QString, int> m_retiredIds;
    int m_total = -1;                 // rows of the whole load (search matches), -1: unknown
    bool m_fetching = false;          // a page was asked for and has not come yet
    int m_sourceRows = 0;             // matches received so far (where the next page starts)
    QString m_nowPlaying;
    quint64 m_request = 0;
    quint64 m_generation = 0; // bumps on every change of the rows; stale sorts are dropped
    bool m_loading = false;
    bool m_playlistOrder = false;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace ekn
