#include "mainwindow.h"

#include "eknmusic/version.h"
#include "albumgrid.h"
#include "albummodel.h"
#include "emptystate.h"
#include "folderactions.h"
#include "libraryservice.h"
#include "listeningactions.h"
#include "mprisservice.h"
#include "playbackcontroller.h"
#include "playback/playback.h"
#include "playerbar.h"
#include "playlistactions.h"
#include "queuemodel.h"
#include "scanerrorsdialog.h"
#include "sharedplaylistactions.h"
#include "shortcutsdialog.h"
#include "sidebar.h"
#include "statusarea.h"
#include "synccontroller.h"
#include "tageditordialog.h"
#include "themeicons.h"
#include "trackmodel.h"
#include "trackview.h"
#include "viewheader.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

// MainWindow's menus and what their actions open: the menu bar, the track context menu,
// removing and undo, and the dialogs (tag editor, folder chooser, scan errors, about).

namespace ekn {

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setToolTipsVisible(true); // a disabled Sync Now says why
    QAction *addFolder = file->addAction(ThemeIcons::icon(QStringLiteral("folder-add")), tr("&Add Folder..."), this,
                                         &MainWindow::chooseFolder);
    addFolder->setShortcut(QKeySequence::Open);
    file->addAction(tr("&Import Playlist..."), m_playlists, &PlaylistActions::importFile);
    file->addAction(tr("Show &Import Errors..."), this, &MainWindow::showScanErrors);
    file->addSeparator();
    m_folders->addToMenus(file, nullptr);
    file->addSeparator();
    file->addAction(m_sync->signInAction());
    file->addAction(m_sync->signOutAction());
    file->addAction(m_sync->syncNowAction());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setToolTipsVisible(true);
    m_undoAction = edit->addAction(tr("&Undo"), this, &MainWindow::undo);
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setEnabled(false);
    edit->addSeparator();
    edit->addAction(m_sync->conflictLogAction());
    QAction *merge = edit->addAction(tr("&Merge Duplicate Tracks"), this,
                                     [this] { m_library->post([](LibraryWorker *w) { w->mergeDuplicates(); }); });
    merge->setObjectName(QStringLiteral("mergeDuplicatesAction"));
    edit->addSeparator();
    QAction *tags = edit->addAction(ThemeIcons::icon(QStringLiteral("edit")), tr("Edit &Tags..."), this,
                                    [this] { editSelectedTags(); });
    tags->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_I), QKeySequence(Qt::Key_F2)});
    m_listening->addRatingMenu(edit);
    QAction *del = edit->addAction(tr("&Remove from Playlist"), this, &MainWindow::deleteSelection);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(del);
    m_folders->addToMenus(nullptr, edit);
    QAction *selectAll = edit->addAction(tr("Select &All"), m_view, &QAbstractItemView::selectAll);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(selectAll);
    QAction *find = edit->addAction(ThemeIcons::icon(QStringLiteral("search")), tr("&Find"), this, [this] {
        m_header->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *play = menuBar()->addMenu(tr("&Playback"));
    QAction *toggle = play->addAction(ThemeIcons::icon(QStringLiteral("play")), tr("&Play/Pause"), this, [this] {
        if (m_player->queue().isEmpty() || m_player->state() == Player::State::Stopped) {
            const QList<int> rows = m_view->selectedRows();
            if (!rows.isEmpty() || m_model->rowCount() > 0) {
                playRow(rows.isEmpty() ? 0 : rows.first());
                return;
            }
        }
        m_player->togglePlayPause();
    });
    toggle->setShortcuts({QKeySequence(Qt::Key_Space), QKeySequence(Qt::Key_MediaTogglePlayPause), QKeySequence(Qt::Key_MediaPlay)});
    QAction *stop = play->addAction(ThemeIcons::icon(QStringLiteral("stop")), tr("&Stop"), m_player, &Player::stop);
    stop->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Period), QKeySequence(Qt::Key_MediaStop)});
    QAction *next = play->addAction(ThemeIcons::icon(QStringLiteral("next")), tr("&Next"), m_player, &Player::next);
    next->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Right), QKeySequence(Qt::Key_MediaNext)});
    QAction *prev = play->addAction(ThemeIcons::icon(QStringLiteral("previous")), tr("P&revious"), m_player, &Player::previous);
    prev->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Left), QKeySequence(Qt::Key_MediaPrevious)});
    play->addSeparator();
    QAction *louder = play->addAction(tr("Volume &Up"), this, [this] { m_player->setVolume(m_player->volume() + 0.05f); });
    louder->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    QAction *quieter = play->addAction(tr("Volume &Down"), this, [this] { m_player->setVolume(m_player->volume() - 0.05f); });
    quieter->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    m_playback->addToPlaybackMenu(play);
    QAction *seekFwd = play->addAction(tr("Forward 10 s"), this, [this] { m_player->seek(m_player->position() + 10000); });
    seekFwd->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
    QAction *seekBack = play->addAction(tr("Back 10 s"), this, [this] { m_player->seek(m_player->position() - 10000); });
    seekBack->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Left));

    buildListsAndHelpMenus();
}

