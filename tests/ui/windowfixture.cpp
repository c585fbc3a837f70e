#include "windowfixture.h"

#include <QSignalSpy>
#include <QTest>

namespace ekn::test {

std::unique_ptr<MainWindow> openShownWindow(const QString &dataDir, QSize size)
{
    auto w = std::make_unique<MainWindow>(dataDir);
    QSignalSpy opened(w.get(), &MainWindow::libraryOpened);
    w->resize(size);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    if (opened.isEmpty() && !opened.wait(10000))
        qWarning("library did not open");
    return w;
}

} // namespace ekn::test
