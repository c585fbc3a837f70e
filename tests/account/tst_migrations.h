#pragma once

#include <QObject>

// Migrations 004 and 005 as an operator meets them: downs that restore the schema exactly,
// roles shared by several databases of one cluster, a migrating role that is no superuser.
class TestAccountMigrations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rollingBackToVersion3RestoresItsSchemaAndUpAgainIsIdentical();
    void rolesSharedWithAnotherDatabaseSurviveItsRollback();
    void ownerWithCreateRoleButNoSuperuserMigratesAndRollsBack();
    void ownerWithoutCreateRoleIsToldWhatToAsk();
};
