#include "audiofixture.h"

#include "testsupport.h"

#include <QDir>
#include <QFileInfo>

namespace ekn::test {

QString makeTone(const QString &path, const ToneTags &tags, double seconds, int frequency)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QStringList args{QStringLiteral("-nostdin"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                     QStringLiteral("-y"), QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                     QStringLiteral("sine=frequency=%1:duration=%2:sample_rate=22050").arg(frequency).arg(seconds)};
    const auto meta = [&args](const char *key, const QString &value) {
        if (!value.isEmpty())
            args << QStringLiteral("-metadata") << QLatin1String(key) + QLatin1Char('=') + value;
    };
    meta("title", tags.title);
    meta("artist", tags.artist);
    meta("album", tags.album);
    meta("album_artist", tags.albumArtist);
    meta("genre", tags.genre);
    if (tags.year > 0)
        meta("date", QString::number(tags.year));
    if (tags.track > 0)
        meta("track", QString::number(tags.track));
    args << path;
    const ProcessResult r = runProgram(QStringLiteral("ffmpeg"), args);
    if (r.exitCode != 0 || !QFileInfo::exists(path))
        return QStringLiteral("ffmpeg failed (%1): %2").arg(r.exitCode).arg(r.err);
    return {};
}

} // namespace ekn::test
