#include "sync/synchronizer.h"

#include "account/accountclient.h"
#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/outbox.h"
#include "library/writetransaction.h"
#include "library/trackfields.h"
#include "sync/filelinker.h"
#include "sync/remotesession.h"
#include "sync/syncpull.h"
#include "sync/syncpush.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ekn {

Synchronizer::Synchronizer(const LibraryDatabase &library, AccountClient &account)
    : m_library(library), m_account(account)
{
}

Result<QString> Synchronizer::stateValue(const LibraryDatabase &library, const QString &key)
{
    QSqlQuery q(library.connection());
    q.prepare(QStringLiteral("SELECT value FROM sync_state WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return Failure{QCoreApplication::translate("ekn::Synchronizer", "cannot read the library's sync state (%1): %2")
                           .arg(key, q.lastError().text())};
    return q.next() ? q.value(0).toString() : QString();
}

// `what`: the sentence a failure starts with; SQLite's reason follows it.
Status Synchronizer::setState(const QString &key, const QString &value, const QString &what)
{
    QSqlQuery q(m_library.connection());
    if (q.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)"))) {
        q.addBindValue(key);
        q.addBindValue(value);
        if (q.exec())
            return Done{};
    }
    return Failure{what + QStringLiteral(": ") + q.lastError().text()};
}

namespace {

QString cannotWriteState()
{
    return QCoreApplication::translate("ekn::Synchronizer", "cannot write the library's sync state");
}

} // namespace

// Checks that this library belongs to `user` on this server (adopting an unowned one) and
// answers its device id (made on the first sync), or why the sync is refused.
Result<QString> Synchronizer::claimLibrary(const QString &user)
{
    const QString serverKey =
        m_account.server().displayServer() + QLatin1Char('/') + m_account.server().databaseName();
    const Result<QString> ownerRead = stateValue(m_library, QStringLiteral("owner_user_id"));
    const Result<QString> serverRead = stateValue(m_library, QStringLiteral("server"));
    const Result<QString> deviceRead = stateValue(m_library, QStringLiteral("device_id"));
    for (const Result<QString> *read : {&ownerRead, &serverRead, &deviceRead})
        if (!*read)
            return Failure{read->error()};
    const QString &owner = *ownerRead;
    const QString &server = *serverRead;
    if (owner.isEmpty() || (owner == user && server.isEmpty())) {
        // One transaction: a sync killed between these writes left an owner without a server,
        // refused for good ("syncs with , not ..."; model seed 3369355386). Such a library is
        // adopted again here.
        Result<WriteTransaction> tx = WriteTransaction::begin(m_library.connection());
        if (!tx)
            return Failure{cannotWriteState() + QStringLiteral(": ") + tx.error()};
        const std::pair<QString, QString> owned[] = {{QStringLiteral("owner_user_id"), user},
                                                     {QStringLiteral("owner_email"), m_account.session().email},
                                                     {QStringLiteral("server"), serverKey}};
        for (const auto &[key, value] : owned)
            if (Status written = setState(key, value, cannotWriteState()); !written)
                return Failure{written.error()};
        if (const Status committed = tx->commit(); !committed)
            return Failure{cannotWriteState() + QStringLiteral(": ") + committed.error()};
        qCInfo(lcSync) << "library adopted by" << m_account.session().email;
    } else if (owner != user) {
        // Named by its email; by its id when even that cannot be read.
        const Result<QString> email = stateValue(m_library, QStringLiteral("owner_email"));
        return Failure{QCoreApplication::translate(
                           "ekn::Synchronizer",
                           "this library belongs to another account (%1); sign in as that account, "
                           "or use another library folder (--data-dir) for %2")
                           .arg(email ? *email : owner, m_account.session().email)};
    } else if (server != serverKey) {
        return Failure{QCoreApplication::translate("ekn::Synchronizer", "this library syncs with %1, not %2")
                           .arg(server, serverKey)};
    }
    // The server marks the rows this device writes with its id, and its pulls skip them.
    QString device = *deviceRead;
    if (device.isEmpty()) {
        device = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (Status written = setState(QStringLiteral("device_id"), device, cannotWriteState()); !written)
            return Failure{written.error()};
    }
    return device;
}

