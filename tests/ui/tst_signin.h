#pragma once

#include <QObject>

class TestSignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wrongPasswordAndTakenEmailShowTheirErrorsNextToTheField();
    void unreachableServerIsShownUnderTheServerSettings();
    void accountServerTakesThePostgresqlUrlOfTheCli();
    void downServerShowsTheWholeMessageWrappedAndKeepsTheFields();
    void syncActionsAreDisabledWhileSignedOutAndSayWhy();
};
