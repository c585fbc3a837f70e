#include "windowfixture.h"

#include "trackmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDragEnterEvent>
#include <QMimeData>
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

bool dragOnto(QAbstractItemView *view, QMimeData *mime, QPoint pos, Qt::DropAction action)
{
    QWidget *vp = view->viewport();
    QDragEnterEvent enter(pos, action, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &enter);
    QDragMoveEvent move(pos, action, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &move);
    if (!move.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), action, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &drop);
    return true;
}

QStringList viewIds(MainWindow &w)
{
    QStringList ids;
    for (const Track &t : w.trackModel()->tracks())
        ids << t.id;
    return ids;
}

int rowOfTitle(MainWindow &w, const QString &title)
{
    for (int r = 0; r < w.trackModel()->rowCount(); ++r)
        if (w.trackModel()->trackAt(r).title == title)
            return r;
    return -1;
}

} // namespace ekn::test
