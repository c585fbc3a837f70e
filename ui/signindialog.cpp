#include "signindialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QTabBar>
#include <QThreadPool>
#include <QUrl>
#include <QSignalBlocker>
#include <QUrlQuery>
#include <QUuid>
#include <QVBoxLayout>

namespace ekn {

namespace {
QLabel *errorLabel(QWidget *parent, const QString &name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    QPalette pal = l->palette();
    pal.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    l->setPalette(pal);
    l->hide();
    return l;
}
} // namespace

SignInDialog::SignInDialog(QWidget *parent)
    : QDialog(parent)
    , m_mode(new QTabBar(this))
    , m_email(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_usernameLabel(new QLabel(tr("&Name"), this))
    , m_password(new QLineEdit(this))
    , m_emailError(errorLabel(this, QStringLiteral("emailError")))
    , m_usernameError(errorLabel(this, QStringLiteral("usernameError")))
    , m_passwordError(errorLabel(this, QStringLiteral("passwordError")))
    , m_generalError(errorLabel(this, QStringLiteral("generalError")))
    , m_serverUrl(new QLineEdit(this))
    , m_advanced(new QCheckBox(tr("Advanced"), this))
    , m_serverBox(new QWidget(this))
    , m_host(new QLineEdit(m_serverBox))
    , m_port(new QSpinBox(m_serverBox))
    , m_database(new QLineEdit(m_serverBox))
    , m_dbUser(new QLineEdit(m_serverBox))
    , m_dbPassword(new QLineEdit(m_serverBox))
    , m_sslMode(new QComboBox(m_serverBox))
    , m_test(new QPushButton(tr("&Test Connection"), m_serverBox))
    , m_serverError(errorLabel(m_serverBox, QStringLiteral("serverError")))
    , m_readServerUrl(new QLineEdit(m_serverBox))
    , m_readServerError(errorLabel(m_serverBox, QStringLiteral("readServerError")))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign In to EKNMusic"));
    m_mode->addTab(tr("Sign In"));
    m_mode->addTab(tr("Create Account"));
    m_email->setObjectName(QStringLiteral("email"));
    m_email->setPlaceholderText(tr("you@example.com"));
    m_username->setObjectName(QStringLiteral("username"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);

    auto *form = new QFormLayout;
    auto *emailLabel = new QLabel(tr("&Email"), this);
    emailLabel->setBuddy(m_email);
    m_usernameLabel->setBuddy(m_username);
    auto *passwordLabel = new QLabel(tr("&Password"), this);
    passwordLabel->setBuddy(m_password);
    form->addRow(emailLabel, m_email);
    form->addRow(QString(), m_emailError);
    form->addRow(m_usernameLabel, m_username);
    form->addRow(QString(), m_usernameError);
    form->addRow(passwordLabel, m_password);
    form->addRow(QString(), m_passwordError);

    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("submit"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_mode);
    layout->addLayout(form);
    layout->addWidget(m_generalError);
    layout->addWidget(buildServerSection());
    layout->addWidget(m_buttons);

    connect(m_mode, &QTabBar::currentChanged, this, [this](int i) { setRegisterMode(i == 1); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &SignInDialog::testConnection);
    setRegisterMode(false);
}

SignInDialog::~SignInDialog() = default;

QWidget *SignInDialog::buildServerSection()
{
    auto *section = new QWidget(this);
    auto *serverLabel = new QLabel(tr("Account &server"), section);
    serverLabel->setBuddy(m_serverUrl);
    m_serverUrl->setObjectName(QStringLiteral("serverUrl"));
    m_serverUrl->setPlaceholderText(QStringLiteral("postgresql://eknmusic@music.example.org/eknmusic"));
    m_serverUrl->setToolTip(tr("The address your server's administrator gave you, as the command line takes it: "
                               "postgresql://login@host:port/database"));
    m_serverUrl->setText(QStringLiteral("postgresql://localhost:5432/eknmusic"));

    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_host->setObjectName(QStringLiteral("host"));
    m_port->setObjectName(QStringLiteral("port"));
    m_database->setObjectName(QStringLiteral("database"));
    m_database->setText(QStringLiteral("eknmusic"));
    m_host->setText(QStringLiteral("localhost"));
    m_dbUser->setObjectName(QStringLiteral("dbUser"));
    m_dbUser->setPlaceholderText(tr("the app's database login"));
    m_dbPassword->setObjectName(QStringLiteral("dbPassword"));
    m_dbPassword->setEchoMode(QLineEdit::Password);
    m_sslMode->addItem(tr("Prefer"), QStringLiteral("prefer"));
    m_sslMode->addItem(tr("Require"), QStringLiteral("require"));
    m_sslMode->addItem(tr("Verify certificate"), QStringLiteral("verify-full"));
    m_sslMode->addItem(tr("Disable"), QStringLiteral("disable"));
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_advanced->setObjectName(QStringLiteral("advanced"));
    m_advanced->setChecked(false);
    m_serverBox->setObjectName(QStringLiteral("advancedFields"));
    auto *serverForm = new QFormLayout(m_serverBox);
    serverForm->setContentsMargins(20, 0, 0, 0);
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 1);
    hostRow->addWidget(new QLabel(tr("Port"), m_serverBox));
    hostRow->addWidget(m_port);
    serverForm->addRow(tr("Host"), hostRow);
    serverForm->addRow(tr("Database"), m_database);
    serverForm->addRow(tr("Login"), m_dbUser);
    serverForm->addRow(tr("Login password"), m_dbPassword);
    serverForm->addRow(tr("SSL"), m_sslMode);
    m_readServerUrl->setObjectName(QStringLiteral("readServerUrl"));
    m_readServerUrl->setPlaceholderText(tr("optional: postgresql://login@standby-host/database"));
    m_readServerUrl->setToolTip(tr("A read-only standby of the account server, if your administrator runs one: "
                                   "syncs read other devices' changes there and send yours to the account "
                                   "server. Leave it empty to use the account server alone."));
    serverForm->addRow(tr("&Read server"), m_readServerUrl);
    serverForm->addRow(QString(), m_readServerError);
    m_serverBox->setVisible(false);
    connect(m_advanced, &QCheckBox::toggled, m_serverBox, &QWidget::setVisible);
    m_serverUrl->setMinimumWidth(340);

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_serverUrl, 1);
    urlRow->addWidget(m_test);
    m_serverError->setParent(section);
    m_serverError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(serverLabel);
    layout->addLayout(urlRow);
    layout->addWidget(m_serverError);
    layout->addWidget(m_advanced);
    layout->addWidget(m_serverBox);

    connect(m_serverUrl, &QLineEdit::textEdited, this, &SignInDialog::serverUrlEdited);
    for (QLineEdit *e : {m_host, m_database, m_dbUser})
        connect(e, &QLineEdit::textEdited, this, &SignInDialog::serverFieldsEdited);
    connect(m_port, &QSpinBox::valueChanged, this, &SignInDialog::serverFieldsEdited);
    connect(m_sslMode, &QComboBox::activated, this, &SignInDialog::serverFieldsEdited);
    return section;
}

// The address typed in full: its parts go to Advanced (the password only when it has one).
void SignInDialog::serverUrlEdited()
{
    const ServerConnection conn = ServerConnection::fromUrl(m_serverUrl->text().trimmed());
    if (!conn.isValid())
        return; // half typed; server() says what is wrong when it is used
    const QSignalBlocker blockPort(m_port);
    m_host->setText(conn.host());
    m_port->setValue(conn.port() > 0 ? conn.port() : 5432);
    m_database->setText(conn.databaseName());
    m_dbUser->setText(conn.userName());
    if (conn.hasPassword())
        m_dbPassword->setText(conn.password());
    const int ssl = m_sslMode->findData(conn.sslMode().isEmpty() ? QStringLiteral("prefer") : conn.sslMode());
    if (ssl >= 0)
        m_sslMode->setCurrentIndex(ssl);
}

// A part changed under Advanced: the address follows (never with a password in it).
void SignInDialog::serverFieldsEdited()
{
    m_serverUrl->setText(fieldsConnection().displayUrl());
}

ServerConnection SignInDialog::fieldsConnection() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(m_host->text().trimmed());
    url.setPort(m_port->value());
    url.setPath(QLatin1Char('/') + m_database->text().trimmed());
    url.setUserName(m_dbUser->text().trimmed());
    const QString ssl = m_sslMode->currentData().toString();
    if (ssl != QLatin1String("prefer")) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("sslmode"), ssl);
        url.setQuery(query);
    }
    return ServerConnection::fromUrl(url);
}

