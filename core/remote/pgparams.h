#pragma once

#include "common/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

struct pg_result; // libpq's PGresult

namespace ekn {

// An answer's rows as libpq holds them: UTF-8 bytes, no copy and no QString, for a caller
// that hands the values on as they are (a pull page straight into SQLite, SyncPull).
class PgRows
{
public:
    explicit PgRows(pg_result *result);
    ~PgRows();
    PgRows(const PgRows &) = delete;
    PgRows &operator=(const PgRows &) = delete;

    int count() const;
    int column(const char *name) const; // -1 when the answer has no such column
    bool isNull(int row, int column) const;
    const char *data(int row, int column) const; // NUL-terminated
    int size(int row, int column) const;
    QString text(int row, int column) const; // a null value: a null QString

private:
    pg_result *m_result;
};

// How an answer's rows are handed over: converted to QString (rows, nulls), or left as libpq
// holds them (raw).
enum class PgRowsAs { Text, Raw };

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
    std::shared_ptr<const PgRows> raw; // PgRowsAs::Raw: the rows (rows and nulls stay empty)

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
    static PgResult exec(const QSqlDatabase &db, const QString &sql, const QStringList &params = {},
                         PgRowsAs as = PgRowsAs::Text);
    // The same in two halves (PQsendQueryParams, then the answer): the server works on the
    // statement while the caller does something else (sync applies one page while the next is
    // read). Nothing else may run on the connection between send() and receive(). A Failure
    // (libpq's reason) when the statement could not be sent.
    static Status send(const QSqlDatabase &db, const QString &sql, const QStringList &params);
    static PgResult receive(const QSqlDatabase &db, PgRowsAs as = PgRowsAs::Text);
};

} // namespace ekn
