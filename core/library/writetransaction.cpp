#include "library/writetransaction.h"

#include "library/searchdeferral.h"

namespace ekn {

WriteTransaction::WriteTransaction(QSqlDatabase db, Search search)
    : ScopedTransaction(std::move(db), Begin::Immediate)
{
    if (search == Search::PerRow || !isActive())
        return;
    m_searchLater = search == Search::Later;
    QString error;
    m_deferSearch = SearchDeferral::start(database(), &error);
    if (!m_deferSearch)
        abandon(error);
}

Result<WriteTransaction> WriteTransaction::begin(QSqlDatabase db, Search search)
{
    WriteTransaction tx(std::move(db), search);
    if (!tx.isActive())
        return Failure{tx.errorString()};
    return Result<WriteTransaction>(std::move(tx));
}

bool WriteTransaction::commit()
{
    if (m_deferSearch && isActive()) {
        QString error;
        QSqlDatabase db = database();
        if (!(m_searchLater ? SearchDeferral::flushToBacklog(db, &error) : SearchDeferral::flush(db, &error))) {
            abandon(error);
            return false;
        }
    }
    return ScopedTransaction::commit();
}

} // namespace ekn
