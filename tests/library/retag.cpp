#include "retag.h"

#include <aifffile.h>
#include <apetag.h>
#include <asffile.h>
#include <asfpicture.h>
#include <attachedpictureframe.h>
#include <fileref.h>
#include <flacfile.h>
#include <flacpicture.h>
#include <id3v2tag.h>
#include <mp4coverart.h>
#include <mp4file.h>
#include <mpegfile.h>
#include <opusfile.h>
#include <tag.h>
#include <tpropertymap.h>
#include <vorbisfile.h>
#include <wavfile.h>
#include <wavpackfile.h>
#include <xiphcomment.h>

namespace ekn::test {

namespace {

TagLib::String str(const QString &s)
{
    return TagLib::String(s.toStdString(), TagLib::String::UTF8);
}

TagLib::ByteVector bytes(const QByteArray &b)
{
    return TagLib::ByteVector(b.constData(), unsigned(b.size()));
}

TagLib::ID3v2::AttachedPictureFrame *apic(const QByteArray &png)
{
    auto *frame = new TagLib::ID3v2::AttachedPictureFrame;
    frame->setMimeType("image/png");
    frame->setType(TagLib::ID3v2::AttachedPictureFrame::FrontCover);
    frame->setPicture(bytes(png));
    return frame;
}

TagLib::FLAC::Picture *flacPicture(const QByteArray &png)
{
    auto *p = new TagLib::FLAC::Picture;
    p->setMimeType("image/png");
    p->setType(TagLib::FLAC::Picture::FrontCover);
    p->setData(bytes(png));
    return p;
}

// Adds the cover the way each format stores one. False when the format is not handled.
bool addCover(TagLib::File *file, const QByteArray &png)
{
    if (auto *mpeg = dynamic_cast<TagLib::MPEG::File *>(file)) {
        mpeg->ID3v2Tag(true)->addFrame(apic(png));
    } else if (auto *flac = dynamic_cast<TagLib::FLAC::File *>(file)) {
        flac->addPicture(flacPicture(png));
    } else if (auto *vorbis = dynamic_cast<TagLib::Ogg::Vorbis::File *>(file)) {
        vorbis->tag()->addPicture(flacPicture(png));
    } else if (auto *opus = dynamic_cast<TagLib::Ogg::Opus::File *>(file)) {
        opus->tag()->addPicture(flacPicture(png));
    } else if (auto *mp4 = dynamic_cast<TagLib::MP4::File *>(file)) {
        TagLib::MP4::CoverArtList covers;
        covers.append(TagLib::MP4::CoverArt(TagLib::MP4::CoverArt::PNG, bytes(png)));
        mp4->tag()->setItem("covr", TagLib::MP4::Item(covers));
    } else if (auto *wav = dynamic_cast<TagLib::RIFF::WAV::File *>(file)) {
        wav->ID3v2Tag()->addFrame(apic(png));
    } else if (auto *aiff = dynamic_cast<TagLib::RIFF::AIFF::File *>(file)) {
        aiff->tag()->addFrame(apic(png));
    } else if (auto *wv = dynamic_cast<TagLib::WavPack::File *>(file)) {
        QByteArray item = QByteArray("cover.png") + '\0' + png;
        wv->APETag(true)->setData("Cover Art (Front)", bytes(item));
    } else if (auto *asf = dynamic_cast<TagLib::ASF::File *>(file)) {
        TagLib::ASF::Picture picture;
        picture.setMimeType("image/png");
        picture.setType(TagLib::ASF::Picture::FrontCover);
        picture.setPicture(bytes(png));
        asf->tag()->addAttribute("WM/Picture", TagLib::ASF::Attribute(picture));
    } else {
        return false;
    }
    return true;
}

} // namespace

QString retagWithTagLib(const QString &path, const Retag &retag)
{
    TagLib::FileRef ref(path.toUtf8().constData());
    if (ref.isNull() || !ref.tag())
        return QStringLiteral("TagLib cannot open ") + path;
    TagLib::Tag *tag = ref.tag();
    if (!retag.title.isEmpty())
        tag->setTitle(str(retag.title));
    if (!retag.artist.isEmpty())
        tag->setArtist(str(retag.artist));
    if (!retag.album.isEmpty())
        tag->setAlbum(str(retag.album));
    if (!retag.genre.isEmpty())
        tag->setGenre(str(retag.genre));
    if (!retag.coverPng.isEmpty() && !addCover(ref.file(), retag.coverPng))
        return QStringLiteral("no cover support for ") + path;
    if (!ref.save())
        return QStringLiteral("TagLib cannot save ") + path;
    return {};
}

QString retagPropertiesWithTagLib(const QString &path, const QMap<QString, QString> &properties)
{
    TagLib::FileRef ref(path.toUtf8().constData());
    if (ref.isNull())
        return QStringLiteral("TagLib cannot open ") + path;
    TagLib::PropertyMap map = ref.file()->properties();
    for (auto it = properties.cbegin(); it != properties.cend(); ++it)
        map.replace(str(it.key()), TagLib::StringList(str(it.value())));
    ref.file()->setProperties(map);
    if (!ref.save())
        return QStringLiteral("TagLib cannot save ") + path;
    return {};
}

} // namespace ekn::test
