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
QString jsonText(const QJsonValue &v);

// The current row of a QSqlQuery as JSON (column names as keys; a "metadata" column is
// parsed into an object).
QJsonObject recordToJson(const QSqlQuery &q);

// The server's form of a local music_tracks column value (serverValue of the field table):
// unknown sizes and durations are 0 here and NULL there (the server checks > 0).
QJsonValue valueForServer(const QString &column, const QJsonValue &v);

// A pulled music_tracks row with this device's unsynced edits kept (pure). `pending` holds the
// field paths with an unsynced change ("title", "metadata.genre", "deleted_at"; "*" for all).
// Each pending Edited column and deleted_at keeps `local`'s value, unless it equals the
// server's in Unicode NFC (then it is no change, and the server's spelling is taken); each
// pending metadata key keeps the local value or its absence; with "*" the whole local metadata
// stays. Everything else is the server's.
QJsonObject keepPendingEdits(const QJsonObject &server, const QJsonObject &local, const QSet<QString> &pending);

} // namespace ekn
