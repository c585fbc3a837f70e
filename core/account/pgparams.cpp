#include "account/pgparams.h"

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

PgResult PgParams::exec(const QSqlDatabase &db, const QString &sql, const QStringList &params)
{
    PgResult out;
    PGconn *conn = connectionOf(db);
    if (!conn) {
        out.error = QStringLiteral("no open PostgreSQL connection");
        return out;
    }
    std::vector<QByteArray> storage;
    storage.reserve(size_t(params.size()));
    std::vector<const char *> values;
    values.reserve(size_t(params.size()));
    for (const QString &p : params) {
        if (p.isNull()) {
            values.push_back(nullptr);
        } else {
            storage.push_back(p.toUtf8());
            values.push_back(storage.back().constData());
        }
    }
    const QByteArray text = sql.toUtf8();
    std::unique_ptr<PGresult, ResultDeleter> res(PQexecParams(
        conn, text.constData(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
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
    const int nRows = PQntuples(res.get());
    for (int r = 0; r < nRows; ++r) {
        QStringList row;
        QList<bool> nullRow;
        for (int c = 0; c < nCols; ++c) {
            const bool isNull = PQgetisnull(res.get(), r, c);
            nullRow << isNull;
            row << (isNull ? QString() : QString::fromUtf8(PQgetvalue(res.get(), r, c)));
        }
        out.rows << row;
        out.nulls << nullRow;
    }
    return out;
}

} // namespace ekn
