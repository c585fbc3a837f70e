#pragma once

#include "tags/taginfo.h"

#include <QString>
#include <QStringList>

namespace ekn {

// Reads tags and audio properties with TagLib. read() is safe to call from many threads at
// once on different files, provided warmUp() ran once before the workers start (TagLib 1.13
// fills some format tables lazily without a lock).
class TagReader
{
public:
    // Touches every format once on the calling thread. Idempotent and thread-safe.
    static void warmUp();
    // Lower-case file suffixes the scanner treats as audio (mp3, flac, ogg, opus, m4a, ...).
    static const QStringList &audioSuffixes();
    static bool isAudioFile(const QString &fileName);
    // Never throws, never crashes on a user's file: a file TagLib cannot make sense of is
    // reported with a reason.
    static TagReadResult read(const QString &path);
    // The embedded cover of one file (ID3v2 APIC, FLAC/Xiph pictures, MP4 covr, ASF
    // WM/Picture); a null CoverArt when there is none or the file cannot be read.
    static CoverArt readCover(const QString &path);
    // Longest duration stored as a fact; longer values come from broken headers.
    static constexpr qint64 kMaxDurationMs = 24LL * 3600 * 1000;
};

} // namespace ekn
