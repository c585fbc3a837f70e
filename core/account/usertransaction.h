#pragma once

#include "common/scopedtransaction.h"

namespace ekn {

// A transaction on behalf of the signed-in user: BEGIN, then
// `SELECT set_config('eknmusic.token', $1, true)` as its first statement. The setting lasts
// for this transaction only, which is what makes it safe behind PgBouncer in transaction
// pooling (the next transaction on the same server connection may be someone else's). Row-level
// security then shows and accepts only this user's rows. Rolls back on destruction unless
// commit() succeeded. The token is passed as a protocol parameter (PgParams), never as SQL text.
// Sync and every other remote caller use this for each of their transactions.
class UserTransaction : public ScopedTransaction
{
public:
    UserTransaction(QSqlDatabase db, const QString &accessToken);
};

} // namespace ekn
