#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace ekn {

// UTC timestamp text as stored in every table (ISO-8601 with milliseconds and Z).
QString libraryTimestamp();
QString newLibraryId(); // a UUID without braces

// The outbox of unsynced changes. record() must run inside the transaction of the change it
// describes, so a change and its outbox row commit (or vanish) together.
//   table_name, row_id, op (insert | update | delete), changed_fields (JSON object of the
//   columns that changed with their new values; metadata keys nested under "metadata").
class Outbox
{
public:
    static bool record(QSqlDatabase &db, const QString &table, const QString &rowId, const QString &op,
                       const QJsonObject &changedFields);
    // For writers that reuse one prepared statement: prepare insertSql() once, bind() per row.
    static QString insertSql();
    static void bind(QSqlQuery &q, const QString &table, const QString &rowId, const QString &op,
                     const QJsonObject &changedFields);
};

} // namespace ekn
