#include "mainwindow.h"

#include <QLabel>

namespace ekn {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("EKNMusic"));
    auto *empty = new QLabel(tr("Drop a music folder here to start your library."), this);
    empty->setObjectName(QStringLiteral("emptyState"));
    empty->setAlignment(Qt::AlignCenter);
    setCentralWidget(empty);
    resize(1100, 700);
}

} // namespace ekn
