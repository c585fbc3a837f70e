#include "tst_client.h"

#include "account/account.h"
#include "memorysecrets.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {
const QString kEmail = QStringLiteral("frank@example.org");
const QByteArray kPassword = "correct horse battery";
} // namespace

QString TestAccountClient::server() const
{
    return m_fx.clientUrl().toString();
}

QString TestAccountClient::keychainKey(const QString &email) const
{
    const QUrl u = m_fx.clientUrl();
    return QStringLiteral("EKNMusic/%1:%2/%3/%4").arg(u.host()).arg(u.port()).arg(m_fx.databaseName(), email);
}

QString TestAccountClient::keychainSecret(const QString &email, int *exitCode) const
{
    const ProcessResult r = runProgram(QStringLiteral("secret-tool"),
                                       {QStringLiteral("lookup"), QStringLiteral("user"), keychainKey(email),
                                        QStringLiteral("server"), QStringLiteral("EKNMusic")});
    if (exitCode)
        *exitCode = r.exitCode;
    return r.out;
}

int TestAccountClient::liveSessions(const QString &email)
{
    return m_fx.adminValue(QStringLiteral("SELECT count(*) FROM user_sessions s JOIN users u ON u.id = s.user_id "
                                          "WHERE u.email = '%1' AND s.revoked_at IS NULL").arg(email)).toInt();
}

bool TestAccountClient::homeContains(const QString &needle) const
{
    QDirIterator it(QDir::homePath(), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("/keyrings/")))
            continue; // gnome-keyring's own encrypted store
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle.toUtf8()))
            return true;
    }
    return false;
}

void TestAccountClient::initTestCase()
{
    QVERIFY2(m_fx.setUp(), qPrintable(m_fx.error()));
    // The production bcrypt cost (10) on purpose: these are the real sign-ins.
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT value FROM app.settings WHERE key = 'bcrypt_cost'")).toInt(), 10);
}

void TestAccountClient::registerKeepsTheSessionInTheKeychainAndNowhereElse()
{
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("register"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), kEmail, QStringLiteral("--username"), QStringLiteral("Frank")},
                                   kPassword + '\n');
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("registered and signed in as frank@example.org")));
    const QJsonObject secret = QJsonDocument::fromJson(keychainSecret(kEmail).toUtf8()).object();
    const QString access = secret.value(QStringLiteral("access_token")).toString();
    const QString refresh = secret.value(QStringLiteral("refresh_token")).toString();
    QCOMPARE(access.size(), 64);
    QCOMPARE(refresh.size(), 64);
    // The token read back from the keychain is the live session on the server.
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT u.email FROM user_sessions s JOIN users u ON u.id = s.user_id "
                                            "WHERE s.token_hash = encode(sha256('%1'::bytea), 'hex') AND s.revoked_at IS NULL").arg(access))
                 .toString(), kEmail);
    // Nowhere else: not in the output, not in any file of the user's home (settings included).
    QVERIFY(!r.out.contains(access) && !r.err.contains(access));
    QVERIFY(!homeContains(access));
    QVERIFY(!homeContains(refresh));
    QVERIFY(!homeContains(QString::fromUtf8(kPassword)));
    // The server stored neither the token nor the password.
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM user_sessions WHERE token_hash = '%1' OR refresh_token_hash = '%2'")
                                 .arg(access, refresh)).toInt(), 0);
    QVERIFY(m_fx.adminValue(QStringLiteral("SELECT password_hash LIKE '$2a$10$%' FROM users WHERE email = '%1'").arg(kEmail)).toBool());
}

void TestAccountClient::signingInAgainReplacesTheKeptSession()
{
    const QString before = keychainSecret(kEmail);
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), QStringLiteral("Frank@Example.org")}, kPassword + '\n');
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("signed in as frank@example.org")));
    QVERIFY(keychainSecret(kEmail) != before);
    QCOMPARE(liveSessions(kEmail), 1); // the one made at registration was ended
}

void TestAccountClient::aRestartReusesTheKeptSession()
{
    const int before = liveSessions(kEmail);
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("whoami"), QStringLiteral("--server"), server()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("Frank <frank@example.org>")), qPrintable(r.out));
    QCOMPARE(liveSessions(kEmail), before); // no new sign-in happened
}

void TestAccountClient::anExpiredAccessTokenIsRefreshedOnUse()
{
    const QString oldAccess = QJsonDocument::fromJson(keychainSecret(kEmail).toUtf8()).object().value(QStringLiteral("access_token")).toString();
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE user_sessions SET expires_at = now() - interval '1 second'")));
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("whoami"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), kEmail});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString newAccess = QJsonDocument::fromJson(keychainSecret(kEmail).toUtf8()).object().value(QStringLiteral("access_token")).toString();
    QCOMPARE(newAccess.size(), 64);
    QVERIFY(newAccess != oldAccess);
    QCOMPARE(liveSessions(kEmail), 1);
}

