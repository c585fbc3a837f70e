#include "trackmodel.h"

#include "themeicons.h"

#include <QCollator>
#include <QDataStream>
#include <QFont>
#include <QIODevice>
#include <QLocale>
#include <QMimeData>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>
#include <numeric>

namespace ekn {

TrackModel::TrackModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TrackModel::beginLoad(quint64 request, bool playlistOrder)
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_request = request;
    m_loading = true;
    m_playlistOrder = playlistOrder;
    ++m_generation;
    endResetModel();
}

void TrackModel::appendBatch(quint64 request, const QList<Track> &tracks, bool last)
{
    if (request != m_request)
        return;
    appendTracks(tracks);
    if (last) {
        m_loading = false;
        resortIfSorted();
        Q_EMIT loadFinished(int(m_rows.size()));
    }
}

void TrackModel::appendTracks(const QList<Track> &tracks)
{
    QList<Track> fresh;
    fresh.reserve(tracks.size());
    for (const Track &t : tracks)
        if (!m_rowById.contains(t.id))
            fresh.append(t);
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_rows.append(fresh);
    for (int i = first; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
    ++m_generation;
    endInsertRows();
    if (!m_loading)
        resortIfSorted();
}

void TrackModel::updateTracks(const QList<Track> &tracks)
{
    for (const Track &t : tracks) {
        const int row = rowOf(t.id);
        if (row < 0)
            continue;
        m_rows[row] = t;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void TrackModel::setNowPlaying(const QString &trackId)
{
    const int before = rowOf(m_nowPlaying);
    m_nowPlaying = trackId;
    const int after = rowOf(trackId);
    for (int row : {before, after})
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int TrackModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int TrackModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TrackModel::formatDuration(int seconds)
{
    if (seconds <= 0)
        return {};
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

namespace {
QVariant number(int n) { return n > 0 ? QVariant(n) : QVariant(); }

QVariant sortKey(const Track &t, int column)
{
    switch (column) {
    case TrackModel::TitleColumn: return t.title;
    case TrackModel::ArtistColumn: return t.artist;
    case TrackModel::AlbumColumn: return t.album;
    case TrackModel::AlbumArtistColumn: return t.displayAlbumArtist();
    case TrackModel::TrackColumn: return t.trackNumber;
    case TrackModel::DiscColumn: return t.discNumber;
    case TrackModel::YearColumn: return t.year;
    case TrackModel::GenreColumn: return t.genre;
    case TrackModel::DurationColumn: return t.duration;
    case TrackModel::FormatColumn: return t.format;
    case TrackModel::BitrateColumn: return t.bitrate;
    case TrackModel::ComposerColumn: return t.composer;
    case TrackModel::PathColumn: return t.filePath;
    case TrackModel::AddedColumn: return t.createdAt;
    default: return {};
    }
}
} // namespace

QVariant TrackModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Track &t = m_rows.at(index.row());
    const bool playing = !m_nowPlaying.isEmpty() && t.id == m_nowPlaying;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TitleColumn: return t.available ? t.title : tr("%1 \u2014 not on this device").arg(t.title);
        case ArtistColumn: return t.artist;
        case AlbumColumn: return t.album;
        case AlbumArtistColumn: return t.albumArtist;
        case TrackColumn: return number(t.trackNumber);
        case DiscColumn: return number(t.discNumber);
        case YearColumn: return number(t.year);
        case GenreColumn: return t.genre;
        case DurationColumn: return formatDuration(t.duration);
        case FormatColumn: return t.format;
        case BitrateColumn: return t.bitrate > 0 ? tr("%1 kbps").arg(t.bitrate) : QString();
        case ComposerColumn: return t.composer;
        case PathColumn: return t.filePath;
        case AddedColumn: return QLocale().toString(t.createdAt.toLocalTime(), QLocale::ShortFormat);
        default: return {};
        }
    case Qt::DecorationRole:
        if (index.column() == TitleColumn) {
            if (playing)
                return ThemeIcons::icon(QStringLiteral("now-playing"));
            if (!t.available)
                return ThemeIcons::icon(QStringLiteral("unavailable"));
        }
        return {};
    case Qt::FontRole:
        if (playing) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (!t.available) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case TrackColumn:
        case DiscColumn:
        case YearColumn:
        case DurationColumn:
        case BitrateColumn: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    case TrackIdRole: return t.id;
    case SortRole: return sortKey(t, index.column());
    default: return {};
    }
}

QString TrackModel::columnName(int column)
{
    switch (column) {
    case TitleColumn: return tr("Title");
    case ArtistColumn: return tr("Artist");
    case AlbumColumn: return tr("Album");
    case AlbumArtistColumn: return tr("Album Artist");
    case TrackColumn: return tr("#");
    case DiscColumn: return tr("Disc");
    case YearColumn: return tr("Year");
    case GenreColumn: return tr("Genre");
    case DurationColumn: return tr("Time");
    case FormatColumn: return tr("Format");
    case BitrateColumn: return tr("Bitrate");
    case ComposerColumn: return tr("Composer");
    case PathColumn: return tr("File");
    case AddedColumn: return tr("Added");
    default: return {};
    }
}

QVariant TrackModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return columnName(section);
    if (role == Qt::ToolTipRole && section == TrackColumn)
        return tr("Track number");
    return {};
}

Qt::ItemFlags TrackModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return m_playlistOrder ? Qt::ItemIsDropEnabled : Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
    if (m_playlistOrder)
        f |= Qt::ItemIsDropEnabled;
    return f;
}

void TrackModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    if (column < 0 || column >= ColumnCount || m_rows.isEmpty())
        return;
    // Sort a copy (implicitly shared: no deep copy) on the pool; apply it if nothing changed.
    const QList<Track> rows = m_rows;
    const quint64 generation = m_generation;
    QPointer<TrackModel> self(this);
    QThreadPool::globalInstance()->start([self, rows, column, order, generation] {
        QCollator collator;
        collator.setNumericMode(true);
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        QList<int> idx(rows.size());
        std::iota(idx.begin(), idx.end(), 0);
        QList<QVariant> keys;
        keys.reserve(rows.size());
        for (const Track &t : rows)
            keys.append(sortKey(t, column));
        const bool text = keys.isEmpty() || keys.first().typeId() == QMetaType::QString;
        QList<QCollatorSortKey> textKeys;
        if (text) {
            textKeys.reserve(rows.size());
            for (const QVariant &k : std::as_const(keys))
                textKeys.append(collator.sortKey(k.toString()));
        }
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
            if (text) {
                // Empty values go last either way.
                const bool ea = keys.at(a).toString().isEmpty(), eb = keys.at(b).toString().isEmpty();
                if (ea != eb)
                    return eb;
                const int c = textKeys.at(a).compare(textKeys.at(b));
                return order == Qt::AscendingOrder ? c < 0 : c > 0;
            }
            const bool less = QVariant::compare(keys.at(a), keys.at(b)) == QPartialOrdering::Less;
            const bool greater = QVariant::compare(keys.at(a), keys.at(b)) == QPartialOrdering::Greater;
            return order == Qt::AscendingOrder ? less : greater;
        });
        // The reordered rows and their id index are built here too: the GUI thread only swaps.
        QList<Track> sorted;
        sorted.reserve(rows.size());
        QHash<QString, int> rowById;
        rowById.reserve(rows.size());
        for (int i = 0; i < idx.size(); ++i) {
            sorted.append(rows.at(idx.at(i)));
            rowById.insert(sorted.last().id, i);
        }
        if (self)
            QMetaObject::invokeMethod(self.data(), [self, generation, idx, sorted = std::move(sorted), rowById = std::move(rowById)]() mutable {
                if (self)
                    self->applySort(generation, idx, std::move(sorted), std::move(rowById));
            }, Qt::QueuedConnection);
    });
}

void TrackModel::resortIfSorted()
{
    if (m_sortColumn >= 0 && !m_playlistOrder)
        sort(m_sortColumn, m_sortOrder);
}

void TrackModel::applySort(quint64 generation, const QList<int> &order, QList<Track> sorted, QHash<QString, int> rowById)
{
    if (generation != m_generation || order.size() != m_rows.size())
        return; // rows changed meanwhile; a later sort (after the load) will come
    Q_EMIT aboutToReorder();
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    QModelIndexList to;
    if (!persistent.isEmpty()) {
        QList<int> newRowOfOld(order.size());
        for (int i = 0; i < order.size(); ++i)
            newRowOfOld[order.at(i)] = i;
        to.reserve(persistent.size());
        for (const QModelIndex &i : persistent)
            to.append(index(newRowOfOld.at(i.row()), i.column()));
    }
    m_rows.swap(sorted);
    m_rowById.swap(rowById);
    ++m_generation; // another sort computed on the old order must not apply on top of this one
    if (!persistent.isEmpty())
        changePersistentIndexList(persistent, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT reordered();
    // The old rows are freed when `sorted` and `rowById` go out of scope here: that is the
    // one cost left on this thread (dropping references, no string copies).
}

void TrackModel::reindex()
{
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

QStringList TrackModel::mimeTypes() const
{
    return {QLatin1String(kTrackIdsMime), QLatin1String(kPlaylistRowsMime)};
}

QMimeData *TrackModel::mimeData(const QModelIndexList &indexes) const
{
    QList<int> rows;
    for (const QModelIndex &i : indexes)
        if (i.isValid() && !rows.contains(i.row()))
            rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    QStringList ids;
    QList<QUrl> urls;
    for (int r : std::as_const(rows)) {
        ids << m_rows.at(r).id;
        urls << m_rows.at(r).fileUrl;
    }
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(kTrackIdsMime), ids.join(QLatin1Char('\n')).toUtf8());
    if (m_playlistOrder) {
        QByteArray rowData;
        QDataStream out(&rowData, QIODevice::WriteOnly);
        out << rows;
        mime->setData(QLatin1String(kPlaylistRowsMime), rowData);
    }
    mime->setUrls(urls);
    return mime;
}

Qt::DropActions TrackModel::supportedDropActions() const { return Qt::MoveAction | Qt::CopyAction; }
Qt::DropActions TrackModel::supportedDragActions() const { return Qt::MoveAction | Qt::CopyAction; }

bool TrackModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    return m_playlistOrder
        && (data->hasFormat(QLatin1String(kPlaylistRowsMime)) || data->hasFormat(QLatin1String(kTrackIdsMime)));
}

bool TrackModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                              const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // Dropped on a row: before it; in the empty space below: at the end.
    int before = row >= 0 ? row : (parent.isValid() ? parent.row() : int(m_rows.size()));
    if (data->hasFormat(QLatin1String(kPlaylistRowsMime))) {
        QList<int> rows;
        QDataStream in(data->data(QLatin1String(kPlaylistRowsMime)));
        in >> rows;
        Q_EMIT moveRequested(rows, before);
    } else {
        const QStringList ids = QString::fromUtf8(data->data(QLatin1String(kTrackIdsMime))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        Q_EMIT insertRequested(ids, before);
    }
    // The library reorders and the view reloads; the view must not remove the dragged rows.
    return false;
}

} // namespace ekn
