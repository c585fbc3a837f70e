#include "sync/synchronizer.h"

#include "account/accountclient.h"
#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/outbox.h"
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

QString Synchronizer::stateValue(const LibraryDatabase &library, const QString &key)
{
    QSqlQuery q(library.connection());
    q.prepare(QStringLiteral("SELECT value FROM sync_state WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return {};
}

bool Synchronizer::setState(const QString &key, const QString &value)
{
    QSqlQuery q(m_library.connection());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec();
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
        report.roundTrips = remote.roundTrips();
        qCInfo(lcSync) << "sync failed:" << message;
        return report;
    };
    if (!m_account.isSignedIn())
        return failed(QCoreApplication::translate("ekn::Synchronizer",
                                                  "not signed in: sign in to sync this library"),
                      false);
    if (!remote.connect())
        return failed(remote.error(), remote.retryable());

    // Whose library is this? The first account to sync adopts it; any other is refused, so two
    // accounts' libraries never mix.
    // The session knows its user (sign-in said so); asking the server again costs a round trip.
    QString user = m_account.session().userId;
    if (user.isEmpty()) {
        if (!remote.begin() || !remote.commit())
            return failed(remote.error(), remote.retryable());
        user = remote.userId();
    }
    const QString serverKey =
        m_account.server().displayServer() + QLatin1Char('/') + m_account.server().databaseName();
    const QString owner = stateValue(m_library, QStringLiteral("owner_user_id"));
    if (owner.isEmpty()) {
        if (!setState(QStringLiteral("owner_user_id"), user) ||
            !setState(QStringLiteral("owner_email"), m_account.session().email) ||
            !setState(QStringLiteral("server"), serverKey))
            return failed(QCoreApplication::translate("ekn::Synchronizer",
                                                      "cannot write the library's sync state"),
                          false);
        qCInfo(lcSync) << "library adopted by" << m_account.session().email;
    } else if (owner != user) {
        return failed(
            QCoreApplication::translate(
                "ekn::Synchronizer",
                "this library belongs to another account (%1); sign in as that account, or use "
                "another library folder (--data-dir) for %2")
                .arg(stateValue(m_library, QStringLiteral("owner_email")),
                     m_account.session().email),
            false);
    } else if (stateValue(m_library, QStringLiteral("server")) != serverKey) {
        return failed(
            QCoreApplication::translate("ekn::Synchronizer", "this library syncs with %1, not %2")
                .arg(stateValue(m_library, QStringLiteral("server")), serverKey),
            false);
    }

    // This library's device id: the server marks the rows it writes with it, and its pulls
    // skip them.
    QString device = stateValue(m_library, QStringLiteral("device_id"));
    if (device.isEmpty()) {
        device = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (!setState(QStringLiteral("device_id"), device))
            return failed(QCoreApplication::translate("ekn::Synchronizer",
                                                      "cannot write the library's sync state"),
                          false);
    }
    remote.setDevice(device);

    QSqlDatabase local = m_library.connection();
    if (FileLinker(local).run() < 0)
        return failed(
            QCoreApplication::translate("ekn::Synchronizer", "cannot link files to synced tracks"),
            false);
    SyncPush push(local, remote);
    push.batchSize = pushBatchSize;
    push.progress = [&](int done, int total) {
        status.done = done;
        status.total = total;
        tell(status);
    };
    const bool pushed = push.run();
    report.pushed = push.pushed();
    report.conflicts = push.conflicts();
    if (!pushed)
        return failed(push.error(), remote.retryable());

    SyncPull pull(local, remote);
    pull.pageSize = pullPageSize;
    pull.progress = [&](int done, int total) {
        status.done = report.pushed + done;
        status.total = report.pushed + total;
        tell(status);
    };
    const bool pulled = pull.run();
    report.pulled = pull.pulled();
    report.changedTracks = pull.changedTracks();
    report.changedPlaylists = pull.changedPlaylists();
    if (!pulled)
        return failed(pull.error(), remote.retryable());
    report.cursor = pull.newCursor();
    report.skipped = pull.skipped();
    report.resynced = pull.resynced();
    const QString now = libraryTimestamp();
    if (!setState(QStringLiteral("synced_at"), now))
        return failed(
            QCoreApplication::translate("ekn::Synchronizer", "cannot save the sync cursor"), false);
    report.ok = true;
    report.roundTrips = remote.roundTrips();
    status.state = SyncStatus::State::Synced;
    status.syncedAt = QDateTime::fromString(now, Qt::ISODateWithMs);
    tell(status);
    qCDebug(lcSync) << "synced: pushed" << report.pushed << "pulled" << report.pulled << "cursor"
                    << report.cursor;
    return report;
}

} // namespace ekn
