#pragma once

#include <QSqlDatabase>

namespace ekn {

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed. Every write to the library goes
// through one: a deferred BEGIN that reads first and writes later cannot wait for the lock
// when the scanner committed in between (SQLITE_BUSY at once, the edit lost), while
// IMMEDIATE takes the write lock up front and waits (busy timeout) for the scanner's batch.
//
// A bulk writer (a scan's batch, a pulled page) passes Search::AtCommit: the search index is
// then brought up to date by one statement just before COMMIT instead of one per row (see
// SearchDeferral); everything is still one transaction, so a crash or a rollback leaves the
// index exactly in step with the tracks.
class WriteTransaction
{
public:
    enum class Search { PerRow, AtCommit };
    explicit WriteTransaction(QSqlDatabase db, Search search = Search::PerRow);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    bool isActive() const { return m_active; }
    QString errorString() const { return m_error; }
    bool commit();
    void rollback();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    bool m_deferSearch = false;
    QString m_error;
};

} // namespace ekn
