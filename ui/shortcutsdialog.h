#pragma once

#include <QDialog>

class QMenuBar;
class QTreeWidget;

namespace ekn {

// Help > Keyboard Shortcuts: every menu entry that has a key, grouped by menu, read from the
// menus themselves so the list can never disagree with what the keys do.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    ShortcutsDialog(const QMenuBar *menus, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }

private:
    QTreeWidget *m_list;
};

} // namespace ekn
