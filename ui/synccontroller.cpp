#include "synccontroller.h"

#include "account/account.h"
#include "conflictlogdialog.h"
#include "library/library.h"
#include "libraryservice.h"
#include "signindialog.h"
#include "statusarea.h"
#include "sync/sync.h"

#include <QAction>
#include <QCoreApplication>
#include <QLocale>
#include <QSet>
#include <QSettings>
#include <QWidget>

namespace ekn {

namespace {
const QString kServerUrl = QStringLiteral("server/url");
const QString kLoginPassword = QStringLiteral("server/loginPassword");
// The read server (a standby pulls are read from), saved like the account server: its address
// without a password, and the app's public database login password apart.
const QString kReadServerUrl = QStringLiteral("server/readUrl");
const QString kReadLoginPassword = QStringLiteral("server/readLoginPassword");
const QString kEmail = QStringLiteral("account/email");
// Whether the account in account/email was signed in when the app last ran (its session is in
// the keychain, never here).
const QString kSignedIn = QStringLiteral("account/signedIn");

// On the library thread: the log with the names of the tracks and playlists it is about.
Result<QList<ConflictEntry>> loadConflicts(const LibraryDatabase &db)
{
    const Result<QList<Conflict>> conflicts = ConflictLog(db).conflicts(true);
    if (!conflicts)
        return Failure{conflicts.error()};
    QList<ConflictEntry> out;
    for (const Conflict &c : *conflicts)
        out << ConflictEntry{c, c.itemName};
    return out;
}
} // namespace

SyncController::SyncController(LibraryService *library, StatusArea *status, QWidget *window)
    : QObject(window)
    , m_library(library)
    , m_statusArea(status)
    , m_window(window)
    , m_signInAction(new QAction(tr("&Sign In..."), this))
    , m_signOutAction(new QAction(tr("Sign &Out"), this))
    , m_syncNowAction(new QAction(tr("Sync &Now"), this))
    , m_conflictsAction(new QAction(tr("Sync &Conflicts..."), this))
{
    m_signInAction->setObjectName(QStringLiteral("signInAction"));
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    m_syncNowAction->setObjectName(QStringLiteral("syncNowAction"));
    m_conflictsAction->setObjectName(QStringLiteral("conflictLogAction"));
    m_syncNowAction->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_signInAction, &QAction::triggered, this, [this] { signIn(); });
    connect(m_signOutAction, &QAction::triggered, this, &SyncController::signOut);
    connect(m_syncNowAction, &QAction::triggered, this, &SyncController::syncNow);
    connect(m_conflictsAction, &QAction::triggered, this, [this] { showConflictLog(); });
    connect(m_statusArea, &StatusArea::syncStateClicked, this, [this] { showConflictLog(); });

    // Library edits made in this window: sync once they pause (the engine debounces).
    LibraryWorker *w = m_library->worker();
    connect(w, &LibraryWorker::editFinished, this, [this](bool ok) {
        if (ok)
            nudge();
    });
    connect(w, &LibraryWorker::playlistChanged, this, &SyncController::nudge);
    connect(w, &LibraryWorker::scanFinished, this, &SyncController::nudge);
    // Playlists created, renamed, deleted or restored only reload the sidebar: a change in its
    // playlists that this controller did not cause (by a refresh after a pull) is an edit.
    connect(w, &LibraryWorker::sidebarLoaded, this, [this](const SidebarData &data) {
        QStringList seen;
        for (const Playlist &p : data.playlists)
            seen << p.id + QLatin1Char('/') + p.name + QLatin1Char('/') + QString::number(p.trackCount);
        for (const Playlist &p : data.deletedPlaylists)
            seen << p.id + QStringLiteral("/deleted");
        const bool own = m_ownSidebarLoads > 0;
        if (own)
            --m_ownSidebarLoads;
        if (!own && m_playlistsSeen && seen != m_playlists)
            nudge();
        m_playlists = seen;
        m_playlistsSeen = true;
    });
    // The engine opens the library file itself: only once the library thread has made it.
    connect(w, &LibraryWorker::opened, this, [this](bool ok) {
        if (ok && !m_engine)
            start();
    });
    updateActions();
}

SyncController::~SyncController()
{
    // At exit the run in progress may finish first (as the library thread does).
    delete m_engine;
}

void SyncController::start()
{
    QSettings settings;
    const QString email = settings.value(kEmail).toString();
    if (!settings.value(kSignedIn).toBool() || email.isEmpty())
        return;
    const ServerConnection server = savedServer();
    if (!server.isValid())
        return;
    startEngine(server, email);
}

