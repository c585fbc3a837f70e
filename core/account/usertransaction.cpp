#include "account/usertransaction.h"

#include "account/pgparams.h"

#include <QSqlError>

namespace ekn {

UserTransaction::UserTransaction(QSqlDatabase db, const QString &accessToken)
    : m_db(std::move(db))
{
    if (!m_db.transaction()) {
        m_error = m_db.lastError().text();
        return;
    }
    const PgResult r = PgParams::exec(m_db, QStringLiteral("SELECT set_config('eknmusic.token', $1, true)"),
                                      {accessToken.isNull() ? QString(QLatin1String("")) : accessToken});
    if (!r.ok) {
        m_error = r.error;
        m_db.rollback();
        return;
    }
    m_active = true;
}

UserTransaction::~UserTransaction()
{
    rollback();
}

bool UserTransaction::commit()
{
    if (!m_active)
        return false;
    m_active = false;
    if (m_db.commit())
        return true;
    m_error = m_db.lastError().text();
    m_db.rollback();
    return false;
}

void UserTransaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    m_db.rollback();
}

} // namespace ekn
