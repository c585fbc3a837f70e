#pragma once

#include "library/track.h"

#include <QDialog>

class QTableWidget;

namespace ekn {

// Lists the files the scanner could not read and why (from the library's scan errors).
class ScanErrorsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ScanErrorsDialog(QWidget *parent = nullptr);
    void setErrors(const QList<ScanError> &errors);

private:
    QTableWidget *m_table;
};

} // namespace ekn
