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

// Has the server changed `field` since the version `local` was based on (local.sync_version)?
bool fieldChangedOnServer(const QJsonObject &server, const QString &field,
                          const QJsonObject &local);

struct MergeInput
{
    QString table;
    QString id;
    QJsonObject local;
    const QJsonObject *server = nullptr; // null: the server has no such row yet
    QSet<QString> columns;               // changed here since the base
    QSet<QString> metaKeys;
    bool allMeta = false;
    QStringList columnsKnown;
};

struct MergeOutput
{
    QJsonObject row; // what the server row becomes
    QList<Conflict> conflicts;
};

// Fields changed here win over server fields unchanged since the base; a field changed on
// both sides: this (later) push wins and the server's value is logged; a delete on either
// side wins over edits (the edit is kept on the deleted row, and logged, so restoring the row
// brings it back).
MergeOutput mergeRow(const MergeInput &in);

} // namespace ekn
