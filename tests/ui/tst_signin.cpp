#include "tst_signin.h"

#include "accountfixture.h"
#include "account/account.h"
#include "signindialog.h"
#include "mainwindow.h"
#include "synccontroller.h"
#include "windowfixture.h"
#include "testsupport.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QCoreApplication>
#include <QDir>
#include <QSpinBox>
#include <QTemporaryDir>
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

void TestSignIn::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings stay out of the user's
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
}

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

void TestSignIn::accountServerTakesThePostgresqlUrlOfTheCli()
{
    if (ekn::test::adminServerUrl().isEmpty())
        QSKIP("needs the test PostgreSQL cluster (run under scripts/with-test-services.sh)");
    AccountFixture fx;
    QVERIFY2(fx.setUp(), qPrintable(fx.error()));
    const QUrl url(fx.clientUrl());
    SignInDialog dialog;
    QSignalSpy signedIn(&dialog, &SignInDialog::signedIn);
    dialog.setRegisterMode(true);
    dialog.show();
    QVERIFY(!dialog.advancedBox()->isChecked()); // the database fields stay out of the way
    dialog.serverField()->selectAll();
    QTest::keyClicks(dialog.serverField(), url.toString()); // as `eknmusic-cli --server` takes it
    // Its parts show under Advanced.
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("host"))->text(), url.host());
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("port"))->value(), url.port());
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("database"))->text(), url.path().mid(1));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("dbUser"))->text(), url.userName());
    QTest::keyClicks(dialog.emailField(), QStringLiteral("url@example.com"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("username")), QStringLiteral("Url"));
    QTest::keyClicks(dialog.passwordField(), QStringLiteral("a long password"));
    QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 20000);
    const auto server = signedIn.first().at(1).value<ServerConnection>();
    QCOMPARE(server.host(), url.host());
    QCOMPARE(server.databaseName(), url.path().mid(1));

    // Editing a part under Advanced rewrites the address (never with a password in it).
    SignInDialog again;
    again.setServer(server);
    again.advancedBox()->setChecked(true);
    QLineEdit *db = again.findChild<QLineEdit *>(QStringLiteral("database"));
    db->selectAll();
    QTest::keyClicks(db, QStringLiteral("other"));
    QVERIFY2(again.serverField()->text().endsWith(QStringLiteral("/other")), qPrintable(again.serverField()->text()));
    QVERIFY(!again.serverField()->text().contains(url.password()));
    QCOMPARE(again.server().password(), url.password());
}

void TestSignIn::downServerShowsTheWholeMessageWrappedAndKeepsTheFields()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    QTemporaryDir data;
    qputenv("EKN_DATA_DIR", data.path().toUtf8());
    QSettings().remove(QStringLiteral("server"));
    QSettings().remove(QStringLiteral("account"));
    auto w = ekn::test::openShownWindow(data.path());
    const QString address = QStringLiteral("postgresql://eknmusic_app@127.0.0.1:%1/eknmusic").arg(port);
    {
        SignInDialog *dialog = w->sync()->signIn();
        dialog->resize(460, dialog->height()); // narrow, as a first dialog opens
        dialog->serverField()->selectAll();
        QTest::keyClicks(dialog->serverField(), address);
        QTest::keyClicks(dialog->emailField(), QStringLiteral("ann@example.com"));
        QTest::keyClicks(dialog->passwordField(), QStringLiteral("whatever123"));
        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        QLabel *error = dialog->serverError();
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible() && error->text().startsWith(QStringLiteral("Cannot reach")), 20000);
        // The whole sentence: where, and libpq's reason after it.
        QVERIFY2(error->text().contains(QStringLiteral("127.0.0.1:%1: ").arg(port)), qPrintable(error->text()));
        QVERIFY2(error->text().size() > QStringLiteral("Cannot reach the server: cannot reach the database server at 127.0.0.1:%1: ")
                                             .arg(port).size() + 10, qPrintable(error->text()));
        // ... wrapped inside the dialog, with room for every line.
        QVERIFY(error->wordWrap());
        QTRY_VERIFY(error->height() >= error->heightForWidth(error->width()));
        QVERIFY(error->geometry().right() <= dialog->width());
        QVERIFY2(error->width() < error->fontMetrics().horizontalAdvance(error->text()), "a long message should wrap");
        // Everything typed is still there.
        QCOMPARE(dialog->serverField()->text(), address);
        QCOMPARE(dialog->emailField()->text(), QStringLiteral("ann@example.com"));
        QCOMPARE(dialog->passwordField()->text(), QStringLiteral("whatever123"));
        QVERIFY(dialog->isVisible());
        dialog->grab().save(QDir::current().absoluteFilePath(QStringLiteral("signin-down-server.png")));
        dialog->reject();
    }
    // Opened again later: the address and email are offered again.
    SignInDialog *again = w->sync()->signIn();
    QCOMPARE(again->serverField()->text(), address);
    QCOMPARE(again->emailField()->text(), QStringLiteral("ann@example.com"));
    QVERIFY(again->passwordField()->text().isEmpty()); // the user's password is never kept
    again->reject();
}

void TestSignIn::syncActionsAreDisabledWhileSignedOutAndSayWhy()
{
    QTemporaryDir data;
    qputenv("EKN_DATA_DIR", data.path().toUtf8());
    QSettings().setValue(QStringLiteral("account/signedIn"), false);
    auto w = ekn::test::openShownWindow(data.path());
    for (QAction *a : {w->sync()->syncNowAction(), w->sync()->conflictLogAction()}) {
        QTRY_VERIFY(!a->isEnabled());
        QVERIFY2(a->toolTip().contains(QStringLiteral("Sign in first")), qPrintable(a->toolTip()));
    }
    QVERIFY(w->sync()->signInAction()->isEnabled());
}
