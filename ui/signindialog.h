#pragma once

#include "account/account.h"
#include "remote/remote.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabBar;

namespace ekn {

// Sign in or create an account, and where the server is: one "account server" address (the
// postgresql:// URL the CLI takes), with its parts (host, port, database, login, SSL) under
// Advanced, each kept in step with the other. Errors land next to the field they are about,
// whole and wrapped: a wrong password under the password, a taken email under the email, an
// unreachable server under the server address, throttling with the wait time. Under Advanced
// also an optional read server (a standby of the account server that pulls are read from,
// docs/SCALING.md); a malformed one is refused before anything is sent. What was typed
// stays after a failure. The work runs
// on AccountService's thread; this dialog only waits for its finished() signal.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(QWidget *parent = nullptr);
    ~SignInDialog() override;

    // The server as set in the dialog (with the database login's password, which is as good as
    // public: see migrations/SECURITY.md; the user's password is never part of it).
    ServerConnection server() const;
    void setServer(const ServerConnection &server);
    void setEmail(const QString &email);
    // The read server as set under Advanced (none when the field is empty or malformed; submit
    // refuses a malformed one). Without a login password of its own it uses the account
    // server's: a standby has the same logins.
    std::optional<ServerConnection> readServer() const;
    void setReadServer(const std::optional<ServerConnection> &server);

    QLineEdit *emailField() const { return m_email; }
    QLineEdit *passwordField() const { return m_password; }
    QLabel *emailError() const { return m_emailError; }
    QLabel *passwordError() const { return m_passwordError; }
    QLabel *serverError() const { return m_serverError; }
    QLineEdit *serverField() const { return m_serverUrl; }
    QLineEdit *readServerField() const { return m_readServerUrl; }
    QLabel *readServerError() const { return m_readServerError; }
    QCheckBox *advancedBox() const { return m_advanced; }
    QPushButton *submitButton() const;
    void setRegisterMode(bool on);

Q_SIGNALS:
    void signedIn(const ekn::AccountInfo &account, const ekn::ServerConnection &server);
    // Sent at each attempt, so what was typed is offered again next time even when it failed.
    void submitted(const ekn::ServerConnection &server, const QString &email);

private:
    void submit();
    void testConnection();
    void onFinished(AccountService::Operation op, const AccountResult &result, const AccountInfo &info);
    void clearErrors();
    void setBusy(bool busy);
    static void showError(QLabel *label, const QString &text);
    QWidget *buildServerSection();
    void serverUrlEdited();
    void serverFieldsEdited();
    ServerConnection fieldsConnection() const;

    QTabBar *m_mode;
    QLineEdit *m_email;
    QLineEdit *m_username;
    QLabel *m_usernameLabel;
    QLineEdit *m_password;
    QLabel *m_emailError;
    QLabel *m_usernameError;
    QLabel *m_passwordError;
    QLabel *m_generalError;
    QLineEdit *m_serverUrl;
    QCheckBox *m_advanced;  // shows the address's parts
    QWidget *m_serverBox;   // the parts: host, port, database, login, SSL
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_dbUser;
    QLineEdit *m_dbPassword;
    QComboBox *m_sslMode;
    QPushButton *m_test;
    QLabel *m_serverError;
    QLineEdit *m_readServerUrl; // optional: a standby to pull from
    QLabel *m_readServerError;
    QDialogButtonBox *m_buttons;
    AccountService *m_service = nullptr;
};

} // namespace ekn
