#pragma once

#include "library/track.h"
#include "tags/tagwriter.h"

#include <QList>
#include <QString>

namespace ekn {

// What an edit of the library means for the files and for undo: the one mapping from the
// editable fields of a Track (TrackEdit) to the tag keys TagWriter writes.

// The tag keys and values to write into `track`'s file for the fields `edit` sets, with the
// values `track` holds (the library's values after the edit). A number with its total is one
// key ("3/12"); an empty value removes the key.
TagWriter::Changes tagChangesOf(const Track &track, const TrackEdit &edit);

// The edit that gives back `track`'s values for the fields `edit` sets (its undo, when
// `track` is as it was before the edit).
TrackEdit inverseOf(const Track &track, const TrackEdit &edit);

// What writing an edit into several files came to.
struct FileWriteReport
{
    int failed = 0;
    QString firstFailure; // "path: reason" of the first file that could not be written
};

// Writes the fields `edit` sets into each track's file (only those keys; the others in the
// file stay as they are). Plain file I/O: never on the GUI thread.
FileWriteReport writeEditToFiles(const QList<Track> &tracks, const TrackEdit &edit);

} // namespace ekn
