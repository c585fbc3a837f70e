#pragma once

#include <QSqlDatabase>
#include <QString>

namespace ekn {

// A transaction on behalf of the signed-in user: BEGIN, then
// `SELECT set_config('eknmusic.token', $1, true)` as its first statement. The setting lasts
// for this transaction only, which is what makes it safe behind PgBouncer in transaction
// pooling (the next transaction on the same server connection may be someone else's). Row-level
// security then shows and accepts only this user's rows. Rolls back on destruction unless
// commit() succeeded. The token is passed as a protocol parameter (PgParams), never as SQL text.
// Sync and every other remote caller use this for each of their transactions.
class UserTransaction
{
public:
    UserTransaction(QSqlDatabase db, const QString &accessToken);
    ~UserTransaction();
    UserTransaction(const UserTransaction &) = delete;
    UserTransaction &operator=(const UserTransaction &) = delete;

    bool isActive() const { return m_active; }
    QString error() const { return m_error; }
    // False (rolled back, error() says why) when the commit failed.
    bool commit();
    void rollback();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    QString m_error;
};

} // namespace ekn
