#pragma once

#include <QObject>

// `eknmusic-cli db ...` as a user runs it: what it prints, how it exits.
class TestDbCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void migrateThenRollbackToZeroRoundTrips();
    void badUrlSaysSoAndExitsWithConnectionCode();
    void closedPortSaysServerUnreachable();
    void wrongPasswordSaysLoginFailedWithoutPrintingIt();
    void passwordComesFromPgpasswordOrPgpass();
    void missingDatabaseIsNamed();
    void databaseOwnerWithoutSuperuserMigratesAndRollsBack();
    void twoConcurrentMigrateRunsEndWithOneCorrectSchema();
    void rollbackWithoutTargetIsAUsageError();
};
