#include "trackmodel.h"

#include "themeicons.h"

#include <QCollator>
#include <QDataStream>
#include <QFont>
#include <QHash>
#include <QIODevice>
#include <QLocale>
#include <QMimeData>
#include <QPointer>
#include <QSet>
#include <QThreadPool>

#include <algorithm>
#include <limits>
#include <tuple>
#include <numeric>
#include <optional>
#include <vector>

namespace ekn {

TrackModel::TrackModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TrackModel::beginLoad(quint64 request, bool playlistOrder)
{
    beginResetModel();
    // Freeing 100,000 tracks takes a tenth of a second: the pool does it, not the window, and
    // only once this load's first rows are in (releaseRetired): on two cores the free would
    // otherwise halve the speed of the library thread making the first rows of the search
    // just typed. Not later: a reload of the whole library would hold both copies.
    if (m_rows.size() > 1000) {
        releaseRetired(); // typing fast: the rows retired at the previous keystroke go now
        m_retired = std::move(m_rows);
        m_retiredIds = std::move(m_indexById);
    }
    QList<Track>().swap(m_rows);
    QList<int>().swap(m_order);
    QList<int>().swap(m_rowOfStored);
    QHash<QString, int>().swap(m_indexById);
    m_request = request;
    m_loading = true;
    m_playlistOrder = playlistOrder;
    m_total = -1;
    m_fetching = false;
    m_sourceRows = 0;
    ++m_generation;
    endResetModel();
}

void TrackModel::releaseRetired()
{
    if (m_retired.isEmpty() && m_retiredIds.isEmpty())
        return;
    // Qt's implicit sharing counts references atomically, so any thread may drop the last.
    // (Not at idle priority: on a busy machine an idle thread never ran, and five searches
    // typed over the library held five copies of it, 600 MB.)
    QThreadPool::globalInstance()->start([rows = std::move(m_retired), ids = std::move(m_retiredIds)]() mutable {
        rows = {};
        ids = {};
    });
    m_retired = {};
    m_retiredIds = {};
}

void TrackModel::reserveRows(quint64 request, int rows)
{
    // One allocation of the right size: growing by doubling would hold the old and the new
    // block at once, tens of MB for a big library.
    if (request != m_request || rows <= m_rows.capacity())
        return;
    m_rows.reserve(rows);
    m_order.reserve(rows);
    m_rowOfStored.reserve(rows);
    m_indexById.reserve(rows);
}

void TrackModel::setTotal(quint64 request, int total)
{
    if (request != m_request)
        return;
    m_total = total;
    if (!m_loading)
        Q_EMIT totalChanged(totalCount());
}

void TrackModel::appendBatch(quint64 request, const QList<Track> &tracks, bool last)
{
    if (request != m_request)
        return;
    m_sourceRows += int(tracks.size());
    appendTracks(tracks);
    releaseRetired();
    if (last) {
        m_loading = false;
        resortIfSorted();
        Q_EMIT loadFinished(int(m_order.size()));
    }
}

void TrackModel::appendPage(quint64 request, const QList<Track> &tracks, int nextOffset)
{
    if (request != m_request)
        return;
    m_fetching = false;
    // No progress means the matches changed meanwhile: what is shown is all there is.
    if (nextOffset <= m_sourceRows)
        m_total = m_sourceRows;
    m_sourceRows = std::max(m_sourceRows, nextOffset);
    appendTracks(tracks);
}

bool TrackModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_loading && !m_fetching && m_total > m_sourceRows;
}

void TrackModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    Q_EMIT moreRequested(m_request, m_sourceRows);
}

void TrackModel::appendTracks(const QList<Track> &tracks)
{
    // Rows already shown (or twice in this list) are not added again.
    QList<const Track *> fresh;
    fresh.reserve(tracks.size());
    QSet<QString> ids;
    for (const Track &t : tracks) {
        if (m_indexById.contains(t.id) || ids.contains(t.id))
            continue;
        ids.insert(t.id);
        fresh.append(&t);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_order.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const Track *track : std::as_const(fresh)) {
        const Track &t = *track;
        const int stored = int(m_rows.size());
        m_rows.append(t);
        m_indexById.insert(t.id, stored);
        m_rowOfStored.append(int(m_order.size()));
        m_order.append(stored);
    }
    ++m_generation;
    endInsertRows();
    if (!m_loading)
        resortIfSorted();
}