void TestAccountClient::signOutRemovesTheTokenAndRevokesTheSession()
{
    const QString access = QJsonDocument::fromJson(keychainSecret(kEmail).toUtf8()).object().value(QStringLiteral("access_token")).toString();
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("logout"), QStringLiteral("--server"), server()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("signed out frank@example.org")));
    int code = 0;
    QCOMPARE(keychainSecret(kEmail, &code), QString());
    QVERIFY(code != 0);
    QCOMPARE(liveSessions(kEmail), 0);
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT revoked_reason FROM user_sessions WHERE token_hash = encode(sha256('%1'::bytea), 'hex')")
                                 .arg(access)).toString(), QStringLiteral("logout"));
    const ProcessResult who = runCli({QStringLiteral("account"), QStringLiteral("whoami"), QStringLiteral("--server"), server()});
    QCOMPARE(who.exitCode, 1);
    QVERIFY(who.err.contains(QStringLiteral("not signed in")));
}

void TestAccountClient::signOutWithTheServerDownSaysItSignedOutHere()
{
    // A kept session for a server that no longer answers (a port nothing listens on).
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    const QString down = QStringLiteral("postgresql://eknmusic@127.0.0.1:%1/%2?connect_timeout=2").arg(port).arg(m_fx.databaseName());
    AccountSession kept;
    kept.userId = QStringLiteral("00000000-0000-0000-0000-000000000001");
    kept.email = QStringLiteral("gone@example.org");
    kept.username = QStringLiteral("Gone");
    kept.accessToken = QString(64, QLatin1Char('a'));
    kept.refreshToken = QString(64, QLatin1Char('b'));
    kept.accessExpiresAt = QDateTime::currentDateTimeUtc().addSecs(600);
    kept.refreshExpiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    const QString key = TokenStore::keyFor(ServerConnection::fromUrl(down), kept.email);
    const Status written = TokenStore().write(key, kept.toSecret());
    QVERIFY2(written, qPrintable(written.error()));

    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("logout"), QStringLiteral("--server"), down,
                                    QStringLiteral("--email"), kept.email});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QStringLiteral("signed out gone@example.org on this device, but the server was not told")),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("cannot reach")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY(!r.err.contains(kept.refreshToken));
    const Result<std::optional<QByteArray>> left = TokenStore().read(key);
    QVERIFY2(left, qPrintable(left.error()));
    QVERIFY(!left->has_value()); // what the message says
}

void TestAccountClient::aServerWithoutTheApiSaysItMustBeUpdated()
{
    // A server migrated only to 010 (no schema api): one line naming who must update what.
    AccountFixture old;
    QVERIFY2(old.setUp(10), qPrintable(old.error()));
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"),
                                    old.clientUrl().toString(), QStringLiteral("--email"), QStringLiteral("x@example.org")},
                                   "some-password\n");
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed(), QStringLiteral("eknmusic-cli account: the server is older than this version of EKNMusic: "
                                             "its operator must update it (eknmusic-cli db migrate)"));
}

void TestAccountClient::registeringATakenEmailSaysSoOnlyToWhoeverKnowsNoPassword()
{
    // The server answers 'ok' for a taken email; the app's sign-in that follows fails, and
    // only then does the person registering learn that the email has an account.
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("register"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), kEmail, QStringLiteral("--username"), QStringLiteral("Other")},
                                   "another-password\n");
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed(), QStringLiteral("eknmusic-cli account: an account with this email already exists"));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT username FROM users WHERE email = '%1'").arg(kEmail)).toString(),
             QStringLiteral("Frank"));
}

void TestAccountClient::wrongPasswordIsOneClearLine()
{
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), kEmail}, "not the password\n");
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed(), QStringLiteral("eknmusic-cli account: wrong email or password"));
    int code = 0;
    keychainSecret(kEmail, &code);
    QVERIFY(code != 0);
    // A server that is not there: one line, its own exit code.
    const ProcessResult down = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"),
                                       QStringLiteral("postgresql://u@127.0.0.1:1/db"), QStringLiteral("--email"), kEmail},
                                      "x\n");
    QCOMPARE(down.exitCode, 3);
    QCOMPARE(down.err.trimmed().count(QLatin1Char('\n')), 0);
}

void TestAccountClient::emptyPasswordIsRefusedWithoutAnAttemptOnTheServer()
{
    const auto attempts = [this] {
        return m_fx.adminValue(QStringLiteral("SELECT count(*) FROM app.login_attempts WHERE email = '%1'").arg(kEmail)).toInt();
    };
    const int before = attempts();
    // stdin at its end at once: a script that forgot to pipe the password.
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), kEmail});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QStringLiteral("eknmusic-cli account: no password given")), qPrintable(r.err));
    QVERIFY(!r.err.contains(QStringLiteral("wrong email or password")));
    QCOMPARE(attempts(), before);
}

