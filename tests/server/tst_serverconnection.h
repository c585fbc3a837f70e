#pragma once

#include <QObject>

// ServerConnection: what a user's server URL becomes, and what they are told when it fails.
class TestServerConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesAFullUrl();
    void acceptsPostgresSchemeAndDefaults();
    void rejectsBadUrlsWithoutShowingThePassword_data();
    void rejectsBadUrlsWithoutShowingThePassword();
    void displayUrlNeverContainsThePassword();
    void opensAndSetsApplicationName();
    void closedPortIsUnreachable();
    void silentServerTimesOutAfterConnectTimeout();
    void wrongPasswordIsAnAuthenticationFailure();
    void missingDatabaseIsReportedAsSuch();
};
