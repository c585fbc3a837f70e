#pragma once

// core/library: the local library, an embedded SQLite file that works with no server.
//
//   librarydatabase.h  LibraryDatabase  open(path) + forward-only migrations from
//                                       :/local-schema/NNN_name.sql; refuses newer files;
//                                       connection() = this thread's own QSqlDatabase (WAL,
//                                       foreign keys); defaultDataDir() (EKN_DATA_DIR or
//                                       AppDataLocation), fileNameIn(dir)
//   track.h            Track, TrackEdit, Playlist, PlaylistEntry, ScanError  value types
//   trackfields.h      trackFields()    the one definition of a track's fields (column or
//                                       metadata key, type, tag key, edited or not, JSON name,
//                                       normalisation); inverseOf, tagChangesOf, editProblem,
//                                       trackJson and every row/sync mapping derive from it
//   trackstore.h       TrackStore       all/paged tracks, by artist/album/genre, unavailable,
//                                       search (FTS5), artists/albums/genres, updateTrack
//                                       (+ outbox), scanErrors, libraryRoots
//   albumstore.h       AlbumStore, Album  the album grid's rows: albums grouped by album
//                                       artist + name, with year, track count, a cover file;
//                                       all of them or an artist's
//   playliststore.h    PlaylistStore    create, rename, soft delete/restore, add, move,
//                                       remove entries, list, entries (+ outbox)
//   smartplaylist.h    SmartRule, SmartPlaylist  a smart playlist's rule (search syntax +
//                                       rating/plays/skipped/played/added filters, order,
//                                       limit; kept in the description) and its tracks now
//   trackmatcher.h     TrackMatcher     the library's track for an audio hash or tags (shared
//                                       playlists)
//   libraryfolders.h   LibraryFolders   the library's folders (list with counts, remove), and
//                                       tracks taken out of the library and brought back
//                                       (soft delete + outbox; library_removals, schema 015)
//   trackwriter.h      TrackWriter      the scanner's writes: tracks from files, file locations,
//                                       availability, scan errors, roots (one batch = one tx);
//                                       a rescan takes only fields the file changed
//   rescanmerge.h      mergeRescan      (internal) the rule: file value changed since the last
//                                       read vs an edit, the later wins, the other is logged
//   trackmerger.h      TrackMerger      one track per audio hash: mergeDuplicates(), and
//                                       linkByAudioHash() for sync's first pull
//   searchquery.h      SearchQuery      (internal) user query -> FTS5 MATCH + year filter
//   outbox.h           Outbox           (internal) writes the outbox row of each change
//   writetransaction.h WriteTransaction (internal) BEGIN IMMEDIATE: writers wait for the lock;
//                                       Search::AtCommit for bulk writes (below)
//   searchdeferral.h   SearchDeferral   (internal) a bulk transaction indexes search once, at
//                                       commit, instead of one FTS5 segment per row
//                                       or lists a first pull's tracks in search_backlog
//                                       (schema 022), indexed after it (indexBacklog)
//   searchfallback.h   SearchFallback   (internal) search while tracks wait in the backlog:
//                                       reads and matches those tracks, so nothing is missed
//   indexdeferral.h    IndexDeferral    (internal) a bulk load into an empty library builds the
//                                       secondary indexes once at the end (open() finishes a
//                                       killed one); finishDeferred() = backlog + indexes
//   trackrow.h         trackFromQuery   (internal) the one SELECT of a Track
//   tagchanges.h       writeEditToFiles an edit written into the files (the keys: tagChangesOf)
//   undohistory.h      UndoHistory      the one undo stack: tag edits, deleted playlists,
//                                       tracks removed from the library or a playlist
//   playtallies.h      PlayTallies      plays and skips counted here (absolute, synced by
//                                       adding per device) and the other devices' sums
//                                       (track_play_tallies, schema 016)
//
// Tables (resources/local-schema): synced ones keep the server's names and columns
// (music_tracks, track_metadata, playlists, playlist_tracks); local only: track_files
// (with file_values, what the file said at its last read), track_field_edits (when each
// editable field last changed, kept by a trigger), outbox, scan_errors, library_roots,
// library_removals; track_search is the FTS5 index (kept by triggers, per
// row for single edits, per transaction for bulk writes: search_defer/search_pending, schema
// 012); deferred_indexes lists indexes a bulk load will build.
// Threads: one connection per thread by name; the scanner is the one bulk writer. Store calls
// are synchronous: run them off the GUI thread. Finish (or destroy) a QSqlQuery once read: an
// active statement keeps its connection on an old WAL snapshot.
#include "library/albumstore.h"
#include "library/librarydatabase.h"
#include "library/libraryfolders.h"
#include "library/playliststore.h"
#include "library/playtallies.h"
#include "library/smartplaylist.h"
#include "library/tagchanges.h"
#include "library/track.h"
#include "library/trackmatcher.h"
#include "library/trackfields.h"
#include "library/trackmerger.h"
#include "library/trackstore.h"
#include "library/undohistory.h"
