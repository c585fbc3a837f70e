#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QToolButton;

namespace ekn {

class Player;
class QueueModel;

// The queue beside the track view: what plays next, queued items first. Drag to reorder them
// (or drop tracks from the track view between them), Delete removes the selected queued items,
// Clear empties the queue, double-click plays a row now.
class QueuePanel : public QWidget
{
    Q_OBJECT
public:
    explicit QueuePanel(Player *player, QWidget *parent = nullptr);

    QueueModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    // The selected rows that are queued items (the rest of the list cannot be removed).
    QList<int> selectedUpNextRows() const;

Q_SIGNALS:
    void tracksDropped(const QStringList &trackIds, int before);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateSummary();

    Player *m_player;
    QueueModel *m_model;
    QListView *m_view;
    QLabel *m_summary;
    QToolButton *m_clear;
};

} // namespace ekn
