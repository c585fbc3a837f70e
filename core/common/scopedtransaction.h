#pragma once

#include <QSqlDatabase>

namespace ekn {

// Begins a transaction on construction and rolls it back on destruction unless commit() was
// called and succeeded. Every multi-statement write goes through one of these, so an early
// return or an exception can never leave half a change behind.
class ScopedTransaction
{
public:
    explicit ScopedTransaction(QSqlDatabase db);
    ~ScopedTransaction();
    ScopedTransaction(const ScopedTransaction &) = delete;
    ScopedTransaction &operator=(const ScopedTransaction &) = delete;

    bool isActive() const { return m_active; }
    // Returns false (and the transaction is rolled back) when the commit failed.
    bool commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace ekn
