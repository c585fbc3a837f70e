#include "account/accountservice.h"

#include "account/accountclient.h"

#include <QMetaObject>

namespace ekn {

AccountService::AccountService(const ServerConnection &server, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ekn::AccountResult>();
    qRegisterMetaType<ekn::AccountInfo>();
    m_thread.setObjectName(QStringLiteral("eknmusic-account"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    m_client = new AccountClient(server);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

AccountService::~AccountService()
{
    // The client's connection belongs to the worker thread: delete it there.
    AccountClient *client = m_client;
    QMetaObject::invokeMethod(m_worker, [client] { delete client; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template <typename Fn>
void AccountService::post(Operation op, Fn fn)
{
    AccountClient *client = m_client;
    QMetaObject::invokeMethod(m_worker, [this, op, client, fn] {
        const AccountResult result = fn(*client);
        const AccountInfo info{client->session().userId, client->session().email, client->session().username};
        const QString keychain = client->keychainProblem();
        QMetaObject::invokeMethod(this, [this, op, result, info, keychain] {
            if (!keychain.isEmpty())
                Q_EMIT keychainUnavailable(keychain);
            Q_EMIT finished(op, result, info);
        });
    });
}

void AccountService::registerAccount(const QString &email, const QString &username, const QString &password)
{
    post(Operation::Register, [=](AccountClient &c) { return c.registerAccount(email, username, password); });
}

void AccountService::signIn(const QString &email, const QString &password)
{
    post(Operation::SignIn, [=](AccountClient &c) { return c.signIn(email, password); });
}

void AccountService::signOut()
{
    post(Operation::SignOut, [](AccountClient &c) { return c.signOut(); });
}

void AccountService::signOutEverywhere()
{
    post(Operation::SignOutEverywhere, [](AccountClient &c) { return c.signOutEverywhere(); });
}

void AccountService::restore(const QString &email)
{
    post(Operation::Restore, [=](AccountClient &c) {
        AccountResult r = c.restore(email);
        return r.ok() ? c.whoAmI() : r;
    });
}

void AccountService::whoAmI()
{
    post(Operation::WhoAmI, [](AccountClient &c) { return c.whoAmI(); });
}

} // namespace ekn