QPushButton *SignInDialog::submitButton() const { return m_buttons->button(QDialogButtonBox::Ok); }

void SignInDialog::setRegisterMode(bool on)
{
    m_mode->setCurrentIndex(on ? 1 : 0);
    m_username->setVisible(on);
    m_usernameLabel->setVisible(on);
    submitButton()->setText(on ? tr("Create Account") : tr("Sign In"));
    clearErrors();
}

ServerConnection SignInDialog::server() const
{
    ServerConnection server = ServerConnection::fromUrl(m_serverUrl->text().trimmed());
    if (!server.hasPassword() && !m_dbPassword->text().isEmpty())
        server.setPassword(m_dbPassword->text());
    return server;
}

void SignInDialog::setServer(const ServerConnection &server)
{
    m_serverUrl->setText(server.displayUrl());
    serverUrlEdited();
    m_dbPassword->setText(server.password());
}

void SignInDialog::setEmail(const QString &email) { m_email->setText(email); }

std::optional<ServerConnection> SignInDialog::readServer() const
{
    const QString text = m_readServerUrl->text().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    ServerConnection read = ServerConnection::fromUrl(text);
    if (!read.isValid())
        return std::nullopt;
    if (!read.hasPassword())
        read.setPassword(server().password());
    return read;
}

void SignInDialog::setReadServer(const std::optional<ServerConnection> &server)
{
    m_readServerUrl->setText(server ? server->displayUrl() : QString());
    if (server)
        m_advanced->setChecked(true); // what is set is shown
}

