#pragma once

#include "library/libraryfolders.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace ekn {

// File > Manage Folders: the library's folders with how many tracks each holds, and Add,
// Remove and Rescan. It only asks; FolderActions hands the requests to the library thread and
// feeds the list back with setFolders().
class ManageFoldersDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ManageFoldersDialog(QWidget *parent = nullptr);

    void setFolders(const QList<LibraryFolder> &folders);
    QStringList folders() const;
    QString selectedFolder() const;
    void selectFolder(const QString &path);
    // A line under the list: what the last request did, or why it failed (wraps).
    void setNote(const QString &text);
    QTreeWidget *list() const { return m_list; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }

Q_SIGNALS:
    void addRequested();
    void removeRequested(const QString &path);
    void rescanRequested(const QStringList &paths);

private:
    void updateButtons();

    QTreeWidget *m_list;
    QLabel *m_note;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_rescan;
};

} // namespace ekn
