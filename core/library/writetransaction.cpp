#include "library/writetransaction.h"

#include "library/searchdeferral.h"

namespace ekn {

WriteTransaction::WriteTransaction(QSqlDatabase db, Search search)
    : ScopedTransaction(std::move(db), Begin::Immediate)
{
    if (search == Search::PerRow || !isActive())
        return;
    m_searchLater = search == Search::Later;
    QSqlDatabase connection = database();
    const Status started = SearchDeferral::start(connection);
    m_deferSearch = started.ok();
    if (!started)
        abandon(started.error());
}

Result<WriteTransaction> WriteTransaction::begin(QSqlDatabase db, Search search)
{
    WriteTransaction tx(std::move(db), search);
    if (!tx.isActive())
        return Failure{tx.whyInactive()};
    return Result<WriteTransaction>(std::move(tx));
}

Status WriteTransaction::commit()
{
    if (m_deferSearch && isActive()) {
        QSqlDatabase db = database();
        const Status flushed = m_searchLater ? SearchDeferral::flushToBacklog(db) : SearchDeferral::flush(db);
        if (!flushed) {
            abandon(flushed.error());
            return flushed;
        }
    }
    return ScopedTransaction::commit();
}

} // namespace ekn
