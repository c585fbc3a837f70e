#pragma once

#include "library/track.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace ekn {

// The rows of the track view. Filled in batches delivered from the library thread (a request
// id tells a stale batch from the current one), sorted on the thread pool so a 100,000-row
// sort never blocks the window, and updated in place when tracks change. In a playlist view
// the rows are the playlist's entries in order and can be reordered by drag.
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
        ColumnCount
    };
    enum Roles { TrackIdRole = Qt::UserRole + 1, SortRole };

    static constexpr const char *kTrackIdsMime = "application/x-eknmusic-track-ids";
    static constexpr const char *kPlaylistRowsMime = "application/x-eknmusic-playlist-rows";

    explicit TrackModel(QObject *parent = nullptr);

    // Starts a new load: clears the rows; only batches for this request are taken.
    void beginLoad(quint64 request, bool playlistOrder);
    void appendBatch(quint64 request, const QList<Track> &tracks, bool last);
    bool isLoading() const { return m_loading; }
    // New tracks (a scan running) go to the end, or in sorted place after the next sort.
    void appendTracks(const QList<Track> &tracks);
    void updateTracks(const QList<Track> &tracks);

    void setNowPlaying(const QString &trackId);
    QString nowPlaying() const { return m_nowPlaying; }

    const Track &trackAt(int row) const { return m_rows.at(row); }
    const QList<Track> &tracks() const { return m_rows; }
    int rowOf(const QString &trackId) const { return m_rowById.value(trackId, -1); }
    bool isPlaylistOrder() const { return m_playlistOrder; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order) override;

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

Q_SIGNALS:
    void loadFinished(int rows);
    // Around a sort's reorder (before layoutAboutToBeChanged, after layoutChanged): a view
    // with everything selected can drop and restore its selection cheaply.
    void aboutToReorder();
    void reordered();
    // Playlist view: the user dragged the entries at `rows` to sit before row `before`.
    void moveRequested(const QList<int> &rows, int before);
    // Playlist view: tracks dragged in from elsewhere, to insert before row `before`.
    void insertRequested(const QStringList &trackIds, int before);

private:
    void reindex();
    void applySort(quint64 generation, const QList<int> &order, QList<Track> sorted, QHash<QString, int> rowById);
    void resortIfSorted();

    QList<Track> m_rows;
    QHash<QString, int> m_rowById;
    QString m_nowPlaying;
    quint64 m_request = 0;
    quint64 m_generation = 0; // bumps on every change of the rows; stale sorts are dropped
    bool m_loading = false;
    bool m_playlistOrder = false;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace ekn