namespace {

// The server's schema version every field this build syncs needs (an older server neither
// stores nor sends some), and the listening data's.
int schemaForEveryField()
{
    int schema = SyncPush::kListeningSchema;
    for (const TrackField &f : trackFields())
        schema = std::max(schema, f.serverSchema);
    return schema;
}

} // namespace

// A sync with nothing to push makes one call, api.pull, which checks the API version and the
// epoch itself: api.server_info is skipped when the library knows the server's epoch and a
// schema version from the last full connect at least as new as every field needs (a server
// upgraded since can only add what this build does not sync). Any sync that pushes asks in
// full, and saves the schema version for the syncs that do not.
Status Synchronizer::connect(RemoteSession &remote)
{
    const Result<bool> empty = Outbox::isEmpty(m_library.connection());
    if (!empty)
        return Failure{empty.error()};
    const Result<QString> schemaRead = stateValue(m_library, QStringLiteral("server_schema"));
    if (!schemaRead)
        return Failure{schemaRead.error()};
    const Result<QString> epochRead = stateValue(m_library, QStringLiteral("epoch"));
    if (!epochRead)
        return Failure{epochRead.error()};
    const int schema = schemaRead->toInt();
    const QString &epoch = *epochRead;
    const bool known = *empty && schema >= schemaForEveryField() && !epoch.isEmpty();
    const Status connected = known ? remote.connectKnown(schema, epoch) : remote.connect();
    if (!connected || known)
        return connected;
    return setState(QStringLiteral("server_schema"), QString::number(remote.serverSchemaVersion()),
                    cannotWriteState());
}

// The pull half of a run; fills the report's pull figures.
Status Synchronizer::pull(QSqlDatabase local, RemoteSession &remote, SyncReport &report,
                          const std::function<void(int, int)> &progress, bool fromReadServer, bool *behind)
{
    SyncPull pull(std::move(local), remote);
    pull.pageSize = pullPageSize;
    pull.readServer = fromReadServer;
    pull.progress = progress;
    const Status pulled = pull.run();
    // A first sync pulls twice (before and after its push): the figures add up.
    report.pulled += pull.pulled();
    report.skipped += pull.skipped();
    report.resynced = report.resynced || pull.resynced();
    report.indexingLeft = report.indexingLeft || pull.indexingLeft();
    report.changedTracks += pull.changedTracks();
    report.changedPlaylists += pull.changedPlaylists();
    report.cursor = pull.newCursor();
    if (behind)
        *behind = pull.behind();
    return pulled;
}

// A library's first sync, and any sync with tracks made here that never reached the server
// (new files scanned, or a first sync that was interrupted), pulls before it pushes: tracks
// whose audio the account already has are linked to the account's ids (by the pull, and by
// the file linker for deleted ones), so the push does not send them again as new tracks.
Status Synchronizer::linkBeforePush(QSqlDatabase local, RemoteSession &remote, SyncReport &report,
                                    const std::function<void(int, int)> &progress)
{
    FileLinker linker(local);
    const QString cannotLink =
        QCoreApplication::translate("ekn::Synchronizer", "cannot link files to synced tracks");
    if (const Result<int> linked = linker.run(); !linked)
        return Failure{cannotLink + QStringLiteral(": ") + linked.error()};
    const Result<QString> cursor = stateValue(m_library, QStringLiteral("cursor"));
    if (!cursor)
        return Failure{cursor.error()};
    if (!cursor->isEmpty() && linker.unsynced() == 0)
        return Done{};
    if (Status pulled = pull(local, remote, report, progress); !pulled)
        return pulled;
    FileLinker after(local);
    if (const Result<int> linked = after.run(); !linked)
        return Failure{cannotLink + QStringLiteral(": ") + linked.error()};
    return Done{};
}

