#include "queuepanel.h"

#include "playback/player.h"
#include "queuemodel.h"

#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QToolButton>
#include <QVBoxLayout>

namespace ekn {

QueuePanel::QueuePanel(Player *player, QWidget *parent)
    : QWidget(parent)
    , m_player(player)
    , m_model(new QueueModel(player, this))
    , m_view(new QListView(this))
    , m_summary(new QLabel(this))
    , m_clear(new QToolButton(this))
{
    setObjectName(QStringLiteral("queuePanel"));
    m_view->setObjectName(QStringLiteral("queueView"));
    m_view->setAccessibleName(tr("Queue"));
    m_view->setModel(m_model);
    m_view->setUniformItemSizes(true); // a queue of a whole library is never measured
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropOverwriteMode(false);
    m_view->setAcceptDrops(true);
    m_view->installEventFilter(this);
    m_summary->setObjectName(QStringLiteral("queueSummary"));
    m_summary->setWordWrap(true);
    m_clear->setObjectName(QStringLiteral("clearQueueButton"));
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Remove everything you queued"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_clear, &QToolButton::clicked, player, &Player::clearUpNext);
    connect(m_view, &QListView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            m_player->playUpcoming(index.row());
    });
    connect(m_model, &QueueModel::tracksDropped, this, &QueuePanel::tracksDropped);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueuePanel::updateSummary);
    updateSummary();
}

QList<int> QueuePanel::selectedUpNextRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &i : selected)
        if (i.row() < m_model->upNextCount())
            rows.append(i.row());
    return rows;
}

bool QueuePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Delete) || key->key() == Qt::Key_Backspace) {
            m_player->removeUpNext(selectedUpNextRows());
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && m_view->currentIndex().isValid()) {
            m_player->playUpcoming(m_view->currentIndex().row());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void QueuePanel::updateSummary()
{
    const int queued = m_model->upNextCount();
    const int rest = m_model->rowCount() - queued;
    m_clear->setEnabled(queued > 0);
    if (queued == 0 && rest == 0)
        m_summary->setText(tr("Nothing queued. Right-click tracks and choose Play Next or Add to Queue, or drag them here."));
    else
        m_summary->setText(tr("Queued: %1 \u00b7 then from the playing list: %2").arg(queued).arg(rest));
}

} // namespace ekn