ServerConnection SyncController::savedServer()
{
    QSettings settings;
    ServerConnection server = ServerConnection::fromUrl(settings.value(kServerUrl).toString());
    // The app's database login is as good as public (migrations/SECURITY.md); the user's
    // own password and tokens never go to settings.
    server.setPassword(settings.value(kLoginPassword).toString());
    return server;
}

std::optional<ServerConnection> SyncController::savedReadServer()
{
    QSettings settings;
    const QString url = settings.value(kReadServerUrl).toString();
    if (url.isEmpty())
        return std::nullopt;
    ServerConnection read = ServerConnection::fromUrl(url);
    read.setPassword(settings.value(kReadLoginPassword).toString());
    if (!read.isValid())
        return std::nullopt;
    return read;
}

void SyncController::saveServers(const ServerConnection &server, const std::optional<ServerConnection> &read)
{
    QSettings settings;
    settings.setValue(kServerUrl, server.displayUrl());
    settings.setValue(kLoginPassword, server.password()); // the app's public login, not the user's
    if (read) {
        settings.setValue(kReadServerUrl, read->displayUrl());
        settings.setValue(kReadLoginPassword, read->password());
    } else {
        settings.remove(kReadServerUrl);
        settings.remove(kReadLoginPassword);
    }
}

SignInDialog *SyncController::signIn()
{
    auto *dialog = new SignInDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QSettings settings;
    if (!settings.value(kServerUrl).toString().isEmpty())
        dialog->setServer(savedServer());
    dialog->setReadServer(savedReadServer());
    dialog->setEmail(settings.value(kEmail).toString());
    connect(dialog, &SignInDialog::submitted, this, [dialog](const ServerConnection &server, const QString &email) {
        saveServers(server, dialog->readServer());
        QSettings().setValue(kEmail, email);
    });
    connect(dialog, &SignInDialog::signedIn, this, [this, dialog](const AccountInfo &account, const ServerConnection &server) {
        saveServers(server, dialog->readServer());
        QSettings settings;
        settings.setValue(kEmail, account.email);
        settings.setValue(kSignedIn, true);
        startEngine(server, account.email);
    });
    dialog->open();
    return dialog;
}

void SyncController::signOut()
{
    if (!isSignedIn())
        return;
    const QString email = m_email;
    QSettings().setValue(kSignedIn, false);
    // The engine may be mid-run with this session: end the session on the server once the
    // engine is gone, so no refresh of its tokens races the sign-out.
    auto endSession = [this, email] {
        auto *service = new AccountService(savedServer(), this);
        connect(service, &AccountService::finished, this,
                [this, service](AccountService::Operation op, const AccountResult &result) {
                    if (op == AccountService::Operation::Restore && result.ok()) {
                        service->signOut();
                        return;
                    }
                    service->deleteLater();
                    if (op == AccountService::Operation::SignOut && !result.ok())
                        m_statusArea->showMessage(tr("Sign-out did not reach the server: %1").arg(result.message()), 10000);
                });
        service->restore(email);
    };
    if (SyncEngine *stopping = stopEngine())
        connect(stopping, &QObject::destroyed, this, endSession);
    else
        endSession();
    m_email.clear();
    m_status = SyncStatus();
    m_statusArea->setSyncState(tr("Local library \u2014 not signed in"));
    if (m_dialog)
        m_dialog->setSyncState(tr("Not signed in"), {});
    updateActions();
    Q_EMIT signedInChanged(false);
}

void SyncController::startEngine(const ServerConnection &server, const QString &email)
{
    stopEngine();
    m_email = email;
    SyncEngine::Options options;
    options.libraryFile = LibraryDatabase::fileNameIn(m_library->dataDir());
    options.server = server;
    options.server.setApplicationName(QStringLiteral("eknmusic-sync"));
    options.email = email;
    options.readServer = savedReadServer();
    if (options.readServer)
        options.readServer->setApplicationName(QStringLiteral("eknmusic-sync"));
    m_engine = new SyncEngine(options, this);
    connect(m_engine, &SyncEngine::statusChanged, this, &SyncController::showStatus);
    connect(m_engine, &SyncEngine::syncFinished, this, &SyncController::onSyncFinished);
    connect(m_engine, &SyncEngine::libraryChanged, this, &SyncController::onPulled);
    connect(m_engine, &SyncEngine::sharedPlaylistOpened, this, &SyncController::sharedPlaylistOpened);
    connect(m_engine, &SyncEngine::sharedPlaylistCopied, this, &SyncController::sharedPlaylistCopied);
    connect(m_engine, &SyncEngine::publishFinished, this, &SyncController::publishFinished);
    SyncStatus first;
    first.state = SyncStatus::State::Syncing;
    showStatus(first);
    updateActions();
    Q_EMIT signedInChanged(true);
    m_engine->start();
}

