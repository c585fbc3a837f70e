#pragma once

#include "account/accountstatus.h"
#include "remote/serverconnection.h"

#include <QObject>
#include <QThread>

namespace ekn {

class AccountClient;

// What the UI may know of the signed-in account (no tokens).
struct AccountInfo
{
    QString userId;
    QString email;
    QString username;
};

// The account API for the GUI: every call returns at once and the work runs on the service's
// own thread (an AccountClient there owns the connection and talks to the keychain); the
// answer comes back as finished() on the caller's thread. keychainUnavailable() tells the user
// that the session will not outlive this run.
class AccountService : public QObject
{
    Q_OBJECT
public:
    enum class Operation { Register, SignIn, SignOut, SignOutEverywhere, Restore, WhoAmI };
    Q_ENUM(Operation)

    explicit AccountService(const ServerConnection &server, QObject *parent = nullptr);
    ~AccountService() override;

    void registerAccount(const QString &email, const QString &username, const QString &password);
    void signIn(const QString &email, const QString &password);
    void signOut();
    void signOutEverywhere();
    void restore(const QString &email = {});
    void whoAmI();

Q_SIGNALS:
    void finished(ekn::AccountService::Operation operation, const ekn::AccountResult &result,
                  const ekn::AccountInfo &account);
    void keychainUnavailable(const QString &message);

private:
    template <typename Fn>
    void post(Operation op, Fn fn);

    QThread m_thread;
    QObject *m_worker = nullptr;    // lives on m_thread
    AccountClient *m_client = nullptr; // used on m_thread only
};

} // namespace ekn

Q_DECLARE_METATYPE(ekn::AccountResult)
Q_DECLARE_METATYPE(ekn::AccountInfo)
