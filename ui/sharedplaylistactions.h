#pragma once

#include "sync/sharedplaylists.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace ekn {

class LibraryService;
class SharedPlaylistDialog;
class Sidebar;
class StatusArea;
class SyncController;

// Smart and shared playlists from the menus and the sidebar: the smart playlist dialog (new
// from the current search, or edit), publishing a playlist (its link goes to the clipboard)
// and unpublishing it, and opening a playlist another account shared (a dialog lists its
// entries with the missing ones marked, and copies it). Library work goes to the library
// thread, server calls to the sync engine's thread: nothing here waits.
class SharedPlaylistActions : public QObject
{
    Q_OBJECT
public:
    SharedPlaylistActions(QWidget *window, LibraryService *library, Sidebar *sidebar, StatusArea *status,
                          SyncController *sync);

    void createSmart(const QString &search);
    void editSmart(const QString &playlistId);
    void setPublished(const QString &playlistId, bool published);
    // Asks for a link (prefilled from the clipboard when it holds one) and opens it.
    void openShared();
    void openLink(const QString &link);
    // The dialog of the last opened shared playlist, while it is shown.
    SharedPlaylistDialog *dialog() const;

private:
    void onOpened(const QString &link, const SharedPlaylist &playlist, const QString &error);
    void onPublished(const QString &playlistId, bool published, const QString &link, const QString &error);

    QWidget *m_window;
    LibraryService *m_library;
    Sidebar *m_sidebar;
    StatusArea *m_status;
    SyncController *m_sync;
    QPointer<SharedPlaylistDialog> m_dialog;
};

} // namespace ekn
