#include "conflictlogdialog.h"

#include "trackmodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace ekn {

namespace {
constexpr int IdRole = Qt::UserRole + 1;
constexpr int RestoredRole = Qt::UserRole + 2;

QJsonValue parseValue(const QString &json)
{
    // The log keeps JSON text of one value; wrapping it parses scalars as well.
    const QJsonDocument d = QJsonDocument::fromJson(QByteArray("[") + json.toUtf8() + QByteArray("]"));
    return d.isArray() && !d.array().isEmpty() ? d.array().first() : QJsonValue(json);
}
} // namespace

ConflictLogDialog::ConflictLogDialog(QWidget *parent)
    : QDialog(parent)
    , m_state(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_empty(new QLabel(this))
    , m_restore(new QPushButton(tr("&Restore Lost Value"), this))
    , m_syncNow(new QPushButton(tr("&Sync Now"), this))
{
    setObjectName(QStringLiteral("conflictLogDialog"));
    setWindowTitle(tr("Sync Conflicts"));
    m_state->setObjectName(QStringLiteral("syncStateDetail"));
    m_state->setTextFormat(Qt::PlainText);
    QFont bold = m_state->font();
    bold.setBold(true);
    m_state->setFont(bold);
    m_detail->setObjectName(QStringLiteral("syncErrorDetail"));
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->hide();

    auto *intro = new QLabel(tr("When the same field was changed here and on another device, the change "
                                "synced last was kept. The other value is listed here; Restore makes it "
                                "the current value again, and it syncs to your other devices."),
                             this);
    intro->setWordWrap(true);

    m_list->setObjectName(QStringLiteral("conflictList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHeaderLabels({tr("When"), tr("Track or Playlist"), tr("Field"), tr("Kept"), tr("Lost"), tr("Lost Value From")});
    m_list->header()->setSectionResizeMode(ItemColumn, QHeaderView::Stretch);
    m_empty->setObjectName(QStringLiteral("noConflicts"));
    m_empty->setText(tr("No conflicts: nothing was lost while syncing."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->hide();

    m_restore->setObjectName(QStringLiteral("restoreConflictButton"));
    m_restore->setEnabled(false);
    m_syncNow->setObjectName(QStringLiteral("syncNowButton"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_restore, QDialogButtonBox::ActionRole);
    buttons->addButton(m_syncNow, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ConflictLogDialog::updateButtons);
    connect(m_syncNow, &QPushButton::clicked, this, &ConflictLogDialog::syncNowRequested);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const QList<QTreeWidgetItem *> sel = m_list->selectedItems();
        if (sel.isEmpty() || sel.first()->data(0, RestoredRole).toBool())
            return;
        m_restore->setEnabled(false); // until the list comes back with the row marked restored
        Q_EMIT restoreRequested(sel.first()->data(0, IdRole).toLongLong());
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_detail);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty);
    layout->addWidget(buttons);
    resize(860, 420);
}

void ConflictLogDialog::setSyncState(const QString &text, const QString &detail)
{
    m_state->setText(text);
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
}

void ConflictLogDialog::setConflicts(const QList<ConflictEntry> &entries)
{
    const QList<QTreeWidgetItem *> sel = m_list->selectedItems();
    const qint64 selected = sel.isEmpty() ? 0 : sel.first()->data(0, IdRole).toLongLong();
    m_list->clear();
    QList<QTreeWidgetItem *> items;
    // Newest first: the conflict the user just heard about is at the top.
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const Conflict &c = it->conflict;
        auto *item = new QTreeWidgetItem;
        item->setData(0, IdRole, c.id);
        item->setData(0, RestoredRole, c.restoredAt.isValid());
        item->setText(WhenColumn, QLocale().toString(c.at.toLocalTime(), QLocale::ShortFormat));
        const QString kind = c.table == QLatin1String("playlists") ? tr("Playlist") : tr("Track");
        item->setText(ItemColumn, it->itemName.isEmpty() ? tr("%1 (no longer in the library)").arg(kind)
                                                          : tr("%1 \u201c%2\u201d").arg(kind, it->itemName));
        item->setText(FieldColumn, fieldName(c.table, c.field));
        item->setText(KeptColumn, valueText(c.field, c.winnerValue));
        item->setText(LostColumn, valueText(c.field, c.lostValue));
        QString from = c.lostFrom == QLatin1String("device") ? tr("This device") : tr("Another device");
        if (c.restoredAt.isValid()) {
            from = tr("%1 \u2014 restored %2").arg(from, QLocale().toString(c.restoredAt.toLocalTime(), QLocale::ShortFormat));
            for (int col = 0; col < ColumnCount; ++col)
                item->setForeground(col, palette().brush(QPalette::Disabled, QPalette::Text));
        }
        item->setText(FromColumn, from);
        item->setToolTip(LostColumn, c.reason);
        items << item;
    }
    m_list->addTopLevelItems(items);
    m_list->setVisible(!items.isEmpty());
    m_empty->setVisible(items.isEmpty());
    for (int col = 0; col < ColumnCount; ++col)
        if (col != ItemColumn)
            m_list->resizeColumnToContents(col);
    if (selected == 0 || !selectConflict(selected)) {
        // The first row that can still be restored.
        for (QTreeWidgetItem *item : std::as_const(items))
            if (!item->data(0, RestoredRole).toBool()) {
                m_list->setCurrentItem(item);
                break;
            }
    }
    updateButtons();
}

bool ConflictLogDialog::selectConflict(qint64 id)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(0, IdRole).toLongLong() == id) {
            m_list->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

void ConflictLogDialog::updateButtons()
{
    const QList<QTreeWidgetItem *> sel = m_list->selectedItems();
    m_restore->setEnabled(!sel.isEmpty() && !sel.first()->data(0, RestoredRole).toBool());
}

QString ConflictLogDialog::fieldName(const QString &table, const QString &field)
{
    if (field == QLatin1String("title"))
        return tr("Title");
    if (field == QLatin1String("artist"))
        return tr("Artist");
    if (field == QLatin1String("album"))
        return tr("Album");
    if (field == QLatin1String("rating"))
        return TrackModel::columnName(TrackModel::RatingColumn);
    if (field == QLatin1String("name"))
        return tr("Name");
    if (field == QLatin1String("description"))
        return tr("Description");
    if (field == QLatin1String("*"))
        return tr("The whole change (refused by the server)");
    if (field == QLatin1String("entries"))
        return tr("Tracks and order");
    if (field == QLatin1String("deleted_at"))
        return table == QLatin1String("playlists") ? tr("Playlist deleted") : tr("Track deleted");
    if (field.startsWith(QLatin1String("metadata."))) {
        const QString key = field.mid(9);
        if (key == QLatin1String("album_artist"))
            return tr("Album artist");
        if (key == QLatin1String("genre"))
            return tr("Genre");
        if (key == QLatin1String("year"))
            return tr("Year");
        if (key == QLatin1String("composer"))
            return tr("Composer");
        if (key == QLatin1String("comment"))
            return tr("Comment");
        if (key == QLatin1String("track_number"))
            return tr("Track number");
        if (key == QLatin1String("disc_number"))
            return tr("Disc number");
        return key;
    }
    return field;
}

QString ConflictLogDialog::valueText(const QString &field, const QString &json)
{
    const QJsonValue v = parseValue(json);
    if (field == QLatin1String("deleted_at"))
        return v.isNull() || v.isUndefined() ? tr("Not deleted") : tr("Deleted");
    if (field == QLatin1String("entries") && v.isArray())
        return v.toArray().size() == 1 ? tr("1 track") : tr("%1 tracks").arg(v.toArray().size());
    if (field == QLatin1String("rating") && v.isDouble())
        return TrackModel::stars(v.toInt()); // half stars, as the Rating column shows them
    if (v.isNull() || v.isUndefined() || (v.isString() && v.toString().isEmpty()))
        return tr("(empty)");
    if (v.isDouble()) {
        // A year or a track number reads without a thousands separator.
        const double d = v.toDouble();
        return d == std::floor(d) ? QString::number(qint64(d)) : QLocale().toString(d);
    }
    if (v.isBool())
        return v.toBool() ? tr("Yes") : tr("No");
    if (v.isString())
        return v.toString();
    return QString::fromUtf8(QJsonDocument::fromJson(json.toUtf8()).toJson(QJsonDocument::Compact));
}

} // namespace ekn
