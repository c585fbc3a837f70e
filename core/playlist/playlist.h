#pragma once

// core/playlist: playlists as files and the rules for changing their order; no widgets, no
// threads of its own (the window calls it on the library thread, the CLI on its one thread).
//
//   playlistfile.h      PlaylistFile      read/write M3U, M3U8, PLS (read) and XSPF files:
//                                         relative paths, names cleaned, wrong files refused
//   playlistorder.h     playlistMoves     the single moves that put a block of entries before
//                                         another (drag and drop in a playlist view)
//   playlisttransfer.h  PlaylistTransfer  a file -> a new playlist of the library's tracks
//                                         (entries not in the library are counted, not added);
//                                         a playlist -> a file
//
// The playlists themselves (rows, entries, outbox) are core/library's PlaylistStore.
#include "playlist/playlistfile.h"
#include "playlist/playlistorder.h"
#include "playlist/playlisttransfer.h"
