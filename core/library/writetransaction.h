#pragma once

#include "common/scopedtransaction.h"

namespace ekn {

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed. Every write to the library goes
// through one: a deferred BEGIN that reads first and writes later cannot wait for the lock
// when the scanner committed in between (SQLITE_BUSY at once, the edit lost), while
// IMMEDIATE takes the write lock up front and waits (busy timeout) for the scanner's batch.
class WriteTransaction : public ScopedTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db)
        : ScopedTransaction(std::move(db), Begin::Immediate)
    {
    }
};

} // namespace ekn
