#include "testmain.h"
#include "tst_attacks.h"
#include "tst_client.h"
#include "tst_migrations.h"
#include "tst_pgbouncer.h"

#include <QCoreApplication>

EKN_TEST_MAIN(QCoreApplication, TestAccountMigrations, TestAccountAttacks, TestAccountClient, TestAccountPgBouncer)