SyncEngine *SyncController::stopEngine()
{
    SyncEngine *engine = m_engine;
    if (!engine)
        return nullptr;
    m_engine = nullptr;
    engine->disconnect(this);
    engine->stopLater(); // never waits here; it deletes itself once its run is over
    return engine;
}

void SyncController::openShared(const QString &link)
{
    if (m_engine)
        return m_engine->openShared(link);
    Q_EMIT sharedPlaylistOpened(link, {}, tr("Sign in first (File > Sign In...): shared playlists need an account."));
}

void SyncController::copyShared(const SharedPlaylist &playlist)
{
    if (m_engine)
        return m_engine->copyShared(playlist);
    Q_EMIT sharedPlaylistCopied({}, tr("Sign in first (File > Sign In...): shared playlists need an account."));
}

void SyncController::setPublished(const QString &playlistId, bool published)
{
    if (m_engine)
        return m_engine->setPublished(playlistId, published);
    Q_EMIT publishFinished(playlistId, published, {},
                           tr("Sign in first (File > Sign In...): shared playlists need an account."));
}

void SyncController::syncNow()
{
    if (m_engine)
        m_engine->syncNow();
}

void SyncController::nudge()
{
    if (m_engine)
        m_engine->nudge();
}

QString SyncController::stateText(const SyncStatus &s) const
{
    switch (s.state) {
    case SyncStatus::State::Idle: return tr("Signed in as %1").arg(m_email);
    case SyncStatus::State::Offline: return tr("Offline");
    case SyncStatus::State::Syncing:
        return s.total > 0 ? tr("Syncing (%1 of %2)").arg(s.done).arg(s.total) : tr("Syncing...");
    case SyncStatus::State::Synced:
    {
        // Hours and minutes are enough in a status bar, whatever the locale's short format says.
        QString format = QLocale().timeFormat(QLocale::ShortFormat);
        format.remove(QStringLiteral(":ss"));
        return tr("Synced at %1").arg(QLocale().toString(s.syncedAt.toLocalTime().time(), format));
    }
    case SyncStatus::State::Error: {
        // The reason in the bar, shortened; all of it in the tooltip and the dialog.
        const QString reason = s.message.size() > 70 ? s.message.left(68) + QStringLiteral("\u2026") : s.message;
        return tr("Sync error: %1").arg(reason);
    }
    }
    return {};
}

QString SyncController::stateDetail(const SyncStatus &s) const
{
    const QString last = s.syncedAt.isValid()
        ? tr("Last synced %1.").arg(QLocale().toString(s.syncedAt.toLocalTime(), QLocale::ShortFormat))
        : tr("Not synced yet.");
    // The engine's reason is one plain line starting in lower case ("cannot reach ...").
    const QString reason = s.message.isEmpty() ? s.message : s.message.at(0).toUpper() + s.message.mid(1);
    switch (s.state) {
    case SyncStatus::State::Offline:
        return tr("%1.\n%2 Your changes are kept and sync when the server is back.").arg(reason, last);
    case SyncStatus::State::Error: return tr("%1.\n%2").arg(reason, last);
    case SyncStatus::State::Synced:
        return m_lastReport.pulledFromReadServer
            ? tr("Signed in as %1. Everything is synced; changes were read from the read server.").arg(m_email)
            : tr("Signed in as %1. Everything is synced.").arg(m_email);
    default: return tr("Signed in as %1. %2").arg(m_email, last);
    }
}

void SyncController::showStatus(const SyncStatus &s)
{
    m_status = s;
    const QString text = stateText(s);
    const QString detail = stateDetail(s);
    const bool problem = s.state == SyncStatus::State::Offline || s.state == SyncStatus::State::Error;
    m_statusArea->setSyncState(text, problem ? detail : QString());
    updateActions();
    if (m_dialog)
        m_dialog->setSyncState(text, problem ? detail : QString());
    Q_EMIT statusChanged(s);
}

void SyncController::onSyncFinished(const SyncReport &report)
{
    m_lastReport = report;
    if (report.conflicts > 0) {
        m_statusArea->showMessage(report.conflicts == 1
                                      ? tr("A value was changed here and on another device; the one that lost is "
                                           "in Edit > Sync Conflicts.")
                                      : tr("%1 values were changed here and on another device; the ones that lost "
                                           "are in Edit > Sync Conflicts.")
                                            .arg(report.conflicts),
                                  15000);
        reloadConflicts();
    }
}

