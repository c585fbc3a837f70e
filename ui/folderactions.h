#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

class QLabel;
class QMenu;
class QWidget;

namespace ekn {

class LibraryService;
class ManageFoldersDialog;
class StatusArea;
class TrackView;

// The library's folders and Remove from Library, from the menus: File > Manage Folders,
// File > Rescan Library Folders, Edit > Remove from Library. Hands the work to the library
// thread and shows what came of it (status bar, the dialog's note). Also shows what the folder
// watcher reports: quiet rescans that changed the library, and when it had to fall back to
// polling. The window keeps the view: it listens to the signals below. (Undo is the library
// thread's UndoHistory: LibraryWorker::undo.)
class FolderActions : public QObject
{
    Q_OBJECT
public:
    FolderActions(QWidget *window, LibraryService *library, TrackView *view, StatusArea *status);

    // Its entries in File (may be null) and Edit (may be null).
    void addToMenus(QMenu *file, QMenu *edit);
    ManageFoldersDialog *manageFolders(); // non-modal; the same dialog while it is open
    ManageFoldersDialog *dialog() const;
    void removeSelectedTracks();
    // The status bar's note while changes are found by polling instead of watching.
    QLabel *watchNote() const { return m_watchNote; }

Q_SIGNALS:
    void importRequested(const QStringList &paths);
    // Rows of the view may have come or gone (removed, restored, changed on disk).
    void viewOutdated();

private:
    void chooseFolder();
    void connectLibrary();

    QWidget *m_window;
    LibraryService *m_library;
    TrackView *m_view;
    StatusArea *m_status;
    QPointer<ManageFoldersDialog> m_dialog;
    QLabel *m_watchNote = nullptr;
};

} // namespace ekn
