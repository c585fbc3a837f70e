#include "sidebar.h"

#include "library/smartplaylist.h"
#include "themeicons.h"
#include "trackmodel.h"

#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QHeaderView>
#include <QMenu>
#include <QMimeData>

namespace ekn {

namespace {
// Section items carry no key: they show the whole group when chosen (Artists -> Library).
constexpr int kSectionKind = -1;
} // namespace

Sidebar::Sidebar(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("sidebar"));
    setHeaderHidden(true);
    setColumnCount(1);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DropOnly);
    setUniformRowHeights(true);
    setAccessibleName(tr("Library sections"));
    setMinimumWidth(180);

    m_library = addSection(tr("Library"), QStringLiteral("library"), ViewSpec::Kind::Library);
    m_artists = addSection(tr("Artists"), QStringLiteral("artist"), ViewSpec::Kind::Artist);
    m_albums = addSection(tr("Albums"), QStringLiteral("album"), ViewSpec::Kind::Album);
    m_genres = addSection(tr("Genres"), QStringLiteral("genre"), ViewSpec::Kind::Genre);
    m_playlists = addSection(tr("Playlists"), QStringLiteral("playlist"), ViewSpec::Kind::Playlist);
    m_unavailable = addSection(tr("Not on this device"), QStringLiteral("unavailable"), ViewSpec::Kind::Unavailable);
    m_unavailable->setToolTip(0, tr("Tracks whose files are not here: synced from another device, or not found by the last scan"));
    m_library->setData(0, KindRole, int(ViewSpec::Kind::Library));
    // Albums itself is the grid of every album; an artist under it, their albums.
    m_albums->setData(0, KindRole, int(ViewSpec::Kind::Albums));
    m_unavailable->setData(0, KindRole, int(ViewSpec::Kind::Unavailable));
    m_playlists->setExpanded(true);
    setCurrentItem(m_library);

    connect(this, &QTreeWidget::itemExpanded, this, [this](QTreeWidgetItem *item) { populate(item); });
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item || m_filling)
            return;
        if (item->data(0, KindRole).toInt() == kSectionKind)
            return;
        Q_EMIT viewRequested(specOf(item));
    });
}

QTreeWidgetItem *Sidebar::addSection(const QString &text, const QString &icon, ViewSpec::Kind)
{
    auto *item = new QTreeWidgetItem(this, {text});
    item->setIcon(0, ThemeIcons::icon(icon));
    item->setData(0, KindRole, kSectionKind);
    QFont f = item->font(0);
    f.setBold(true);
    item->setFont(0, f);
    return item;
}

ViewSpec Sidebar::specOf(const QTreeWidgetItem *item)
{
    ViewSpec spec;
    if (!item)
        return spec;
    const int kind = item->data(0, KindRole).toInt();
    if (kind == kSectionKind)
        return spec;
    spec.kind = ViewSpec::Kind(kind);
    spec.key = item->data(0, KeyRole).toString();
    spec.secondKey = item->data(0, SecondKeyRole).toString();
    return spec;
}

ViewSpec Sidebar::currentSpec() const { return specOf(currentItem()); }

