#pragma once

#include <QString>
#include <QStringList>

namespace ekn::test {

struct ToneTags
{
    QString title;
    QString artist;
    QString album;
    QString albumArtist;
    QString genre;
    int year = 0;
    int track = 0;
};

// Writes a short sine tone with the given tags through ffmpeg (real files, made at test time).
// The format follows the extension (.ogg, .flac, .mp3, .wav). Returns an empty string on
// success, else ffmpeg's complaint.
QString makeTone(const QString &path, const ToneTags &tags, double seconds = 2.0, int frequency = 440);

} // namespace ekn::test