void MainWindow::buildListsAndHelpMenus()
{
    QMenu *lists = menuBar()->addMenu(tr("P&laylists"));
    QAction *newList = lists->addAction(tr("&New Playlist..."), m_playlists, [this] { m_playlists->create({}); });
    newList->setShortcut(QKeySequence::New);
    lists->addAction(tr("New Playlist from &Selection..."), m_playlists, [this] { m_playlists->create(m_view->selectedTrackIds()); });
    lists->addAction(tr("&Import..."), m_playlists, &PlaylistActions::importFile);
    QAction *exportList = lists->addAction(tr("&Export Current Playlist..."), m_playlists, [this] {
        if (m_spec.isPlaylist())
            m_playlists->exportFile(m_spec.key);
    });
    exportList->setToolTip(tr("Open a playlist in the sidebar first."));
    lists->addSeparator();
    lists->addAction(tr("New S&mart Playlist from Search..."), m_shared,
                     [this] { m_shared->createSmart(m_header->searchText()); });
    lists->addAction(tr("&Open Shared Playlist..."), m_shared, &SharedPlaylistActions::openShared);
    lists->setToolTipsVisible(true);
    connect(lists, &QMenu::aboutToShow, exportList, [this, exportList] { exportList->setEnabled(m_spec.isPlaylist()); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        auto *dialog = new ShortcutsDialog(menuBar(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    keys->setObjectName(QStringLiteral("keyboardShortcutsAction"));
    keys->setShortcut(QKeySequence::HelpContents);
    QAction *about = help->addAction(tr("&About EKNMusic"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::showTrackMenu(const QPoint &globalPos)
{
    const QStringList ids = m_view->selectedTrackIds();
    QMenu menu(this);
    menu.addAction(ThemeIcons::icon(QStringLiteral("play")), tr("Play"), this, [this] {
        const QList<int> rows = m_view->selectedRows();
        if (!rows.isEmpty())
            playRow(rows.first());
    });
    m_playback->addToTrackMenu(&menu);
    menu.addAction(ThemeIcons::icon(QStringLiteral("edit")), tr("Edit Tags..."), this, [this] { editSelectedTags(); });
    m_listening->addRatingMenu(&menu);
    QMenu *add = menu.addMenu(ThemeIcons::icon(QStringLiteral("playlist")), tr("Add to Playlist"));
    for (const Playlist &p : m_sidebar->playlists()) {
        if (m_spec.isPlaylist() && p.id == m_spec.key)
            continue;
        add->addAction(p.name, this, [this, id = p.id, ids] { m_playlists->addTracks(id, ids); });
    }
    if (!add->isEmpty())
        add->addSeparator();
    add->addAction(tr("New Playlist..."), this, [this, ids] { m_playlists->create(ids); });
    if (m_spec.isPlaylist())
        menu.addAction(tr("Remove from Playlist"), this, &MainWindow::deleteSelection);
    menu.exec(globalPos);
}

void MainWindow::deleteSelection()
{
    const QList<int> rows = m_view->selectedRows();
    if (rows.isEmpty())
        return;
    if (!m_spec.isPlaylist()) {
        m_status->showMessage(tr("To take tracks out of the library use Edit > Remove from Library (Shift+Del); "
                                 "select a playlist to remove tracks from it."),
                              8000);
        return;
    }
    const QString id = m_spec.key;
    m_library->post([id, rows](LibraryWorker *w) { w->removeFromPlaylist(id, rows); });
}

// The undo stack is the library thread's (UndoHistory in LibraryWorker): the action only asks
// it, and is enabled again by LibraryWorker::undoAvailable.
void MainWindow::undo()
{
    m_undoAction->setEnabled(false);
    m_library->post([](LibraryWorker *w) { w->undo(); });
}

TagEditorDialog *MainWindow::editSelectedTags()
{
    const QList<int> rows = m_view->selectedRows();
    if (rows.isEmpty()) {
        m_status->showMessage(tr("Select the tracks to edit first."), 5000);
        return nullptr;
    }
    QList<Track> tracks;
    tracks.reserve(rows.size());
    for (int r : rows)
        tracks.append(m_model->trackAt(r));
    auto *dialog = new TagEditorDialog(tracks, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, tracks] {
        const TrackEdit edit = dialog->edit();
        const bool writeFiles = dialog->writeToFiles();
        if (edit.isEmpty())
            return;
        QStringList ids;
        for (const Track &t : tracks)
            ids << t.id;
        m_library->post([ids, edit, writeFiles](LibraryWorker *w) { w->editTracks(ids, edit, writeFiles); });
    });
    dialog->open();
    return dialog;
}

void MainWindow::chooseFolder()
{
    QSettings settings;
    const QString last = settings.value(QStringLiteral("lastFolder"),
                                        QStandardPaths::writableLocation(QStandardPaths::MusicLocation)).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a Music Folder"), last);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastFolder"), dir);
    importPaths({dir});
}

void MainWindow::showScanErrors()
{
    if (!m_scanErrors) {
        m_scanErrors = new ScanErrorsDialog(this);
        m_scanErrors->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_scanErrors->show();
    m_scanErrors->raise();
    m_library->post([](LibraryWorker *w) { w->loadScanErrors(); });
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About EKNMusic"),
                       tr("<h3>EKNMusic %1</h3><p>A music library manager: your local library, "
                          "playlists and playback, synced between your desktops.</p>"
                          "<p>Built with Qt %2 and TagLib.</p>")
                           .arg(QStringLiteral(EKN_VERSION_STRING), QString::fromLatin1(qVersion())));
}

} // namespace ekn