void Sidebar::setData(const SidebarData &data)
{
    const ViewSpec current = currentSpec();
    m_filling = true;
    m_data = data;
    const auto clear = [](QTreeWidgetItem *section) { qDeleteAll(section->takeChildren()); };
    clear(m_artists);
    clear(m_albums);
    clear(m_genres);
    clear(m_playlists);
    m_deleted = nullptr;

    m_library->setText(0, data.trackCount > 0 ? tr("Library (%1)").arg(data.trackCount) : tr("Library"));
    // Artists, albums and genres of a big library are thousands of rows: they are made when
    // their section is first opened, not on every refresh.
    m_populated.clear();
    for (QTreeWidgetItem *section : {m_artists, m_albums, m_genres}) {
        section->setChildIndicatorPolicy(QTreeWidgetItem::ShowIndicator);
        if (section->isExpanded())
            populate(section);
    }
    for (const Playlist &p : data.playlists) {
        auto *item = makeChild(m_playlists, p.name, ViewSpec::Kind::Playlist, p.id);
        // Smart and published playlists have icons of their own.
        item->setIcon(0, ThemeIcons::icon(p.smart      ? QStringLiteral("playlist-smart")
                                          : p.isPublic ? QStringLiteral("playlist-shared")
                                                       : QStringLiteral("playlist")));
        QString tip = tr("Tracks: %1").arg(p.trackCount);
        if (const auto rule = SmartRule::fromDescription(p.description))
            tip += QLatin1Char('\n') + tr("Smart playlist: %1").arg(rule->query.isEmpty() ? tr("every track") : rule->query);
        if (p.isPublic)
            tip += QLatin1Char('\n') + tr("Published: anyone with its link can see it");
        item->setToolTip(0, tip);
    }
    if (!data.deletedPlaylists.isEmpty()) {
        m_deleted = new QTreeWidgetItem(m_playlists, {tr("Deleted playlists")});
        m_deleted->setData(0, KindRole, kSectionKind);
        m_deleted->setToolTip(0, tr("Right-click a deleted playlist to restore it"));
        for (const Playlist &p : data.deletedPlaylists) {
            auto *item = makeChild(m_deleted, p.name, ViewSpec::Kind::Playlist, p.id);
            item->setData(0, DeletedRole, true);
            QFont f = item->font(0);
            f.setItalic(true);
            item->setFont(0, f);
        }
    }
    m_unavailable->setText(0, data.unavailableCount > 0 ? tr("Not on this device (%1)").arg(data.unavailableCount)
                                                        : tr("Not on this device"));
    m_playlists->setExpanded(true);
    if (!select(current))
        setCurrentItem(m_library);
    m_filling = false;
    if (specOf(currentItem()).kind != current.kind || specOf(currentItem()).key != current.key)
        Q_EMIT viewRequested(currentSpec());
}

QTreeWidgetItem *Sidebar::makeChild(QTreeWidgetItem *parent, const QString &text, ViewSpec::Kind kind, const QString &key,
                                    const QString &second)
{
    auto *item = new QTreeWidgetItem(parent, {text});
    item->setData(0, KindRole, int(kind));
    item->setData(0, KeyRole, key);
    item->setData(0, SecondKeyRole, second);
    return item;
}

void Sidebar::populate(QTreeWidgetItem *section)
{
    if (m_populated.contains(section))
        return;
    m_populated.insert(section);
    const bool filling = m_filling;
    m_filling = true;
    QList<QTreeWidgetItem *> items;
    if (section == m_artists) {
        for (const QString &a : std::as_const(m_data.artists)) {
            items.append(makeChild(nullptr, a.isEmpty() ? tr("Unknown Artist") : a, ViewSpec::Kind::Artist, a));
        }
    } else if (section == m_albums) {
        for (const auto &[artist, albums] : std::as_const(m_data.albumsByArtist)) {
            auto *group = makeChild(nullptr, artist.isEmpty() ? tr("Unknown Artist") : artist, ViewSpec::Kind::Artist, artist);
            for (const QString &album : albums)
                makeChild(group, album, ViewSpec::Kind::Album, album, artist);
            items.append(group);
        }
    } else if (section == m_genres) {
        for (const QString &g : std::as_const(m_data.genres))
            items.append(makeChild(nullptr, g, ViewSpec::Kind::Genre, g));
    }
    section->addChildren(items);
    m_filling = filling;
}

bool Sidebar::select(const ViewSpec &spec)
{
    if (spec.kind == ViewSpec::Kind::Artist)
        populate(m_artists);
    else if (spec.kind == ViewSpec::Kind::Album)
        populate(m_albums);
    else if (spec.kind == ViewSpec::Kind::Genre)
        populate(m_genres);
    QTreeWidgetItemIterator it(this);
    while (*it) {
        const ViewSpec s = specOf(*it);
        if ((*it)->data(0, KindRole).toInt() != kSectionKind && s.kind == spec.kind && s.key == spec.key
            && s.secondKey == spec.secondKey) {
            setCurrentItem(*it);
            return true;
        }
        ++it;
    }
    return false;
}

