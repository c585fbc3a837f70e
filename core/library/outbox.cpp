#include "library/outbox.h"

#include "common/logging.h"

#include <QDateTime>
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

bool Outbox::record(QSqlDatabase &db, const QString &table, const QString &rowId, const QString &op,
                    const QJsonObject &changedFields)
{
    QSqlQuery q(db);
    q.prepare(insertSql());
    bind(q, table, rowId, op, changedFields);
    if (!q.exec()) {
        qCWarning(lcLibrary) << "outbox write failed:" << q.lastError().text();
        return false;
    }
    return true;
}

} // namespace ekn
