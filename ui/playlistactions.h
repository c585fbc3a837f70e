#pragma once

#include <QObject>
#include <QStringList>

class QWidget;

namespace ekn {

class LibraryService;
class Sidebar;
class StatusArea;

// What the user does to playlists from menus, the sidebar (its requests are connected here)
// and the track view's context menu: asks for names and files (dialogs on the window), then
// hands the change to the library thread. Deleting stays with the window, which keeps the undo
// list.
class PlaylistActions : public QObject
{
    Q_OBJECT
public:
    PlaylistActions(QWidget *window, LibraryService *library, Sidebar *sidebar, StatusArea *status);

    // Asks for a name; the playlist starts with these tracks (may be none).
    void create(const QStringList &trackIds);
    void rename(const QString &playlistId);
    void addTracks(const QString &playlistId, const QStringList &trackIds);
    // M3U8/XSPF, remembering the folder last used.
    void importFile();
    void exportFile(const QString &playlistId);

private:
    QWidget *m_window;
    LibraryService *m_library;
    Sidebar *m_sidebar;
    StatusArea *m_status;
};

} // namespace ekn
