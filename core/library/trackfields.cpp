#include "library/trackfields.h"

#include <QCoreApplication>
#include <QUrl>

#include <algorithm>

namespace ekn {

namespace {

using S = FieldStorage;
using T = FieldType;
using K = FieldKind;
using P = TagPart;
using X = FieldText;

// The table. Columns first, in the order of music_tracks; then the metadata keys. To add a
// field, add its entry here (see trackfields.h).
const TrackField kTrackFields[] = {
    // name           storage     type        kind          tag key        part     text          JSON name
    {"title",         S::Column,   T::Text,    K::Edited,    "TITLE",       P::Whole, X::Line,      "title",
     &Track::title, &TrackEdit::title, &TagInfo::title, true, QT_TRANSLATE_NOOP("ekn::TrackStore", "title")},
    {"artist",        S::Column,   T::Text,    K::Edited,    "ARTIST",      P::Whole, X::Line,      "artist",
     &Track::artist, &TrackEdit::artist, &TagInfo::artist, false, QT_TRANSLATE_NOOP("ekn::TrackStore", "artist")},
    {"album",         S::Column,   T::Text,    K::Edited,    "ALBUM",       P::Whole, X::Line,      "album",
     &Track::album, &TrackEdit::album, &TagInfo::album, false, QT_TRANSLATE_NOOP("ekn::TrackStore", "album")},
    {"duration",      S::Column,   T::Integer, K::Technical, nullptr,       P::Whole, X::Number,    "duration",
     &Track::duration, {}, {}},
    {"file_url",      S::Column,   T::Text,    K::Location,  nullptr,       P::Whole, X::Url,       "file_url",
     &Track::fileUrl, {}, {}, true},
    {"file_size",     S::Column,   T::Integer, K::Technical, nullptr,       P::Whole, X::Number,    "file_size",
     &Track::fileSize, {}, {}, true},
    {"format",        S::Column,   T::Text,    K::Technical, nullptr,       P::Whole, X::Line,      "format",
     &Track::format, {}, &TagInfo::format},
    {"bitrate",       S::Column,   T::Integer, K::Technical, nullptr,       P::Whole, X::Number,    "bitrate",
     &Track::bitrate, {}, &TagInfo::bitrate},
    {"rating",        S::Column,   T::Integer, K::Edited,    "RATING",      P::Whole, X::Rating,    "rating",
     &Track::rating, &TrackEdit::rating, &TagInfo::rating, false, QT_TRANSLATE_NOOP("ekn::TrackStore", "rating"),
     16},
    {"album_artist",  S::Metadata, T::Text,    K::Edited,    "ALBUMARTIST", P::Whole, X::Line,      "album_artist",
     &Track::albumArtist, &TrackEdit::albumArtist, &TagInfo::albumArtist, false,
     QT_TRANSLATE_NOOP("ekn::TrackStore", "album artist")},
    {"track_number",  S::Metadata, T::Integer, K::Edited,    "TRACKNUMBER", P::Number, X::Number,   "track_number",
     &Track::trackNumber, &TrackEdit::trackNumber, &TagInfo::trackNumber},
    {"track_total",   S::Metadata, T::Integer, K::Edited,    "TRACKNUMBER", P::Total, X::Number,    "track_total",
     &Track::trackTotal, &TrackEdit::trackTotal, &TagInfo::trackTotal},
    {"disc_number",   S::Metadata, T::Integer, K::Edited,    "DISCNUMBER",  P::Number, X::Number,   "disc_number",
     &Track::discNumber, &TrackEdit::discNumber, &TagInfo::discNumber},
    {"disc_total",    S::Metadata, T::Integer, K::Edited,    "DISCNUMBER",  P::Total, X::Number,    "disc_total",
     &Track::discTotal, &TrackEdit::discTotal, &TagInfo::discTotal},
    {"year",          S::Metadata, T::Integer, K::Edited,    "DATE",        P::Year,  X::Number,    "year",
     &Track::year, &TrackEdit::year, &TagInfo::year},
    {"genre",         S::Metadata, T::Text,    K::Edited,    "GENRE",       P::Whole, X::Line,      "genre",
     &Track::genre, &TrackEdit::genre, &TagInfo::genre, false, QT_TRANSLATE_NOOP("ekn::TrackStore", "genre")},
    {"composer",      S::Metadata, T::Text,    K::Edited,    "COMPOSER",    P::Whole, X::Line,      "composer",
     &Track::composer, &TrackEdit::composer, &TagInfo::composer, false,
     QT_TRANSLATE_NOOP("ekn::TrackStore", "composer")},
    {"comment",       S::Metadata, T::Text,    K::Edited,    "COMMENT",     P::Whole, X::Multiline, "comment",
     &Track::comment, &TrackEdit::comment, &TagInfo::comment},
    {"sample_rate",   S::Metadata, T::Integer, K::Technical, nullptr,       P::Whole, X::Number,    "sample_rate",
     &Track::sampleRate, {}, &TagInfo::sampleRate},
    {"channels",      S::Metadata, T::Integer, K::Technical, nullptr,       P::Whole, X::Number,    "channels",
     &Track::channels, {}, &TagInfo::channels},
    {"duration_ms",   S::Metadata, T::Integer, K::Technical, nullptr,       P::Whole, X::Number,    "duration_ms",
     &Track::durationMs, {}, &TagInfo::durationMs},
};

QJsonValue noValue(const TrackField &f)
{
    if (!f.required)
        return QJsonValue(QJsonValue::Null);
    return f.type == FieldType::Text ? QJsonValue(QString()) : QJsonValue(qint64(0));
}

template <class Object>
QJsonValue memberValue(const Object &o, const auto &member)
{
    return std::visit(
        [&o](auto m) -> QJsonValue {
            using V = std::decay_t<decltype(o.*m)>;
            if constexpr (std::is_same_v<V, QUrl>)
                return (o.*m).toString(QUrl::FullyEncoded);
            else if constexpr (std::is_same_v<V, QString>)
                return o.*m;
            else
                return qint64(o.*m);
        },
        member);
}

} // namespace

QString TrackField::path() const
{
    return isColumn() ? key() : QStringLiteral("metadata.") + key();
}

std::span<const TrackField> trackFields()
{
    return kTrackFields;
}

const TrackField *trackField(QStringView name)
{
    for (const TrackField &f : kTrackFields)
        if (name == QLatin1String(f.name))
            return &f;
    return nullptr;
}

const TrackField *trackFieldByPath(QStringView path)
{
    const QLatin1String prefix("metadata.");
    const bool meta = path.startsWith(prefix);
    const TrackField *f = trackField(meta ? path.mid(prefix.size()) : path);
    return f && f->isColumn() != meta ? f : nullptr;
}

QStringList trackColumnNames()
{
    QStringList out;
    for (const TrackField &f : kTrackFields)
        if (f.isColumn())
            out << f.key();
    return out;
}

QStringList fieldNames(FieldStorage s, FieldKind k)
{
    QStringList out;
    for (const TrackField &f : kTrackFields)
        if (f.storage == s && f.kind == k)
            out << f.key();
    return out;
}

QJsonValue storedValue(const TrackField &f, const QJsonValue &v)
{
    if (f.text == FieldText::Rating)
        return v.isDouble() && v.toDouble() >= 0 ? QJsonValue(v.toInteger()) : QJsonValue(QJsonValue::Null);
    if (f.type == FieldType::Text)
        return v.isString() && !v.toString().isEmpty() ? v : noValue(f);
    if (v.isDouble() && v.toDouble() > 0)
        return QJsonValue(v.toInteger());
    return noValue(f);
}

bool sameValue(const QJsonValue &a, const QJsonValue &b)
{
    auto normal = [](const QJsonValue &v) -> QJsonValue {
        if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().isEmpty())
            || (v.isDouble() && v.toDouble() == 0))
            return QJsonValue(QJsonValue::Null);
        if (v.isString())
            return v.toString().normalized(QString::NormalizationForm_C);
        return v;
    };
    return normal(a) == normal(b);
}

