#include "library/writetransaction.h"

#include "common/logging.h"
#include "library/searchdeferral.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

WriteTransaction::WriteTransaction(QSqlDatabase db, Search search)
    : m_db(std::move(db))
{
    QSqlQuery q(m_db);
    m_active = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_active) {
        m_error = q.lastError().text();
        qCWarning(lcLibrary) << "cannot begin a write transaction:" << m_error;
        return;
    }
    if (search == Search::AtCommit) {
        m_deferSearch = SearchDeferral::start(m_db, &m_error);
        if (!m_deferSearch)
            rollback();
    }
}

WriteTransaction::~WriteTransaction()
{
    rollback();
}

bool WriteTransaction::commit()
{
    if (!m_active)
        return false;
    if (m_deferSearch && !SearchDeferral::flush(m_db, &m_error)) {
        rollback();
        return false;
    }
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("COMMIT"))) {
        m_active = false;
        return true;
    }
    m_error = q.lastError().text();
    qCWarning(lcLibrary) << "commit failed:" << m_error;
    rollback();
    return false;
}

void WriteTransaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("ROLLBACK"));
}

} // namespace ekn
