#include "audiofixture.h"

#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ekn::test {

QStringList toneFormats()
{
    return {QStringLiteral("mp3"), QStringLiteral("flac"), QStringLiteral("ogg"), QStringLiteral("opus"),
            QStringLiteral("m4a"), QStringLiteral("wav"),  QStringLiteral("aiff"), QStringLiteral("wv"),
            QStringLiteral("wma")};
}

QString makeTone(const QString &path, const ToneTags &tags)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QString suffix = QFileInfo(path).suffix().toLower();
    QStringList args{QStringLiteral("-nostdin"), QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                     QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                     QStringLiteral("sine=frequency=%1:duration=%2").arg(tags.frequency).arg(tags.seconds)};
    const bool cover = !tags.coverPng.isEmpty() && (suffix == QLatin1String("mp3") || suffix == QLatin1String("flac"));
    if (cover)
        args << QStringLiteral("-i") << tags.coverPng << QStringLiteral("-map") << QStringLiteral("0:a")
             << QStringLiteral("-map") << QStringLiteral("1:v") << QStringLiteral("-c:v") << QStringLiteral("png")
             << QStringLiteral("-disposition:v") << QStringLiteral("attached_pic") << QStringLiteral("-metadata:s:v")
             << QStringLiteral("comment=Cover (front)");
    const QMap<QString, QStringList> codec{
        {QStringLiteral("mp3"), {QStringLiteral("-c:a"), QStringLiteral("libmp3lame"), QStringLiteral("-id3v2_version"), QStringLiteral("3")}},
        {QStringLiteral("flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")}},
        {QStringLiteral("ogg"), {QStringLiteral("-c:a"), QStringLiteral("libvorbis")}},
        {QStringLiteral("opus"), {QStringLiteral("-c:a"), QStringLiteral("libopus"), QStringLiteral("-ar"), QStringLiteral("48000")}},
        {QStringLiteral("m4a"), {QStringLiteral("-c:a"), QStringLiteral("aac")}},
        {QStringLiteral("wav"), {QStringLiteral("-c:a"), QStringLiteral("pcm_s16le")}},
        {QStringLiteral("aiff"), {QStringLiteral("-c:a"), QStringLiteral("pcm_s16be"), QStringLiteral("-write_id3v2"), QStringLiteral("1")}},
        {QStringLiteral("wv"), {QStringLiteral("-c:a"), QStringLiteral("wavpack")}},
        {QStringLiteral("wma"), {QStringLiteral("-c:a"), QStringLiteral("wmav2")}},
    };
    if (!codec.contains(suffix))
        return QStringLiteral("no recipe for .") + suffix;
    args << codec.value(suffix);
    if (suffix != QLatin1String("opus"))
        args << QStringLiteral("-ar") << QStringLiteral("44100");
    auto meta = [&args](const char *key, const QString &value) {
        if (!value.isEmpty())
            args << QStringLiteral("-metadata") << QLatin1String(key) + QLatin1Char('=') + value;
    };
    meta("title", tags.title);
    meta("artist", tags.artist);
    meta("album", tags.album);
    meta("album_artist", tags.albumArtist);
    meta("track", tags.track);
    meta("disc", tags.disc);
    meta("date", tags.date);
    meta("genre", tags.genre);
    meta("composer", tags.composer);
    meta("comment", tags.comment);
    for (auto it = tags.extra.cbegin(); it != tags.extra.cend(); ++it)
        args << QStringLiteral("-metadata") << it.key() + QLatin1Char('=') + it.value();
    args << path;
    const ProcessResult r = runProgram(QStringLiteral("ffmpeg"), args);
    if (r.exitCode != 0)
        return QStringLiteral("ffmpeg failed for %1: %2").arg(path, r.err);
    return {};
}

QString makeTone(const QString &path, ToneTags tags, double seconds, int frequency)
{
    tags.seconds = seconds;
    tags.frequency = frequency;
    return makeTone(path, tags);
}

ToneTags toneTags(const QString &title, const QString &artist, const QString &album, const QString &albumArtist,
                  const QString &genre, int year, int track)
{
    ToneTags t;
    t.title = title;
    t.artist = artist;
    t.album = album;
    t.albumArtist = albumArtist;
    t.genre = genre;
    if (year > 0)
        t.date = QString::number(year);
    if (track > 0)
        t.track = QString::number(track);
    return t;
}

QString makePng(const QString &path)
{
    const ProcessResult r = runProgram(QStringLiteral("ffmpeg"),
                                       {QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                                        QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                                        QStringLiteral("color=c=red:s=16x16"), QStringLiteral("-frames:v"),
                                        QStringLiteral("1"), path});
    return r.exitCode == 0 ? QString() : r.err;
}

bool copyFile(const QString &from, const QString &to)
{
    QDir().mkpath(QFileInfo(to).absolutePath());
    QFile::remove(to);
    return QFile::copy(from, to);
}

bool setMtime(const QString &path, qint64 msecsSinceEpoch)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    return f.setFileTime(QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC), QFileDevice::FileModificationTime);
}

} // namespace ekn::test
