#pragma once

// core/tags: reading tags and audio properties from audio files with TagLib 1.13.
//
//   taginfo.h    TagInfo        what one file says: title .. cover, audio properties, and
//                               every other tag key (extra, lands in track_metadata)
//                TagReadResult  ok + info, or a one-line reason the file could not be read
//                CoverArt       an embedded picture: bytes + mime
//   tagwriter.h  TagWriter      write(path, changes): a user's edits into the file, only the
//                               changed keys (others kept as they are)
//   ratingtags.h RatingTags     (internal) the rating in POPM/FMPS_RATING/RATING/MP4 rate
//   tagreader.h  TagReader      read(path) (thread-safe after warmUp()), readCover(path),
//                               audioSuffixes(), isAudioFile(name)
//
// Formats: everything TagLib 1.13 opens by extension (mp3, flac, ogg, oga, opus, spx, m4a,
// m4b, mp4, aac, alac, wav, aif/aiff, wma/asf, ape, wv, mpc, dsf is not in 1.13, tta, ...).
// Cover art presence: ID3v2 APIC, FLAC pictureList, Xiph pictureList, MP4 covr, ASF WM/Picture.
#include "tags/taginfo.h"
#include "tags/tagreader.h"
#include "tags/tagwriter.h"
