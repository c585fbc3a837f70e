#pragma once

#include "viewspec.h"

#include <QSet>
#include <QTreeWidget>

class QMenu;

namespace ekn {

// The left column: Library, Artists, Albums (the album grid; albums under their album artist), Genres, Playlists
// (with a Deleted group to restore from) and Unavailable. Choosing an entry asks for a view;
// tracks dropped on a playlist are added to it. Filled from SidebarData; never queries itself.
class Sidebar : public QTreeWidget
{
    Q_OBJECT
public:
    explicit Sidebar(QWidget *parent = nullptr);

    void setData(const SidebarData &data);
    ViewSpec currentSpec() const;
    // Selects the entry of a spec (search text ignored); false when there is none.
    bool select(const ViewSpec &spec);
    QString playlistName(const QString &id) const;
    const QList<Playlist> &playlists() const { return m_data.playlists; }

Q_SIGNALS:
    void viewRequested(const ekn::ViewSpec &spec);
    void tracksDroppedOnPlaylist(const QString &playlistId, const QStringList &trackIds);
    void newPlaylistRequested();
    void renamePlaylistRequested(const QString &playlistId);
    void deletePlaylistRequested(const QString &playlistId);
    void restorePlaylistRequested(const QString &playlistId);
    void importPlaylistRequested();
    void exportPlaylistRequested(const QString &playlistId);
    void editSmartPlaylistRequested(const QString &playlistId);
    void publishPlaylistRequested(const QString &playlistId, bool published);
    void copyPlaylistLinkRequested(const QString &playlistId);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    enum Roles { KindRole = Qt::UserRole + 1, KeyRole, SecondKeyRole, DeletedRole };
    QTreeWidgetItem *addSection(const QString &text, const QString &icon, ViewSpec::Kind kind);
    static ViewSpec specOf(const QTreeWidgetItem *item);
    QTreeWidgetItem *playlistItemAt(const QPoint &pos) const;
    void addSharingActions(QMenu &menu, const QString &id);
    static QTreeWidgetItem *makeChild(QTreeWidgetItem *parent, const QString &text, ViewSpec::Kind kind,
                                      const QString &key, const QString &second = {});
    void populate(QTreeWidgetItem *section);
    QSet<QTreeWidgetItem *> m_populated;

    SidebarData m_data;
    QTreeWidgetItem *m_library = nullptr;
    QTreeWidgetItem *m_artists = nullptr;
    QTreeWidgetItem *m_albums = nullptr;
    QTreeWidgetItem *m_genres = nullptr;
    QTreeWidgetItem *m_playlists = nullptr;
    QTreeWidgetItem *m_deleted = nullptr;
    QTreeWidgetItem *m_unavailable = nullptr;
    bool m_filling = false;
};

} // namespace ekn
