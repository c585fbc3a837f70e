// ekn_gen_library N DIR: makes an N-file tagged music library in mixed formats with unicode
// names, for bench_library. ffmpeg makes one short file per format; every library file is a
// copy retagged with TagLib (fast), so tags, names and content hashes all differ. Every album
// has a real cover: a 500 px JPEG, different per album, embedded in its mp3, flac, m4a, ogg
// and opus files (wav keeps none) and also written beside them as cover.jpg.
#include <QBuffer>
#include <QCoreApplication>
#include <QImage>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTextStream>

#include <taglib/attachedpictureframe.h>
#include <taglib/fileref.h>
#include <taglib/flacfile.h>
#include <taglib/flacpicture.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4coverart.h>
#include <taglib/mp4file.h>
#include <taglib/mpegfile.h>
#include <taglib/opusfile.h>
#include <taglib/vorbisfile.h>
#include <taglib/xiphcomment.h>
#include <taglib/tag.h>
#include <taglib/tpropertymap.h>

#include <cstdio>

namespace {

const char *const kFormats[] = {"mp3", "flac", "ogg", "opus", "m4a", "wav"};

const char *const kArtistWords[] = {
    "Beyoncé", "Björk", "Sigur", "Rós", "Daft", "Punk", "坂本", "龍一", "Мумий", "Тролль", "Röyksopp", "Mötley",
    "Crüe", "Zoë", "Café", "Tacuba", "Los", "Héroes", "Nouvelle", "Vague", "Ólafur", "Arnalds", "Amadou", "Mariam",
    "Ensemble", "Orchestra", "Quartet", "Trio", "Brothers", "Sisters", "Kings", "Queens", "Electric", "Velvet",
    "Silver", "Golden", "Black", "White", "Red", "Blue", "Northern", "Southern", "Lights", "Shadows", "Rivers"};
const char *const kTitleWords[] = {
    "Love", "Night", "Day", "Light", "Dream", "Heart", "Fire", "Rain", "Summer", "Winter", "Été", "Hiver", "Amour",
    "Corazón", "Noche", "夏", "夜", "Ночь", "Любовь", "Road", "Home", "Lucky", "Get", "One", "More", "Time",
    "Harder", "Better", "Faster", "Stronger", "Halo", "Crazy", "Human", "Jóga", "Hyperballad", "Glósóli", "Hoppípolla",
    "Intro", "Outro", "Interlude", "Reprise", "Live", "Remix", "Edit", "Version", "Song", "Dance", "Blues"};
const char *const kGenres[] = {"Pop", "Rock", "Electronic", "Jazz", "Classical", "Hip-Hop", "Folk", "Ambient",
                               "Métal", "Chanson", "J-Pop", "Soundtrack"};

template <size_t N>
QString pick(const char *const (&words)[N], QRandomGenerator &rng)
{
    return QString::fromUtf8(words[rng.bounded(int(N))]);
}


template <size_t N>
QString words(const char *const (&list)[N], int n, QRandomGenerator &rng)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << pick(list, rng);
    return out.join(QLatin1Char(' '));
}

QString safeName(QString s)
{
    s.replace(QLatin1Char('/'), QLatin1Char('-'));
    return s;
}

// A 500 px cover, different for every album: two hues blended across, bands by album number.
QByteArray coverJpeg(int album)
{
    QImage img(500, 500, QImage::Format_RGB32);
    const int h1 = (album * 37) % 360, h2 = (album * 37 + 140) % 360;
    const QColor a = QColor::fromHsv(h1, 180, 230), b = QColor::fromHsv(h2, 200, 90);
    for (int y = 0; y < img.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < img.width(); ++x) {
            const double t = double(x + y) / 998.0;
            const int band = ((x / (12 + album % 20)) + (y / (16 + album % 13))) % 2 ? 18 : 0;
            line[x] = qRgb(std::min(255, int(a.red() * (1 - t) + b.red() * t) + band),
                           std::min(255, int(a.green() * (1 - t) + b.green() * t) + band),
                           std::min(255, int(a.blue() * (1 - t) + b.blue() * t) + band));
        }
    }
    QByteArray out;
    QBuffer buf(&out);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "JPEG", 85);
    return out;
}

