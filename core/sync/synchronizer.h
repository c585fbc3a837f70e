#pragma once

#include "common/result.h"
#include "remote/serverconnection.h"
#include "sync/syncstatus.h"

#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <optional>

namespace ekn {

class AccountClient;
class RemoteSession;
class LibraryDatabase;

// One sync run, blocking, on the calling thread (the SyncEngine's thread, or the CLI):
// connect (the server's API version, RemoteSession::connect), check that this library belongs to the
// signed-in account (adopting an unowned one), push the outbox, pull since the cursor.
class Synchronizer
{
public:
    Synchronizer(const LibraryDatabase &library, AccountClient &account);

    int pushBatchSize = 2000; // SyncPush::kMaxBatch, the server's limit; SyncPush::batchSize says why
    int pullPageSize = 5000;
    // Optional read server (a streaming-replication standby of the account's server): the pull
    // after the push is read there when it has caught up with this library, else from the
    // account's server as usual (docs/SCALING.md). Pushes always go to the account's server.
    std::optional<ServerConnection> readServer;
    std::function<void(const SyncStatus &)> onStatus;

    SyncReport run();

    // Local sync state (sync_state table) of a library: owner account, cursor, last sync.
    // Empty when the key was never set; a Failure when it cannot be read (a library that
    // cannot say who owns it must not be adopted).
    static Result<QString> stateValue(const LibraryDatabase &library, const QString &key);

private:
    // The steps of run(), each answering why it failed.
    Status setState(const QString &key, const QString &value, const QString &what);
    Status connect(RemoteSession &remote);
    Result<QString> sessionUser(RemoteSession &remote) const;
    Result<QString> claimLibrary(const QString &user);
    Status pull(QSqlDatabase local, RemoteSession &remote, SyncReport &report,
                const std::function<void(int, int)> &progress, bool fromReadServer = false,
                bool *behind = nullptr);
    Status linkBeforePush(QSqlDatabase local, RemoteSession &remote, SyncReport &report,
                          const std::function<void(int, int)> &progress);
    Result<bool> pullFromReadServer(QSqlDatabase local, const QString &device, SyncReport &report,
                                    const std::function<void(int, int)> &progress);

    const LibraryDatabase &m_library;
    AccountClient &m_account;
};

} // namespace ekn
