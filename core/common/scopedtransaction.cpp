#include "common/scopedtransaction.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

ScopedTransaction::ScopedTransaction(QSqlDatabase db, Begin begin)
    : m_db(std::move(db))
    , m_begin(begin)
{
    if (m_begin == Begin::Immediate) {
        const Status begun = exec(QStringLiteral("BEGIN IMMEDIATE"));
        m_active = begun.ok();
        m_error = begun.error();
    } else {
        m_active = m_db.transaction();
        if (!m_active)
            m_error = m_db.lastError().text();
    }
    if (!m_active)
        qCWarning(lcCore) << "could not begin a transaction:" << m_error;
}

Result<ScopedTransaction> ScopedTransaction::begin(QSqlDatabase db, Begin begin)
{
    ScopedTransaction tx(std::move(db), begin);
    if (!tx.isActive())
        return Failure{tx.whyInactive()};
    return Result<ScopedTransaction>(std::move(tx));
}

ScopedTransaction::ScopedTransaction(ScopedTransaction &&other) noexcept
    : m_db(other.m_db)
    , m_begin(other.m_begin)
    , m_active(std::exchange(other.m_active, false))
    , m_error(other.m_error)
{
}

ScopedTransaction::~ScopedTransaction()
{
    rollback();
}

Status ScopedTransaction::exec(const QString &statement)
{
    QSqlQuery q(m_db);
    if (q.exec(statement))
        return Done{};
    // SQLITE_BUSY after the busy timeout: "database is locked Unable to fetch row" tells the
    // user nothing about what to do.
    if (m_db.driverName() == QLatin1String("QSQLITE") && q.lastError().nativeErrorCode() == QLatin1String("5"))
        return Failure{QCoreApplication::translate("ekn::ScopedTransaction",
                                                   "the library is busy: another EKNMusic window or command kept it "
                                                   "locked for more than 10 seconds; try again when it is done")};
    return Failure{q.lastError().text()};
}

Status ScopedTransaction::commit()
{
    if (!m_active)
        return Failure{m_error.isEmpty() ? QCoreApplication::translate("ekn::ScopedTransaction",
                                                                        "the change was already rolled back")
                                         : m_error};
    Status committed = Done{};
    if (m_begin == Begin::Immediate)
        committed = exec(QStringLiteral("COMMIT"));
    else if (!m_db.commit())
        committed = Failure{m_db.lastError().text()};
    if (committed) {
        m_active = false;
        return committed;
    }
    m_error = committed.error();
    qCWarning(lcCore) << "commit failed:" << m_error;
    rollback();
    return committed;
}

void ScopedTransaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    if (m_begin == Begin::Immediate) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    } else {
        m_db.rollback();
    }
}

void ScopedTransaction::abandon(const QString &why)
{
    rollback();
    m_error = why;
}

} // namespace ekn