// Embeds `jpeg` as the front cover, the way taggers store it in each format.
void embedCover(const QString &path, const QString &format, const QByteArray &jpeg)
{
    const TagLib::ByteVector data(jpeg.constData(), unsigned(jpeg.size()));
    const QByteArray name = QFile::encodeName(path);
    const auto xiphPicture = [&data] {
        auto *p = new TagLib::FLAC::Picture;
        p->setType(TagLib::FLAC::Picture::FrontCover);
        p->setMimeType("image/jpeg");
        p->setData(data);
        return p;
    };
    if (format == QLatin1String("mp3")) {
        TagLib::MPEG::File f(name.constData());
        auto *frame = new TagLib::ID3v2::AttachedPictureFrame;
        frame->setType(TagLib::ID3v2::AttachedPictureFrame::FrontCover);
        frame->setMimeType("image/jpeg");
        frame->setPicture(data);
        f.ID3v2Tag(true)->addFrame(frame);
        f.save();
    } else if (format == QLatin1String("flac")) {
        TagLib::FLAC::File f(name.constData());
        f.addPicture(xiphPicture());
        f.save();
    } else if (format == QLatin1String("m4a")) {
        TagLib::MP4::File f(name.constData());
        f.tag()->setItem("covr", TagLib::MP4::CoverArtList().append(TagLib::MP4::CoverArt(TagLib::MP4::CoverArt::JPEG, data)));
        f.save();
    } else if (format == QLatin1String("ogg")) {
        TagLib::Ogg::Vorbis::File f(name.constData());
        f.tag()->addPicture(xiphPicture());
        f.save();
    } else if (format == QLatin1String("opus")) {
        TagLib::Ogg::Opus::File f(name.constData());
        f.tag()->addPicture(xiphPicture());
        f.save();
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        err << "usage: ekn_gen_library N DIR [SECONDS]\n";
        return 2;
    }
    const int n = args.at(1).toInt();
    const QString dir = QDir(args.at(2)).absolutePath();
    const QString seconds = args.size() > 3 ? args.at(3) : QStringLiteral("10");
    const QString base = dir + QStringLiteral("/.base");
    QDir().mkpath(base);

    for (const char *format : kFormats) {
        const QString out = base + QStringLiteral("/base.") + QLatin1String(format);
        if (QFile::exists(out))
            continue;
        QStringList ff{QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-f"),
                       QStringLiteral("lavfi"), QStringLiteral("-i"),
                       QStringLiteral("anoisesrc=color=pink:duration=%1:amplitude=0.2").arg(seconds),
                       QStringLiteral("-ac"), QStringLiteral("2")};
        const QString f = QLatin1String(format);
        if (f == QLatin1String("opus"))
            ff << QStringLiteral("-c:a") << QStringLiteral("libopus") << QStringLiteral("-ar") << QStringLiteral("48000");
        else if (f == QLatin1String("mp3"))
            ff << QStringLiteral("-c:a") << QStringLiteral("libmp3lame") << QStringLiteral("-b:a") << QStringLiteral("192k");
        else if (f == QLatin1String("ogg"))
            ff << QStringLiteral("-c:a") << QStringLiteral("libvorbis");
        else if (f == QLatin1String("m4a"))
            ff << QStringLiteral("-c:a") << QStringLiteral("aac");
        else if (f == QLatin1String("wav"))
            ff << QStringLiteral("-c:a") << QStringLiteral("pcm_s16le") << QStringLiteral("-ar") << QStringLiteral("22050");
        ff << QStringLiteral("-metadata") << QStringLiteral("title=base") << out;
        if (QProcess::execute(QStringLiteral("ffmpeg"), ff) != 0) {
            err << "ffmpeg failed for " << out << '\n';
            return 1;
        }
    }

    QRandomGenerator rng(20261125);
    int made = 0;
    const int perAlbum = 12;
    for (int album = 0; made < n; ++album) {
        const QString artist = words(kArtistWords, 1 + rng.bounded(2), rng);
        const QString albumTitle = words(kTitleWords, 1 + rng.bounded(3), rng);
        const QString genre = pick(kGenres, rng);
        const int year = 1960 + rng.bounded(65);
        const QString folder = QStringLiteral("%1/%2/%3 (%4)").arg(dir, safeName(artist), safeName(albumTitle)).arg(album);
        QDir().mkpath(folder);
        const QByteArray cover = coverJpeg(album);
        QFile coverFile(folder + QStringLiteral("/cover.jpg"));
        if (!coverFile.open(QIODevice::WriteOnly) || coverFile.write(cover) != cover.size()) {
            err << "cannot write " << coverFile.fileName() << '\n';
            return 1;
        }
        coverFile.close();
        for (int track = 1; track <= perAlbum && made < n; ++track, ++made) {
            const QString format = QLatin1String(kFormats[made % 6]);
            const QString title = words(kTitleWords, 1 + rng.bounded(4), rng);
            const QString path = QStringLiteral("%1/%2 %3.%4").arg(folder).arg(track, 2, 10, QLatin1Char('0')).arg(safeName(title), format);
            QFile::remove(path);
            if (!QFile::copy(base + QStringLiteral("/base.") + format, path)) {
                err << "cannot write " << path << '\n';
                return 1;
            }
            embedCover(path, format, cover); // before the tags: one file open at a time
            TagLib::FileRef ref(QFile::encodeName(path).constData());
            if (ref.isNull() || !ref.tag()) {
                err << "TagLib cannot open " << path << '\n';
                return 1;
            }
            TagLib::Tag *tag = ref.tag();
            tag->setTitle(TagLib::String(title.toStdString(), TagLib::String::UTF8));
            tag->setArtist(TagLib::String(artist.toStdString(), TagLib::String::UTF8));
            tag->setAlbum(TagLib::String(albumTitle.toStdString(), TagLib::String::UTF8));
            tag->setGenre(TagLib::String(genre.toStdString(), TagLib::String::UTF8));
            tag->setYear(unsigned(year));
            tag->setTrack(unsigned(track));
            ref.save();
        }
        if (album % 50 == 0) {
            err << "\r" << made << "/" << n << " files" << Qt::flush;
        }
    }
    err << "\r" << made << " files in " << dir << '\n';
    return 0;
}
