#include "folderactions.h"

#include "libraryservice.h"
#include "libraryworker.h"
#include "managefoldersdialog.h"
#include "statusarea.h"
#include "trackview.h"

#include <QAction>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>

namespace ekn {

FolderActions::FolderActions(QWidget *window, LibraryService *library, TrackView *view, StatusArea *status)
    : QObject(window)
    , m_window(window)
    , m_library(library)
    , m_view(view)
    , m_status(status)
{
    connectLibrary();
}

void FolderActions::addToMenus(QMenu *file, QMenu *edit)
{
    if (file) {
        file->addAction(tr("&Manage Folders..."), this, [this] { manageFolders(); });
        file->addAction(tr("&Rescan Library Folders"), this, [this] {
            m_library->post([](LibraryWorker *w) { w->rescanAll(true); });
        });
    }
    if (edit) {
        QAction *remove = edit->addAction(tr("Remove from &Library"), this, &FolderActions::removeSelectedTracks);
        remove->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Delete));
        remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(remove);
    }
}

void FolderActions::connectLibrary()
{
    LibraryWorker *w = m_library->worker();
    connect(w, &LibraryWorker::foldersLoaded, this, [this](const QList<LibraryFolder> &folders) {
        if (m_dialog)
            m_dialog->setFolders(folders);
    });
    connect(w, &LibraryWorker::tracksRemoved, this, [this](const QString &message) {
        m_status->showMessage(message, 12000);
        if (m_dialog)
            m_dialog->setNote(message);
        Q_EMIT viewOutdated();
    });
    connect(w, &LibraryWorker::tracksRestored, this, [this](const QStringList &ids) {
        m_status->showMessage(tr("%1 tracks are back in the library.").arg(ids.size()), 8000);
        Q_EMIT viewOutdated();
    });
    connect(w, &LibraryWorker::libraryRefreshed, this, [this](const QString &message) {
        if (!message.isEmpty())
            m_status->showMessage(message, 8000);
        Q_EMIT viewOutdated();
        if (m_dialog)
            m_library->post([](LibraryWorker *lw) { lw->loadFolders(); });
    });
    connect(w, &LibraryWorker::scanFinished, this, [this](const QString &message) {
        if (!m_dialog)
            return;
        m_dialog->setNote(message);
        m_library->post([](LibraryWorker *lw) { lw->loadFolders(); });
    });
    connect(w, &LibraryWorker::failed, this, [this](const QString &message) {
        if (m_dialog)
            m_dialog->setNote(message);
    });
    connect(w, &LibraryWorker::watchingLimited, this, [this](const QString &reason) {
        if (!m_watchNote) {
            m_watchNote = new QLabel(tr("Folders checked periodically"), m_status);
            m_watchNote->setObjectName(QStringLiteral("watchNote"));
            m_status->addPermanentWidget(m_watchNote);
        }
        m_watchNote->setToolTip(reason);
        m_status->showMessage(reason, 20000);
    });
}

ManageFoldersDialog *FolderActions::manageFolders()
{
    if (!m_dialog) {
        m_dialog = new ManageFoldersDialog(m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &ManageFoldersDialog::addRequested, this, &FolderActions::chooseFolder);
        connect(m_dialog, &ManageFoldersDialog::removeRequested, this, [this](const QString &path) {
            m_library->post([path](LibraryWorker *w) { w->removeFolder(path); });
        });
        connect(m_dialog, &ManageFoldersDialog::rescanRequested, this, [this](const QStringList &paths) {
            m_dialog->setNote(tr("Looking for new, changed and deleted files..."));
            m_library->post([paths](LibraryWorker *w) { w->rescanFolders(paths, true); });
        });
    }
    m_dialog->show();
    m_dialog->raise();
    m_library->post([](LibraryWorker *w) { w->loadFolders(); });
    return m_dialog;
}

ManageFoldersDialog *FolderActions::dialog() const
{
    return m_dialog;
}

void FolderActions::chooseFolder()
{
    QSettings settings;
    const QString last = settings.value(QStringLiteral("lastFolder"),
                                        QStandardPaths::writableLocation(QStandardPaths::MusicLocation)).toString();
    const QString dir = QFileDialog::getExistingDirectory(m_dialog ? static_cast<QWidget *>(m_dialog) : m_window,
                                                          tr("Add a Music Folder"), last);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastFolder"), dir);
    Q_EMIT importRequested({dir});
}

void FolderActions::removeSelectedTracks()
{
    const QStringList ids = m_view->selectedTrackIds();
    if (ids.isEmpty()) {
        m_status->showMessage(tr("Select the tracks to remove from the library first."), 5000);
        return;
    }
    m_library->post([ids](LibraryWorker *w) { w->removeTracks(ids); });
}

} // namespace ekn
