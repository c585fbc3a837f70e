#pragma once

#include "mainwindow.h"

#include <QSize>

#include <memory>

namespace ekn::test {

// A real main window on the library in dataDir, shown (offscreen) and waited for until its
// library opened. Warns, rather than fails, when the platform does not expose it in time: the
// test's own checks then say what is missing.
std::unique_ptr<MainWindow> openShownWindow(const QString &dataDir, QSize size = QSize(1180, 720));

} // namespace ekn::test
