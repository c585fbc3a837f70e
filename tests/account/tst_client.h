#pragma once

#include "accountfixture.h"

#include <QObject>

// The app side: eknmusic-cli account commands and AccountService against the real server and
// the real Secret Service (gnome-keyring), as a user would run them.
class TestAccountClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void registerKeepsTheSessionInTheKeychainAndNowhereElse();
    void signingInAgainReplacesTheKeptSession();
    void aRestartReusesTheKeptSession();
    void anExpiredAccessTokenIsRefreshedOnUse();
    void signOutRemovesTheTokenAndRevokesTheSession();
    void signOutWithTheServerDownSaysItSignedOutHere();
    void wrongPasswordIsOneClearLine();
    void aServerWithoutTheApiSaysItMustBeUpdated();
    void registeringATakenEmailSaysSoOnlyToWhoeverKnowsNoPassword();
    void emptyPasswordIsRefusedWithoutAnAttemptOnTheServer();
    void passwordIsNeverTakenFromTheCommandLine();
    void passwordPromptOnATerminalDoesNotEcho();
    void withoutAKeychainTheUserIsToldAndNothingIsKept();
    void accountServiceSignsInOffTheCallersThread();
    void aSessionKeptInMemoryNeverReachesTheKeychain();

private:
    QString server() const;
    QString keychainKey(const QString &email) const;
    QString keychainSecret(const QString &email, int *exitCode = nullptr) const;
    int liveSessions(const QString &email);
    bool homeContains(const QString &needle) const;

    AccountFixture m_fx;
};
