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
#include <QDir>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

int Synchronizer::maxServerSchema()
{
    int max = 0;
    const QStringList files =
        QDir(QStringLiteral(":/migrations/")).entryList({QStringLiteral("*.up.sql")}, QDir::Files);
    for (const QString &f : files)
        max = std::max(max, f.left(3).toInt());
    return max;
}

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
        return failed(remote.error(), true);

    const int schema = remote.serverSchemaVersion();
    if (schema < 0 && remote.retryable())
        return failed(remote.error(), true);
    if (schema < kMinServerSchema)
        return failed(
            QCoreApplication::translate(
                "ekn::Synchronizer",
                "the server's database schema (version %1) is older than this EKNMusic needs "
                "to sync (version %2): ask its administrator to run `eknmusic-cli db migrate`")
                .arg(std::max(schema, 0))
                .arg(kMinServerSchema),
            false);
    if (schema > maxServerSchema())
        return failed(QCoreApplication::translate(
                          "ekn::Synchronizer",
                          "the server's database schema (version %1) is newer than this EKNMusic "
                          "understands (up to %2): update EKNMusic to sync")
                          .arg(schema)
                          .arg(maxServerSchema()),
                      false);

    // Whose library is this? The first account to sync adopts it; any other is refused, so two
    // accounts' libraries never mix.
    // The session knows its user since sign-in; asking the server would cost a transaction
    // (4 round trips), and every API call checks the token anyway.
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
    report.setAside = push.setAside();
    report.retrying = push.retrying();
    if (!pushed)
        return failed(push.error(), remote.retryable());

    bool okCursor = false;
    const qint64 cursor = stateValue(m_library, QStringLiteral("cursor")).toLongLong(&okCursor);
    SyncPull pull(local, remote);
    pull.pageSize = pullPageSize;
    pull.progress = [&](int done, int total) {
        status.done = report.pushed + done;
        status.total = report.pushed + total;
        tell(status);
    };
    const bool pulled = pull.run(okCursor ? cursor : -1);
    report.pulled = pull.pulled();
    report.changedTracks = pull.changedTracks();
    report.changedPlaylists = pull.changedPlaylists();
    if (!pulled)
        return failed(pull.error(), remote.retryable());
    report.cursor = pull.newCursor();
    const QString now = libraryTimestamp();
    if (!setState(QStringLiteral("cursor"), QString::number(report.cursor)) ||
        !setState(QStringLiteral("synced_at"), now))
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