QVariant bindValue(const TrackField &f, const QJsonValue &v)
{
    const QJsonValue s = storedValue(f, v);
    if (f.type == FieldType::Text)
        return s.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s.toString());
    return s.isNull() ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(s.toInteger());
}

QJsonValue serverValue(const TrackField &f, const QJsonValue &v)
{
    if (f.text == FieldText::Rating)
        return storedValue(f, v);
    if (f.type == FieldType::Integer && v.isDouble() && v.toDouble() <= 0)
        return QJsonValue::Null;
    return v;
}

QVariant bindFromJson(const TrackField &f, const QJsonValue &v)
{
    if (f.type == FieldType::Integer)
        return v.isDouble() ? QVariant(v.toInteger()) : QVariant(QMetaType(QMetaType::LongLong));
    return v.isNull() || v.isUndefined() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(v.toString());
}

QJsonValue valueOf(const Track &t, const TrackField &f)
{
    return storedValue(f, memberValue(t, f.track));
}

void setValue(Track &t, const TrackField &f, const QJsonValue &v)
{
    std::visit(
        [&t, &v](auto m) {
            using V = std::decay_t<decltype(t.*m)>;
            if constexpr (std::is_same_v<V, QUrl>)
                t.*m = QUrl(v.toString());
            else if constexpr (std::is_same_v<V, QString>)
                t.*m = v.toString();
            else
                t.*m = V(v.toInteger());
        },
        f.track);
    if (f.text == FieldText::Rating && !v.isDouble())
        t.rating = Track::kUnrated; // null is "unrated", not "no stars"
}

