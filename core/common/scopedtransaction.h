#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>

namespace ekn {

// Begins a transaction on construction and rolls it back on destruction unless commit() was
// called and succeeded. Every multi-statement write goes through one of these, so an early
// return or an exception can never leave half a change behind. The library's writers use
// WriteTransaction (BEGIN IMMEDIATE).
//
// Begin with the factory: `auto tx = ScopedTransaction::begin(db); if (!tx) return
// Failure{tx.error()};` hands out a transaction only when BEGIN succeeded, so a failed BEGIN
// cannot be written through by mistake. The constructor is protected (for WriteTransaction)
// so that direct construction, which would need an isActive() check, does not compile.
class [[nodiscard]] ScopedTransaction
{
public:
    enum class Begin {
        Default,  // the driver's BEGIN
        Immediate // SQLite BEGIN IMMEDIATE: take the write lock now, waiting up to the busy timeout
    };

    // The transaction when BEGIN succeeded, else why not.
    static Result<ScopedTransaction> begin(QSqlDatabase db, Begin begin = Begin::Default);

    ~ScopedTransaction();
    ScopedTransaction(const ScopedTransaction &) = delete;
    ScopedTransaction &operator=(const ScopedTransaction &) = delete;
    // Moving hands the open transaction over; the moved-from object no longer rolls back.
    ScopedTransaction(ScopedTransaction &&other) noexcept;
    ScopedTransaction &operator=(ScopedTransaction &&) = delete;

    bool isActive() const { return m_active; }
    // Done, or why not ("the library is busy: ..."); a failed commit has rolled the
    // transaction back, and so has an earlier rollback() or failure (then it says that).
    [[nodiscard]] Status commit();
    void rollback();

protected:
    explicit ScopedTransaction(QSqlDatabase db, Begin begin);
    QSqlDatabase &database() { return m_db; }
    // Rolls back and records why, for a subclass whose first statements failed.
    void abandon(const QString &why);
    // Why the transaction is not active: BEGIN, abandon() or the commit failed. For the
    // factories, which hand it out as their Failure.
    const QString &whyInactive() const { return m_error; }

private:
    Status exec(const QString &statement);

    QSqlDatabase m_db;
    Begin m_begin;
    bool m_active = false;
    QString m_error;
};

} // namespace ekn
