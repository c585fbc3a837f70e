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

bool Synchronizer::setState(const QString &key, const QString &value)
{
    QSqlQuery q(m_library.connection());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec();
}

// Checks that this library belongs to `user` on this server (adopting an unowned one) and
// returns its device id (made on the first sync), or an empty string and a reason.
QString Synchronizer::claimLibrary(const QString &user, QString *refusal)
{
    const QString cannotWrite =
        QCoreApplication::translate("ekn::Synchronizer", "cannot write the library's sync state");
    const QString serverKey =
        m_account.server().displayServer() + QLatin1Char('/') + m_account.server().databaseName();
    const Result<QString> ownerRead = stateValue(m_library, QStringLiteral("owner_user_id"));
    const Result<QString> serverRead = stateValue(m_library, QStringLiteral("server"));
    const Result<QString> deviceRead = stateValue(m_library, QStringLiteral("device_id"));
    for (const Result<QString> *read : {&ownerRead, &serverRead, &deviceRead}) {
        if (!*read) {
            *refusal = read->error();
            return {};
        }
    }
    const QString &owner = *ownerRead;
    const QString &server = *serverRead;
    if (owner.isEmpty() || (owner == user && server.isEmpty())) {
        // One transaction: a sync killed between these writes left an owner without a server,
        // refused for good ("syncs with , not ..."; model seed 3369355386). Such a library is
        // adopted again here.
        Result<WriteTransaction> tx = WriteTransaction::begin(m_library.connection());
        if (!tx || !setState(QStringLiteral("owner_user_id"), user) ||
            !setState(QStringLiteral("owner_email"), m_account.session().email) ||
            !setState(QStringLiteral("server"), serverKey) || !tx->commit()) {
            *refusal = cannotWrite;
            return {};
        }
        qCInfo(lcSync) << "library adopted by" << m_account.session().email;
    } else if (owner != user) {
        // Named by its email; by its id when even that cannot be read.
        const Result<QString> email = stateValue(m_library, QStringLiteral("owner_email"));
        *refusal = QCoreApplication::translate(
                       "ekn::Synchronizer",
                       "this library belongs to another account (%1); sign in as that account, "
                       "or use another library folder (--data-dir) for %2")
                       .arg(email ? *email : owner,
                            m_account.session().email);
        return {};
    } else if (server != serverKey) {
        *refusal =
            QCoreApplication::translate("ekn::Synchronizer", "this library syncs with %1, not %2")
                .arg(server, serverKey);
        return {};
    }
    // The server marks the rows this device writes with its id, and its pulls skip them.
    QString device = *deviceRead;
    if (device.isEmpty()) {
        device = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (!setState(QStringLiteral("device_id"), device)) {
            *refusal = cannotWrite;
            return {};
        }
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
// full, and saves the schema version for the syncs that do not. False with *error.
bool Synchronizer::connect(RemoteSession &remote, QString *error)
{
    const Result<bool> empty = Outbox::isEmpty(m_library.connection());
    if (!empty) {
        *error = empty.error();
        return false;
    }
    const Result<QString> schemaRead = stateValue(m_library, QStringLiteral("server_schema"));
    const Result<QString> epochRead = stateValue(m_library, QStringLiteral("epoch"));
    if (!schemaRead || !epochRead) {
        *error = !schemaRead ? schemaRead.error() : epochRead.error();
        return false;
    }
    const int schema = schemaRead->toInt();
    const QString &epoch = *epochRead;
    const bool known = *empty && schema >= schemaForEveryField() && !epoch.isEmpty();
    const Status connected = known ? remote.connectKnown(schema, epoch) : remote.connect();
    if (!connected) {
        *error = connected.error();
        return false;
    }
    if (known)
        return true;
    if (!setState(QStringLiteral("server_schema"), QString::number(remote.serverSchemaVersion()))) {
        *error = QCoreApplication::translate("ekn::Synchronizer", "cannot write the library's sync state");
        return false;
    }
    return true;
}

// The pull half of a run; fills the report's pull figures.
bool Synchronizer::pull(QSqlDatabase local, RemoteSession &remote, SyncReport &report,
                        QString &error, const std::function<void(int, int)> &progress,
                        bool fromReadServer, bool *behind)
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
    error = pulled ? QString() : pulled.error();
    if (behind)
        *behind = pull.behind();
    return pulled.ok();
}

// A library's first sync, and any sync with tracks made here that never reached the server
// (new files scanned, or a first sync that was interrupted), pulls before it pushes: tracks
// whose audio the account already has are linked to the account's ids (by the pull, and by
// the file linker for deleted ones), so the push does not send them again as new tracks.
bool Synchronizer::linkBeforePush(QSqlDatabase local, RemoteSession &remote, SyncReport &report,
                                  QString &error, const std::function<void(int, int)> &progress)
{
    FileLinker linker(local);
    const QString cannotLink =
        QCoreApplication::translate("ekn::Synchronizer", "cannot link files to synced tracks");
    if (const Result<int> linked = linker.run(); !linked) {
        error = cannotLink + QStringLiteral(": ") + linked.error();
        return false;
    }
    const Result<QString> cursor = stateValue(m_library, QStringLiteral("cursor"));
    if (!cursor) {
        error = cursor.error();
        return false;
    }
    if (!cursor->isEmpty() && linker.unsynced() == 0)
        return true;
    if (!pull(local, remote, report, error, progress))
        return false;
    FileLinker after(local);
    if (const Result<int> linked = after.run(); !linked) {
        error = cannotLink + QStringLiteral(": ") + linked.error();
        return false;
    }
    return true;
}

// The pull after the push, from the read server. True when it served the pull; false with an
// empty error when the account's server should serve it instead (the read server is behind
// this library, or cannot be reached); false with the error when the pull itself failed.
bool Synchronizer::pullFromReadServer(QSqlDatabase local, const QString &device,
                                      SyncReport &report,
                                      const std::function<void(int, int)> &progress,
                                      QString *error)
{
    RemoteSession replica(m_account);
    replica.useServer(*readServer);
    const Status connected = replica.connect();
    if (connected)
        replica.setDevice(device);
    bool behind = false;
    const bool ok =
        connected.ok() && pull(std::move(local), replica, report, *error, progress, true, &behind);
    report.roundTrips += replica.roundTrips();
    if (ok) {
        report.pulledFromReadServer = true;
        return true;
    }
    if (!connected || behind || replica.retryable()) {
        qCDebug(lcSync) << "pulling from the account's server instead of the read server:"
                        << (connected ? *error : connected.error());
        error->clear();
    }
    return false;
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
    QString pullError; // also the connect's
    if (!connect(remote, &pullError))
        return failed(pullError, remote.retryable());
    // Whose library is this? The first account to sync adopts it; any other is refused, so two
    // accounts' libraries never mix.
    const Result<QString> user = sessionUser(remote);
    if (!user)
        return failed(user.error(), remote.retryable());
    QString refusal;
    const QString device = claimLibrary(*user, &refusal);
    if (device.isEmpty())
        return failed(refusal, false);
    remote.setDevice(device);
    QSqlDatabase local = m_library.connection();
    auto pullProgress = [&](int done, int total) {
        status.done = report.pushed + done;
        status.total = report.pushed + total;
        tell(status);
    };
    if (!linkBeforePush(local, remote, report, pullError, pullProgress))
        return failed(pullError, remote.retryable());
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

    if (readServer && !pullFromReadServer(local, device, report, pullProgress, &pullError) &&
        !pullError.isEmpty())
        return failed(pullError, false);
    if (!report.pulledFromReadServer && !pull(local, remote, report, pullError, pullProgress))
        return failed(pullError, remote.retryable());
    const QString now = libraryTimestamp();
    if (!setState(QStringLiteral("synced_at"), now))
        return failed(
            QCoreApplication::translate("ekn::Synchronizer", "cannot save the sync cursor"), false);
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
