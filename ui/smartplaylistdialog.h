#pragma once

#include "library/smartplaylist.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ekn {

// Create or edit a smart playlist: a name, the search (the search box's syntax plus rating:,
// plays:, skipped:, played:, added:), an order and a limit. Save stays disabled while the
// search has a filter it cannot read, and the reason shows under it.
class SmartPlaylistDialog : public QDialog
{
    Q_OBJECT
public:
    SmartPlaylistDialog(const QString &name, const SmartRule &rule, QWidget *parent = nullptr);

    QString name() const;
    SmartRule rule() const;

private:
    void validate();

    QLineEdit *m_name;
    QLineEdit *m_query;
    QComboBox *m_order;
    QCheckBox *m_descending;
    QSpinBox *m_limit;
    QLabel *m_problem;
    QPushButton *m_save = nullptr;
};

} // namespace ekn
