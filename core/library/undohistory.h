#pragma once

#include "library/track.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace ekn {

// One change the user can take back with Edit > Undo, with what undoing it needs.
struct UndoStep
{
    enum class Kind {
        TagEdit,         // before + edit (+ wroteFiles: the files get the old values back)
        PlaylistDelete,  // playlistId: restored
        LibraryRemove,   // trackIds: brought back into the library
        PlaylistEntries, // playlistId + entries (position, track id), ascending: put back
    };
    Kind kind = Kind::TagEdit;
    QList<Track> before; // the tracks as they were before the edit
    TrackEdit edit;
    bool wroteFiles = false;
    QString playlistId;
    QStringList trackIds;
    QList<QPair<int, QString>> entries;
};

// The one undo stack of the library: every undoable change (a tag edit, a deleted playlist,
// tracks removed from the library or from a playlist) is pushed here by whoever made it, and
// Undo takes the newest back first. Bounded: the oldest steps fall off (a tag edit keeps the
// old values of every track it changed).
class UndoHistory
{
public:
    static constexpr int kMaxSteps = 50;

    void push(UndoStep step);
    // The newest step, taken off the stack; nothing when there is nothing to undo.
    std::optional<UndoStep> takeLast();
    bool isEmpty() const { return m_steps.isEmpty(); }
    int size() const { return int(m_steps.size()); }

private:
    QList<UndoStep> m_steps;
};

} // namespace ekn