void TestAccountClient::passwordIsNeverTakenFromTheCommandLine()
{
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), kEmail, QStringLiteral("--password"), QString::fromUtf8(kPassword)});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(liveSessions(kEmail), 0);
}

// On a real terminal (a pty from script(1)) the prompt turns echo off: what the user types
// never appears on the screen.
void TestAccountClient::passwordPromptOnATerminalDoesNotEcho()
{
    const QString command = QStringLiteral("'%1' account register --server '%2' --email tty@example.org --username Tty")
                                .arg(QStringLiteral(EKN_CLI_PATH), server());
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("script"), {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
    QVERIFY(p.waitForStarted());
    QByteArray screen;
    const auto waitFor = [&](const QByteArray &text) {
        for (int i = 0; i < 200 && !screen.contains(text); ++i) {
            p.waitForReadyRead(100);
            screen += p.readAll();
        }
        return screen.contains(text);
    };
    QVERIFY2(waitFor("New password: "), screen.constData());
    p.write("typed-secret-1\n");
    QVERIFY2(waitFor("Repeat the password: "), screen.constData());
    p.write("typed-secret-1\n");
    QVERIFY2(waitFor("registered and signed in as tty@example.org"), screen.constData());
    p.waitForFinished(10000);
    screen += p.readAll();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(!screen.contains("typed-secret-1"), screen.constData());
    QCOMPARE(liveSessions(QStringLiteral("tty@example.org")), 1);
}

void TestAccountClient::withoutAKeychainTheUserIsToldAndNothingIsKept()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), server(),
                                    QStringLiteral("--email"), kEmail}, kPassword + '\n', env);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("keychain is not available")), qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("nothing was saved")));
    // The session nobody can keep was ended, and no token landed in a file.
    QCOMPARE(liveSessions(kEmail), 0);
    QVERIFY(!homeContains(QStringLiteral("access_token")));
}

void TestAccountClient::accountServiceSignsInOffTheCallersThread()
{
    AccountService service(ServerConnection::fromUrl(server()));
    QSignalSpy spy(&service, &AccountService::finished);
    service.signIn(kEmail, QString::fromUtf8(kPassword));
    QVERIFY(spy.wait(30000));
    QCOMPARE(spy.at(0).at(0).value<AccountService::Operation>(), AccountService::Operation::SignIn);
    const AccountResult result = spy.at(0).at(1).value<AccountResult>();
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QCOMPARE(spy.at(0).at(2).value<AccountInfo>().username, QStringLiteral("Frank"));
    QVERIFY(!keychainSecret(kEmail).isEmpty());
    service.signOut();
    QVERIFY(spy.wait(30000));
    QVERIFY(spy.at(1).at(1).value<AccountResult>().ok());
    QCOMPARE(liveSessions(kEmail), 0);
    QCOMPARE(keychainSecret(kEmail), QString());
}

void TestAccountClient::aSessionKeptInMemoryNeverReachesTheKeychain()
{
    // The load generator's store (tests/load): a second client on the same store restores the
    // session, and the keychain has nothing under the key the session would have there.
    const QString email = QStringLiteral("memo@example.org");
    const QString password = QStringLiteral("memory is enough");
    const ServerConnection conn = ServerConnection::fromUrl(m_fx.clientUrl());
    auto secrets = std::make_shared<MemorySecrets>();
    AccountClient first(conn, TokenStore(secrets));
    QVERIFY(first.registerAccount(email, QStringLiteral("Memo"), password).ok());
    QVERIFY(first.signIn(email, password).ok());
    QVERIFY2(first.keychainProblem().isEmpty(), qPrintable(first.keychainProblem()));
    QCOMPARE(secrets->size(), 1);
    AccountClient second(conn, TokenStore(secrets));
    QVERIFY(second.restore(email).ok());
    QCOMPARE(second.session().userId, first.session().userId);
    const Result<std::optional<QByteArray>> inKeychain = TokenStore().read(first.keychainKey());
    QVERIFY2(inKeychain, qPrintable(inKeychain.error()));
    QVERIFY(!inKeychain->has_value());
    // Control: the apps' store, the keychain, keeps the same session under that key.
    AccountClient apps(conn);
    QVERIFY(apps.signIn(email, password).ok());
    QCOMPARE(apps.keychainKey(), first.keychainKey());
    const Result<std::optional<QByteArray>> kept = TokenStore().read(apps.keychainKey());
    QVERIFY2(kept, qPrintable(kept.error()));
    QVERIFY(kept->has_value());
    QVERIFY(apps.signOut().ok());
    QVERIFY(first.signOut().ok());
    QCOMPARE(secrets->size(), 0);
}
