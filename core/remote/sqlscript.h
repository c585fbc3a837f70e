#pragma once

#include <QList>
#include <QString>

namespace ekn {

// One statement of a SQL script, without its terminating ';'.
struct SqlStatement
{
    QString text;
    int line = 0; // 1-based line of the script where the statement starts
};

// Splits a PostgreSQL script into statements at the ';' that end them, skipping those inside
// '...' and E'...' strings, "identifiers", -- and /* nested */ comments and $tag$ bodies.
// Needed because QPSQL (Qt 6.4) sends a multi-statement string with PQsendQuery and reads
// only the first result: an error in a later statement is silently lost and leaves the
// transaction aborted. Statements that are only comments or whitespace are dropped.
// On an unterminated quote or comment returns {} and says where in *error.
QList<SqlStatement> splitSqlScript(const QString &script, QString *error = nullptr);

} // namespace ekn
