#pragma once

#include "common/result.h"

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
// An unterminated quote or comment is a Failure saying where ("unterminated string starting
// on line 2"); an empty list is a script with no statements.
Result<QList<SqlStatement>> splitSqlScript(const QString &script);

} // namespace ekn
