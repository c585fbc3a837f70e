#include "tagchanges.h"

#include <QDir>

namespace ekn {

namespace {
QString numberPair(int n, int total)
{
    if (n <= 0)
        return QString();
    return total > 0 ? QStringLiteral("%1/%2").arg(n).arg(total) : QString::number(n);
}

template <class T> void copyIfSet(std::optional<T> &to, const std::optional<T> &set, const T &value)
{
    if (set)
        to = value;
}
} // namespace

TagWriter::Changes tagChangesOf(const Track &t, const TrackEdit &edit)
{
    TagWriter::Changes c;
    const auto text = [&c](const std::optional<QString> &set, const char *key,
                           const QString &value) {
        if (set)
            c.append({QLatin1String(key), value});
    };
    text(edit.title, "TITLE", t.title);
    text(edit.artist, "ARTIST", t.artist);
    text(edit.album, "ALBUM", t.album);
    text(edit.albumArtist, "ALBUMARTIST", t.albumArtist);
    text(edit.genre, "GENRE", t.genre);
    text(edit.composer, "COMPOSER", t.composer);
    text(edit.comment, "COMMENT", t.comment);
    if (edit.year)
        c.append({QStringLiteral("DATE"), t.year > 0 ? QString::number(t.year) : QString()});
    if (edit.trackNumber || edit.trackTotal)
        c.append({QStringLiteral("TRACKNUMBER"), numberPair(t.trackNumber, t.trackTotal)});
    if (edit.discNumber || edit.discTotal)
        c.append({QStringLiteral("DISCNUMBER"), numberPair(t.discNumber, t.discTotal)});
    if (edit.rating) // half stars; TagWriter puts them in each format's rating tags
        c.append({QStringLiteral("RATING"),
                  t.rating == Track::kUnrated ? QString() : QString::number(t.rating)});
    return c;
}

TrackEdit inverseOf(const Track &t, const TrackEdit &e)
{
    TrackEdit back;
    copyIfSet(back.title, e.title, t.title);
    copyIfSet(back.artist, e.artist, t.artist);
    copyIfSet(back.album, e.album, t.album);
    copyIfSet(back.albumArtist, e.albumArtist, t.albumArtist);
    copyIfSet(back.genre, e.genre, t.genre);
    copyIfSet(back.composer, e.composer, t.composer);
    copyIfSet(back.comment, e.comment, t.comment);
    copyIfSet(back.year, e.year, t.year);
    copyIfSet(back.trackNumber, e.trackNumber, t.trackNumber);
    copyIfSet(back.trackTotal, e.trackTotal, t.trackTotal);
    copyIfSet(back.discNumber, e.discNumber, t.discNumber);
    copyIfSet(back.discTotal, e.discTotal, t.discTotal);
    copyIfSet(back.rating, e.rating, t.rating);
    return back;
}

FileWriteReport writeEditToFiles(const QList<Track> &tracks, const TrackEdit &edit)
{
    FileWriteReport report;
    for (const Track &t : tracks) {
        const QString error = TagWriter::write(t.filePath, tagChangesOf(t, edit));
        if (!error.isEmpty() && ++report.failed == 1)
            report.firstFailure =
                QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(t.filePath), error);
    }
    return report;
}

} // namespace ekn