QJsonValue valueOf(const TagInfo &i, const TrackField &f)
{
    if (std::holds_alternative<std::monostate>(f.tag))
        return QJsonValue(QJsonValue::Undefined);
    return std::visit(
        [&i, &f](auto m) -> QJsonValue {
            if constexpr (std::is_same_v<decltype(m), std::monostate>)
                return QJsonValue(QJsonValue::Undefined);
            else if constexpr (std::is_same_v<std::decay_t<decltype(i.*m)>, QString>)
                return storedValue(f, i.*m);
            else
                return storedValue(f, qint64(i.*m));
        },
        f.tag);
}

QJsonValue editValue(const TrackEdit &e, const TrackField &f)
{
    return std::visit(
        [&e](auto m) -> QJsonValue {
            if constexpr (std::is_same_v<decltype(m), std::monostate>)
                return QJsonValue(QJsonValue::Undefined);
            else if (!(e.*m))
                return QJsonValue(QJsonValue::Undefined);
            else
                return QJsonValue(*(e.*m));
        },
        f.edit);
}

void setEditValue(TrackEdit &e, const TrackField &f, const QJsonValue &v)
{
    std::visit(
        [&e, &v](auto m) {
            if constexpr (!std::is_same_v<decltype(m), std::monostate>) {
                using V = typename std::decay_t<decltype(e.*m)>::value_type;
                if (v.isUndefined())
                    e.*m = std::nullopt;
                else if constexpr (std::is_same_v<V, QString>)
                    e.*m = v.toString();
                else
                    e.*m = int(v.toInteger());
            }
        },
        f.edit);
}

bool editIsEmpty(const TrackEdit &e)
{
    return std::none_of(std::begin(kTrackFields), std::end(kTrackFields),
                        [&e](const TrackField &f) { return !editValue(e, f).isUndefined(); });
}

bool TrackEdit::isEmpty() const
{
    return editIsEmpty(*this);
}

TrackEdit inverseOf(const Track &before, const TrackEdit &edit)
{
    TrackEdit back;
    for (const TrackField &f : kTrackFields) {
        if (!editValue(edit, f).isUndefined())
            setEditValue(back, f, memberValue(before, f.track));
    }
    return back;
}

QList<QPair<QString, QString>> tagChangesOf(const Track &after, const TrackEdit &edit)
{
    QList<QPair<QString, QString>> changes;
    for (const TrackField &f : kTrackFields) {
        if (!f.tagKey || editValue(edit, f).isUndefined())
            continue;
        const QString key = QLatin1String(f.tagKey);
        if (std::any_of(changes.cbegin(), changes.cend(), [&key](const auto &c) { return c.first == key; }))
            continue; // "n/total": written once from both parts
        const qint64 n = memberValue(after, f.track).toInteger();
        QString value;
        switch (f.tagPart) {
        case TagPart::Whole:
        case TagPart::Year:
            if (f.text == FieldText::Rating) // half stars; TagWriter puts them in each format's rating tags
                value = n >= 0 ? QString::number(n) : QString();
            else if (f.type == FieldType::Text)
                value = memberValue(after, f.track).toString();
            else
                value = n > 0 ? QString::number(n) : QString();
            break;
        case TagPart::Number:
        case TagPart::Total: {
            // The pair's two fields share the tag key: find both.
            qint64 number = 0, total = 0;
            for (const TrackField &g : kTrackFields) {
                if (g.tagKey && key == QLatin1String(g.tagKey))
                    (g.tagPart == TagPart::Total ? total : number) = memberValue(after, g.track).toInteger();
            }
            value = number <= 0 ? QString()
                    : total > 0 ? QStringLiteral("%1/%2").arg(number).arg(total)
                                : QString::number(number);
            break;
        }
        }
        changes.append({key, value});
    }
    return changes;
}

