#pragma once

#include "remote/pgparams.h"
#include "sync/conflictlog.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

// Internal helpers of core/sync: SQL lists, row <-> JSON, and the per-field merge rule.
namespace ekn {

QString placeholders(int n);               // "?,?,?"
QString joinIds(const QList<qint64> &ids); // "1,2,3"
QString uuidArray(const QStringList &ids); // "{a,b}" for $1::uuid[]
QString jsonText(const QJsonValue &v);
QString newEntryId();

// The current row of a QSqlQuery as JSON (column names as keys; a "metadata" column is
// parsed into an object).
QJsonObject recordToJson(const QSqlQuery &q);
// Rows of a PgResult by their first column (text values; NULL as null; metadata parsed).
QHash<QString, QJsonObject> resultRows(const PgResult &r);

// The server's form of a local column value: unknown sizes and durations are 0 here and NULL
// there (the server checks > 0).
QJsonValue valueForServer(const QString &column, const QJsonValue &v);

} // namespace ekn
