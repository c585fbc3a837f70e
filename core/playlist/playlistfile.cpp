#include "playlistfile.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace ekn {

namespace {
bool isXspf(const QString &filePath)
{
    return filePath.endsWith(QLatin1String(".xspf"), Qt::CaseInsensitive);
}

// A name written by another program may span lines or run long; the library takes neither.
QString playlistName(const QString &raw)
{
    QString name;
    for (const QChar c : raw)
        name += c.category() == QChar::Other_Control ? QLatin1Char(' ') : c;
    name = name.simplified();
    const QList<uint> chars = name.toUcs4();
    return chars.size() <= 255
               ? name
               : QString::fromUcs4(reinterpret_cast<const char32_t *>(chars.constData()), 255)
                     .trimmed();
}

QString resolve(const QDir &base, const QString &location)
{
    const QUrl url(location);
    if (url.isLocalFile())
        return QDir::cleanPath(url.toLocalFile());
    if (QDir::isAbsolutePath(location))
        return QDir::cleanPath(location);
    return QDir::cleanPath(base.absoluteFilePath(location));
}

void writeXspf(QIODevice *file, const QDir &base, const QString &name,
               const QList<PlaylistFile::Entry> &entries)
{
    QXmlStreamWriter xml(file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("playlist"));
    xml.writeAttribute(QStringLiteral("version"), QStringLiteral("1"));
    xml.writeDefaultNamespace(QStringLiteral("http://xspf.org/ns/0/"));
    xml.writeTextElement(QStringLiteral("title"), name);
    xml.writeStartElement(QStringLiteral("trackList"));
    for (const PlaylistFile::Entry &e : entries) {
        xml.writeStartElement(QStringLiteral("track"));
        // XSPF locations are URIs: a relative one is a relative URI reference.
        const QString rel = base.relativeFilePath(e.path);
        xml.writeTextElement(QStringLiteral("location"), QString::fromUtf8(QUrl(rel).toEncoded()));
        if (!e.title.isEmpty())
            xml.writeTextElement(QStringLiteral("title"), e.title);
        if (!e.artist.isEmpty())
            xml.writeTextElement(QStringLiteral("creator"), e.artist);
        if (e.durationMs > 0)
            xml.writeTextElement(QStringLiteral("duration"), QString::number(e.durationMs));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
}

QByteArray m3u8(const QDir &base, const QString &name, const QList<PlaylistFile::Entry> &entries)
{
    QByteArray out = "#EXTM3U\n";
    out += "#PLAYLIST:" + name.toUtf8() + '\n';
    for (const PlaylistFile::Entry &e : entries) {
        const QString label =
            e.artist.isEmpty() ? e.title : e.artist + QStringLiteral(" - ") + e.title;
        out += "#EXTINF:" + QByteArray::number(e.durationMs > 0 ? e.durationMs / 1000 : -1) + ',' +
               label.toUtf8() + '\n';
        out += QDir::toNativeSeparators(base.relativeFilePath(e.path)).toUtf8() + '\n';
    }
    return out;
}

// XSPF: the <track> elements' location/title/creator; the list's <title> is its name.
Status readXspf(QIODevice *file, const QString &filePath, const QDir &base,
                PlaylistFile::Contents *contents)
{
    QXmlStreamReader xml(file);
    PlaylistFile::Entry current;
    bool inTrack = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto tag = xml.name();
            if (tag == QLatin1String("track")) {
                inTrack = true;
                current = PlaylistFile::Entry();
            } else if (tag == QLatin1String("location") && inTrack) {
                const QString loc = xml.readElementText().trimmed();
                const QUrl url = QUrl::fromEncoded(loc.toUtf8());
                current.path = resolve(base, url.isRelative() ? url.path() : loc);
            } else if (tag == QLatin1String("title")) {
                const QString t = xml.readElementText();
                if (inTrack)
                    current.title = t;
                else if (!t.isEmpty())
                    contents->name = t;
            } else if (tag == QLatin1String("creator") && inTrack) {
                current.artist = xml.readElementText();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("track")) {
            inTrack = false;
            if (!current.path.isEmpty())
                contents->entries.append(current);
        }
    }
    if (xml.hasError())
        return Failure{PlaylistFile::tr("%1 is not a valid XSPF playlist (line %2: %3)")
                           .arg(QDir::toNativeSeparators(filePath))
                           .arg(xml.lineNumber())
                           .arg(xml.errorString())};
    return Done{};
}

// PLS (Shoutcast/Winamp): an INI file whose FileN= keys are the entries, in the order of N.
void readPls(const QList<QByteArray> &lines, const QDir &base, QList<PlaylistFile::Entry> *entries)
{
    QMap<int, PlaylistFile::Entry> byNumber;
    static const QRegularExpression key(QStringLiteral("^(File|Title)(\\d+)=(.*)$"),
                                        QRegularExpression::CaseInsensitiveOption);
    for (const QByteArray &raw : lines) {
        const QRegularExpressionMatch m = key.match(QString::fromUtf8(raw.trimmed()));
        if (!m.hasMatch())
            continue;
        PlaylistFile::Entry &e = byNumber[m.captured(2).toInt()];
        const QString value = m.captured(3).trimmed();
        if (m.captured(1).compare(QLatin1String("File"), Qt::CaseInsensitive) == 0) {
            const QUrl url(value);
            e.path = resolve(base, url.isLocalFile() ? url.toLocalFile()
                                                     : QDir::fromNativeSeparators(value));
        } else {
            e.title = value;
        }
    }
    for (const PlaylistFile::Entry &e : std::as_const(byNumber))
        if (!e.path.isEmpty())
            entries->append(e);
}

// M3U/M3U8: one path a line; #PLAYLIST: names the list, other # lines are comments.
void readM3u(const QList<QByteArray> &lines, const QDir &base, PlaylistFile::Contents *contents)
{
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw.trimmed());
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("#PLAYLIST:"))) {
            contents->name = line.mid(10).trimmed();
            continue;
        }
        if (line.startsWith(QLatin1Char('#')))
            continue;
        PlaylistFile::Entry e;
        e.path = resolve(base, QDir::fromNativeSeparators(line));
        contents->entries.append(e);
    }
}
} // namespace

