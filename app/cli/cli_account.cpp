// `eknmusic-cli account register|login|logout|whoami --server URL`: the account on a server,
// over core/account. Passwords come from a no-echo prompt or from stdin, never from argv
// (which every local user can read in /proc or ps).
#include "clicommand.h"

#include "account/account.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>
#include <iostream>
#include <string>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace ekn::cli {

namespace {

const QString kUsage = QStringLiteral(
        "Usage: eknmusic-cli account register|login|logout|whoami --server URL [--email E] "
        "[--username NAME] [--everywhere]\n(the password is read from a prompt, or from stdin when it is not a terminal)");

int usage(const QString &message)
{
    return failWith("account", ExitUsage, message, kUsage);
}

int exitCodeFor(const AccountResult &r)
{
    switch (r.status) {
    case AccountStatus::Ok:
        return ExitOk;
    case AccountStatus::ServerUnavailable:
        return ExitConnection;
    default:
        return ExitFailure;
    }
}

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    DWORD mode = 0;
    return GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
#else
    return isatty(STDIN_FILENO) == 1;
#endif
}

// One line from stdin; with a terminal, prompts on stderr with echo off.
QString readPassword(const QString &prompt)
{
    const bool terminal = stdinIsTerminal();
#ifdef Q_OS_WIN
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD oldMode = 0;
    if (terminal) {
        GetConsoleMode(in, &oldMode);
        SetConsoleMode(in, oldMode & ~DWORD(ENABLE_ECHO_INPUT));
    }
#else
    termios oldTerm{};
    if (terminal) {
        tcgetattr(STDIN_FILENO, &oldTerm);
        termios noEcho = oldTerm;
        noEcho.c_lflag &= ~tcflag_t(ECHO);
        noEcho.c_lflag |= ECHONL;
        tcsetattr(STDIN_FILENO, TCSANOW, &noEcho);
    }
#endif
    // Echo is off before the prompt shows, so nothing typed after it can appear.
    if (terminal) {
        err() << prompt;
        err().flush();
    }
    std::string line;
    std::getline(std::cin, line);
#ifdef Q_OS_WIN
    if (terminal)
        SetConsoleMode(in, oldMode);
#else
    if (terminal)
        tcsetattr(STDIN_FILENO, TCSANOW, &oldTerm);
#endif
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    QString password = QString::fromStdString(line);
    std::fill(line.begin(), line.end(), '\0');
    return password;
}

void printKeychainProblem(const AccountClient &client)
{
    if (!client.keychainProblem().isEmpty()) {
        err() << "eknmusic-cli account: " << client.keychainProblem() << '\n';
        err().flush();
    }
}

// Signed in, but the session cannot be kept past this process: end it on the server rather
// than leave a live session nobody holds.
int sessionNotKept(AccountClient &client)
{
    printKeychainProblem(client);
    client.signOut();
    return ExitFailure;
}

int registerAccount(AccountClient &client, const ServerConnection &server, const QString &email,
                    const QString &username)
{
    const QString password = readPassword(QStringLiteral("New password: "));
    if (stdinIsTerminal() && readPassword(QStringLiteral("Repeat the password: ")) != password)
        return failWith("account", ExitFailure, QStringLiteral("the two passwords differ"));
    const AccountResult r = client.registerAccount(email, username, password);
    if (!r.ok())
        return failWith("account", exitCodeFor(r), r.message());
    if (!client.keychainProblem().isEmpty())
        return sessionNotKept(client);
    out() << "registered and signed in as " << client.session().email << " on " << server.displayServer()
          << '\n';
    out().flush();
    return ExitOk;
}

int login(AccountClient &client, const ServerConnection &server, const QString &email)
{
    if (email.isEmpty())
        return usage(QStringLiteral("login needs --email"));
    const QString password = readPassword(QStringLiteral("Password for ") + email + QStringLiteral(": "));
    // An empty stdin (a script that forgot to pipe it) is not a guess: it must not count
    // towards the server's lockout of failed sign-ins.
    if (password.isEmpty())
        return usage(QStringLiteral("no password given: type it at the prompt, or send it on stdin"));
    const AccountResult r = client.signIn(email, password);
    if (!r.ok())
        return failWith("account", exitCodeFor(r), r.message());
    if (!client.keychainProblem().isEmpty())
        return sessionNotKept(client);
    out() << "signed in as " << client.session().email << " on " << server.displayServer() << '\n';
    out().flush();
    return ExitOk;
}

