#pragma once

#include <QList>
#include <QString>
#include <QUrl>

namespace ekn {

// One entry of the play queue: the file and the id of the track it belongs to (empty for a
// file played outside the library), plus its tags for messages, the player bar and the
// desktop's media controls (MPRIS).
struct QueueItem
{
    QString trackId;
    QUrl url;
    QString title;
    QString artist;
    QString album;
    // A local file may be given by its path instead of url: a queue of a whole big library
    // then makes no QUrl until an item plays.
    QString filePath;

    QUrl source() const { return url.isEmpty() && !filePath.isEmpty() ? QUrl::fromLocalFile(filePath) : url; }

    // "Title — Artist", or the title alone.
    QString label() const { return artist.isEmpty() ? title : title + QStringLiteral(" \u2014 ") + artist; }
};

// The ordered list the player walks with next/previous. Plain value type: the UI builds it from
// the current view or playlist and hands it over whole.
class PlayQueue
{
public:
    void setItems(QList<QueueItem> items, int current = -1);
    const QList<QueueItem> &items() const { return m_items; }
    int size() const { return int(m_items.size()); }
    bool isEmpty() const { return m_items.isEmpty(); }

    int currentIndex() const { return m_current; }
    bool setCurrentIndex(int index);
    const QueueItem *current() const;

    bool hasNext() const { return m_current + 1 < size(); }
    bool hasPrevious() const { return m_current > 0; }
    // Move and return whether there was somewhere to go.
    bool advance();
    bool goBack();

private:
    QList<QueueItem> m_items;
    int m_current = -1;
};

} // namespace ekn
