#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ekn {

namespace {

QString plainText(QString text)
{
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QLatin1String("...")))
        text.chop(3);
    return text;
}

QStringList keysOf(const QAction *action)
{
    QStringList keys;
    const QList<QKeySequence> shortcuts = action->shortcuts();
    for (const QKeySequence &k : shortcuts)
        keys << k.toString(QKeySequence::NativeText);
    return keys;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar *menus, QWidget *parent)
    : QDialog(parent)
    , m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("Action"), tr("Keys")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
    const QList<QAction *> top = menus->actions();
    for (const QAction *menuAction : top) {
        const QMenu *menu = menuAction->menu();
        if (!menu)
            continue;
        QTreeWidgetItem *group = nullptr;
        const QList<QAction *> actions = menu->actions();
        for (const QAction *a : actions) {
            const QStringList keys = keysOf(a);
            if (keys.isEmpty())
                continue;
            if (!group) {
                group = new QTreeWidgetItem(m_list, {plainText(menuAction->text())});
                QFont bold = group->font(0);
                bold.setBold(true);
                group->setFont(0, bold);
                group->setFirstColumnSpanned(true);
            }
            new QTreeWidgetItem(m_list, {QStringLiteral("    ") + plainText(a->text()), keys.join(QStringLiteral(", "))});
        }
    }
    // Keys that are not in a menu.
    auto *other = new QTreeWidgetItem(m_list, {tr("Track list")});
    QFont bold = other->font(0);
    bold.setBold(true);
    other->setFont(0, bold);
    new QTreeWidgetItem(m_list, {QStringLiteral("    ") + tr("Play the selected track"), tr("Enter")});
    new QTreeWidgetItem(m_list, {QStringLiteral("    ") + tr("Move to the next part of the window"), tr("Tab")});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(520, 560);
}

} // namespace ekn
