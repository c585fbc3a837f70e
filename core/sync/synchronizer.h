#pragma once

#include "sync/syncstatus.h"

#include <QString>
#include <functional>

namespace ekn {

class AccountClient;
class LibraryDatabase;

// One sync run, blocking, on the calling thread (the SyncEngine's thread, or the CLI):
// connect (the server's API version, RemoteSession::connect), check that this library belongs to the
// signed-in account (adopting an unowned one), push the outbox, pull since the cursor.
class Synchronizer
{
public:
    Synchronizer(const LibraryDatabase &library, AccountClient &account);

    int pushBatchSize = 500;
    int pullPageSize = 5000;
    std::function<void(const SyncStatus &)> onStatus;

    SyncReport run();

    // Local sync state (sync_state table) of a library: owner account, cursor, last sync.
    static QString stateValue(const LibraryDatabase &library, const QString &key);

private:
    bool setState(const QString &key, const QString &value);

    const LibraryDatabase &m_library;
    AccountClient &m_account;
};

} // namespace ekn
