#pragma once

#include "library/track.h"
#include "library/trackfields.h"
#include "tags/tagwriter.h"

#include <QList>
#include <QString>

namespace ekn {

// Writing an edit into the files. Which tag keys an edit means (tagChangesOf) and the edit that
// undoes it (inverseOf) derive from the field table, trackfields.h.

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
