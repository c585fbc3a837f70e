#pragma once

#include "common/result.h"

#include <QList>
#include <QPair>
#include <QString>

namespace ekn {

// Writes a user's edits back into an audio file with TagLib's generic property interface.
// Only the given keys change: every other tag in the file is kept exactly, and nothing is
// added that was not asked for. Keys are TagLib property names (TITLE, ARTIST, ALBUM,
// ALBUMARTIST, GENRE, COMPOSER, COMMENT, DATE, TRACKNUMBER "n/total", DISCNUMBER "n/total");
// an empty value removes the key. RATING is the rating in half stars ("0".."10"), written in
// each format's rating tags (see ratingtags.h: POPM + FMPS_RATING, RATING + FMPS_RATING, MP4
// rate); empty removes them. Plain file I/O: never on the GUI thread. Same thread-safety
// as TagReader::read (call TagReader::warmUp() first when writing from several threads).
class TagWriter
{
public:
    using Changes = QList<QPair<QString, QString>>;
    // A failure says why in one line (file missing, read-only, not a tagged format).
    static Status write(const QString &path, const Changes &changes);
};

} // namespace ekn