void TrackModel::updateTracks(const QList<Track> &tracks)
{
    for (const Track &t : tracks) {
        const int stored = m_indexById.value(t.id, -1);
        if (stored < 0)
            continue;
        m_rows[stored] = t;
        const int row = m_rowOfStored.at(stored);
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

QList<Track> TrackModel::tracks() const
{
    QList<Track> out;
    out.reserve(m_order.size());
    for (int stored : m_order)
        out.append(m_rows.at(stored));
    return out;
}

int TrackModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_order.size()); }
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
    case TrackModel::RatingColumn: return t.rating;
    case TrackModel::PlaysColumn: return t.playCount;
    case TrackModel::SkipsColumn: return t.skipCount;
    case TrackModel::LastPlayedColumn: return t.lastPlayed;
    default: return {};
    }
}
} // namespace

QString TrackModel::stars(int halfStars)
{
    if (halfStars < 0)
        return {};
    // Filled stars, a half, then hollow ones up to five: the width of the column never jumps.
    QString s(halfStars / 2, QChar(0x2605));
    if (halfStars % 2)
        s += QChar(0x00BD);
    s += QString(5 - (halfStars + 1) / 2, QChar(0x2606));
    return s;
}

QVariant TrackModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Track &t = trackAt(index.row());
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
        case RatingColumn:
            if (role == Qt::ToolTipRole)
                return t.rating < 0 ? tr("Not rated") : tr("%L1 of 5 stars").arg(t.rating / 2.0);
            return stars(t.rating);
        case PlaysColumn: return number(t.playCount);
        case SkipsColumn: return number(t.skipCount);
        case LastPlayedColumn:
            return t.lastPlayed.isValid() ? QLocale().toString(t.lastPlayed.toLocalTime(), QLocale::ShortFormat) : QString();
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
        case PlaysColumn:
        case SkipsColumn:
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
    case RatingColumn: return tr("Rating");
    case PlaysColumn: return tr("Plays");
    case SkipsColumn: return tr("Skips");
    case LastPlayedColumn: return tr("Last Played");
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

namespace {

// A text column as integers: each row's value becomes its rank among the distinct values,
// collated as people read (case-insensitive, numbers by value: "Track 2" before "Track 10").
// Distinct values are few (album artists, albums), so collating them is cheap.
// Text by the collator, runs of digits by their value. QCollator's own numeric mode needs ICU
// and a real locale; under the C locale it compares digits one by one ("10" before "2").
int naturalCompare(const QCollator &collator, const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = a.at(i).isDigit(), db = b.at(j).isDigit();
        qsizetype ei = i, ej = j;
        while (ei < a.size() && a.at(ei).isDigit() == da)
            ++ei;
        while (ej < b.size() && b.at(ej).isDigit() == db)
            ++ej;
        const QStringView ca = QStringView(a).mid(i, ei - i), cb = QStringView(b).mid(j, ej - j);
        int c = 0;
        if (da && db) {
            // By value: drop leading zeros, then the longer number is the larger one.
            QStringView na = ca, nb = cb;
            while (na.size() > 1 && na.front() == QLatin1Char('0'))
                na = na.mid(1);
            while (nb.size() > 1 && nb.front() == QLatin1Char('0'))
                nb = nb.mid(1);
            c = na.size() != nb.size() ? (na.size() < nb.size() ? -1 : 1) : na.compare(nb);
        } else {
            c = collator.compare(ca, cb);
        }
        if (c != 0)
            return c;
        i = ei;
        j = ej;
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    return collator.compare(a, b); // equal by the rules above ("01" and "1"): any fixed order
}

template <typename Value>
std::vector<int> textRanks(const QList<Track> &rows, Value value)
{
    constexpr int kEmpty = std::numeric_limits<int>::max();
    QHash<QString, int> slot;
    QStringList distinct;
    std::vector<int> ranks(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString v = value(rows.at(i));
        if (v.isEmpty()) {
            ranks[i] = kEmpty;
            continue;
        }
        auto it = slot.constFind(v);
        if (it == slot.constEnd()) {
            it = slot.insert(v, int(distinct.size()));
            distinct.append(v);
        }
        ranks[i] = *it;
    }
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::vector<int> byValue(distinct.size());
    std::iota(byValue.begin(), byValue.end(), 0);
    std::sort(byValue.begin(), byValue.end(), [&](int a, int b) { return naturalCompare(collator, distinct.at(a), distinct.at(b)) < 0; });
    std::vector<int> rankOf(distinct.size());
    for (int r = 0; r < int(byValue.size()); ++r)
        rankOf[byValue[r]] = r;
    for (int &r : ranks)
        if (r != kEmpty)
            r = rankOf[r];
    return ranks;
}

QString columnText(const Track &t, int column) { return sortKey(t, column).toString(); }

// The order of `rows` sorted by `column`: empty values last either way; ties by album artist,
// year, album, disc and track (always ascending, so an album reads 1, 2, 3 in either
// direction), then in library order (the order the rows came in).
QList<int> sortedOrder(const QList<Track> &rows, int column, Qt::SortOrder order)
{
    const qsizetype n = rows.size();
    std::vector<qint64> primary(n);
    std::vector<bool> missing(n);
    if (sortKey(rows.first(), column).typeId() == QMetaType::QString) {
        const std::vector<int> ranks = textRanks(rows, [column](const Track &t) { return columnText(t, column); });
        for (qsizetype i = 0; i < n; ++i) {
            primary[i] = ranks[i];
            missing[i] = ranks[i] == std::numeric_limits<int>::max();
        }
    } else {
        for (qsizetype i = 0; i < n; ++i) {
            const QVariant k = sortKey(rows.at(i), column);
            primary[i] = k.typeId() == QMetaType::QDateTime ? k.toDateTime().toMSecsSinceEpoch() : k.toLongLong();
            missing[i] = k.typeId() == QMetaType::QDateTime ? !k.toDateTime().isValid() : primary[i] <= 0;
        }
    }
    const std::vector<int> albumArtist = textRanks(rows, [](const Track &t) { return t.displayAlbumArtist(); });
    const std::vector<int> album = textRanks(rows, [](const Track &t) { return t.album; });
    const auto tie = [&](int i) {
        const Track &t = rows.at(i);
        return std::tuple(albumArtist[i], t.year <= 0 ? std::numeric_limits<int>::max() : t.year, album[i],
                          t.discNumber, t.trackNumber);
    };
    QList<int> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
        if (missing[a] != missing[b])
            return !missing[a];
        if (!missing[a] && primary[a] != primary[b])
            return order == Qt::AscendingOrder ? primary[a] < primary[b] : primary[a] > primary[b];
        return tie(a) < tie(b);
    });
    return idx;
}

} // namespace

void TrackModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    if (m_rows.isEmpty())
        return;
    if (column < 0 || column >= ColumnCount) {
        // The third click on a header: back to library order, the order the rows came in.
        QList<int> idx(m_rows.size());
        std::iota(idx.begin(), idx.end(), 0);
        applySort(m_generation, idx, idx);
        return;
    }
    // The job reads shared copies (no deep copy while the rows stay unchanged) and returns only
    // a new order of row numbers; it is applied if nothing changed meanwhile.
    const QList<Track> rows = m_rows;
    const quint64 generation = m_generation;
    QPointer<TrackModel> self(this);
    QThreadPool::globalInstance()->start([self, rows, column, order, generation] {
        QList<int> idx = sortedOrder(rows, column, order);
        QList<int> rowOfStored(idx.size());
        for (int i = 0; i < idx.size(); ++i)
            rowOfStored[idx.at(i)] = i;
        if (self)
            QMetaObject::invokeMethod(self.data(), [self, generation, idx = std::move(idx), rowOfStored = std::move(rowOfStored)]() mutable {
                if (self)
                    self->applySort(generation, std::move(idx), std::move(rowOfStored));
            }, Qt::QueuedConnection);
    });
}

void TrackModel::resortIfSorted()
{
    if (m_sortColumn >= 0 && !m_playlistOrder)
        sort(m_sortColumn, m_sortOrder);
}

void TrackModel::applySort(quint64 generation, QList<int> order, QList<int> rowOfStored)
{
    if (generation != m_generation || order.size() != m_order.size())
        return; // rows changed meanwhile; a later sort (after the load) will come
    Q_EMIT aboutToReorder();
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    QModelIndexList to;
    to.reserve(persistent.size());
    for (const QModelIndex &i : persistent)
        to.append(index(rowOfStored.at(m_order.at(i.row())), i.column()));
    m_order.swap(order);
    m_rowOfStored.swap(rowOfStored);
    ++m_generation; // another sort computed on the old order must not apply on top of this one
    if (!persistent.isEmpty())
        changePersistentIndexList(persistent, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT reordered();
}

} // namespace ekn
