#include "playlistorder.h"

#include <QSet>
#include <algorithm>
#include <numeric>

namespace ekn {

QList<PlaylistMove> playlistMoves(int count, QList<int> positions, int before)
{
    positions.erase(std::remove_if(positions.begin(), positions.end(),
                                   [count](int p) { return p < 0 || p >= count; }),
                    positions.end());
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    before = std::clamp(before, 0, count);
    // The order we want, as old positions: the rest with the moved block inserted at `before`.
    QList<int> desired;
    const QSet<int> moving(positions.cbegin(), positions.cend());
    for (int i = 0; i <= count; ++i) {
        if (i == before)
            desired.append(positions);
        if (i < count && !moving.contains(i))
            desired.append(i);
    }
    // Turn the current order into it with single moves (one per misplaced entry).
    QList<PlaylistMove> moves;
    QList<int> current(count);
    std::iota(current.begin(), current.end(), 0);
    for (int i = 0; i < count; ++i) {
        if (current.at(i) == desired.at(i))
            continue;
        const int j = int(current.indexOf(desired.at(i)));
        moves.append({j, i});
        current.move(j, i);
    }
    return moves;
}

} // namespace ekn
