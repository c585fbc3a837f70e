#pragma once

// core/scan: importing folders into the local library.
//
//   folderscanner.h  FolderScanner  start(roots) / cancel() / wait(); signals progress(found,
//                                   done, folder), tracksAdded(ids), tracksChanged(ids),
//                                   fileFailed(path, reason), finished(ScanSummary)
//   scansummary.h    ScanSummary    counts of one scan (found, filesRead, added, changed,
//                                   unchanged, moved, restored, missing, failed), absent and
//                                   refused roots, cancelled, elapsed time
//   folderwalker.h   FolderWalker   (internal) recursive walk: no symlink loops, no hidden
//                                   folders, audio files only, refuses /proc-like file systems
//   scanwriter.h     ScanWriter     (internal) the single writer: one transaction per batch
//
// Threads: the scan runs on its own thread; tag reading on N worker threads (all cores); the
// scan thread is the only writer. See DESIGN.md "Files that go missing".
#include "scan/folderscanner.h"
#include "scan/scansummary.h"
