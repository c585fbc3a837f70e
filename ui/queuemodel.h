#pragma once

#include "playback/playqueue.h"

#include <QAbstractListModel>
#include <QStringList>

namespace ekn {

class Player;
struct Track;

// The queue item that plays a library track (one owner of that mapping).
QueueItem queueItemOf(const Track &track);

// What plays after the current item, as the queue panel lists it: the items queued by hand
// (Play Next, Add to Queue), which can be dragged into another order, then the rest of the
// list that is playing. Rows are read from the player's queue on demand, so a queue of a
// whole library costs no copies.
class QueueModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Roles { UpNextRole = Qt::UserRole + 1 };
    static constexpr const char *kQueueRowsMime = "application/x-eknmusic-queue-rows";

    explicit QueueModel(Player *player, QObject *parent = nullptr);

    int upNextCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

Q_SIGNALS:
    // Tracks dragged in from the track view, to queue before up-next row `before`.
    void tracksDropped(const QStringList &trackIds, int before);

private:
    Player *m_player;
};

} // namespace ekn
