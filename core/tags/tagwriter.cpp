#include "tags/tagwriter.h"

#include "common/logging.h"
#include "tags/ratingtags.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <taglib/fileref.h>
#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>
#include <taglib/tpropertymap.h>

#include <optional>

namespace ekn {

namespace {
TagLib::String toTag(const QString &s) { return TagLib::String(s.toStdString(), TagLib::String::UTF8); }
} // namespace

Status TagWriter::write(const QString &path, const Changes &changes)
{
    const QFileInfo fi(path);
    if (!fi.exists())
        return Failure{QCoreApplication::translate("ekn::TagWriter", "file not found")};
    if (!fi.isWritable())
        return Failure{QCoreApplication::translate("ekn::TagWriter", "the file is read-only")};
    if (changes.isEmpty())
        return Done{};
#ifdef Q_OS_WIN
    TagLib::FileRef ref(reinterpret_cast<const wchar_t *>(path.utf16()), false);
#else
    const QByteArray encoded = QFile::encodeName(path);
    TagLib::FileRef ref(encoded.constData(), false);
#endif
    if (ref.isNull() || !ref.file())
        return Failure{QCoreApplication::translate("ekn::TagWriter", "not an audio file TagLib can write")};
    TagLib::PropertyMap map = ref.file()->properties();
    std::optional<int> rating; // half stars, -1 removes
    for (const auto &[key, value] : changes) {
        if (key.compare(QLatin1String("RATING"), Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const int halves = value.toInt(&ok);
            if (!value.isEmpty() && (!ok || halves < 0 || halves > 10))
                return Failure{QCoreApplication::translate("ekn::TagWriter", "a rating is 0 to 10 half stars, not %1").arg(value)};
            rating = value.isEmpty() ? -1 : halves;
            RatingTags::writeProperties(ref.file(), map, *rating);
            continue;
        }
        const TagLib::String k = toTag(key.toUpper());
        if (value.isEmpty())
            map.erase(k);
        else
            map.replace(k, TagLib::StringList(toTag(value)));
    }
    const TagLib::PropertyMap refused = ref.file()->setProperties(map);
    if (rating)
        RatingTags::writeFrames(ref.file(), *rating);
    for (const auto &[key, value] : changes) {
        if (key.compare(QLatin1String("RATING"), Qt::CaseInsensitive) == 0)
            continue; // a format without rating properties has its frame or atom instead
        if (!value.isEmpty() && refused.contains(toTag(key.toUpper())))
            return Failure{QCoreApplication::translate("ekn::TagWriter",
                                               "this file's tag format has no field %1")
                .arg(key)};
    }
    bool saved = false;
    if (auto *mpeg = dynamic_cast<TagLib::MPEG::File *>(ref.file())) {
        // MPEG's plain save() would add an ID3v1 tag and strip an APE one: save only the tag
        // types the file already has, in the ID3v2 version it already uses.
        int tags = TagLib::MPEG::File::ID3v2;
        if (mpeg->hasID3v1Tag())
            tags |= TagLib::MPEG::File::ID3v1;
        if (mpeg->hasAPETag())
            tags |= TagLib::MPEG::File::APE;
        const auto version = mpeg->ID3v2Tag() && mpeg->ID3v2Tag()->header()->majorVersion() == 3 ? TagLib::ID3v2::v3
                                                                                                 : TagLib::ID3v2::v4;
        saved = mpeg->save(tags, TagLib::File::StripNone, version, TagLib::File::DoNotDuplicate);
    } else {
        saved = ref.file()->save();
    }
    if (!saved)
        return Failure{QCoreApplication::translate("ekn::TagWriter", "TagLib could not save the file")};
    qCDebug(lcTags) << "wrote" << changes.size() << "fields to" << path;
    return Done{};
}

} // namespace ekn
