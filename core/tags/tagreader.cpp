#include "tags/tagreader.h"

#include "tags/ratingtags.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <mutex>
#include <taglib/aifffile.h>
#include <taglib/apefile.h>
#include <taglib/asffile.h>
#include <taglib/asfpicture.h>
#include <taglib/attachedpictureframe.h>
#include <taglib/fileref.h>
#include <taglib/flacfile.h>
#include <taglib/id3v1genres.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mpcfile.h>
#include <taglib/mpegfile.h>
#include <taglib/oggflacfile.h>
#include <taglib/opusfile.h>
#include <taglib/speexfile.h>
#include <taglib/tbytevectorstream.h>
#include <taglib/tpropertymap.h>
#include <taglib/trueaudiofile.h>
#include <taglib/vorbisfile.h>
#include <taglib/wavfile.h>
#include <taglib/wavpackfile.h>
#include <taglib/xiphcomment.h>

namespace ekn {

namespace {

QString qs(const TagLib::String &s)
{
    return QString::fromStdString(s.to8Bit(true)).trimmed();
}

// Tag text is whatever a tagger wrote: control characters would print escape sequences in a
// terminal listing and split a row in two. Line breaks and tabs survive only where text may
// span lines (comments, lyrics); elsewhere they become spaces.
QString withoutControls(const QString &text, bool multiLine)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.category() != QChar::Other_Control) {
            out += c;
        } else if (c == QLatin1Char('\r')) {
            if (!(i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')))
                out += multiLine ? QLatin1Char('\n') : QLatin1Char(' ');
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\t')) {
            out += multiLine ? c : QLatin1Char(' ');
        }
    }
    return out.trimmed();
}

// The server keeps title, artist and album in VARCHAR(500) and tag keys in VARCHAR(255): a
// longer value would be refused at every sync. The file keeps the whole text.
QString bounded(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    qsizetype cut = maxChars;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut).trimmed();
}

constexpr qsizetype kMaxNameChars = 500;
constexpr qsizetype kMaxKeyChars = 255;

QString joined(const TagLib::StringList &list)
{
    QStringList parts;
    for (const TagLib::String &s : list) {
        const QString v = qs(s);
        if (!v.isEmpty())
            parts << v;
    }
    return parts.join(QStringLiteral("; "));
}

// "3/12" -> (3, 12); "7" -> (7, 0); garbage -> (0, 0).
std::pair<int, int> numberAndTotal(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    auto toPositive = [](const QString &s) {
        bool ok = false;
        const int v = s.trimmed().toInt(&ok);
        return ok && v > 0 && v < 100000 ? v : 0;
    };
    return {toPositive(parts.value(0)), parts.size() > 1 ? toPositive(parts.value(1)) : 0};
}

int yearOf(const QString &date)
{
    // DATE is "2001", "2001-05-01" or "2001-05-01T..."; only a plausible year is a fact.
    const int y = date.left(4).toInt();
    return (y >= 1000 && y <= 2999) ? y : 0;
}

QString mimeOfPicture(const TagLib::String &mime, const TagLib::ByteVector &data)
{
    QString m = qs(mime).toLower();
    if (m == QLatin1String("image/jpg"))
        m = QStringLiteral("image/jpeg");
    if (!m.isEmpty() && m.contains(QLatin1Char('/')))
        return m;
    if (data.startsWith("\x89PNG"))
        return QStringLiteral("image/png");
    if (data.startsWith("\xff\xd8"))
        return QStringLiteral("image/jpeg");
    return QStringLiteral("application/octet-stream");
}

// The picture a player shows for a file: the front cover when the file says which one that
// is, else the first picture. `data` is filled only when asked for (a scan needs the mime type
// alone and should not copy megabytes of artwork per file).
struct CoverSink
{
    QString *mime = nullptr;
    QByteArray *data = nullptr;

    bool take(const TagLib::String &mimeType, const TagLib::ByteVector &bytes) const
    {
        *mime = mimeOfPicture(mimeType, bytes);
        if (data)
            *data = QByteArray(bytes.data(), qsizetype(bytes.size()));
        return true;
    }
};

bool coverFromId3v2(TagLib::ID3v2::Tag *tag, const CoverSink &sink)
{
    if (!tag)
        return false;
    const TagLib::ID3v2::FrameList frames = tag->frameListMap()["APIC"];
    TagLib::ID3v2::AttachedPictureFrame *chosen = nullptr;
    for (TagLib::ID3v2::Frame *frame : frames) {
        auto *pic = dynamic_cast<TagLib::ID3v2::AttachedPictureFrame *>(frame);
        if (pic && (!chosen || pic->type() == TagLib::ID3v2::AttachedPictureFrame::FrontCover))
            chosen = pic;
        if (chosen && chosen->type() == TagLib::ID3v2::AttachedPictureFrame::FrontCover)
            break;
    }
    return chosen && sink.take(chosen->mimeType(), chosen->picture());
}

