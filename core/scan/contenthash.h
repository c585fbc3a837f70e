#pragma once

#include "common/result.h"

#include <QString>

namespace ekn {

// Identity of a track's audio: a hash of the audio payload only, so retagging a file (new
// title, a cover added or removed, tag padding grown) keeps it and re-encoding changes it.
// Travels between devices in music_tracks.metadata.content_hash and links the same music
// across devices and moves, so it is versioned: "a1:" + 32 hex digits. A later algorithm gets
// a new prefix and never reuses this one.
//
// Where the payload is, per container (the tags TagLib writes are all outside of it):
//   MP3 and anything unrecognised  the file minus a leading ID3v2 tag and trailing
//                                  ID3v1 / APEv2 tags (also how .wv, .ape, .mpc, .tta are done)
//   FLAC                           the frames after the metadata blocks
//   Ogg (Vorbis, Opus, FLAC,       the page bodies after the header packets (identification,
//        Speex)                    comment, setup): page headers are left out, because a
//                                  retag may renumber the pages behind a grown comment
//   MP4 / M4A                      the body of the first mdat atom
//   WAV / AIFF                     the body of the data / SSND chunk
//   WMA / ASF                      the Data Object
// Fallback: a container that does not parse (truncated, unknown layout) is hashed as
// "anything unrecognised" above, so a hash is always produced for a readable file.
//
// Fast: it reads the payload's length and three 64 KiB windows of it (start, middle, end),
// plus the few headers needed to find it, never the whole file.
//
// A Failure ("cannot open the file: permission denied") when the file cannot be read.
Result<QString> audioHash(const QString &path);

// The algorithm version that audioHash() writes, as its prefix ("a1:").
QString audioHashPrefix();

} // namespace ekn