void SignInDialog::showError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->show();
    // A long message wraps onto more lines: the window grows to show every one of them.
    QWidget *window = label->window();
    if (window->layout()) {
        window->layout()->activate();
        const int needed = window->heightForWidth(window->width());
        if (needed > window->height())
            window->resize(window->width(), needed);
    }
}

void SignInDialog::clearErrors()
{
    for (QLabel *l : {m_emailError, m_usernameError, m_passwordError, m_generalError, m_serverError, m_readServerError})
        l->hide();
}

void SignInDialog::setBusy(bool busy)
{
    submitButton()->setEnabled(!busy);
    m_test->setEnabled(!busy);
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

void SignInDialog::submit()
{
    clearErrors();
    bool ok = true;
    if (!m_email->text().contains(QLatin1Char('@'))) {
        showError(m_emailError, tr("Enter the email address of your account."));
        ok = false;
    }
    if (m_password->text().isEmpty()) {
        showError(m_passwordError, tr("Enter your password."));
        ok = false;
    }
    const ServerConnection conn = server();
    if (!conn.isValid()) {
        showError(m_serverError, tr("The account server address is not usable: %1").arg(conn.error()));
        ok = false;
    }
    if (const QString read = m_readServerUrl->text().trimmed(); !read.isEmpty()) {
        if (const ServerConnection r = ServerConnection::fromUrl(read); !r.isValid()) {
            m_advanced->setChecked(true); // the field and its message are under Advanced
            showError(m_readServerError, tr("The read server address is not usable: %1").arg(r.error()));
            ok = false;
        }
    }
    if (!ok)
        return;
    Q_EMIT submitted(conn, m_email->text().trimmed());
    delete m_service;
    m_service = new AccountService(conn, this);
    connect(m_service, &AccountService::finished, this, &SignInDialog::onFinished);
    connect(m_service, &AccountService::keychainUnavailable, this, [this](const QString &message) {
        showError(m_generalError, tr("The system keychain is not available, so you will have to sign in again next time (%1).").arg(message));
    });
    setBusy(true);
    if (m_mode->currentIndex() == 1)
        m_service->registerAccount(m_email->text().trimmed(), m_username->text().trimmed(), m_password->text());
    else
        m_service->signIn(m_email->text().trimmed(), m_password->text());
}

void SignInDialog::onFinished(AccountService::Operation, const AccountResult &result, const AccountInfo &info)
{
    setBusy(false);
    switch (result.status) {
    case AccountStatus::Ok:
        m_password->clear();
        Q_EMIT signedIn(info, server());
        accept();
        return;
    case AccountStatus::InvalidCredentials:
        showError(m_passwordError, tr("Wrong email or password."));
        m_password->selectAll();
        m_password->setFocus();
        break;
    case AccountStatus::Throttled:
        showError(m_generalError, tr("Too many failed sign-ins. Try again in %1 seconds.").arg(result.retryAfterSeconds));
        break;
    case AccountStatus::EmailTaken:
        showError(m_emailError, tr("An account with this email already exists. Sign in instead?"));
        break;
    case AccountStatus::InvalidEmail:
        showError(m_emailError, tr("That is not a valid email address."));
        break;
    case AccountStatus::InvalidUsername:
        showError(m_usernameError, tr("The name must be 1 to 100 characters."));
        break;
    case AccountStatus::WeakPassword:
        showError(m_passwordError, tr("The password needs at least 8 characters."));
        break;
    case AccountStatus::PasswordTooLong:
        showError(m_passwordError, tr("The password is too long (at most 72 bytes)."));
        break;
    case AccountStatus::ServerUnavailable:
        showError(m_serverError, tr("Cannot reach the server: %1").arg(result.message()));
        break;
    case AccountStatus::AppTooOld:
    case AccountStatus::ServerTooOld:
        showError(m_generalError, result.message()); // says who must update what
        break;
    case AccountStatus::KeychainError:
        showError(m_generalError, tr("Signed in, but the system keychain refused to keep the session: %1").arg(result.detail));
        break;
    default:
        showError(m_generalError, tr("The server refused the request: %1").arg(result.message()));
        break;
    }
}

void SignInDialog::testConnection()
{
    clearErrors();
    const ServerConnection conn = server();
    if (!conn.isValid()) {
        showError(m_serverError, tr("The account server address is not usable: %1").arg(conn.error()));
        return;
    }
    setBusy(true);
    m_serverError->setText(tr("Connecting..."));
    m_serverError->show();
    QPointer<SignInDialog> self(this);
    // A connect can take the whole timeout: never on the GUI thread.
    QThreadPool::globalInstance()->start([self, conn] {
        const QString name = QStringLiteral("ekn-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString message;
        bool ok = false;
        {
            const ServerOpenResult r = conn.open(name);
            ok = r.ok();
            message = r.message;
        }
        QSqlDatabase::removeDatabase(name);
        if (!self)
            return;
        QMetaObject::invokeMethod(self.data(), [self, ok, message] {
            if (!self)
                return;
            self->setBusy(false);
            showError(self->m_serverError, ok ? tr("Connected.") : tr("Cannot connect: %1").arg(message));
        }, Qt::QueuedConnection);
    });
}

} // namespace ekn
