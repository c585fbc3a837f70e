#pragma once

#include "accountfixture.h"

#include <QObject>

// Raw SQL over the public login, with and without a token, as anyone holding the app's database
// login could send it. m_fx is the server as shipped (every migration, the API, 014's closed
// surface); m_old is the same server migrated only to 010 (tables granted to the client, RLS as
// the only wall): each attack that fails on m_fx is shown to work on m_old, so a passing test
// means the defence holds, not that the probe is broken. Bob's data must stay exactly as it
// was (checked after each test).
class TestAccountAttacks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void clientHasNoPrivilegeOutsideTheApi();
    void plannerAndStatisticsRevealNoOtherUsersRows();
    void tempTablesLargeObjectsAndLocksAreOutOfReach();
    void theMigrationLockCannotBeHeldByTheClient();
    void tokenIsRefusedInRepeatableReadAndOnceRevokedOrExpiredInALongTransaction();
    void forgedExpiredAndRevokedTokensAreRefusedSayingWhich();
    void reusedRefreshTokenEndsTheSession();
    void registerAnswersTheSameForATakenAndAFreeEmail();
    void registerIsThrottledPerAddress();
    void tenRacingSignInsGetAtMostTheFreePasswordChecks();
    void uncommittedSignInAttemptsCannotRaceEachOther();
    void loginAttemptsStayBoundedAfterManyFailures();
    void injectionStringsInEveryApiInputAreJustData();
    void registerValidatesItsInput();
    void wrongPasswordsAreThrottledThenTheRightOneWorksAfterTheWindow();
    void signInInsideATransactionCannotHideFailedAttempts();
    void tokensNeverShowInAnotherSessionsQueryText();
    void libraryQueriesReturnOnlyTheCallersRows();
    void libraryQueriesRefuseNoTokenAndBadArguments();
    void everyApiRoutineIsADefinerWithAPinnedSearchPath();
    void playsPushCountsOnlyTheCallersTracks();
    void sharedPlaylistIsReadableOnlyWhilePublishedAndOnlyItsDisplayFields();

private:
    struct Login
    {
        QString status;
        QString userId;
        QString access;
        QString refresh;
        int retryAfter = 0;
    };
    Login registerUser(const QString &email, const QString &password);
    Login signIn(const QString &email, const QString &password);
    Login oldRegister(const QString &email, const QString &password);
    QString victimSnapshot();

    AccountFixture m_fx;
    AccountFixture m_old;
    QString m_aToken, m_aId, m_bToken, m_bId;
    QString m_oldAToken, m_oldBId;
    QString m_snapshot;
};
