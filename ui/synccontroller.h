#pragma once

#include "remote/serverconnection.h"
#include "sync/sharedplaylists.h"
#include "sync/syncstatus.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class QAction;
class QWidget;

namespace ekn {

class ConflictLogDialog;
class LibraryService;
class SignInDialog;
class StatusArea;
class SyncEngine;

// The desktop side of sync. While an account is signed in it owns a SyncEngine (its own
// thread and connections) and syncs on start, after sign-in, after library edits (debounced by
// the engine), periodically, and when the network comes back (the engine's Connectivity, else
// its retry with backoff). It shows the state in the status bar ("Offline", "Syncing (n of m)",
// "Synced at 14:02", "Sync error: ..." with the reason in the tooltip and in the conflict log
// dialog, which a click on the state opens), tells the models what a pull changed, and runs
// the conflict log's Restore on the library thread. It owns the File menu's Sign In / Sign Out
// and the Sync Now / Sync Conflicts actions. Nothing here waits on disk, database or network.
class SyncController : public QObject
{
    Q_OBJECT
public:
    // library must outlive this object (MainWindow creates it first).
    SyncController(LibraryService *library, StatusArea *status, QWidget *window);
    ~SyncController() override;

    QAction *signInAction() const { return m_signInAction; }
    QAction *signOutAction() const { return m_signOutAction; }
    QAction *syncNowAction() const { return m_syncNowAction; }
    QAction *conflictLogAction() const { return m_conflictsAction; }

    // Picks up the account signed in during an earlier run (settings + keychain) and syncs;
    // called once the library is open.
    void start();
    bool isSignedIn() const { return !m_email.isEmpty(); }
    SyncStatus status() const { return m_status; }
    // What the last sync did (pulled from the read server or not, counts).
    SyncReport lastReport() const { return m_lastReport; }

    SignInDialog *signIn();
    void signOut();
    void syncNow();
    void nudge();
    ConflictLogDialog *showConflictLog();

    // Shared playlists through the engine's session (never on this thread). Signed out, the
    // answer is an error saying to sign in.
    void openShared(const QString &link);
    void copyShared(const ekn::SharedPlaylist &playlist);
    void setPublished(const QString &playlistId, bool published);

    // The status bar's words for a state, and the longer explanation for its tooltip.
    QString stateText(const SyncStatus &s) const;
    QString stateDetail(const SyncStatus &s) const;

Q_SIGNALS:
    // A pull changed these (tracks still in the library: changed; deleted: gone). The
    // changed rows are already updated in the track model; the view decides whether its
    // membership changed.
    void libraryChanged(const QStringList &changed, const QStringList &gone, const QStringList &playlists);
    void statusChanged(const ekn::SyncStatus &status);
    void signedInChanged(bool signedIn);
    // Answers of the shared playlist calls; error is empty on success.
    void sharedPlaylistOpened(const QString &link, const ekn::SharedPlaylist &playlist, const QString &error);
    void sharedPlaylistCopied(const QString &playlistId, const QString &error);
    void publishFinished(const QString &playlistId, bool published, const QString &link, const QString &error);

private:
    void startEngine(const ServerConnection &server, const QString &email);
    SyncEngine *stopEngine(); // the engine on its way out, or null
    void showStatus(const SyncStatus &s);
    void onSyncFinished(const SyncReport &report);
    void onPulled(const QStringList &tracks, const QStringList &playlists);
    void reloadConflicts();
    void restoreConflict(qint64 id);
    void updateActions();
    static ServerConnection savedServer();
    static std::optional<ServerConnection> savedReadServer();
    static void saveServers(const ServerConnection &server, const std::optional<ServerConnection> &read);

    LibraryService *m_library;
    StatusArea *m_statusArea;
    QWidget *m_window;
    SyncEngine *m_engine = nullptr;
    QString m_email;
    SyncStatus m_status;
    SyncReport m_lastReport;
    QPointer<ConflictLogDialog> m_dialog;
    int m_ownSidebarLoads = 0; // sidebar reloads asked for here: not edits, no nudge
    QStringList m_playlists;   // the playlists the sidebar showed last
    bool m_playlistsSeen = false;
    QAction *m_signInAction;
    QAction *m_signOutAction;
    QAction *m_syncNowAction;
    QAction *m_conflictsAction;
};

} // namespace ekn