// The pull after the push, from the read server. True when it served the pull; false when the
// account's server should serve it instead (the read server is behind this library, or cannot
// be reached); a failure when the pull itself failed.
Result<bool> Synchronizer::pullFromReadServer(QSqlDatabase local, const QString &device,
                                              SyncReport &report,
                                              const std::function<void(int, int)> &progress)
{
    RemoteSession replica(m_account);
    replica.useServer(*readServer);
    Status pulled = replica.connect();
    const bool connected = pulled.ok();
    bool behind = false;
    if (connected) {
        replica.setDevice(device);
        pulled = pull(std::move(local), replica, report, progress, true, &behind);
    }
    report.roundTrips += replica.roundTrips();
    if (pulled) {
        report.pulledFromReadServer = true;
        return true;
    }
    if (!connected || behind || replica.retryable()) {
        qCDebug(lcSync) << "pulling from the account's server instead of the read server:" << pulled.error();
        return false;
    }
    return Failure{pulled.error()};
}

// The signed-in user. The session knows it (sign-in said so): asking the server again would
// cost a round trip (a session restored without it still asks).
Result<QString> Synchronizer::sessionUser(RemoteSession &remote) const
{
    if (!m_account.session().userId.isEmpty())
        return m_account.session().userId;
    const ApiAnswer who = remote.call(QStringLiteral("SELECT user_id FROM api.whoami($1)"));
    const QString user = who.ok ? who.value(QStringLiteral("user_id")) : QString();
    if (user.isEmpty())
        return Failure{who.failure};
    return user;
}

SyncReport Synchronizer::run()
{
    SyncReport report;
    SyncStatus status;
    status.state = SyncStatus::State::Syncing;
    auto tell = [&](const SyncStatus &s) {
        if (onStatus)
            onStatus(s);
    };
    tell(status);
    RemoteSession remote(m_account);
    auto failed = [&](const QString &message, bool retryable) {
        report.ok = false;
        report.error = message;
        report.retryable = retryable;
        report.roundTrips += remote.roundTrips();
        qCInfo(lcSync) << "sync failed:" << message;
        return report;
    };
    if (!m_account.isSignedIn())
        return failed(QCoreApplication::translate("ekn::Synchronizer",
                                                  "not signed in: sign in to sync this library"),
                      false);
    if (const Status connected = connect(remote); !connected)
        return failed(connected.error(), remote.retryable());
    // Whose library is this? The first account to sync adopts it; any other is refused, so two
    // accounts' libraries never mix.
    const Result<QString> user = sessionUser(remote);
    if (!user)
        return failed(user.error(), remote.retryable());
    const Result<QString> claimed = claimLibrary(*user);
    if (!claimed)
        return failed(claimed.error(), false);
    const QString &device = *claimed;
    remote.setDevice(device);
    QSqlDatabase local = m_library.connection();
    auto pullProgress = [&](int done, int total) {
        status.done = report.pushed + done;
        status.total = report.pushed + total;
        tell(status);
    };
    if (const Status linked = linkBeforePush(local, remote, report, pullProgress); !linked)
        return failed(linked.error(), remote.retryable());
    SyncPush push(local, remote);
    push.batchSize = pushBatchSize;
    push.progress = [&](int done, int total) {
        status.done = done;
        status.total = total;
        tell(status);
    };
    const Status pushed = push.run();
    report.pushed = push.pushed();
    report.conflicts = push.conflicts();
    report.setAside = push.setAside();
    report.retrying = push.retrying();
    if (!pushed)
        return failed(pushed.error(), remote.retryable());

    if (readServer)
        if (const Result<bool> read = pullFromReadServer(local, device, report, pullProgress); !read)
            return failed(read.error(), false);
    if (!report.pulledFromReadServer)
        if (const Status pulled = pull(local, remote, report, pullProgress); !pulled)
            return failed(pulled.error(), remote.retryable());
    const QString now = libraryTimestamp();
    if (const Status saved = setState(QStringLiteral("synced_at"), now,
                                      QCoreApplication::translate("ekn::Synchronizer", "cannot save the sync cursor"));
        !saved)
        return failed(saved.error(), false);
    report.ok = true;
    report.roundTrips += remote.roundTrips();
    report.serverWaitMs = remote.serverMs();
    status.state = SyncStatus::State::Synced;
    status.syncedAt = QDateTime::fromString(now, Qt::ISODateWithMs);
    tell(status);
    qCDebug(lcSync) << "synced: pushed" << report.pushed << "pulled" << report.pulled << "cursor"
                    << report.cursor;
    return report;
}

} // namespace ekn
