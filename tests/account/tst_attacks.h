#pragma once

#include "accountfixture.h"

#include <QObject>

// Raw SQL over the client role, as anyone holding the app's database login and a valid token
// of user A could send it, against user B's rows. Every attack must fail and leave B's data
// exactly as it was (checked after each test).
class TestAccountAttacks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void userSeesOnlyTheirOwnRowsInEveryTable();
    void userCannotReadAnotherUsersRowsById();
    void userCannotUpdateAnotherUsersRows();
    void clientRoleCannotDeleteAnything();
    void insertedRowsAlwaysBelongToTheSignedInUser();
    void childRowsCannotHangOnAnotherUsersParents();
    void rowsCannotBeMovedToAnotherUser();
    void serverControlledTimestampsIgnoreTheClient();
    void settingAnotherUsersIdInAnySettingGainsNothing();
    void noHashIsReadableByTheClient();
    void internalFunctionsAndTablesAreOffLimits();
    void forgedExpiredAndRevokedTokensSeeNothing();
    void reusedRefreshTokenEndsTheSession();
    void injectionStringsInEveryFunctionInputAreJustData();
    void registerValidatesItsInput();
    void wrongPasswordsAreThrottledThenTheRightOneWorksAfterTheWindow();
    void failedSignInsAreThrottledPerClientAddress();
    void signInInsideATransactionCannotHideFailedAttempts();
    void tokensNeverShowInAnotherSessionsQueryText();

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
    QString victimSnapshot();

    AccountFixture m_fx;
    QString m_aToken, m_aId, m_bToken, m_bId;
    QString m_bTrack, m_bPlaylist, m_bMeta, m_bEntry, m_aTrack, m_aPlaylist;
    QString m_snapshot;
};
