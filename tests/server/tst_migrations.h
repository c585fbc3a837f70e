#pragma once

#include <QObject>

// MigrationRunner on real, fresh databases: forward, back, checksums, locking.
class TestMigrations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInMigrationsAreThePairsOfTheSeedSchema();
    void allUpsApplyToAnEmptyDatabase();
    void fullRollbackLeavesNothingOfOursBehind();
    void eachDownRestoresTheSchemaOfTheVersionBefore();
    void statusListsAppliedAndPendingWithoutCreatingAnything();
    void editedAppliedMigrationIsRefused();
    void failingMigrationLeavesTheLastGoodVersion();
    void functionBodiesAndLaterStatementErrorsAreHandled();
    void folderWithAnUpButNoDownIsRefused();
    void emptyFolderIsRefusedAndParentOfVersionsIsAccepted();
};
