#include "playback/playqueue.h"

#include <QDataStream>
#include <QHash>

#include <algorithm>
#include <numeric>

namespace ekn {

// Found by argument-dependent lookup from QList's stream operators, hence in ekn itself.
static QDataStream &operator<<(QDataStream &out, const QueueItem &i)
{
    return out << i.trackId << i.url << i.title << i.artist << i.album << i.filePath << i.albumArtist << qint32(i.year)
               << qint32(i.trackNumber) << qint32(i.discNumber) << i.genre << i.format;
}

static QDataStream &operator>>(QDataStream &in, QueueItem &i)
{
    qint32 year = 0, track = 0, disc = 0;
    in >> i.trackId >> i.url >> i.title >> i.artist >> i.album >> i.filePath >> i.albumArtist >> year >> track >> disc
        >> i.genre >> i.format;
    i.year = year;
    i.trackNumber = track;
    i.discNumber = disc;
    return in;
}

namespace {
constexpr quint32 kMagic = 0x454b5155; // "EKQU"
constexpr quint16 kVersion = 1;

QList<int> validRows(QList<int> rows, int size)
{
    rows.erase(std::remove_if(rows.begin(), rows.end(), [size](int r) { return r < 0 || r >= size; }), rows.end());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}
} // namespace

QString QueueItem::albumKey() const
{
    return album + QChar(0x1f) + (albumArtist.isEmpty() ? artist : albumArtist);
}

void PlayQueue::setItems(QList<QueueItem> items, int current)
{
    m_items = std::move(items);
    m_fromUpNext.reset();
    if (m_items.isEmpty()) {
        m_order.clear();
        m_pos = -1;
        return;
    }
    rebuildOrder((current >= 0 && current < size()) ? current : 0);
}

void PlayQueue::rebuildOrder(int keepIndex)
{
    const int n = size();
    m_order.resize(n);
    std::iota(m_order.begin(), m_order.end(), 0);
    if (n == 0) {
        m_pos = -1;
        return;
    }
    const auto shuffled = [this](QList<int> &list, int from) {
        for (int i = int(list.size()) - 1; i > from; --i)
            std::swap(list[i], list[from + int(m_random.bounded(quint32(i - from + 1)))]);
    };
    switch (m_shuffle) {
    case ShuffleMode::Off:
        m_pos = keepIndex;
        return;
    case ShuffleMode::Tracks:
        // The current item first, then the others in a random order.
        if (keepIndex >= 0)
            std::swap(m_order[0], m_order[keepIndex]);
        shuffled(m_order, keepIndex >= 0 ? 1 : 0);
        m_pos = 0;
        return;
    case ShuffleMode::Albums:
        break;
    }
    // Albums in a random order, each album's tracks by disc and number (context order on
    // ties); the current item's album comes first.
    QHash<QString, int> groupOf;
    QList<QList<int>> groups;
    for (int i = 0; i < n; ++i) {
        const auto it = groupOf.constFind(m_items.at(i).albumKey());
        if (it != groupOf.constEnd()) {
            groups[*it].append(i);
        } else {
            groupOf.insert(m_items.at(i).albumKey(), int(groups.size()));
            groups.append(QList<int>{i});
        }
    }
    QList<int> groupOrder(groups.size());
    std::iota(groupOrder.begin(), groupOrder.end(), 0);
    const int first = keepIndex >= 0 ? groupOf.value(m_items.at(keepIndex).albumKey()) : -1;
    if (first >= 0)
        std::swap(groupOrder[0], groupOrder[first]);
    shuffled(groupOrder, first >= 0 ? 1 : 0);
    m_order.clear();
    for (int g : std::as_const(groupOrder)) {
        QList<int> tracks = groups.at(g);
        std::stable_sort(tracks.begin(), tracks.end(), [this](int a, int b) {
            const QueueItem &x = m_items.at(a), &y = m_items.at(b);
            return std::pair(x.discNumber, x.trackNumber) < std::pair(y.discNumber, y.trackNumber);
        });
        m_order.append(tracks);
    }
    m_pos = keepIndex >= 0 ? orderPositionOf(keepIndex) : 0;
}

int PlayQueue::orderPositionOf(int index) const { return int(m_order.indexOf(index)); }

int PlayQueue::currentIndex() const
{
    if (m_fromUpNext || m_pos < 0 || m_pos >= m_order.size())
        return -1;
    return m_order.at(m_pos);
}

bool PlayQueue::setCurrentIndex(int index)
{
    if (index < 0 || index >= size())
        return false;
    m_fromUpNext.reset();
    m_pos = orderPositionOf(index);
    return true;
}

const QueueItem *PlayQueue::current() const
{
    if (m_fromUpNext)
        return &*m_fromUpNext;
    const int index = currentIndex();
    return index >= 0 ? &m_items.at(index) : nullptr;
}

void PlayQueue::playNext(const QList<QueueItem> &items) { insertUpNext(0, items); }

void PlayQueue::addToQueue(const QList<QueueItem> &items) { m_upNext.append(items); }

void PlayQueue::insertUpNext(int before, const QList<QueueItem> &items)
{
    before = std::clamp(before, 0, int(m_upNext.size()));
    for (const QueueItem &item : items)
        m_upNext.insert(before++, item);
}

void PlayQueue::moveUpNext(QList<int> rows, int before)
{
    rows = validRows(std::move(rows), int(m_upNext.size()));
    if (rows.isEmpty())
        return;
    before = std::clamp(before, 0, int(m_upNext.size()));
    QList<QueueItem> moved;
    moved.reserve(rows.size());
    for (int r : std::as_const(rows))
        moved.append(m_upNext.at(r));
    // Rows above the drop point leave a gap: the point moves up by as many.
    const int above = int(std::count_if(rows.cbegin(), rows.cend(), [before](int r) { return r < before; }));
    for (auto it = rows.crbegin(); it != rows.crend(); ++it)
        m_upNext.removeAt(*it);
    insertUpNext(before - above, moved);
}

void PlayQueue::removeUpNext(QList<int> rows)
{
    rows = validRows(std::move(rows), int(m_upNext.size()));
    for (auto it = rows.crbegin(); it != rows.crend(); ++it)
        m_upNext.removeAt(*it);
}

int PlayQueue::upcomingCount() const
{
    const int restOfContext = m_order.isEmpty() ? 0 : int(m_order.size()) - (m_pos + 1);
    return int(m_upNext.size()) + std::max(0, restOfContext);
}

const QueueItem &PlayQueue::upcomingAt(int i) const
{
    if (i < m_upNext.size())
        return m_upNext.at(i);
    return m_items.at(m_order.at(m_pos + 1 + i - int(m_upNext.size())));
}

int PlayQueue::upcomingContextIndex(int i) const
{
    if (i < m_upNext.size())
        return -1;
    return m_order.at(m_pos + 1 + i - int(m_upNext.size()));
}

bool PlayQueue::jumpToUpcoming(int i)
{
    if (i < 0 || i >= upcomingCount())
        return false;
    if (i < m_upNext.size()) {
        m_fromUpNext = m_upNext.takeAt(i);
        return true;
    }
    m_fromUpNext.reset();
    m_pos += 1 + i - int(m_upNext.size());
    return true;
}

void PlayQueue::setShuffle(ShuffleMode mode)
{
    if (mode == m_shuffle)
        return;
    const int keep = (m_pos >= 0 && m_pos < m_order.size()) ? m_order.at(m_pos) : -1;
    m_shuffle = mode;
    rebuildOrder(keep);
}

bool PlayQueue::hasNext() const
{
    return !m_upNext.isEmpty() || m_pos + 1 < m_order.size() || (m_repeat == RepeatMode::All && !m_order.isEmpty());
}

bool PlayQueue::hasPrevious() const
{
    if (m_fromUpNext)
        return m_pos >= 0;
    return m_pos > 0 || (m_repeat == RepeatMode::All && m_order.size() > 1);
}

bool PlayQueue::advance()
{
    if (!m_upNext.isEmpty()) {
        m_fromUpNext = m_upNext.takeFirst();
        return true;
    }
    if (m_pos + 1 < m_order.size()) {
        m_fromUpNext.reset();
        ++m_pos;
        return true;
    }
    if (m_repeat == RepeatMode::All && !m_order.isEmpty()) {
        m_fromUpNext.reset();
        m_pos = 0;
        return true;
    }
    return false;
}

bool PlayQueue::advanceAtEnd()
{
    if (m_repeat == RepeatMode::One && current())
        return true;
    return advance();
}

bool PlayQueue::goBack()
{
    if (m_fromUpNext) {
        // Back from a queued item to the context item before it; the queued one waits again.
        if (m_pos < 0)
            return false;
        m_upNext.prepend(*m_fromUpNext);
        m_fromUpNext.reset();
        return true;
    }
    if (m_pos > 0) {
        --m_pos;
        return true;
    }
    if (m_repeat == RepeatMode::All && m_order.size() > 1) {
        m_pos = int(m_order.size()) - 1;
        return true;
    }
    return false;
}

void PlayQueue::save(QDataStream &out) const
{
    out << kMagic << kVersion << qint32(m_shuffle) << qint32(m_repeat) << m_items << m_order << qint32(m_pos) << m_upNext
        << bool(m_fromUpNext) << (m_fromUpNext ? *m_fromUpNext : QueueItem());
}

bool PlayQueue::load(QDataStream &in)
{
    quint32 magic = 0;
    quint16 version = 0;
    qint32 shuffle = 0, repeat = 0, pos = -1;
    QList<QueueItem> items, upNext;
    QList<int> order;
    bool hasFromUpNext = false;
    QueueItem fromUpNext;
    in >> magic >> version;
    if (in.status() != QDataStream::Ok || magic != kMagic || version != kVersion)
        return false;
    in >> shuffle >> repeat >> items >> order >> pos >> upNext >> hasFromUpNext >> fromUpNext;
    if (in.status() != QDataStream::Ok || shuffle < 0 || shuffle > int(ShuffleMode::Albums) || repeat < 0
        || repeat > int(RepeatMode::All) || order.size() != items.size() || pos < -1 || pos >= order.size())
        return false;
    QList<bool> seen(items.size(), false);
    for (int i : std::as_const(order)) {
        if (i < 0 || i >= items.size() || seen.at(i))
            return false; // not a permutation of the items
        seen[i] = true;
    }
    m_items = std::move(items);
    m_order = std::move(order);
    m_pos = pos;
    m_upNext = std::move(upNext);
    m_fromUpNext = hasFromUpNext ? std::optional<QueueItem>(fromUpNext) : std::nullopt;
    m_shuffle = ShuffleMode(shuffle);
    m_repeat = RepeatMode(repeat);
    return true;
}

} // namespace ekn
