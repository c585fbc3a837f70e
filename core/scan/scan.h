#pragma once

// core/scan: importing folders into the local library.
//
//   folderscanner.h  FolderScanner  start(roots) / rescan(folders) / cancel() / wait(); signals progress(found,
//                                   done, folder), tracksAdded(ids), tracksChanged(ids),
//                                   fileFailed(path, reason), finished(ScanSummary)
//   folderwatcher.h  FolderWatcher  watches every folder of the roots; foldersChanged(outermost
//                                   changed folders), debounced; polls when watches run out
//   fileimport.h     importSingleFile  one audio file in, without its folder (Open With)
//   scansummary.h    ScanSummary    counts of one scan (found, filesRead, added, changed,
//                                   unchanged, moved, restored, missing, failed), absent and
//                                   refused roots, cancelled, elapsed time
//   folderwalker.h   FolderWalker   (internal) recursive walk: no symlink loops, no hidden
//                                   folders, audio files only, refuses /proc-like file systems
//   (the single writer uses library/trackwriter.h: one transaction per batch, outbox rows in it)
//
// Incremental: a file whose size and mtime match the library is not opened (summary.filesRead
// counts opened files). Moves are recognised by a content hash (size + first/last 16 KiB).
// Broken files: one fileFailed per file per scan, kept in scan_errors; an unchanged broken
// file is reported again from scan_errors without being reopened.
// Threads: the scan runs on its own thread; tag reading on N worker threads (all cores); the
// scan thread is the only writer. A missing file is never a delete.
#include "scan/folderscanner.h"
#include "scan/fileimport.h"
#include "scan/folderwatcher.h"
#include "scan/scansummary.h"
