#pragma once

#include "common/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace ekn {

// The answer of PgParams::exec(): text values by row, or the server's error.
struct PgResult
{
    bool ok = false;
    QString sqlState; // e.g. "42501"; empty when ok
    QString error;    // the server's one-line message
    QStringList columns;
    QList<QStringList> rows;
    QList<QList<bool>> nulls;
    int affectedRows = -1; // INSERT/UPDATE/DELETE: rows touched

    int column(const QString &name) const { return columns.indexOf(name); }
    // The value of `name` in the first row; empty when there is no such row or column.
    QString value(const QString &name, int row = 0) const;
    bool isNull(const QString &name, int row = 0) const;
};

// Runs one statement on an open QPSQL connection with protocol-level parameters ($1, $2, ...
// through libpq's PQexecParams). QPSQL itself formats bound values into the SQL text, which
// the server shows to every session of the same role in pg_stat_activity and may write to its
// log; all app users share one database role, so anything secret (a token, a password) goes
// through here instead. Call it only between QSqlQuery results (never while one is being
// iterated), on the thread that owns the connection.
class PgParams
{
public:
    static PgResult exec(const QSqlDatabase &db, const QString &sql, const QStringList &params = {});
    // The same in two halves (PQsendQueryParams, then the answer): the server works on the
    // statement while the caller does something else (sync applies one page while the next is
    // read). Nothing else may run on the connection between send() and receive(). A Failure
    // (libpq's reason) when the statement could not be sent.
    static Status send(const QSqlDatabase &db, const QString &sql, const QStringList &params);
    static PgResult receive(const QSqlDatabase &db);
};

} // namespace ekn
