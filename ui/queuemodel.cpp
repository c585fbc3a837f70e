#include "queuemodel.h"

#include "library/track.h"
#include "playback/player.h"
#include "themeicons.h"
#include "trackmodel.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>
#include <QPalette>

#include <algorithm>

namespace ekn {

QueueItem queueItemOf(const Track &t)
{
    QueueItem item(t.id, QUrl(), t.title, t.artist, t.album, t.filePath);
    item.albumArtist = t.albumArtist;
    item.year = t.year;
    item.trackNumber = t.trackNumber;
    item.discNumber = t.discNumber;
    item.genre = t.genre;
    item.format = t.format;
    return item;
}

QueueModel::QueueModel(Player *player, QObject *parent)
    : QAbstractListModel(parent)
    , m_player(player)
{
    // Any change may shift every row (the current item moved on, a shuffle): reset, which a
    // list with uniform row heights redraws without measuring anything.
    connect(player, &Player::queueChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int QueueModel::upNextCount() const { return int(m_player->queue().upNext().size()); }

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_player->queue().upcomingCount();
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueItem &item = m_player->queue().upcomingAt(index.row());
    const bool upNext = index.row() < upNextCount();
    switch (role) {
    case Qt::DisplayRole: return item.label();
    case Qt::ToolTipRole:
        return item.album.isEmpty() ? item.label() : tr("%1\n%2").arg(item.label(), item.album);
    case Qt::DecorationRole: return upNext ? ThemeIcons::icon(QStringLiteral("queue")) : QVariant();
    case Qt::ForegroundRole:
        // The rest of the playing list is there to see what comes; queued rows stand out.
        return upNext ? QVariant() : QVariant(QPalette().brush(QPalette::Disabled, QPalette::Text));
    case UpNextRole: return upNext;
    default: return {};
    }
}

Qt::ItemFlags QueueModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren | Qt::ItemIsDropEnabled;
    if (index.row() < upNextCount())
        f |= Qt::ItemIsDragEnabled;
    return f;
}

QStringList QueueModel::mimeTypes() const
{
    return {QLatin1String(kQueueRowsMime), QLatin1String(TrackModel::kTrackIdsMime)};
}

QMimeData *QueueModel::mimeData(const QModelIndexList &indexes) const
{
    QList<int> rows;
    for (const QModelIndex &i : indexes)
        if (i.isValid() && i.row() < upNextCount() && !rows.contains(i.row()))
            rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    QByteArray data;
    QDataStream out(&data, QIODevice::WriteOnly);
    out << rows;
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(kQueueRowsMime), data);
    return mime;
}

Qt::DropActions QueueModel::supportedDropActions() const { return Qt::MoveAction | Qt::CopyAction; }

bool QueueModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    return data->hasFormat(QLatin1String(kQueueRowsMime)) || data->hasFormat(QLatin1String(TrackModel::kTrackIdsMime));
}

bool QueueModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                              const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // Dropped on a row: before it; below everything: at the end. Queued items always play
    // before the rest of the list, so a drop further down lands at the end of them.
    const int at = row >= 0 ? row : (parent.isValid() ? parent.row() : rowCount());
    const int before = std::min(at, upNextCount());
    if (data->hasFormat(QLatin1String(kQueueRowsMime))) {
        QList<int> rows;
        QDataStream in(data->data(QLatin1String(kQueueRowsMime)));
        in >> rows;
        m_player->moveUpNext(rows, before);
    } else {
        const QStringList ids = QString::fromUtf8(data->data(QLatin1String(TrackModel::kTrackIdsMime)))
                                    .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        Q_EMIT tracksDropped(ids, before);
    }
    // The queue changed and the model was reset: the view must not remove the dragged rows.
    return false;
}

} // namespace ekn