void SyncController::onPulled(const QStringList &tracks, const QStringList &playlists)
{
    ++m_ownSidebarLoads;
    QPointer<SyncController> self(this);
    m_library->post([self, tracks, playlists](LibraryWorker *w) {
        if (!w->database())
            return;
        TrackStore store(*w->database());
        const std::optional<QList<Track>> read = w->readTracks(store, tracks);
        if (!read) { // never "every pulled track is gone"
            w->loadSidebar();
            return;
        }
        const QList<Track> &found = *read;
        QSet<QString> present;
        for (const Track &t : found)
            present.insert(t.id);
        QStringList gone;
        for (const QString &id : tracks)
            if (!present.contains(id))
                gone << id;
        // Rows in the view change in place, keeping selection and scroll.
        Q_EMIT w->tracksUpdated(found);
        w->loadSidebar();
        QMetaObject::invokeMethod(
            qApp,
            [self, tracks, gone, playlists] {
                if (self)
                    Q_EMIT self->libraryChanged(tracks, gone, playlists);
            },
            Qt::QueuedConnection);
    });
}

ConflictLogDialog *SyncController::showConflictLog()
{
    if (!m_dialog) {
        m_dialog = new ConflictLogDialog(m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &ConflictLogDialog::restoreRequested, this, &SyncController::restoreConflict);
        connect(m_dialog, &ConflictLogDialog::syncNowRequested, this, &SyncController::syncNow);
    }
    const bool problem = m_status.state == SyncStatus::State::Offline || m_status.state == SyncStatus::State::Error;
    m_dialog->setSyncState(isSignedIn() ? stateText(m_status) : tr("Not signed in"),
                           isSignedIn() && problem ? stateDetail(m_status) : QString());
    m_dialog->show();
    m_dialog->raise();
    reloadConflicts();
    return m_dialog;
}

void SyncController::reloadConflicts()
{
    if (!m_dialog)
        return;
    QPointer<ConflictLogDialog> dialog = m_dialog;
    m_library->post([dialog](LibraryWorker *w) {
        if (!w->database())
            return;
        const Result<QList<ConflictEntry>> entries = loadConflicts(*w->database());
        if (!entries) { // the dialog keeps what it showed; never an empty log
            Q_EMIT w->failed(tr("Could not read the sync conflicts: %1").arg(entries.error()));
            return;
        }
        QMetaObject::invokeMethod(
            qApp,
            [dialog, entries = *entries] {
                if (dialog)
                    dialog->setConflicts(entries);
            },
            Qt::QueuedConnection);
    });
}

void SyncController::restoreConflict(qint64 id)
{
    QPointer<SyncController> self(this);
    QPointer<ConflictLogDialog> dialog = m_dialog;
    m_library->post([self, dialog, id](LibraryWorker *w) {
        if (!w->database())
            return;
        const Status restored = ConflictLog(*w->database()).restore(id);
        const bool ok = restored.ok();
        const QString error = restored.error();
        const Result<QList<ConflictEntry>> read = loadConflicts(*w->database());
        if (!read)
            Q_EMIT w->failed(tr("Could not read the sync conflicts: %1").arg(read.error()));
        const QList<ConflictEntry> entries = read ? *read : QList<ConflictEntry>();
        for (const ConflictEntry &e : entries) {
            if (e.conflict.id != id || !ok)
                continue;
            if (e.conflict.table == QLatin1String("playlists")) {
                Q_EMIT w->playlistChanged(e.conflict.rowId);
                w->loadSidebar();
            } else {
                TrackStore store(*w->database());
                if (const std::optional<QList<Track>> row = w->readTracks(store, {e.conflict.rowId}))
                    Q_EMIT w->tracksUpdated(*row);
            }
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, dialog, entries, listed = read.ok(), ok, error] {
                if (dialog && listed)
                    dialog->setConflicts(entries);
                if (!self)
                    return;
                if (!ok) {
                    self->m_statusArea->showMessage(tr("Could not restore the value: %1").arg(error), 15000);
                    return;
                }
                self->m_statusArea->showMessage(tr("Value restored; it syncs to your other devices."), 8000);
                self->syncNow();
            },
            Qt::QueuedConnection);
    });
}

void SyncController::updateActions()
{
    // A kept session that no longer works (keychain emptied, session revoked) shows as a sync
    // error; signing in again is the way out.
    m_signInAction->setEnabled(!isSignedIn() || m_status.state == SyncStatus::State::Error);
    m_signOutAction->setEnabled(isSignedIn());
    const bool signedIn = isSignedIn();
    m_syncNowAction->setEnabled(signedIn);
    m_conflictsAction->setEnabled(signedIn);
    // A disabled menu entry says why: menus show tooltips when asked to (below).
    const QString why = signedIn ? QString() : tr("Sign in first (File > Sign In...): sync needs an account.");
    m_syncNowAction->setToolTip(signedIn ? tr("Send and fetch changes now") : why);
    m_conflictsAction->setToolTip(signedIn ? tr("Changes that lost against another device's") : why);
    m_syncNowAction->setStatusTip(why);
    m_conflictsAction->setStatusTip(why);
}

} // namespace ekn