// With the kept session restored.
int logout(AccountClient &client, bool everywhere)
{
    const QString who = client.session().email;
    const AccountResult r = everywhere ? client.signOutEverywhere() : client.signOut();
    printKeychainProblem(client);
    // signOut() forgets the session here whatever the server says: say so, or the
    // user believes they are still signed in.
    if (!r.ok() && !everywhere && !client.session().isValid() && client.keychainProblem().isEmpty())
        return failWith("account", exitCodeFor(r),
                        QStringLiteral("signed out %1 on this device, but the server was not told (%2); "
                                       "the session there ends when it expires")
                            .arg(who, r.message()));
    if (!r.ok())
        return failWith("account", exitCodeFor(r), r.message());
    out() << "signed out " << who << (everywhere ? " on every device" : "") << '\n';
    out().flush();
    return ExitOk;
}

// With the kept session restored.
int whoAmI(AccountClient &client, const ServerConnection &server)
{
    const AccountResult r = client.whoAmI();
    if (!r.ok())
        return failWith("account", exitCodeFor(r), r.message());
    const AccountSession &s = client.session();
    out() << s.username << " <" << s.email << "> on " << server.displayServer() << '/'
          << server.databaseName() << " (user id " << s.userId << ")\n";
    out().flush();
    return ExitOk;
}

} // namespace

int runAccount(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Your account on an EKNMusic server.\n"
        "  register  create an account (asks for --email, --username and a password)\n"
        "  login     sign in; the session is kept in the system keychain\n"
        "  logout    sign out here (--everywhere: on every device) and forget the session\n"
        "  whoami    show who the kept session belongs to"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("register, login, logout or whoami"));
    const QCommandLineOption serverOpt(QStringLiteral("server"),
                                       QStringLiteral("the server, postgresql://user@host:port/database"),
                                       QStringLiteral("URL"));
    const QCommandLineOption emailOpt(QStringLiteral("email"), QStringLiteral("account email"), QStringLiteral("E"));
    const QCommandLineOption userOpt(QStringLiteral("username"), QStringLiteral("display name (register)"),
                                     QStringLiteral("NAME"));
    const QCommandLineOption everywhereOpt(QStringLiteral("everywhere"),
                                           QStringLiteral("logout: end the sessions of every device"));
    parser.addOptions({serverOpt, emailOpt, userOpt, everywhereOpt});
    if (const std::optional<int> done = parseArguments(parser, args, "account", kUsage))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usage(QStringLiteral("say one of register, login, logout, whoami"));
    const QString action = positional.first();
    if (!parser.isSet(serverOpt))
        return usage(QStringLiteral("--server is required"));
    ServerConnection server = ServerConnection::fromUrl(parser.value(serverOpt));
    if (!server.isValid())
        return failWith("account", ExitConnection, server.error());
    server.setApplicationName(QStringLiteral("eknmusic-cli"));
    const QString email = parser.value(emailOpt).trimmed();

    AccountClient client(server);
    if (action == QLatin1String("register")) {
        if (email.isEmpty() || !parser.isSet(userOpt))
            return usage(QStringLiteral("register needs --email and --username"));
        return registerAccount(client, server, email, parser.value(userOpt));
    }
    if (action == QLatin1String("login"))
        return login(client, server, email);
    if (action == QLatin1String("logout") || action == QLatin1String("whoami")) {
        AccountResult r = client.restore(email);
        if (!r.ok()) {
            printKeychainProblem(client);
            return failWith("account", ExitFailure, QStringLiteral("not signed in to ") + server.displayServer()
                                             + (email.isEmpty() ? QString() : QStringLiteral(" as ") + email));
        }
        return action == QLatin1String("logout") ? logout(client, parser.isSet(everywhereOpt))
                                                 : whoAmI(client, server);
    }
    return usage(QStringLiteral("unknown action '") + action + QLatin1Char('\''));
}

} // namespace ekn::cli