bool coverFromPictures(const TagLib::List<TagLib::FLAC::Picture *> &pictures, const CoverSink &sink)
{
    const TagLib::FLAC::Picture *chosen = nullptr;
    for (const TagLib::FLAC::Picture *pic : pictures) {
        if (!chosen || pic->type() == TagLib::FLAC::Picture::FrontCover)
            chosen = pic;
        if (chosen->type() == TagLib::FLAC::Picture::FrontCover)
            break;
    }
    return chosen && sink.take(chosen->mimeType(), chosen->data());
}

bool coverFromXiph(TagLib::Ogg::XiphComment *tag, const CoverSink &sink)
{
    return tag && coverFromPictures(tag->pictureList(), sink);
}

// Cover art has no generic API in TagLib 1.13: one branch per container.
bool findCover(TagLib::File *file, const CoverSink &sink)
{
    if (auto *f = dynamic_cast<TagLib::MPEG::File *>(file))
        return coverFromId3v2(f->ID3v2Tag(false), sink);
    if (auto *f = dynamic_cast<TagLib::FLAC::File *>(file))
        return coverFromPictures(f->pictureList(), sink) || coverFromXiph(f->xiphComment(false), sink);
    if (auto *f = dynamic_cast<TagLib::Ogg::Vorbis::File *>(file))
        return coverFromXiph(f->tag(), sink);
    if (auto *f = dynamic_cast<TagLib::Ogg::Opus::File *>(file))
        return coverFromXiph(f->tag(), sink);
    if (auto *f = dynamic_cast<TagLib::Ogg::FLAC::File *>(file))
        return coverFromXiph(f->tag(), sink);
    if (auto *f = dynamic_cast<TagLib::MP4::File *>(file)) {
        TagLib::MP4::Tag *tag = f->tag();
        if (!tag || !tag->contains("covr"))
            return false;
        const TagLib::MP4::CoverArtList covers = tag->item("covr").toCoverArtList();
        if (covers.isEmpty())
            return false;
        const TagLib::MP4::CoverArt &cover = covers.front();
        return sink.take(cover.format() == TagLib::MP4::CoverArt::PNG ? "image/png" : "image/jpeg", cover.data());
    }
    if (auto *f = dynamic_cast<TagLib::RIFF::WAV::File *>(file))
        return f->hasID3v2Tag() && coverFromId3v2(f->ID3v2Tag(), sink);
    if (auto *f = dynamic_cast<TagLib::RIFF::AIFF::File *>(file))
        return f->hasID3v2Tag() && coverFromId3v2(f->tag(), sink);
    if (auto *f = dynamic_cast<TagLib::ASF::File *>(file)) {
        if (!f->tag() || !f->tag()->contains("WM/Picture"))
            return false;
        const TagLib::ASF::AttributeList pictures = f->tag()->attribute("WM/Picture");
        if (pictures.isEmpty())
            return false;
        const TagLib::ASF::Picture picture = pictures.front().toPicture();
        return picture.isValid() && sink.take(picture.mimeType(), picture.picture());
    }
    return false;
}

QString formatOf(TagLib::File *file, const QString &suffix)
{
    if (dynamic_cast<TagLib::MPEG::File *>(file))
        return QStringLiteral("mp3");
    if (dynamic_cast<TagLib::FLAC::File *>(file) || dynamic_cast<TagLib::Ogg::FLAC::File *>(file))
        return QStringLiteral("flac");
    if (dynamic_cast<TagLib::Ogg::Vorbis::File *>(file))
        return QStringLiteral("ogg");
    if (dynamic_cast<TagLib::Ogg::Opus::File *>(file))
        return QStringLiteral("opus");
    if (dynamic_cast<TagLib::Ogg::Speex::File *>(file))
        return QStringLiteral("spx");
    if (dynamic_cast<TagLib::MP4::File *>(file))
        return QStringLiteral("m4a");
    if (dynamic_cast<TagLib::RIFF::WAV::File *>(file))
        return QStringLiteral("wav");
    if (dynamic_cast<TagLib::RIFF::AIFF::File *>(file))
        return QStringLiteral("aiff");
    if (dynamic_cast<TagLib::ASF::File *>(file))
        return QStringLiteral("wma");
    if (dynamic_cast<TagLib::APE::File *>(file))
        return QStringLiteral("ape");
    if (dynamic_cast<TagLib::WavPack::File *>(file))
        return QStringLiteral("wv");
    if (dynamic_cast<TagLib::MPC::File *>(file))
        return QStringLiteral("mpc");
    if (dynamic_cast<TagLib::TrueAudio::File *>(file))
        return QStringLiteral("tta");
    return suffix;
}

