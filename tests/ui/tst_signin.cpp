#include "tst_signin.h"

#include "accountfixture.h"
#include "account/account.h"
#include "signindialog.h"
#include "testsupport.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace ekn;

namespace {
// Creates an account the way a user does: the dialog in Create Account mode.
bool registerThroughTheDialog(const ServerConnection &server, const QString &email, const QString &password)
{
    SignInDialog dialog;
    QSignalSpy signedIn(&dialog, &SignInDialog::signedIn);
    dialog.setServer(server);
    dialog.setRegisterMode(true);
    dialog.show();
    QTest::keyClicks(dialog.emailField(), email);
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("username")), email.section(QLatin1Char('@'), 0, 0));
    QTest::keyClicks(dialog.passwordField(), password);
    QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
    return QTest::qWaitFor([&] { return signedIn.size() == 1; }, 20000);
}
} // namespace

// One account for the whole case: each keychain write costs time on the test keyring.
void TestSignIn::wrongPasswordAndTakenEmailShowTheirErrorsNextToTheField()
{
    if (ekn::test::adminServerUrl().isEmpty())
        QSKIP("needs the test PostgreSQL cluster (run under scripts/with-test-services.sh)");
    AccountFixture fx;
    QVERIFY2(fx.setUp(), qPrintable(fx.error()));
    const ServerConnection server = ServerConnection::fromUrl(fx.clientUrl());
    // Creating the account through the dialog signs in (signedIn, dialog closed).
    QVERIFY(registerThroughTheDialog(server, QStringLiteral("ann@example.com"), QStringLiteral("correct horse battery")));

    {
        SignInDialog dialog;
        QSignalSpy signedIn(&dialog, &SignInDialog::signedIn);
        dialog.setServer(server);
        dialog.show();
        QTest::keyClicks(dialog.emailField(), QStringLiteral("ann@example.com"));
        QTest::keyClicks(dialog.passwordField(), QStringLiteral("not my password"));
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.passwordError()->isVisible(), 20000);
        QCOMPARE(dialog.passwordError()->text(), QStringLiteral("Wrong email or password."));
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.emailError()->isVisible());
        QCOMPARE(signedIn.size(), 0);
    }
    {
        SignInDialog dialog;
        dialog.setServer(server);
        dialog.setRegisterMode(true);
        dialog.show();
        QTest::keyClicks(dialog.emailField(), QStringLiteral("ann@example.com"));
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("username")), QStringLiteral("Annie"));
        QTest::keyClicks(dialog.passwordField(), QStringLiteral("another long pw"));
        QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.emailError()->isVisible(), 20000);
        QVERIFY(dialog.emailError()->text().contains(QStringLiteral("already exists")));
        QVERIFY(!dialog.passwordError()->isVisible());
    }
}

void TestSignIn::unreachableServerIsShownUnderTheServerSettings()
{
    // A port nobody listens on: take a free one and close it again.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    SignInDialog dialog;
    dialog.setServer(ServerConnection::fromUrl(
        QStringLiteral("postgresql://eknmusic_app@127.0.0.1:%1/eknmusic?connect_timeout=2").arg(port)));
    dialog.show();
    QTest::keyClicks(dialog.emailField(), QStringLiteral("ann@example.com"));
    QTest::keyClicks(dialog.passwordField(), QStringLiteral("whatever123"));
    QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.serverError()->isVisible() && dialog.serverError()->text().startsWith(QStringLiteral("Cannot reach")), 20000);
    QVERIFY(!dialog.passwordError()->isVisible());
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("testConnection")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.serverError()->text().startsWith(QStringLiteral("Cannot connect")), 20000);
}
