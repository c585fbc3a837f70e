#pragma once

#include <QObject>

// MigrationRunner on real, fresh databases: forward, back, checksums, locking. The runner
// tests iterate over whatever the built-in migrations are (serverfixture.h's
// builtInMigrationFiles()), so later areas' migrations are checked by them too.
class TestMigrations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInMigrationsAreTheSeedSchemaThenLaterPairs();
    void allUpsApplyToAnEmptyDatabase();
    void seedVersionIsExactlyTheSeedSchema();
    void fullRollbackLeavesNothingOfOursBehind();
    void eachDownRestoresTheSchemaOfTheVersionBefore();
    void migration020AppliesOverDuplicateTracksAnOldServerHolds();
    void statusListsAppliedAndPendingWithoutCreatingAnything();
    void editedAppliedMigrationIsRefused();
    void failingMigrationLeavesTheLastGoodVersion();
    void functionBodiesAndLaterStatementErrorsAreHandled();
    void folderWithAnUpButNoDownIsRefused();
    void emptyFolderIsRefusedAndParentOfVersionsIsAccepted();
    void migrationsFolderThatIsAFileSaysSo();
};
