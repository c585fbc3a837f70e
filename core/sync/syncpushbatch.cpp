#include "sync/syncpush.h"

#include "library/outbox.h"
#include "library/trackfields.h"
#include "sync/syncvalues.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

// SyncPush, the batches: each row's element of an api.push call as JSON text, read from the
// library (the other halves: syncpush.cpp sends, syncpushanswers.cpp applies the answers).
namespace ekn {

namespace {

// The columns of a track that sync: the field table's, and the row's deleted_at.
const QStringList &trackColumns()
{
    static const QStringList c = trackColumnNames() << QStringLiteral("deleted_at");
    return c;
}
const QStringList kPlaylistColumns = {QStringLiteral("name"), QStringLiteral("description"),
                                      QStringLiteral("is_public"), QStringLiteral("deleted_at")};

qint64 baseOf(const QJsonObject &row, bool epochChanged)
{
    const QJsonValue v = row.value(QLatin1String("sync_version"));
    return epochChanged || v.isNull() || v.isUndefined() ? 0 : qint64(v.toDouble());
}

qint64 baseOf(const QVariant &version, bool epochChanged)
{
    return epochChanged || version.isNull() ? 0
                                            : qint64(QJsonValue::fromVariant(version).toDouble());
}

// A local value as recordToJson gives it.
QJsonValue jsonOf(const QVariant &v)
{
    return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(v);
}

// JSON text as QJsonDocument writes it (compact), appended: a string with `"`, `\` and the
// control characters escaped, the rest as UTF-8.
void appendJsonString(QByteArray &out, const QString &s)
{
    const QByteArray u = s.toUtf8();
    out += '"';
    qsizetype from = 0;
    for (qsizetype i = 0; i < u.size(); ++i) {
        const auto c = static_cast<unsigned char>(u[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(u.constData() + from, i - from);
        from = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00" + QByteArray::number(c, 16).rightJustified(2, '0');
        }
    }
    out.append(u.constData() + from, u.size() - from);
    out += '"';
}

void appendJson(QByteArray &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        return;
    case QJsonValue::Double: {
        // an integer as an integer, a double in its shortest form, as QJsonDocument does
        const QVariant n = v.toVariant();
        if (n.typeId() == QMetaType::LongLong)
            out += QByteArray::number(n.toLongLong());
        else if (qIsFinite(v.toDouble()))
            out += QByteArray::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
        else
            out += "null";
        return;
    }
    case QJsonValue::String:
        appendJsonString(out, v.toString());
        return;
    case QJsonValue::Array:
        out += QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
        return;
    case QJsonValue::Object:
        out += QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        return;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        return;
    }
}

QJsonObject element(int kind, const QString &id, qint64 base, const QJsonObject &fields)
{
    return QJsonObject{{QStringLiteral("kind"), kind},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("base"), base},
                       {QStringLiteral("fields"), fields}};
}

// The metadata part of a track's element: all of it, or only the keys the row changed (a key
// absent from the library's metadata was removed here). Appends ,"metadata":{...} to `e` when
// the row changed metadata, and answers the ,"meta_keys":[...] that follows "fields".
QByteArray appendTrackMetadata(QByteArray &e, bool noFieldsBefore, const OutboxChange &p, const QVariant &stored)
{
    QByteArray metaKeys;
    if (!p.allMeta && p.metaKeys.isEmpty())
        return metaKeys;
    const QJsonObject meta
        = stored.isNull() ? QJsonObject() : QJsonDocument::fromJson(stored.toString().toUtf8()).object();
    QJsonObject sentMeta = meta;
    if (!p.allMeta) {
        sentMeta = QJsonObject();
        metaKeys = ",\"meta_keys\":[";
        bool firstKey = true;
        for (const QString &k : p.metaKeys) {
            if (!firstKey)
                metaKeys += ',';
            firstKey = false;
            appendJsonString(metaKeys, k);
            if (meta.contains(k)) // absent: the key was removed here
                sentMeta.insert(k, meta.value(k));
        }
        metaKeys += ']';
    }
    e += noFieldsBefore ? "\"metadata\":" : ",\"metadata\":";
    e += QJsonDocument(sentMeta).toJson(QJsonDocument::Compact);
    return metaKeys;
}

// Whether a read of the changes to send went to its end: `ok` false (prepare or exec failed) or
// an error left on the query (a step that failed mid-way ends next() as if the rows ran out).
Status readToTheEnd(const QSqlQuery &q, bool ok)
{
    if (ok && !q.lastError().isValid())
        return Done{};
    return Failure{QCoreApplication::translate("ekn::SyncPush", "cannot read this library's changes to send: %1")
                       .arg(q.lastError().text())};
}

} // namespace

