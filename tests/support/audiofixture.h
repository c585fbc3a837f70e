#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

// Real audio files for the tests, made with ffmpeg at test time (about 1 s of tone by default).
namespace ekn::test {

struct ToneTags
{
    QString title;
    QString artist;
    QString album;
    QString albumArtist;
    QString track;   // "3/12"
    QString disc;    // "1/2"
    QString date;    // "2001"
    QString genre;
    QString composer;
    QString comment;
    QMap<QString, QString> extra; // any other key, e.g. {"mood", "Happy"}
    QString coverPng;             // path of a PNG to embed (mp3, flac)
    double seconds = 1.0;
    int frequency = 440;
};

// Formats every test knows how to make: mp3 flac ogg opus m4a wav aiff wv wma.
QStringList toneFormats();
// Makes `path` (its suffix picks the codec). Returns an empty string, or ffmpeg's complaint.
QString makeTone(const QString &path, const ToneTags &tags);
// The same with the tone's length and pitch given here (tests that need distinct files).
QString makeTone(const QString &path, ToneTags tags, double seconds, int frequency = 440);
// The tags most tests set, in one call (0 and empty leave a tag out).
ToneTags toneTags(const QString &title, const QString &artist = {}, const QString &album = {},
                  const QString &albumArtist = {}, const QString &genre = {}, int year = 0, int track = 0);
// A small PNG for cover art.
QString makePng(const QString &path);
// Copies a file, creating folders on the way.
bool copyFile(const QString &from, const QString &to);
// Sets the modification time explicitly (a rewrite within the same second must still count
// as changed for tests that depend on it).
bool setMtime(const QString &path, qint64 msecsSinceEpoch);

} // namespace ekn::test
