#include "tags/ratingtags.h"

#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mp4tag.h>
#include <taglib/mpegfile.h>
#include <taglib/popularimeterframe.h>
#include <taglib/tpropertymap.h>

#include <algorithm>
#include <cmath>

namespace ekn::RatingTags {

namespace {

// POPM values per half star. Whole stars use Windows Media Player's (1, 64, 128, 196, 255),
// which most players read; half stars sit between them.
constexpr int kPopm[11] = {0, 13, 1, 32, 64, 96, 128, 160, 196, 224, 255};

int fromPopm(int value)
{
    if (value <= 0)
        return -1; // 0 is "unknown" in POPM
    for (int h = 1; h <= 10; ++h)
        if (kPopm[h] == value)
            return h;
    return std::clamp(int(std::lround(value / 25.5)), 1, 10); // another player's scale
}

// A fraction 0..1, a percentage, or whole stars 0..5, as written by different players.
int fromText(const QString &text, bool fraction)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || v < 0 || !std::isfinite(v))
        return -1;
    if (fraction || (v <= 1.0 && text.contains(QLatin1Char('.'))))
        return v <= 1.0 ? int(std::lround(v * 10)) : -1;
    if (v <= 5.0 && v == std::floor(v))
        return int(v) * 2;
    return v <= 100.0 ? int(std::lround(v / 10)) : -1;
}

TagLib::String text(const QString &s)
{
    return TagLib::String(s.toStdString(), TagLib::String::UTF8);
}

} // namespace

int read(TagLib::File *file, const QString &fmps, const QString &rating)
{
    if (!fmps.isEmpty())
        if (const int h = fromText(fmps, true); h >= 0)
            return h;
    if (auto *mpeg = dynamic_cast<TagLib::MPEG::File *>(file); mpeg && mpeg->hasID3v2Tag()) {
        for (TagLib::ID3v2::Frame *f : mpeg->ID3v2Tag()->frameList("POPM"))
            if (auto *popm = dynamic_cast<TagLib::ID3v2::PopularimeterFrame *>(f))
                if (const int h = fromPopm(popm->rating()); h >= 0)
                    return h;
    }
    if (auto *mp4 = dynamic_cast<TagLib::MP4::File *>(file); mp4 && mp4->tag() && mp4->tag()->contains("rate")) {
        const int v = mp4->tag()->item("rate").toInt();
        if (v >= 0 && v <= 100)
            return int(std::lround(v / 10.0));
    }
    return rating.isEmpty() ? -1 : fromText(rating, false);
}

void writeProperties(TagLib::File *file, TagLib::PropertyMap &map, int halfStars)
{
    if (dynamic_cast<TagLib::MP4::File *>(file))
        return; // the rate atom only (writeFrames)
    const TagLib::String fmpsKey("FMPS_RATING");
    if (halfStars < 0)
        map.erase(fmpsKey);
    else
        map.replace(fmpsKey, TagLib::StringList(text(QString::number(halfStars / 10.0))));
    if (dynamic_cast<TagLib::MPEG::File *>(file))
        return; // POPM (writeFrames) is ID3's RATING
    const TagLib::String ratingKey("RATING");
    if (halfStars < 0)
        map.erase(ratingKey);
    else
        map.replace(ratingKey, TagLib::StringList(text(QString::number(halfStars * 10))));
}

void writeFrames(TagLib::File *file, int halfStars)
{
    if (auto *mp4 = dynamic_cast<TagLib::MP4::File *>(file); mp4 && mp4->tag()) {
        if (halfStars < 0)
            mp4->tag()->removeItem("rate");
        else
            mp4->tag()->setItem("rate", TagLib::MP4::Item(halfStars * 10));
        return;
    }
    auto *mpeg = dynamic_cast<TagLib::MPEG::File *>(file);
    if (!mpeg)
        return;
    TagLib::ID3v2::Tag *tag = mpeg->ID3v2Tag(true);
    // Every POPM frame says the same afterwards (each belongs to a player's email); 0 stars
    // and no rating are both POPM 0, "unknown" (FMPS_RATING tells 0 stars apart).
    const TagLib::ID3v2::FrameList frames = tag->frameList("POPM");
    if (halfStars <= 0) {
        for (TagLib::ID3v2::Frame *f : frames)
            tag->removeFrame(f);
        return;
    }
    if (frames.isEmpty()) {
        auto *popm = new TagLib::ID3v2::PopularimeterFrame;
        popm->setEmail("rating@eknmusic");
        popm->setRating(kPopm[halfStars]);
        tag->addFrame(popm);
        return;
    }
    for (TagLib::ID3v2::Frame *f : frames)
        if (auto *popm = dynamic_cast<TagLib::ID3v2::PopularimeterFrame *>(f))
            popm->setRating(kPopm[halfStars]);
}

} // namespace ekn::RatingTags
