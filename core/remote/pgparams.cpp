#include "remote/pgparams.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace ekn {

QString PgResult::value(const QString &name, int row) const
{
    const int c = column(name);
    if (c < 0 || row < 0 || row >= rows.size())
        return {};
    return rows.at(row).at(c);
}

bool PgResult::isNull(const QString &name, int row) const
{
    const int c = column(name);
    if (c < 0 || row < 0 || row >= rows.size())
        return true;
    return nulls.at(row).at(c);
}

PgRows::PgRows(pg_result *result) : m_result(result) {}

PgRows::~PgRows()
{
    PQclear(m_result);
}

int PgRows::count() const
{
    return PQntuples(m_result);
}

int PgRows::column(const char *name) const
{
    return PQfnumber(m_result, name);
}

bool PgRows::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

const char *PgRows::data(int row, int column) const
{
    return PQgetvalue(m_result, row, column);
}

int PgRows::size(int row, int column) const
{
    return PQgetlength(m_result, row, column);
}

QString PgRows::text(int row, int column) const
{
    return isNull(row, column) ? QString() : QString::fromUtf8(data(row, column), size(row, column));
}

namespace {

PGconn *connectionOf(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt names the type after the struct or the typedef depending on how it was registered.
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0)) {
        qWarning("PgParams: unexpected QPSQL handle type %s", handle.typeName());
        return nullptr;
    }
    return *static_cast<PGconn *const *>(handle.data());
}

struct ResultDeleter
{
    void operator()(PGresult *r) const { PQclear(r); }
};

} // namespace

namespace {

PgResult fromResult(PGconn *conn, PGresult *raw, PgRowsAs as)
{
    std::unique_ptr<PGresult, ResultDeleter> res(raw);
    PgResult out;
    const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        if (res) {
            out.sqlState = QString::fromLatin1(PQresultErrorField(res.get(), PG_DIAG_SQLSTATE));
            out.error = QString::fromUtf8(PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY));
        }
        if (out.error.isEmpty())
            out.error = QString::fromUtf8(PQerrorMessage(conn)).simplified();
        return out;
    }
    out.ok = true;
    const char *affected = PQcmdTuples(res.get());
    if (affected && *affected)
        out.affectedRows = QByteArray(affected).toInt();
    const int nCols = PQnfields(res.get());
    for (int c = 0; c < nCols; ++c)
        out.columns << QString::fromUtf8(PQfname(res.get(), c));
    if (as == PgRowsAs::Raw) {
        out.raw = std::make_shared<const PgRows>(res.release());
        return out;
    }
    const int nRows = PQntuples(res.get());
    out.rows.reserve(nRows);
    out.nulls.reserve(nRows);
    for (int r = 0; r < nRows; ++r) {
        QStringList row;
        row.reserve(nCols);
        QList<bool> nullRow;
        nullRow.reserve(nCols);
        for (int c = 0; c < nCols; ++c) {
            const bool isNull = PQgetisnull(res.get(), r, c);
            nullRow << isNull;
            row << (isNull ? QString() : QString::fromUtf8(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c)));
        }
        out.rows << row;
        out.nulls << nullRow;
    }
    return out;
}

struct Params
{
    std::vector<QByteArray> storage;
    std::vector<const char *> values;
    explicit Params(const QStringList &params)
    {
        storage.reserve(size_t(params.size()));
        values.reserve(size_t(params.size()));
        for (const QString &p : params) {
            if (p.isNull()) {
                values.push_back(nullptr);
            } else {
                storage.push_back(p.toUtf8());
                values.push_back(storage.back().constData());
            }
        }
    }
};

} // namespace

PgResult PgParams::exec(const QSqlDatabase &db, const QString &sql, const QStringList &params, PgRowsAs as)
{
    PGconn *conn = connectionOf(db);
    if (!conn) {
        PgResult out;
        out.error = QStringLiteral("no open PostgreSQL connection");
        return out;
    }
    Params p(params);
    const QByteArray text = sql.toUtf8();
    return fromResult(conn, PQexecParams(conn, text.constData(), int(p.values.size()), nullptr, p.values.data(),
                                         nullptr, nullptr, 0),
                      as);
}

Status PgParams::send(const QSqlDatabase &db, const QString &sql, const QStringList &params)
{
    PGconn *conn = connectionOf(db);
    if (!conn)
        return Failure{QStringLiteral("no open PostgreSQL connection")};
    Params p(params);
    const QByteArray text = sql.toUtf8();
    if (PQsendQueryParams(conn, text.constData(), int(p.values.size()), nullptr, p.values.data(), nullptr, nullptr,
                          0)
        == 1)
        return Done{};
    return Failure{QString::fromUtf8(PQerrorMessage(conn)).simplified()};
}

PgResult PgParams::receive(const QSqlDatabase &db, PgRowsAs as)
{
    PGconn *conn = connectionOf(db);
    if (!conn) {
        PgResult out;
        out.error = QStringLiteral("no open PostgreSQL connection");
        return out;
    }
    // One statement: its result, then NULL (read so the connection is free again).
    PGresult *first = PQgetResult(conn);
    while (PGresult *more = PQgetResult(conn))
        PQclear(more);
    return fromResult(conn, first, as);
}

} // namespace ekn
