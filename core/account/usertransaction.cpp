#include "account/usertransaction.h"

#include "remote/pgparams.h"

namespace ekn {

UserTransaction::UserTransaction(QSqlDatabase db, const QString &accessToken)
    : ScopedTransaction(std::move(db))
{
    if (!isActive())
        return;
    const PgResult r = PgParams::exec(database(), QStringLiteral("SELECT set_config('eknmusic.token', $1, true)"),
                                      {accessToken.isNull() ? QString(QLatin1String("")) : accessToken});
    if (!r.ok)
        abandon(r.error);
}

} // namespace ekn