QJsonObject applyEdit(QJsonObject &row, const TrackEdit &edit)
{
    QJsonObject changed;
    QJsonObject changedMeta;
    QJsonObject metadata = row.value(QLatin1String("metadata")).toObject();
    for (const TrackField &f : kTrackFields) {
        const QJsonValue v = editValue(edit, f);
        if (v.isUndefined())
            continue;
        if (f.isColumn()) {
            const QJsonValue current = row.value(f.key());
            // Numbers compare in their stored form: for a rating, 0 ("no stars") differs from
            // null ("unrated").
            const bool text = f.type == FieldType::Text;
            const QJsonValue value = text ? v : storedValue(f, v);
            if (text ? current.toString() != v.toString() : storedValue(f, current) != value) {
                row.insert(f.key(), value);
                changed.insert(f.key(), value);
            }
        } else if (metadata.value(f.key()) != v) {
            metadata.insert(f.key(), v);
            changedMeta.insert(f.key(), v);
        }
    }
    row.insert(QStringLiteral("metadata"), metadata);
    if (!changedMeta.isEmpty())
        changed.insert(QStringLiteral("metadata"), changedMeta);
    return changed;
}

QString editProblem(const TrackEdit &edit)
{
    for (const TrackField &f : kTrackFields) {
        const QJsonValue v = editValue(edit, f);
        if (f.text == FieldText::Rating && v.isDouble() && v.toInt() != Track::kUnrated
            && (v.toInt() < 0 || v.toInt() > 10))
            return QCoreApplication::translate("ekn::TrackStore", "a rating is 0 to 5 stars in half stars, not %1")
                .arg(v.toInt() / 2.0);
        if (v.isUndefined() || f.type != FieldType::Text)
            continue;
        const QString text = v.toString();
        if (f.required && text.trimmed().isEmpty())
            return QCoreApplication::translate("ekn::TrackStore", "a track title cannot be empty");
        if (f.text != FieldText::Line || !f.label)
            continue;
        const QString label = QCoreApplication::translate("ekn::TrackStore", f.label);
        // A line break or an escape in a name splits rows and drives terminals in listings.
        if (std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
            return QCoreApplication::translate("ekn::TrackStore",
                                               "the %1 cannot contain line breaks or control characters")
                .arg(label);
        // The server keeps these in VARCHAR(500): a longer value would be refused at every sync.
        const qsizetype chars = qsizetype(text.trimmed().toUcs4().size());
        if (chars > kMaxFieldChars)
            return QCoreApplication::translate("ekn::TrackStore", "the %1 can have at most %2 characters (this one has %3)")
                .arg(label)
                .arg(kMaxFieldChars)
                .arg(chars);
    }
    return {};
}

void applyMetadata(Track &t, const QJsonObject &m)
{
    for (const TrackField &f : kTrackFields)
        if (!f.isColumn())
            setValue(t, f, m.value(f.key()));
    const QJsonObject cover = m.value(QLatin1String("cover")).toObject();
    t.hasCover = cover.value(QLatin1String("present")).toBool();
    t.coverMime = cover.value(QLatin1String("mime")).toString();
}

QJsonObject trackJson(const Track &t)
{
    QJsonObject o;
    for (const TrackField &f : kTrackFields) {
        const QJsonValue v = valueOf(t, f);
        // Stars as a number (3.5), like `track rate` takes them.
        o.insert(QLatin1String(f.jsonName),
                 f.text == FieldText::Rating && v.isDouble() ? QJsonValue(v.toInt() / 2.0) : v);
    }
    o.insert(QStringLiteral("id"), t.id);
    o.insert(QStringLiteral("path"), t.filePath);
    o.insert(QStringLiteral("available"), t.available);
    o.insert(QStringLiteral("has_cover"), t.hasCover);
    o.insert(QStringLiteral("cover_mime"), t.coverMime.isEmpty() ? QJsonValue() : QJsonValue(t.coverMime));
    o.insert(QStringLiteral("created_at"), t.createdAt.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("updated_at"), t.updatedAt.toString(Qt::ISODateWithMs));
    // Listening data (local schema 016): derived from every device's tallies, not fields.
    o.insert(QStringLiteral("added_at"), t.createdAt.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("play_count"), t.playCount);
    o.insert(QStringLiteral("skip_count"), t.skipCount);
    o.insert(QStringLiteral("last_played"),
             t.lastPlayed.isValid() ? QJsonValue(t.lastPlayed.toString(Qt::ISODateWithMs)) : QJsonValue());
    return o;
}

} // namespace ekn
