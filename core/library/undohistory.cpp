#include "undohistory.h"

namespace ekn {

void UndoHistory::push(UndoStep step)
{
    m_steps.append(std::move(step));
    if (m_steps.size() > kMaxSteps)
        m_steps.removeFirst();
}

std::optional<UndoStep> UndoHistory::takeLast()
{
    if (m_steps.isEmpty())
        return std::nullopt;
    return m_steps.takeLast();
}

} // namespace ekn
