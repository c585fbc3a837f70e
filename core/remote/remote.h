#pragma once

// core/remote: PostgreSQL access (QPSQL) and the server schema.
//
// ServerConnection  a postgresql:// URI as a value: validates it ("bad server URL: ..."), opens
//                   a named QPSQL connection on the calling thread (connect_timeout,
//                   application_name; password from the URL, PGPASSWORD or ~/.pgpass) and
//                   says why an open failed (ServerFailure) in one line without the password.
// MigrationRunner   applies migrations/versions/NNN_name.up.sql in order, rolls back with the
//                   .down.sql files, checks checksums, serialises runners with an advisory
//                   lock, reports status. Migrations are compiled in under :/migrations/.
// splitSqlScript    splits a SQL script into statements (quotes, comments, $$ bodies):
//                   QPSQL silently drops errors after the first statement of a
//                   multi-statement exec(), so scripts must be run one statement at a time.
// PgParams          one statement with protocol-level parameters ($1, ...) for anything
//                   secret, and PgResult, its answer (text values, SQLSTATE, message).
#include "remote/migrationrunner.h"
#include "remote/pgparams.h"
#include "remote/serverconnection.h"
#include "remote/sqlscript.h"
