#include "sync/syncvalues.h"

#include "library/trackfields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>

namespace ekn {

QString placeholders(int n)
{
    QString s;
    s.reserve(n * 2);
    for (int i = 0; i < n; ++i)
        s += i ? QStringLiteral(",?") : QStringLiteral("?");
    return s;
}

QString joinIds(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.isEmpty() ? QStringLiteral("NULL") : parts.join(QLatin1Char(','));
}

QString jsonText(const QJsonValue &v)
{
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    const QString wrapped =
        QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonObject recordToJson(const QSqlQuery &q)
{
    QJsonObject o;
    const QSqlRecord rec = q.record();
    for (int i = 0; i < rec.count(); ++i) {
        const QString name = rec.fieldName(i);
        const QVariant v = q.value(i);
        if (v.isNull())
            o.insert(name, QJsonValue::Null);
        else if (name == QLatin1String("metadata"))
            o.insert(name, QJsonDocument::fromJson(v.toString().toUtf8()).object());
        else
            o.insert(name, QJsonValue::fromVariant(v));
    }
    return o;
}

QJsonObject keepPendingEdits(const QJsonObject &server, const QJsonObject &local, const QSet<QString> &pending)
{
    QJsonObject out = server;
    const bool all = pending.contains(QStringLiteral("*"));
    for (const TrackField &f : trackFields()) {
        if (f.isColumn() && f.isEdited() && (all || pending.contains(f.key()))
            && !sameValue(local.value(f.key()), server.value(f.key())))
            out.insert(f.key(), local.value(f.key()));
    }
    const QString deletedAt = QStringLiteral("deleted_at");
    if (all || pending.contains(deletedAt))
        out.insert(deletedAt, local.value(deletedAt));
    const QString metadata = QStringLiteral("metadata");
    const QJsonObject localMeta = local.value(metadata).toObject();
    if (all) {
        out.insert(metadata, localMeta);
        return out;
    }
    QJsonObject meta = server.value(metadata).toObject();
    for (const QString &path : pending) {
        if (!path.startsWith(QLatin1String("metadata.")))
            continue;
        const QString key = path.mid(9);
        if (localMeta.contains(key))
            meta.insert(key, localMeta.value(key));
        else
            meta.remove(key);
    }
    out.insert(metadata, meta);
    return out;
}

QJsonValue valueForServer(const QString &column, const QJsonValue &v)
{
    const TrackField *f = trackField(column);
    return f && f->isColumn() ? serverValue(*f, v) : v;
}

} // namespace ekn
