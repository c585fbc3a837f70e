#pragma once

#include <QList>

namespace ekn {

// One step of a reorder: the entry at `from` goes to `to` (PlaylistStore::moveEntry).
struct PlaylistMove
{
    int from = 0;
    int to = 0;
    friend bool operator==(const PlaylistMove &, const PlaylistMove &) = default;
};

// The moves that put the entries at `positions` (any order, repeats and positions outside
// 0..count-1 ignored) together before the entry that is at `before` now (count = at the end),
// keeping their order. One move per misplaced entry, applied in turn: each sees the order the
// previous ones left. An empty list when nothing changes place.
QList<PlaylistMove> playlistMoves(int count, QList<int> positions, int before);

} // namespace ekn