bool PlaylistFile::isPlaylistFile(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    return suffix == QLatin1String("m3u") || suffix == QLatin1String("m3u8") ||
           suffix == QLatin1String("xspf") || suffix == QLatin1String("pls");
}

Status PlaylistFile::write(const QString &filePath, const QString &name,
                           const QList<Entry> &entries)
{
    const QDir base = QFileInfo(filePath).absoluteDir();
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly))
        return Failure{
            tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(filePath), file.errorString())};
    if (isXspf(filePath))
        writeXspf(&file, base, name, entries);
    else
        file.write(m3u8(base, name, entries));
    if (!file.commit())
        return Failure{
            tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(filePath), file.errorString())};
    return Done{};
}

Result<PlaylistFile::Contents> PlaylistFile::read(const QString &filePath)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return Failure{
            tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(filePath), file.errorString())};
    const QDir base = QFileInfo(filePath).absoluteDir();
    Contents contents;
    contents.name = QFileInfo(filePath).completeBaseName();
    if (isXspf(filePath)) {
        const Status read = readXspf(&file, filePath, base, &contents);
        if (!read)
            return Failure{read.error()};
        contents.name = playlistName(contents.name);
        return contents;
    }
    // A wrong file picked in the dialog (a song, a video renamed .m3u) must not become an
    // empty playlist, nor be read whole into memory.
    constexpr qint64 kMaxM3uBytes = 64 * 1024 * 1024;
    if (file.size() > kMaxM3uBytes)
        return Failure{tr("%1 is not a playlist: %2 MB is far too big for one")
                           .arg(QDir::toNativeSeparators(filePath))
                           .arg(file.size() / (1024 * 1024))};
    const QByteArray data = file.readAll();
    if (data.contains('\0'))
        return Failure{tr("%1 is not a playlist: it holds binary data, not a list of files")
                           .arg(QDir::toNativeSeparators(filePath))};
    const QList<QByteArray> lines = data.split('\n');
    if (filePath.endsWith(QLatin1String(".pls"), Qt::CaseInsensitive))
        readPls(lines, base, &contents.entries);
    else
        readM3u(lines, base, &contents);
    contents.name = playlistName(contents.name);
    return contents;
}

} // namespace ekn
