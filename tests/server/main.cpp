#include "testmain.h"
#include "tst_dbcommand.h"
#include "tst_entrymerge.h"
#include "tst_migrations.h"
#include "tst_pushchecks.h"
#include "tst_serverconnection.h"
#include "tst_serverschema.h"
#include "tst_sqlscript.h"

#include <QCoreApplication>

EKN_TEST_MAIN(QCoreApplication, TestSqlScript, TestServerConnection, TestMigrations, TestDbCommand,
              TestServerSchema, TestEntryMerge, TestPushChecks)
