#include "playback/playqueue.h"

namespace ekn {

void PlayQueue::setItems(QList<QueueItem> items, int current)
{
    m_items = std::move(items);
    m_current = (current >= 0 && current < size()) ? current : (m_items.isEmpty() ? -1 : 0);
}

bool PlayQueue::setCurrentIndex(int index)
{
    if (index < 0 || index >= size())
        return false;
    m_current = index;
    return true;
}

const QueueItem *PlayQueue::current() const
{
    return (m_current >= 0 && m_current < size()) ? &m_items.at(m_current) : nullptr;
}

bool PlayQueue::advance()
{
    if (!hasNext())
        return false;
    ++m_current;
    return true;
}

bool PlayQueue::goBack()
{
    if (!hasPrevious())
        return false;
    --m_current;
    return true;
}

} // namespace ekn
