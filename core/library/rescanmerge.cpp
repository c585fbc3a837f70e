#include "library/rescanmerge.h"

#include "library/trackfields.h"

#include <QSet>

namespace ekn {

namespace {

// The stored form of "no value" (null); other values as they are.
QJsonValue normalized(const QJsonValue &v)
{
    return sameValue(v, QJsonValue::Null) ? QJsonValue(QJsonValue::Null) : v;
}

enum class Kind { Editable, Technical };

struct FieldMerge
{
    const QHash<QString, QDateTime> &editedAt;
    const QDateTime &rowUpdatedAt;
    const QDateTime &fileMtime;
    bool haveBefore;
    RescanChange &out;

    // Returns the value to store for `field`, or Undefined to leave it alone.
    QJsonValue merge(const QString &field, Kind kind, const QJsonValue &now, const QJsonValue &before,
                     const QJsonValue &current) const
    {
        // Unknown before: an editable field counts as unchanged in the file (an edit made
        // before the upgrade is never overwritten); a technical one follows the file.
        const QJsonValue base = haveBefore ? before : (kind == Kind::Editable ? now : current);
        if (sameFieldValue(now, base) || sameFieldValue(now, current))
            return QJsonValue(QJsonValue::Undefined);
        if (kind == Kind::Technical || sameFieldValue(current, base))
            return normalized(now);
        const QDateTime edited = editedAt.value(field, rowUpdatedAt);
        const bool fileWins = !edited.isValid() || fileMtime > edited;
        out.conflicts << RescanConflict{field, fileWins ? normalized(now) : normalized(current),
                                        fileWins ? normalized(current) : normalized(now), fileWins};
        return fileWins ? normalized(now) : QJsonValue(QJsonValue::Undefined);
    }
};

} // namespace

bool sameFieldValue(const QJsonValue &a, const QJsonValue &b)
{
    return sameValue(a, b);
}

RescanChange mergeRescan(const QJsonObject &fileNow, const QJsonObject &fileBefore, const QJsonObject &current,
                         const QHash<QString, QDateTime> &editedAt, const QDateTime &rowUpdatedAt,
                         const QDateTime &fileMtime)
{
    RescanChange out;
    const FieldMerge m{editedAt, rowUpdatedAt, fileMtime, !fileBefore.isEmpty(), out};
    auto column = [&](const QString &key, Kind kind) {
        const QJsonValue v = m.merge(key, kind, fileNow.value(key), fileBefore.value(key), current.value(key));
        if (!v.isUndefined())
            out.columns.insert(key, v);
    };
    // Fields a person edits (FieldKind::Edited); the rest is what the file is (length, format, ...).
    const QStringList editableMetadata = fieldNames(FieldStorage::Metadata, FieldKind::Edited);
    for (const QString &c : fieldNames(FieldStorage::Column, FieldKind::Edited))
        column(c, Kind::Editable);
    for (const QString &c : fieldNames(FieldStorage::Column, FieldKind::Technical))
        column(c, Kind::Technical);
    // The location follows the file (a move or a rename), and is nothing else.
    for (const QString &url : fieldNames(FieldStorage::Column, FieldKind::Location))
        if (fileNow.value(url).toString() != current.value(url).toString())
            out.columns.insert(url, fileNow.value(url));

    const QJsonObject nowMeta = fileNow.value(QLatin1String("metadata")).toObject();
    const QJsonObject beforeMeta = fileBefore.value(QLatin1String("metadata")).toObject();
    const QJsonObject currentMeta = current.value(QLatin1String("metadata")).toObject();
    const QSet<QString> editable(editableMetadata.cbegin(), editableMetadata.cend());
    QSet<QString> keys = editable;
    for (const QJsonObject *o : {&nowMeta, &beforeMeta})
        for (auto it = o->begin(); it != o->end(); ++it)
            keys.insert(it.key());
    for (const QString &key : std::as_const(keys)) {
        const Kind kind = editable.contains(key) ? Kind::Editable : Kind::Technical;
        const QJsonValue v = m.merge(QStringLiteral("metadata.") + key, kind, nowMeta.value(key), beforeMeta.value(key),
                                     currentMeta.value(key));
        if (!v.isUndefined())
            out.metadata.insert(key, v);
    }

    // Other tag keys (track_metadata): nobody edits them here, but another device's value
    // arrives by sync; it is kept when the file's value did not change, and wins over a file
    // change as no edit time is known for it.
    const QJsonObject nowExtra = fileNow.value(QLatin1String("extra")).toObject();
    const QJsonObject beforeExtra = fileBefore.value(QLatin1String("extra")).toObject();
    const QJsonObject currentExtra = current.value(QLatin1String("extra")).toObject();
    QSet<QString> extraKeys;
    for (const QJsonObject *o : {&nowExtra, &beforeExtra, &currentExtra})
        for (auto it = o->begin(); it != o->end(); ++it)
            extraKeys.insert(it.key());
    for (const QString &key : std::as_const(extraKeys)) {
        const QJsonValue now = nowExtra.value(key);
        const QJsonValue base = m.haveBefore ? beforeExtra.value(key) : currentExtra.value(key);
        const QJsonValue cur = currentExtra.value(key);
        if (sameFieldValue(now, base) || sameFieldValue(now, cur))
            continue;
        if (sameFieldValue(cur, base))
            out.extra.insert(key, normalized(now));
        else
            out.conflicts << RescanConflict{QStringLiteral("tag.") + key, normalized(cur), normalized(now), false};
    }
    return out;
}

} // namespace ekn
