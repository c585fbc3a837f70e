#include "playlistactions.h"

#include "libraryservice.h"
#include "libraryworker.h"
#include "sidebar.h"
#include "statusarea.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QSettings>
#include <QStandardPaths>

namespace ekn {

namespace {
const QString kLastFolderKey = QStringLiteral("lastPlaylistFolder");

// Where the file dialogs open: the folder used last, else the user's music folder (never /).
QString startFolder()
{
    const QString last = QSettings().value(kLastFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString music = QStandardPaths::writableLocation(QStandardPaths::MusicLocation);
    return QFileInfo(music).isDir() ? music : QDir::homePath();
}
} // namespace

PlaylistActions::PlaylistActions(QWidget *window, LibraryService *library, Sidebar *sidebar, StatusArea *status)
    : QObject(window)
    , m_window(window)
    , m_library(library)
    , m_sidebar(sidebar)
    , m_status(status)
{
    connect(sidebar, &Sidebar::newPlaylistRequested, this, [this] { create({}); });
    connect(sidebar, &Sidebar::renamePlaylistRequested, this, &PlaylistActions::rename);
    connect(sidebar, &Sidebar::restorePlaylistRequested, this, [this](const QString &id) {
        m_library->post([id](LibraryWorker *w) { w->restorePlaylist(id); });
    });
    connect(sidebar, &Sidebar::importPlaylistRequested, this, &PlaylistActions::importFile);
    connect(sidebar, &Sidebar::exportPlaylistRequested, this, &PlaylistActions::exportFile);
    connect(sidebar, &Sidebar::tracksDroppedOnPlaylist, this, &PlaylistActions::addTracks);
}

void PlaylistActions::create(const QStringList &trackIds)
{
    bool ok = false;
    const QString name = QInputDialog::getText(m_window, tr("New Playlist"), tr("Name:"), QLineEdit::Normal,
                                               tr("New Playlist"), &ok).trimmed();
    if (!ok)
        return;
    if (name.isEmpty()) {
        m_status->showMessage(tr("A playlist needs a name."), 8000);
        return;
    }
    m_library->post([name, trackIds](LibraryWorker *w) { w->createPlaylist(name, trackIds); });
}

void PlaylistActions::rename(const QString &playlistId)
{
    bool ok = false;
    const QString name = QInputDialog::getText(m_window, tr("Rename Playlist"), tr("Name:"), QLineEdit::Normal,
                                               m_sidebar->playlistName(playlistId), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    m_library->post([playlistId, name](LibraryWorker *w) { w->renamePlaylist(playlistId, name); });
}

void PlaylistActions::addTracks(const QString &playlistId, const QStringList &trackIds)
{
    if (trackIds.isEmpty())
        return;
    m_library->post([playlistId, trackIds](LibraryWorker *w) { w->addToPlaylist(playlistId, trackIds, -1); });
}

void PlaylistActions::importFile()
{
    QSettings settings;
    const QString file = QFileDialog::getOpenFileName(m_window, tr("Import Playlist"),
                                                      startFolder(),
                                                      tr("Playlists (*.m3u8 *.m3u *.xspf *.pls)"));
    if (file.isEmpty())
        return;
    settings.setValue(kLastFolderKey, QFileInfo(file).absolutePath());
    m_library->post([file](LibraryWorker *w) { w->importPlaylist(file); });
}

void PlaylistActions::exportFile(const QString &playlistId)
{
    QSettings settings;
    const QString start = QDir(startFolder()).filePath(m_sidebar->playlistName(playlistId) + QStringLiteral(".m3u8"));
    QString filter;
    const QString file = QFileDialog::getSaveFileName(m_window, tr("Export Playlist"), start,
                                                      tr("M3U8 playlist (*.m3u8);;XSPF playlist (*.xspf)"), &filter);
    if (file.isEmpty())
        return;
    settings.setValue(kLastFolderKey, QFileInfo(file).absolutePath());
    m_library->post([playlistId, file](LibraryWorker *w) { w->exportPlaylist(playlistId, file); });
}

} // namespace ekn
