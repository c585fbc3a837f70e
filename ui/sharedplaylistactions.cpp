#include "sharedplaylistactions.h"

#include "libraryservice.h"
#include "libraryworker.h"
#include "sharedplaylistdialog.h"
#include "sidebar.h"
#include "smartplaylistdialog.h"
#include "statusarea.h"
#include "synccontroller.h"

#include <QApplication>
#include <QClipboard>
#include <QInputDialog>
#include <QMessageBox>

namespace ekn {

SharedPlaylistActions::SharedPlaylistActions(QWidget *window, LibraryService *library, Sidebar *sidebar,
                                             StatusArea *status, SyncController *sync)
    : QObject(window)
    , m_window(window)
    , m_library(library)
    , m_sidebar(sidebar)
    , m_status(status)
    , m_sync(sync)
{
    connect(sync, &SyncController::sharedPlaylistOpened, this, &SharedPlaylistActions::onOpened);
    connect(sync, &SyncController::publishFinished, this, &SharedPlaylistActions::onPublished);
    connect(sync, &SyncController::sharedPlaylistCopied, this, [this](const QString &id, const QString &error) {
        if (m_dialog)
            m_dialog->copyFinished(id, error);
        m_status->showMessage(error.isEmpty() ? tr("The shared playlist was copied to your playlists.")
                                              : tr("The playlist could not be copied: %1").arg(error),
                              10000);
    });
    connect(sidebar, &Sidebar::editSmartPlaylistRequested, this, &SharedPlaylistActions::editSmart);
    connect(sidebar, &Sidebar::publishPlaylistRequested, this, &SharedPlaylistActions::setPublished);
    connect(sidebar, &Sidebar::copyPlaylistLinkRequested, this, [this](const QString &id) {
        QApplication::clipboard()->setText(SharedPlaylists::linkFor(id));
        m_status->showMessage(tr("Link copied: %1").arg(SharedPlaylists::linkFor(id)), 10000);
    });
}

SharedPlaylistDialog *SharedPlaylistActions::dialog() const
{
    return m_dialog;
}

void SharedPlaylistActions::createSmart(const QString &search)
{
    SmartRule rule;
    rule.query = search.trimmed();
    SmartPlaylistDialog dialog(search.trimmed().isEmpty() ? tr("Smart Playlist") : search.trimmed(), rule, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString name = dialog.name();
    const SmartRule chosen = dialog.rule();
    m_library->post([name, chosen](LibraryWorker *w) { w->createSmartPlaylist(name, chosen); });
}

void SharedPlaylistActions::editSmart(const QString &playlistId)
{
    std::optional<SmartRule> rule;
    for (const Playlist &p : m_sidebar->playlists())
        if (p.id == playlistId)
            rule = SmartRule::fromDescription(p.description);
    if (!rule)
        return;
    SmartPlaylistDialog dialog(m_sidebar->playlistName(playlistId), *rule, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString name = dialog.name();
    const SmartRule chosen = dialog.rule();
    m_library->post([playlistId, name, chosen](LibraryWorker *w) { w->editSmartPlaylist(playlistId, name, chosen); });
}

void SharedPlaylistActions::setPublished(const QString &playlistId, bool published)
{
    m_status->showMessage(published ? tr("Publishing “%1”...").arg(m_sidebar->playlistName(playlistId))
                                    : tr("Unpublishing “%1”...").arg(m_sidebar->playlistName(playlistId)));
    m_sync->setPublished(playlistId, published);
}

void SharedPlaylistActions::onPublished(const QString &playlistId, bool published, const QString &link,
                                        const QString &error)
{
    const QString name = m_sidebar->playlistName(playlistId);
    if (!error.isEmpty()) {
        m_status->showMessage((published ? tr("Could not publish “%1”: %2") : tr("Could not unpublish “%1”: %2"))
                                  .arg(name, error),
                              15000);
        return;
    }
    if (published) {
        QApplication::clipboard()->setText(link);
        m_status->showMessage(tr("Published “%1”: the link is on the clipboard (%2).").arg(name, link), 15000);
    } else {
        m_status->showMessage(tr("“%1” is no longer published: its link stops working.").arg(name), 10000);
    }
}

void SharedPlaylistActions::openShared()
{
    const QString clip = QApplication::clipboard()->text().trimmed();
    bool ok = false;
    const QString link = QInputDialog::getText(m_window, tr("Open Shared Playlist"),
                                               tr("Link or id of a playlist someone published:"), QLineEdit::Normal,
                                               SharedPlaylists::idFromLink(clip).isEmpty() ? QString() : clip, &ok)
                             .trimmed();
    if (ok && !link.isEmpty())
        openLink(link);
}

void SharedPlaylistActions::openLink(const QString &link)
{
    m_status->showMessage(tr("Opening the shared playlist..."));
    m_sync->openShared(link);
}

void SharedPlaylistActions::onOpened(const QString &link, const SharedPlaylist &playlist, const QString &error)
{
    if (!error.isEmpty()) {
        m_status->showMessage(tr("Could not open %1: %2").arg(link, error), 15000);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Open Shared Playlist"),
                                    tr("Could not open %1:\n%2").arg(link, error), QMessageBox::Close, m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // not exec(): nothing here waits
        return;
    }
    m_status->clearMessage();
    if (m_dialog)
        m_dialog->close();
    m_dialog = new SharedPlaylistDialog(playlist, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &SharedPlaylistDialog::copyRequested, m_sync, &SyncController::copyShared);
    m_dialog->show();
}

} // namespace ekn
