#pragma once

#include "common/scopedtransaction.h"

namespace ekn {

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed. Every write to the library goes
// through one: a deferred BEGIN that reads first and writes later cannot wait for the lock
// when the scanner committed in between (SQLITE_BUSY at once, the edit lost), while
// IMMEDIATE takes the write lock up front and waits (busy timeout) for the scanner's batch.
//
// A bulk writer (a scan's batch, a pulled page) passes Search::AtCommit: the search index is
// then brought up to date by one statement just before COMMIT instead of one per row (see
// SearchDeferral); everything is still one transaction, so a crash or a rollback leaves the
// index exactly in step with the tracks. Search::Later (a first pull's pages) lists the rows
// in the search backlog instead, indexed after the pull (SearchDeferral::indexBacklog).
//
// Begin with the factory (see ScopedTransaction): `auto tx = WriteTransaction::begin(db);`
// gives a transaction only when BEGIN IMMEDIATE succeeded, and the reason ("the library is
// busy: ...") when not.
class [[nodiscard]] WriteTransaction : public ScopedTransaction
{
public:
    enum class Search { PerRow, AtCommit, Later };
    // The only way to open one: a transaction whose BEGIN failed is never handed out.
    static Result<WriteTransaction> begin(QSqlDatabase db, Search search = Search::PerRow);

    WriteTransaction(WriteTransaction &&other) noexcept = default;
    // Indexes a bulk write's rows for search first (Search::AtCommit), then commits. Call it
    // on the WriteTransaction itself (it hides ScopedTransaction::commit, which is not virtual).
    [[nodiscard]] Status commit();

private:
    // Private: a caller could forget isActive() and write outside any transaction.
    explicit WriteTransaction(QSqlDatabase db, Search search);

    bool m_deferSearch = false;
    bool m_searchLater = false;
};

} // namespace ekn
