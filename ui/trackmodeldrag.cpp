#include "trackmodel.h"

#include "themeicons.h"

#include <QCollator>
#include <QDataStream>
#include <QFont>
#include <QHash>
#include <QIODevice>
#include <QLocale>
#include <QMimeData>
#include <QPointer>
#include <QSet>
#include <QThreadPool>

#include <algorithm>
#include <limits>
#include <tuple>
#include <numeric>
#include <optional>
#include <vector>

// TrackModel's drag and drop: rows leave as track ids and file URLs (and, in a playlist, as
// rows to move); a drop on a playlist's view asks for a move or an insert, never edits here.

namespace ekn {

QStringList TrackModel::mimeTypes() const
{
    return {QLatin1String(kTrackIdsMime), QLatin1String(kPlaylistRowsMime)};
}

QMimeData *TrackModel::mimeData(const QModelIndexList &indexes) const
{
    QList<int> rows;
    for (const QModelIndex &i : indexes)
        if (i.isValid() && !rows.contains(i.row()))
            rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    QStringList ids;
    QList<QUrl> urls;
    for (int r : std::as_const(rows)) {
        const Track &t = trackAt(r);
        ids << t.id;
        // Rows keep the path only (a QUrl per row is memory a big library does not need).
        urls << (t.fileUrl.isEmpty() ? QUrl::fromLocalFile(t.filePath) : t.fileUrl);
    }
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(kTrackIdsMime), ids.join(QLatin1Char('\n')).toUtf8());
    if (m_playlistOrder) {
        QByteArray rowData;
        QDataStream out(&rowData, QIODevice::WriteOnly);
        out << rows;
        mime->setData(QLatin1String(kPlaylistRowsMime), rowData);
    }
    mime->setUrls(urls);
    return mime;
}

Qt::DropActions TrackModel::supportedDropActions() const { return Qt::MoveAction | Qt::CopyAction; }

Qt::DropActions TrackModel::supportedDragActions() const { return Qt::MoveAction | Qt::CopyAction; }

bool TrackModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    return m_playlistOrder
        && (data->hasFormat(QLatin1String(kPlaylistRowsMime)) || data->hasFormat(QLatin1String(kTrackIdsMime)));
}

bool TrackModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                              const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // Dropped on a row: before it; in the empty space below: at the end.
    int before = row >= 0 ? row : (parent.isValid() ? parent.row() : rowCount());
    if (data->hasFormat(QLatin1String(kPlaylistRowsMime))) {
        QList<int> rows;
        QDataStream in(data->data(QLatin1String(kPlaylistRowsMime)));
        in >> rows;
        Q_EMIT moveRequested(rows, before);
    } else {
        const QStringList ids = QString::fromUtf8(data->data(QLatin1String(kTrackIdsMime))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        Q_EMIT insertRequested(ids, before);
    }
    // The library reorders and the view reloads; the view must not remove the dragged rows.
    return false;
}

} // namespace ekn