TagLib::FileName fileNameOf(const QString &path)
{
#ifdef Q_OS_WIN
    // Never narrow a path through the local code page.
    return TagLib::FileName(reinterpret_cast<const wchar_t *>(path.utf16()));
#else
    static thread_local QByteArray encoded;
    encoded = QFile::encodeName(path);
    return TagLib::FileName(encoded.constData());
#endif
}

} // namespace

const QStringList &TagReader::audioSuffixes()
{
    static const QStringList suffixes = [] {
        QStringList list;
        const TagLib::StringList taglib = TagLib::FileRef::defaultFileExtensions();
        for (const TagLib::String &s : taglib)
            list << qs(s).toLower();
        // Tracker/module formats have no tags worth a library entry.
        for (const char *skip : {"mod", "module", "nst", "wow", "s3m", "it", "xm"})
            list.removeAll(QLatin1String(skip));
        list.sort();
        return list;
    }();
    return suffixes;
}

bool TagReader::isAudioFile(const QString &fileName)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot < 0)
        return false;
    const QString suffix = fileName.mid(dot + 1).toLower();
    return audioSuffixes().contains(suffix);
}

void TagReader::warmUp()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Each File type parses an empty stream once, which fills the tables TagLib 1.13
        // builds lazily (frame factories, genre list, atom names) while only one thread runs.
        TagLib::ByteVector empty;
        auto touch = [&empty](auto make) {
            TagLib::ByteVectorStream stream(empty);
            auto file = make(&stream);
            (void)file->isValid();
        };
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::MPEG::File>(s, TagLib::ID3v2::FrameFactory::instance()); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::FLAC::File>(s, TagLib::ID3v2::FrameFactory::instance()); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::Ogg::Vorbis::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::Ogg::Opus::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::Ogg::FLAC::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::MP4::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::RIFF::WAV::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::RIFF::AIFF::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::ASF::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::APE::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::WavPack::File>(s); });
        touch([](TagLib::IOStream *s) { return std::make_unique<TagLib::MPC::File>(s); });
        (void)TagLib::ID3v1::genreList();
        (void)TagLib::ID3v2::FrameFactory::instance();
        (void)audioSuffixes();
    });
}

namespace {

// Why the file cannot be read at all, before TagLib looks at it; empty when it can.
QString unreadableReason(const QFileInfo &fi, const QString &path)
{
    if (!fi.exists())
        return QCoreApplication::translate("ekn::TagReader", "file not found");
    if (fi.size() == 0)
        return QCoreApplication::translate("ekn::TagReader", "empty file (0 bytes)");
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly))
        return QCoreApplication::translate("ekn::TagReader", "cannot open the file: %1")
            .arg(probe.errorString().toLower());
    return {};
}

// Length, bitrate, sample rate and channels, each kept only when plausible.
void readProperties(const TagLib::AudioProperties *props, TagInfo &info)
{
    // lengthInMilliseconds() is an int: a broken header claiming weeks overflows it, maybe
    // into a plausible value, so the seconds (which do not overflow) decide first.
    const qint64 seconds = props->lengthInSeconds();
    const qint64 ms = props->lengthInMilliseconds();
    const qint64 maxMs = TagReader::kMaxDurationMs;
    info.durationMs = (seconds >= 0 && seconds * 1000 <= maxMs && ms > 0 && ms <= maxMs) ? ms : 0;
    info.bitrate = (props->bitrate() > 0 && props->bitrate() < 100000) ? props->bitrate() : 0;
    info.sampleRate = props->sampleRate() <= 1536000 ? props->sampleRate() : 0;
    info.channels = (props->channels() > 0 && props->channels() <= 64) ? props->channels() : 0;
}

