#pragma once

#include <QString>

namespace TagLib {
class File;
class PropertyMap;
} // namespace TagLib

namespace ekn {

// A track's rating in the tags other players use (issue 14), in half stars 0..10 (-1: none):
//   ID3v2 (mp3)          POPM (0-255, Windows Media Player's values for whole stars) and
//                        FMPS_RATING (TXXX, 0.0-1.0)
//   Vorbis comments      RATING (0-100) and FMPS_RATING (0.0-1.0)
//   MP4 (m4a)            the "rate" atom (0-100)
// Internal to core/tags: TagReader reads with it, TagWriter writes with it. Same thread rules
// as TagReader/TagWriter.
namespace RatingTags {

// The file's rating: FMPS_RATING first (the one with a defined scale), then POPM or MP4 rate,
// then RATING. `fmps` and `rating` are the property values the reader took out of the map.
int read(TagLib::File *file, const QString &fmps, const QString &rating);

// Puts `halfStars` (-1 removes the rating) into `map` (the property keys of this file's
// format) and, after setProperties(), into the frames or atoms no property reaches
// (writeFrames: POPM, MP4 rate).
void writeProperties(TagLib::File *file, TagLib::PropertyMap &map, int halfStars);
void writeFrames(TagLib::File *file, int halfStars);

} // namespace RatingTags

} // namespace ekn
