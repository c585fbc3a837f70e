#pragma once

#include "sync/conflictlog.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace ekn {

// One conflict as the dialog shows it: the log's row and the name of its track or playlist.
struct ConflictEntry
{
    Conflict conflict;
    QString itemName;
};

// The sync conflict log: which value was kept and which one lost (title, artist, a playlist's
// name or order, a delete), when, and from where; Restore puts the lost value back as a new
// local edit that then syncs. The sync state and its last error sit at the top. Shows what
// SyncController gives it; never reads the library itself.
class ConflictLogDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column { WhenColumn, ItemColumn, FieldColumn, KeptColumn, LostColumn, FromColumn, ColumnCount };

    explicit ConflictLogDialog(QWidget *parent = nullptr);

    void setConflicts(const QList<ConflictEntry> &entries);
    void setSyncState(const QString &text, const QString &detail);

    QTreeWidget *list() const { return m_list; }
    QPushButton *restoreButton() const { return m_restore; }
    QLabel *stateLabel() const { return m_state; }
    // Selects the row of a conflict; false when it is not listed.
    bool selectConflict(qint64 id);

    // How a logged field and value read for a person.
    static QString fieldName(const QString &table, const QString &field);
    static QString valueText(const QString &field, const QString &json);

Q_SIGNALS:
    void restoreRequested(qint64 conflictId);
    void syncNowRequested();

private:
    void updateButtons();

    QLabel *m_state;
    QLabel *m_detail;
    QTreeWidget *m_list;
    QLabel *m_empty;
    QPushButton *m_restore;
    QPushButton *m_syncNow;
};

} // namespace ekn
