#include "library/outbox.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ekn {

QString libraryTimestamp()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString newLibraryId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString Outbox::insertSql()
{
    return QStringLiteral("INSERT INTO outbox (table_name, row_id, op, changed_fields, created_at) VALUES (?, ?, ?, ?, ?)");
}

void Outbox::bind(QSqlQuery &q, const QString &table, const QString &rowId, const QString &op,
                  const QJsonObject &changedFields)
{
    q.addBindValue(table);
    q.addBindValue(rowId);
    q.addBindValue(op);
    q.addBindValue(QString::fromUtf8(QJsonDocument(changedFields).toJson(QJsonDocument::Compact)));
    q.addBindValue(libraryTimestamp());
}

Status Outbox::record(QSqlDatabase &db, const QString &table, const QString &rowId, const QString &op,
                      const QJsonObject &changedFields)
{
    QSqlQuery q(db);
    // A failed prepare (no outbox table) is the reason; exec after it would only say
    // "Parameter count mismatch".
    const bool prepared = q.prepare(insertSql());
    if (prepared)
        bind(q, table, rowId, op, changedFields);
    if (!prepared || !q.exec()) {
        qCWarning(lcLibrary) << "outbox write failed:" << q.lastError().text();
        return Failure{QCoreApplication::translate("ekn::Outbox", "cannot record the change for sync: %1")
                           .arg(q.lastError().text())};
    }
    return Done{};
}

QSet<QString> OutboxChange::fieldPaths() const
{
    QSet<QString> out = columns;
    for (const QString &k : metaKeys)
        out.insert(QStringLiteral("metadata.") + k);
    if (inserted)
        out.insert(QStringLiteral("*"));
    return out;
}

namespace {

// One outbox entry into the change of its row.
void addEntry(OutboxChange &c, const QString &op, const QJsonObject &fields)
{
    c.rowChanged = true;
    if (op == QLatin1String("insert"))
        c.inserted = c.allMeta = true;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it.key() != QLatin1String("metadata"))
            c.columns.insert(it.key());
        else if (it.value().isObject())
            for (const QString &k : it.value().toObject().keys())
                c.metaKeys.insert(k);
        else
            c.allMeta = true;
    }
    if (op == QLatin1String("delete"))
        c.columns.insert(QStringLiteral("deleted_at"));
}

// The fields an outbox entry lists (column 4 of Outbox::read's query).
QJsonObject fieldsOf(const QSqlQuery &q)
{
    return QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
}

} // namespace

Result<bool> Outbox::isEmpty(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM outbox)")) || !q.next())
        return Failure{QStringLiteral("cannot read the outbox: ") + q.lastError().text()};
    return Result<bool>(!q.value(0).toBool());
}

namespace {

// Outbox::read's columns: id, table, row id, op, the fields an entry lists (NULL for a new
// track's or tag row's: they go whole, and converting each whole row's JSON to text was a fifth
// of reading a first push's outbox), a playlist entry's playlist.
constexpr char kReadColumns[] = R"sql(SELECT o.id, o.table_name, o.row_id, o.op,
                               CASE WHEN o.op = 'insert'
                                    AND o.table_name IN ('music_tracks', 'track_metadata')
                                    THEN NULL ELSE o.changed_fields END,
                               pt.playlist_id
                               FROM outbox o
                               LEFT JOIN playlist_tracks pt ON
                               o.table_name = 'playlist_tracks' AND pt.id = o.row_id)sql";

// Coalesces the entries `q` steps through (kReadColumns, in outbox order) into `out`.
Status collect(QSqlQuery &q, OutboxContents &out)
{
    QHash<QString, qsizetype> index; // "table/id" -> position in out.changes
    while (q.next()) {
        const qint64 outboxId = q.value(0).toLongLong();
        QString table = q.value(1).toString();
        QString rowId = q.value(2).toString();
        const QString op = q.value(3).toString();
        const bool entry = table == QLatin1String("playlist_tracks");
        // A new track or tag row goes whole (every column, all of its metadata): what its insert
        // listed says nothing more, and parsing it was a third of reading a first push's outbox.
        // A playlist's insert is read: the pull keeps its pending fields by name.
        const bool wholeRow = op == QLatin1String("insert") &&
                              (table == QLatin1String("music_tracks") || table == QLatin1String("track_metadata"));
        if (entry) {
            // A playlist travels with its entries: an entry change is a change of its playlist.
            rowId = fieldsOf(q).value(QLatin1String("playlist_id")).toString();
            if (rowId.isEmpty())
                rowId = q.value(5).toString();
            if (rowId.isEmpty()) {
                out.orphans << outboxId;
                continue;
            }
            table = QStringLiteral("playlists");
        }
        const QString key = table + QLatin1Char('/') + rowId;
        auto at = index.constFind(key);
        if (at == index.constEnd()) {
            at = index.insert(key, out.changes.size());
            OutboxChange c;
            c.table = table;
            c.id = rowId;
            out.changes.append(std::move(c));
        }
        OutboxChange &c = out.changes[*at];
        c.outboxIds << outboxId;
        if (entry)
            c.entries = true;
        else if (wholeRow)
            c.rowChanged = c.inserted = c.allMeta = true;
        else
            addEntry(c, op, fieldsOf(q));
    }
    // A step that failed mid-way ends next() as if the rows ran out.
    if (q.lastError().isValid())
        return Failure{QStringLiteral("cannot read the outbox: ") + q.lastError().text()};
    return Done{};
}

} // namespace

Result<OutboxContents> Outbox::read(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QLatin1String(kReadColumns) + QStringLiteral(" ORDER BY o.id")))
        return Failure{QStringLiteral("cannot read the outbox: ") + q.lastError().text()};
    OutboxContents out;
    if (Status read = collect(q, out); !read)
        return Failure{read.error()};
    return out;
}

Result<QList<OutboxChange>> Outbox::readFirstRows(const QSqlDatabase &db, const QString &table, int rows)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QLatin1String(kReadColumns) + QStringLiteral(R"sql(
                  WHERE o.table_name = :table AND o.row_id IN (
                      SELECT f.row_id FROM outbox f WHERE f.table_name = :same
                       GROUP BY f.row_id ORDER BY min(f.id) LIMIT :rows)
                  ORDER BY o.id)sql"));
    q.bindValue(QStringLiteral(":table"), table);
    q.bindValue(QStringLiteral(":same"), table);
    q.bindValue(QStringLiteral(":rows"), rows);
    if (!q.exec())
        return Failure{QStringLiteral("cannot read the outbox: ") + q.lastError().text()};
    OutboxContents out;
    if (Status read = collect(q, out); !read)
        return Failure{read.error()};
    return out.changes;
}

} // namespace ekn
