#pragma once

#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QUrl>

#include <optional>

class QDataStream;

namespace ekn {

// One entry of the play queue: the file and the id of the track it belongs to (empty for a
// file played outside the library), plus its tags for messages, the player bar, the window
// title and the desktop's media controls (MPRIS).
struct QueueItem
{
    QueueItem() = default;
    QueueItem(QString id, QUrl u, QString t, QString a = {}, QString al = {}, QString path = {})
        : trackId(std::move(id)), url(std::move(u)), title(std::move(t)), artist(std::move(a)), album(std::move(al)),
          filePath(std::move(path))
    {
    }

    QString trackId;
    QUrl url;
    QString title;
    QString artist;
    QString album;
    // A local file may be given by its path instead of url: a queue of a whole big library
    // then makes no QUrl until an item plays.
    QString filePath;
    QString albumArtist;
    int year = 0;
    int trackNumber = 0;
    int discNumber = 0;
    QString genre;
    QString format;

    QUrl source() const { return url.isEmpty() && !filePath.isEmpty() ? QUrl::fromLocalFile(filePath) : url; }

    // "Title — Artist", or the title alone.
    QString label() const { return artist.isEmpty() ? title : title + QStringLiteral(" \u2014 ") + artist; }
    // The album an item belongs to, for shuffling whole albums: album and album artist.
    QString albumKey() const;
};

// Whether the context plays in its order, in a random order of tracks, or album by album in a
// random order of albums (each album's tracks in their own order).
enum class ShuffleMode { Off, Tracks, Albums };
// At the end of a file: go on (Off), play the same file again (One), or start the context
// over when its last item ends (All).
enum class RepeatMode { Off, One, All };

// What plays, and what plays after it. Two parts, as in the players people know:
// - the context: the list the user started playing from (a view, an album), walked in its own
//   order or in a shuffled order;
// - up next: items the user queued by hand (Play Next, Add to Queue). They play before the
//   context goes on, in the order the user arranged them, and leave the list as they start.
// Plain value type without Qt signals: Player owns one and says what changed.
class PlayQueue
{
public:
    // Replaces the context; `current` is the item to play first (-1: the first one). Up next
    // stays. With shuffle on, a new random order starts at `current`.
    void setItems(QList<QueueItem> items, int current = -1);
    const QList<QueueItem> &items() const { return m_items; }
    int size() const { return int(m_items.size()); }
    // Nothing at all to play: no context, nothing queued, nothing current.
    bool isEmpty() const { return m_items.isEmpty() && m_upNext.isEmpty() && !m_fromUpNext; }

    // The context item that plays (index into items()); -1 while an up-next item plays.
    int currentIndex() const;
    // Jumps to a context item (it plays now, instead of what was current).
    bool setCurrentIndex(int index);
    const QueueItem *current() const;

    // Up next: Play Next puts the items before everything queued; Add to Queue after it.
    void playNext(const QList<QueueItem> &items);
    void addToQueue(const QList<QueueItem> &items);
    void insertUpNext(int before, const QList<QueueItem> &items);
    const QList<QueueItem> &upNext() const { return m_upNext; }
    // Moves the up-next rows `rows` to sit before row `before` (rows as they are now).
    void moveUpNext(QList<int> rows, int before);
    void removeUpNext(QList<int> rows);
    void clearUpNext() { m_upNext.clear(); }

    // What plays after the current item, in order: up next, then the rest of the context in
    // play order (not wrapped round for repeat). Counted and indexed without copying, so a
    // queue view over a 100,000-track context costs nothing.
    int upcomingCount() const;
    const QueueItem &upcomingAt(int i) const;
    // The context row of upcoming row i (-1 for an up-next row).
    int upcomingContextIndex(int i) const;
    // Plays upcoming row i now: an up-next row leaves the list, a context row becomes current.
    bool jumpToUpcoming(int i);

    ShuffleMode shuffle() const { return m_shuffle; }
    // A new order; the current item stays current and the rest follows it.
    void setShuffle(ShuffleMode mode);
    RepeatMode repeat() const { return m_repeat; }
    void setRepeat(RepeatMode mode) { m_repeat = mode; }

    bool hasNext() const;
    bool hasPrevious() const;
    // The user skips on (Next): up next first, then the context; repeat All wraps round.
    bool advance();
    // The current file ended: as advance(), except that repeat One plays it again.
    bool advanceAtEnd();
    bool goBack();

    // The whole queue and its modes, for the next start of the app.
    void save(QDataStream &out) const;
    // False, with the queue unchanged, when the data is not a saved queue of this version.
    bool load(QDataStream &in);

private:
    void rebuildOrder(int keepIndex);
    int orderPositionOf(int index) const;

    QList<QueueItem> m_items; // the context, in its own order
    QList<int> m_order;       // play order: positions in m_items
    int m_pos = -1;           // where in m_order the context stands
    QList<QueueItem> m_upNext;
    std::optional<QueueItem> m_fromUpNext; // the up-next item playing now
    ShuffleMode m_shuffle = ShuffleMode::Off;
    RepeatMode m_repeat = RepeatMode::Off;
    QRandomGenerator m_random{QRandomGenerator::global()->generate()};
};

} // namespace ekn