Result<SyncPush::Built> SyncPush::buildBatch(const QList<Pending *> &batch)
{
    QList<Pending *> byKind[4];
    for (Pending *p : batch)
        byKind[kindOf(p->table)] << p;
    Built out;
    out.sent.reserve(batch.size());
    Status added = addTracks(byKind[Tracks], out);
    if (added)
        added = addMetadata(byKind[Metadata], out);
    if (added)
        added = addPlaylists(byKind[Playlists], out);
    if (!added)
        return Failure{added.error()};
    out.text = QString::fromUtf8(QByteArray('[' + out.json + ']'));
    out.json.clear();
    return out;
}

void SyncPush::Built::add(const QString &id, QByteArray element)
{
    if (!json.isEmpty())
        json += ',';
    json += element;
    sent.insert(id, std::move(element));
}

// A track's element, written as text from the row (no QJsonObject per row: building them and
// the batch's document was most of the client's time in a first push, docs/SCALING.md):
// {"kind":1,"id":...,"base":...,"fields":{...}[,"meta_keys":[...]]}, the same values as
// before (valueForServer of each column the row changed, the metadata as the library holds it).
Status SyncPush::addTracks(const QList<Pending *> &rows, Built &out)
{
    if (rows.isEmpty())
        return Done{};
    static const QString select =
        QStringLiteral("SELECT id, %1, metadata, sync_version FROM music_tracks WHERE id IN (%2)")
            .arg(trackColumns().join(QStringLiteral(", ")),
                 QStringLiteral("SELECT value FROM json_each(?)"));
    const QStringList &columns = trackColumns();
    const qsizetype metaAt = columns.size() + 1, versionAt = columns.size() + 2;
    // Per column: its JSON key, and whether this server takes it (the rating before its 016
    // stays on this device).
    QList<QByteArray> keys;
    QList<bool> sendable;
    for (const QString &c : columns) {
        const TrackField *f = trackField(c);
        QByteArray key;
        appendJsonString(key, c);
        keys << key + ':';
        sendable << (!f || f->serverSchema <= m_remote.serverSchemaVersion());
    }
    QHash<QString, const Pending *> wanted;
    wanted.reserve(rows.size());
    for (const Pending *p : rows)
        wanted.insert(p->id, p);
    QHash<QString, QByteArray> elements;
    elements.reserve(rows.size());
    QSqlQuery q(m_local);
    q.setForwardOnly(true);
    bool ok = q.prepare(select);
    q.addBindValue(idList(idsOf(rows)));
    ok = ok && q.exec();
    while (ok && q.next()) {
        const QString id = q.value(0).toString();
        const Pending *p = wanted.value(id);
        if (!p)
            continue;
        const QVariant version = q.value(int(versionAt));
        QByteArray e = "{\"kind\":1,\"id\":";
        appendJsonString(e, id);
        e += ",\"base\":" + QByteArray::number(baseOf(version, m_epochChanged)) + ",\"fields\":{";
        bool first = true;
        for (qsizetype c = 0; c < columns.size(); ++c) {
            if (!sendable[c] || !(p->inserted || p->columns.contains(columns[c])))
                continue;
            if (!first)
                e += ',';
            first = false;
            e += keys[c];
            const QVariant v = q.value(int(c + 1));
            appendJson(e, valueForServer(columns[c], v.isNull() ? QJsonValue(QJsonValue::Null)
                                                                : QJsonValue::fromVariant(v)));
        }
        const QByteArray metaKeys = appendTrackMetadata(e, first, *p, q.value(int(metaAt)));
        e += '}' + metaKeys + '}';
        elements.insert(id, std::move(e));
    }
    if (Status read = readToTheEnd(q, ok); !read)
        return read;
    for (const Pending *p : rows) // in the outbox's order; deletes are soft: a track row never goes
        if (auto e = elements.find(p->id); e != elements.end())
            out.add(p->id, std::move(*e));
    return Done{};
}

