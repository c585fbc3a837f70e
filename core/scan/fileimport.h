#pragma once

#include "common/result.h"

#include <QString>

namespace ekn {

class LibraryDatabase;

// One audio file into the library without its folder becoming a library folder: what
// "Open with EKNMusic" on a single file does. A file the library already has (by path) keeps
// its track (a removed one comes back); otherwise its tags are read and a track is written
// with its outbox row, as a scan would. Synchronous on the calling thread's connection: call
// it off the GUI thread. Returns the track's id; a Failure ("not an audio file", TagLib's
// reason, the library's) when nothing was added.
Result<QString> importSingleFile(const LibraryDatabase &db, const QString &path);

} // namespace ekn
