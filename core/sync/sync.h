#pragma once

// core/sync: offline-first two-way sync of the local library with the shared PostgreSQL.
//
// The table below is laid out by hand (file, class, what it does); clang-format would reflow
// its columns into one paragraph, so it is kept out of formatting.
// clang-format off
//
//   syncengine.h       SyncEngine       the app's entry point: own QThread, own connections;
//                                       syncs on start, syncNow(), nudge() (debounced after
//                                       edits), periodically, on reconnect; retries with
//                                       backoff; statusChanged(), syncFinished(),
//                                       libraryChanged(trackIds, playlistIds)
//   synchronizer.h     Synchronizer     one blocking run: schema check, owner check (adopt /
//                                       refuse), push then pull (also used by the CLI)
//   syncstatus.h       SyncStatus       offline / syncing (n of m) / synced at / error;
//                                       SyncReport
//   connectivity.h     Connectivity     QNetworkInformation reachability
//   conflictlog.h      ConflictLog      values that lost a conflict: list, restore
//   sharedplaylists.h  SharedPlaylists  publish / unpublish a playlist (its link), open one
//                                       another account published (entries resolved against
//                                       this library, missing ones marked), copy it here
//   filelinker.h       FileLinker       (internal) a file found here joins the synced track
//                                       with its content hash
//   syncpush.h         SyncPush         (internal) outbox -> server, per-field merge
//   syncpull.h         SyncPull         (internal) server -> library since the cursor, paged
//                                       (syncpulltracks.cpp: a page's tracks)
//   remotesession.h    RemoteSession    (internal) user transactions with token refresh
//                                       mid-sync
//   syncvalues.h       (functions)      (internal) the merge rule and row/JSON helpers
//
// clang-format on
//
// Server side: migrations/versions/010_sync_versions (per-user counter, field versions).
// Local side: resources/local-schema/010_sync.sql (base versions, sync_state, sync_conflicts).
#include "sync/conflictlog.h"
#include "sync/connectivity.h"
#include "sync/sharedplaylists.h"
#include "sync/syncengine.h"
#include "sync/synchronizer.h"
#include "sync/syncstatus.h"
