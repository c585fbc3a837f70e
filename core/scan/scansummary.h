#pragma once

#include <QMetaType>
#include <QStringList>

namespace ekn {

// What one scan did. `filesRead` counts the files actually opened with TagLib: a no-change
// rescan reads none, which is how tests (and the CLI) show incremental scanning works.
struct ScanSummary
{
    int found = 0;      // audio files found by the walk
    int filesRead = 0;  // files opened to read tags
    int added = 0;      // new tracks
    int changed = 0;    // tracks re-read because size or mtime changed (id kept)
    int unchanged = 0;  // skipped: same size and mtime as last time
    int moved = 0;      // files found at a new path and linked to their old track
    int restored = 0;   // tracks whose file came back (available again)
    int missing = 0;    // tracks newly marked unavailable (file gone); never deleted
    int failed = 0;     // files that could not be read (see scan_errors)
    int returned = 0;   // tracks taken out of the library before, back with their folder
    bool cancelled = false;
    QString error; // why the scan stopped before it changed anything (empty: it ran)
    // Why files that were read could not be stored (a batch's write failed): the scan ran, but
    // the library lacks what those files hold until a later scan reads them again.
    QString writeError;
    QStringList absentRoots;  // roots not found: nothing under them was changed
    QStringList refusedRoots; // roots on /proc-like file systems, or not folders
    qint64 elapsedMs = 0;
};

} // namespace ekn

Q_DECLARE_METATYPE(ekn::ScanSummary)