// A tag row's element, written as text like a track's: its track, key and value, or its
// removal (tag rows are deleted here, not marked).
Status SyncPush::addMetadata(const QList<Pending *> &rows, Built &out)
{
    if (rows.isEmpty())
        return Done{};
    QHash<QString, QByteArray> elements;
    elements.reserve(rows.size());
    QSqlQuery q(m_local);
    q.setForwardOnly(true);
    bool ok = q.prepare(QStringLiteral(R"sql(SELECT id, track_id, key, value, sync_version
                                       FROM track_metadata
                                       WHERE id IN (SELECT value FROM json_each(?)))sql"));
    q.addBindValue(idList(idsOf(rows)));
    ok = ok && q.exec();
    while (ok && q.next()) {
        const QString id = q.value(0).toString();
        QByteArray e = "{\"kind\":2,\"id\":";
        appendJsonString(e, id);
        e += ",\"base\":" + QByteArray::number(baseOf(q.value(4), m_epochChanged)) +
             ",\"fields\":{\"deleted_at\":null,\"key\":";
        appendJson(e, jsonOf(q.value(2)));
        e += ",\"track_id\":";
        appendJson(e, jsonOf(q.value(1)));
        e += ",\"value\":";
        appendJson(e, jsonOf(q.value(3)));
        e += "}}";
        elements.insert(id, std::move(e));
    }
    if (Status read = readToTheEnd(q, ok); !read)
        return read;
    for (const Pending *p : rows) {
        if (auto e = elements.find(p->id); e != elements.end()) {
            out.add(p->id, std::move(*e));
            continue;
        }
        QByteArray e = "{\"kind\":2,\"id\":"; // removed here
        appendJsonString(e, p->id);
        e += ",\"base\":0,\"fields\":{\"deleted_at\":";
        appendJsonString(e, libraryTimestamp());
        e += "}}";
        out.add(p->id, std::move(e));
    }
    return Done{};
}

Status SyncPush::addPlaylists(const QList<Pending *> &rows, Built &out)
{
    if (rows.isEmpty())
        return Done{};
    const QStringList ids = idsOf(rows);
    const Result<QHash<QString, QJsonObject>> localRead = localRows(m_local, QStringLiteral(R"sql(SELECT id, name, description, is_public,
                                  deleted_at, sync_version
                                  FROM playlists
                                  WHERE id IN (%1))sql"),
                                                          ids);
    if (!localRead)
        return Failure{localRead.error()};
    const Result<QHash<QString, QJsonObject>> entriesRead = localRows(m_local, QStringLiteral(R"sql(SELECT playlist_id,
                                  json_group_array(track_id) AS tracks
                                  FROM (SELECT playlist_id,
                                  track_id FROM playlist_tracks WHERE playlist_id IN (%1)
                                  ORDER BY playlist_id, position, added_at)
                                  GROUP BY playlist_id)sql"),
                                                            ids);
    if (!entriesRead)
        return Failure{entriesRead.error()};
    const Result<QHash<QString, QJsonObject>> basesRead = localRows(m_local, QStringLiteral(R"sql(SELECT playlist_id, track_ids
                                  FROM sync_playlist_base
                                  WHERE playlist_id IN (%1))sql"),
                                                          ids);
    if (!basesRead)
        return Failure{basesRead.error()};
    const QHash<QString, QJsonObject> &local = *localRead, &entries = *entriesRead, &bases = *basesRead;
    for (const Pending *p : rows) {
        const auto l = local.constFind(p->id);
        if (l == local.constEnd())
            continue; // deletes are soft: a playlist row never goes
        QJsonObject fields;
        for (const QString &c : kPlaylistColumns)
            if (p->inserted || p->columns.contains(c))
                fields.insert(c, c == QLatin1String("is_public")
                                     ? QJsonValue(l->value(c).toInt() != 0)
                                     : l->value(c));
        QJsonObject e = element(Playlists, p->id, baseOf(*l, m_epochChanged), fields);
        if (p->entries || p->inserted) {
            e.insert(QStringLiteral("entries"),
                     QJsonDocument::fromJson(entries.value(p->id)
                                                 .value(QLatin1String("tracks"))
                                                 .toString(QStringLiteral("[]"))
                                                 .toUtf8())
                         .array());
            const auto b = bases.constFind(p->id);
            if (b != bases.constEnd())
                e.insert(QStringLiteral("entries_base"),
                         QJsonDocument::fromJson(
                             b->value(QLatin1String("track_ids")).toString().toUtf8())
                             .array());
        }
        out.add(p->id, QJsonDocument(e).toJson(QJsonDocument::Compact));
    }
    return Done{};
}

} // namespace ekn
