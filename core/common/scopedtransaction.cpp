#include "common/scopedtransaction.h"

#include "common/logging.h"

#include <QSqlError>

namespace ekn {

ScopedTransaction::ScopedTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    m_active = m_db.transaction();
    if (!m_active)
        qCWarning(lcCore) << "could not begin a transaction:" << m_db.lastError().text();
}

ScopedTransaction::~ScopedTransaction()
{
    if (m_active)
        m_db.rollback();
}

bool ScopedTransaction::commit()
{
    if (!m_active)
        return false;
    m_active = false;
    if (m_db.commit())
        return true;
    qCWarning(lcCore) << "commit failed:" << m_db.lastError().text();
    m_db.rollback();
    return false;
}

} // namespace ekn
