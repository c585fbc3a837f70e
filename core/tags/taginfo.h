#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace ekn {

// What TagReader found in one audio file. Unknown numbers are 0. Values a broken file
// reports that cannot be true (a duration of days, a negative bitrate) are left at 0.
struct TagInfo
{
    QString title; // the file name without extension when the tag has no title
    QString artist;
    QString album;
    QString albumArtist;
    int trackNumber = 0;
    int trackTotal = 0;
    int discNumber = 0;
    int discTotal = 0;
    int year = 0;
    QString genre;
    QString composer;
    QString comment;
    qint64 durationMs = 0;
    int bitrate = 0; // kbps
    int sampleRate = 0;
    int channels = 0;
    QString format; // lower-case short name: mp3, flac, ogg, opus, m4a, wav, aiff, wma, ...
    qint64 fileSize = 0;
    bool hasCover = false;
    QString coverMime;
    // The file's rating in half stars 0..10, -1 when it has none (RatingTags reads it from
    // FMPS_RATING, POPM, RATING or MP4 rate).
    int rating = -1;
    // Every other tag key TagLib reports (upper-case keys, multiple values joined by "; ").
    QList<QPair<QString, QString>> extra;
};

// A picture embedded in an audio file (the front cover when the file marks one).
struct CoverArt
{
    QByteArray data; // the image file's bytes as stored (JPEG, PNG, ...); empty: no cover
    QString mime;
    bool isNull() const { return data.isEmpty(); }
};

// The result of reading one file: either info, or a one-line reason why not.
struct TagReadResult
{
    bool ok = false;
    QString error; // e.g. "empty file (0 bytes)", "not a valid flac file", "permission denied"
    TagInfo info;
};

} // namespace ekn
