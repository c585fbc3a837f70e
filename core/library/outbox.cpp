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

bool Outbox::record(QSqlDatabase &db, const QString &table, const QString &rowId, const QString &op,
                    const QJsonObject &changedFields)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO outbox (table_name, row_id, op, changed_fields, created_at) "
                             "VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(table);
    q.addBindValue(rowId);
    q.addBindValue(op);
    q.addBindValue(QString::fromUtf8(QJsonDocument(changedFields).toJson(QJsonDocument::Compact)));
    q.addBindValue(libraryTimestamp());
    if (!q.exec()) {
        qCWarning(lcLibrary) << "outbox write failed:" << q.lastError().text();
        return false;
    }
    return true;
}

} // namespace ekn
