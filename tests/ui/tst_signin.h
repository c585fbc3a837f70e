#pragma once

#include <QObject>

class TestSignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wrongPasswordAndTakenEmailShowTheirErrorsNextToTheField();
    void unreachableServerIsShownUnderTheServerSettings();
};
