#include "scanerrorsdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ekn {

ScanErrorsDialog::ScanErrorsDialog(QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("scanErrorsDialog"));
    setWindowTitle(tr("Files That Could Not Be Read"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("File"), tr("Reason"), tr("When")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(760, 380);
}

void ScanErrorsDialog::setErrors(const QList<ScanError> &errors)
{
    m_table->setRowCount(int(errors.size()));
    for (int i = 0; i < errors.size(); ++i) {
        const ScanError &e = errors.at(i);
        m_table->setItem(i, 0, new QTableWidgetItem(QDir::toNativeSeparators(e.path)));
        m_table->setItem(i, 1, new QTableWidgetItem(e.reason));
        m_table->setItem(i, 2, new QTableWidgetItem(QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat)));
    }
}

} // namespace ekn
