#include "sync/syncvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QUuid>

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

QString uuidArray(const QStringList &ids)
{
    return QLatin1Char('{') + ids.join(QLatin1Char(',')) + QLatin1Char('}');
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

QString newEntryId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
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

QHash<QString, QJsonObject> resultRows(const PgResult &r)
{
    QHash<QString, QJsonObject> out;
    for (int row = 0; row < r.rows.size(); ++row) {
        QJsonObject o;
        for (int c = 0; c < r.columns.size(); ++c) {
            const QString &name = r.columns[c];
            if (r.nulls[row][c])
                o.insert(name, QJsonValue::Null);
            else if (name == QLatin1String("metadata") || name == QLatin1String("fv"))
                o.insert(name, QJsonDocument::fromJson(r.rows[row][c].toUtf8()).object());
            else
                o.insert(name, r.rows[row][c]);
        }
        out.insert(r.rows[row][0], o);
    }
    return out;
}

bool fieldChangedOnServer(const QJsonObject &server, const QString &field, const QJsonObject &local)
{
    const QJsonValue base = local.value(QLatin1String("sync_version"));
    const qint64 baseVersion = base.isNull() || base.isUndefined() ? 0 : qint64(base.toDouble());
    const QJsonValue v = server.value(QLatin1String("fv")).toObject().value(field);
    return !v.isUndefined() && qint64(v.toDouble()) > baseVersion;
}

namespace {

// Text form for comparing a local (typed) and a server (text) value of a column. Text is
// compared in Unicode NFC: "Café" typed on one system and read from a file tag on another may
// be composed differently and is still the same title, not a conflict.
QString comparable(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return {};
    if (v.isBool())
        return v.toBool() ? QStringLiteral("t") : QStringLiteral("f");
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return v.toString().normalized(QString::NormalizationForm_C);
}

// Server-valid form of a local column value.
QJsonValue forServer(const QString &table, const QString &column, const QJsonValue &v)
{
    if (table == QLatin1String("playlists") && column == QLatin1String("is_public"))
        return v.isBool() ? v : QJsonValue(v.toInt() != 0);
    if ((column == QLatin1String("file_size") || column == QLatin1String("duration") ||
         column == QLatin1String("bitrate")) &&
        v.isDouble() && v.toDouble() <= 0)
        return QJsonValue::Null; // unknown locally is 0; the server says NULL (checks > 0)
    return v;
}

Conflict conflict(const MergeInput &in, const QString &field, const QJsonValue &winner,
                  const QJsonValue &lost, const QString &from, const QString &reason)
{
    Conflict c;
    c.table = in.table;
    c.rowId = in.id;
    c.field = field;
    c.winnerValue = jsonText(winner);
    c.lostValue = jsonText(lost);
    c.lostFrom = from;
    c.reason = reason;
    return c;
}

} // namespace

MergeOutput mergeRow(const MergeInput &in)
{
    MergeOutput out;
    QJsonObject &row = out.row;
    row.insert(QStringLiteral("id"), in.id);
    const bool tracks = in.table == QLatin1String("music_tracks");
    if (!in.server) {
        for (const QString &c : in.columnsKnown)
            row.insert(c, forServer(in.table, c, in.local.value(c)));
        if (tracks)
            row.insert(QStringLiteral("metadata"),
                       in.local.value(QLatin1String("metadata")).toObject());
        return out;
    }
    const QJsonObject &server = *in.server;
    for (const QString &c : in.columnsKnown)
        row.insert(c, server.value(c));
    const QString both =
        QStringLiteral("changed on this device and on another since the last sync: this "
                       "device's value was synced later and wins");
    bool edited = false;
    for (const QString &c : in.columnsKnown) {
        if (!in.columns.contains(c))
            continue;
        const QJsonValue mine = forServer(in.table, c, in.local.value(c));
        row.insert(c, mine);
        if (c == QLatin1String("deleted_at"))
            continue; // delete and restore always go through
        edited = true;
        const QJsonValue theirs = server.value(c);
        if (comparable(mine) != comparable(theirs) && fieldChangedOnServer(server, c, in.local))
            out.conflicts << conflict(in, c, mine, theirs, QStringLiteral("server"), both);
    }
    if (tracks) {
        QJsonObject meta = server.value(QLatin1String("metadata")).toObject();
        const QJsonObject localMeta = in.local.value(QLatin1String("metadata")).toObject();
        QSet<QString> keys = in.metaKeys;
        if (in.allMeta)
            for (auto it = localMeta.begin(); it != localMeta.end(); ++it)
                keys.insert(it.key());
        for (const QString &k : std::as_const(keys)) {
            const QJsonValue mine = localMeta.value(k);
            const QJsonValue theirs = meta.value(k);
            if (mine != theirs &&
                fieldChangedOnServer(server, QStringLiteral("metadata.") + k, in.local))
                out.conflicts << conflict(in, QStringLiteral("metadata.") + k, mine, theirs,
                                          QStringLiteral("server"), both);
            if (mine.isUndefined())
                meta.remove(k);
            else
                meta.insert(k, mine);
            edited = true;
        }
        row.insert(QStringLiteral("metadata"), meta);
    }
    const bool serverDeleted = !server.value(QLatin1String("deleted_at")).isNull();
    if (serverDeleted && edited && !in.columns.contains(QStringLiteral("deleted_at"))) {
        out.conflicts << conflict(
            in, QStringLiteral("deleted_at"), server.value(QLatin1String("deleted_at")),
            QJsonValue::Null, QStringLiteral("device"),
            QStringLiteral("edited on this device but deleted on another: the delete wins; the "
                           "edit is kept on the deleted row (restore it to get it back)"));
    }
    return out;
}

} // namespace ekn
