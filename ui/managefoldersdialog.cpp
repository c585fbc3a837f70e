#include "managefoldersdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ekn {

ManageFoldersDialog::ManageFoldersDialog(QWidget *parent)
    : QDialog(parent)
    , m_list(new QTreeWidget(this))
    , m_note(new QLabel(this))
    , m_add(new QPushButton(tr("&Add Folder..."), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_rescan(new QPushButton(tr("Re&scan"), this))
{
    setWindowTitle(tr("Manage Folders"));
    auto *intro = new QLabel(tr("EKNMusic keeps these folders up to date while it runs. Removing a folder takes its "
                                "tracks out of the library (on your other devices too); adding it again brings them "
                                "back with their edits and playlist places. Files are never deleted."),
                             this);
    intro->setWordWrap(true);
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Folder"), tr("Tracks"), tr("Last checked")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("foldersNote"));
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_rescan);
    buttons->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(row, 1);
    layout->addWidget(m_note);
    layout->addWidget(close);
    resize(640, 380);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &ManageFoldersDialog::addRequested);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const QString path = selectedFolder(); !path.isEmpty())
            Q_EMIT removeRequested(path);
    });
    connect(m_rescan, &QPushButton::clicked, this, [this] {
        QStringList paths;
        const QList<QTreeWidgetItem *> items = m_list->selectedItems();
        for (const QTreeWidgetItem *item : items)
            paths << item->data(0, Qt::UserRole).toString();
        Q_EMIT rescanRequested(paths.isEmpty() ? folders() : paths); // none selected: all of them
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ManageFoldersDialog::updateButtons);
    updateButtons();
}

void ManageFoldersDialog::setFolders(const QList<LibraryFolder> &folders)
{
    const QString selected = selectedFolder();
    m_list->clear();
    const QLocale locale;
    for (const LibraryFolder &f : folders) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, QDir::toNativeSeparators(f.path));
        item->setData(0, Qt::UserRole, f.path);
        item->setToolTip(0, QDir::toNativeSeparators(f.path));
        item->setText(1, f.unavailable > 0 ? tr("%1 (%2 not found)").arg(f.tracks).arg(f.unavailable)
                                           : QString::number(f.tracks));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(2, f.lastScan.isValid() ? locale.toString(f.lastScan.toLocalTime(), QLocale::ShortFormat) : tr("never"));
    }
    if (folders.isEmpty())
        setNote(tr("No folders yet: add the folders where your music is."));
    selectFolder(selected);
    updateButtons();
}

QStringList ManageFoldersDialog::folders() const
{
    QStringList out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        out << m_list->topLevelItem(i)->data(0, Qt::UserRole).toString();
    return out;
}

QString ManageFoldersDialog::selectedFolder() const
{
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    return items.isEmpty() ? QString() : items.first()->data(0, Qt::UserRole).toString();
}

void ManageFoldersDialog::selectFolder(const QString &path)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == path) {
            m_list->setCurrentItem(item);
            return;
        }
    }
}

void ManageFoldersDialog::setNote(const QString &text)
{
    m_note->setText(text);
}

void ManageFoldersDialog::updateButtons()
{
    m_remove->setEnabled(!m_list->selectedItems().isEmpty());
    m_rescan->setEnabled(m_list->topLevelItemCount() > 0);
}

} // namespace ekn