// The tags: the known keys into their fields, every other key into `extra`.
void readTags(TagLib::File *file, const QFileInfo &fi, TagInfo &info)
{
    TagLib::PropertyMap map = file->properties();
    auto take = [&map](const char *key) {
        const TagLib::String k(key);
        const auto it = map.find(k);
        if (it == map.end())
            return QString();
        const QString v = joined(it->second);
        map.erase(k);
        return v;
    };
    const auto line = [&take](const char *key) { return bounded(withoutControls(take(key), false), kMaxNameChars); };
    info.title = line("TITLE");
    info.artist = line("ARTIST");
    info.album = line("ALBUM");
    info.albumArtist = line("ALBUMARTIST");
    info.genre = line("GENRE");
    info.composer = line("COMPOSER");
    info.comment = withoutControls(take("COMMENT"), true);
    // Writers disagree on a few keys (ffmpeg writes DESCRIPTION in Xiph comments and
    // ALBUM_ARTIST in APE tags); take the common spellings as fallbacks.
    if (info.comment.isEmpty())
        info.comment = withoutControls(take("DESCRIPTION"), true);
    if (info.albumArtist.isEmpty())
        info.albumArtist = line("ALBUM_ARTIST");
    if (info.albumArtist.isEmpty())
        info.albumArtist = line("ALBUM ARTIST");
    const auto [track, trackTotal] = numberAndTotal(take("TRACKNUMBER"));
    const auto [disc, discTotal] = numberAndTotal(take("DISCNUMBER"));
    info.trackNumber = track;
    info.discNumber = disc;
    const int trackTotalTag = numberAndTotal(take("TRACKTOTAL")).first;
    const int totalTracksTag = numberAndTotal(take("TOTALTRACKS")).first;
    const int discTotalTag = numberAndTotal(take("DISCTOTAL")).first;
    const int totalDiscsTag = numberAndTotal(take("TOTALDISCS")).first;
    info.trackTotal = trackTotal ? trackTotal : (trackTotalTag ? trackTotalTag : totalTracksTag);
    info.discTotal = discTotal ? discTotal : (discTotalTag ? discTotalTag : totalDiscsTag);
    const QString fmps = take("FMPS_RATING");
    info.rating = RatingTags::read(file, fmps, take("RATING"));
    const QString date = take("DATE");
    info.year = yearOf(date);
    if (info.year == 0)
        info.year = yearOf(take("YEAR"));
    if (info.title.isEmpty())
        info.title = bounded(withoutControls(fi.completeBaseName(), false), kMaxNameChars);
    for (const auto &[key, values] : map) {
        const QString v = withoutControls(joined(values), true);
        const QString k = withoutControls(qs(key), false).toUpper();
        if (!v.isEmpty() && !k.isEmpty() && k.size() <= kMaxKeyChars)
            info.extra.append({k, v});
    }
    if (!date.isEmpty() && date.size() > 4)
        info.extra.append({QStringLiteral("DATE"), date});
}

} // namespace

TagReadResult TagReader::read(const QString &path)
{
    TagReadResult result;
    const QFileInfo fi(path);
    result.error = unreadableReason(fi, path);
    if (!result.error.isEmpty())
        return result;
    const QString suffix = fi.suffix().toLower();
    try {
        TagLib::FileRef ref(fileNameOf(path), true, TagLib::AudioProperties::Average);
        if (ref.isNull() || !ref.file() || !ref.file()->isValid()) {
            result.error =
                QCoreApplication::translate(
                    "ekn::TagReader", "not a valid %1 file (damaged, truncated or another format)")
                    .arg(suffix);
            return result;
        }
        const TagLib::AudioProperties *props = ref.audioProperties();
        if (!props || props->sampleRate() <= 0) {
            result.error =
                QCoreApplication::translate(
                    "ekn::TagReader", "no audio stream found (damaged, or not really a .%1 file)")
                    .arg(suffix);
            return result;
        }
        TagInfo &info = result.info;
        info.fileSize = fi.size();
        readProperties(props, info);
        info.format = formatOf(ref.file(), suffix);
        readTags(ref.file(), fi, info);
        info.hasCover = findCover(ref.file(), CoverSink{&info.coverMime, nullptr});
        result.ok = true;
    } catch (const std::exception &e) {
        result.error = QCoreApplication::translate("ekn::TagReader", "TagLib failed: %1")
                           .arg(QString::fromLocal8Bit(e.what()));
    } catch (...) {
        result.error = QCoreApplication::translate("ekn::TagReader", "TagLib failed on this file");
    }
    return result;
}

CoverArt TagReader::readCover(const QString &path)
{
    CoverArt cover;
    if (!QFileInfo(path).isFile())
        return cover;
    try {
        TagLib::FileRef ref(fileNameOf(path), false);
        if (ref.isNull() || !ref.file() || !ref.file()->isValid())
            return cover;
        if (!findCover(ref.file(), CoverSink{&cover.mime, &cover.data}))
            cover = CoverArt();
    } catch (...) {
        cover = CoverArt(); // a broken file has no cover worth showing
    }
    return cover;
}

} // namespace ekn