QString Sidebar::playlistName(const QString &id) const
{
    for (const Playlist &p : m_data.playlists)
        if (p.id == id)
            return p.name;
    return {};
}

void Sidebar::addSharingActions(QMenu &menu, const QString &id)
{
    const auto p = std::find_if(m_data.playlists.cbegin(), m_data.playlists.cend(),
                                [&id](const Playlist &x) { return x.id == id; });
    if (p == m_data.playlists.cend())
        return;
    if (p->smart) {
        menu.addAction(tr("Edit Smart Playlist..."), this, [this, id] { Q_EMIT editSmartPlaylistRequested(id); });
        return; // its tracks are worked out on each device: there is nothing to publish
    }
    if (p->isPublic) {
        menu.addAction(tr("Copy Link"), this, [this, id] { Q_EMIT copyPlaylistLinkRequested(id); });
        menu.addAction(tr("Unpublish"), this, [this, id] { Q_EMIT publishPlaylistRequested(id, false); });
    } else {
        menu.addAction(tr("Publish and Copy Link"), this, [this, id] { Q_EMIT publishPlaylistRequested(id, true); });
    }
}

QTreeWidgetItem *Sidebar::playlistItemAt(const QPoint &pos) const
{
    QTreeWidgetItem *item = itemAt(pos);
    if (item && item->data(0, KindRole).toInt() == int(ViewSpec::Kind::Playlist) && !item->data(0, DeletedRole).toBool())
        return item;
    return nullptr;
}

void Sidebar::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(QLatin1String(TrackModel::kTrackIdsMime)))
        event->acceptProposedAction();
    else
        event->ignore(); // files from outside go to the main window (import)
}

void Sidebar::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasFormat(QLatin1String(TrackModel::kTrackIdsMime))
        && playlistItemAt(event->position().toPoint())) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void Sidebar::dropEvent(QDropEvent *event)
{
    QTreeWidgetItem *item = playlistItemAt(event->position().toPoint());
    if (!item || !event->mimeData()->hasFormat(QLatin1String(TrackModel::kTrackIdsMime))) {
        event->ignore();
        return;
    }
    const QStringList ids = QString::fromUtf8(event->mimeData()->data(QLatin1String(TrackModel::kTrackIdsMime)))
                                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    event->setDropAction(Qt::CopyAction);
    event->accept();
    Q_EMIT tracksDroppedOnPlaylist(item->data(0, KeyRole).toString(), ids);
}

void Sidebar::contextMenuEvent(QContextMenuEvent *event)
{
    QTreeWidgetItem *item = itemAt(event->pos());
    QMenu menu(this);
    const bool onPlaylist = item && item->data(0, KindRole).toInt() == int(ViewSpec::Kind::Playlist);
    const QString id = onPlaylist ? item->data(0, KeyRole).toString() : QString();
    if (onPlaylist && item->data(0, DeletedRole).toBool()) {
        menu.addAction(tr("Restore Playlist"), this, [this, id] { Q_EMIT restorePlaylistRequested(id); });
    } else if (onPlaylist) {
        menu.addAction(tr("Rename..."), this, [this, id] { Q_EMIT renamePlaylistRequested(id); });
        addSharingActions(menu, id);
        menu.addAction(tr("Export..."), this, [this, id] { Q_EMIT exportPlaylistRequested(id); });
        menu.addAction(tr("Delete"), this, [this, id] { Q_EMIT deletePlaylistRequested(id); });
        menu.addSeparator();
    }
    if (!item || item == m_playlists || onPlaylist) {
        menu.addAction(tr("New Playlist..."), this, &Sidebar::newPlaylistRequested);
        menu.addAction(tr("Import Playlist..."), this, &Sidebar::importPlaylistRequested);
    }
    if (!menu.isEmpty())
        menu.exec(event->globalPos());
}

} // namespace ekn
