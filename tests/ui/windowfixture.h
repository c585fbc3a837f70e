#pragma once

#include "mainwindow.h"

#include <QPoint>
#include <QSize>
#include <QStringList>

#include <memory>

class QAbstractItemView;
class QMimeData;

namespace ekn::test {

// A real main window on the library in dataDir, shown (offscreen) and waited for until its
// library opened. Warns, rather than fails, when the platform does not expose it in time: the
// test's own checks then say what is missing.
std::unique_ptr<MainWindow> openShownWindow(const QString &dataDir, QSize size = QSize(1180, 720));

// Drags `mime` over a view's viewport and drops it at `pos`, as a mouse drag would (enter,
// move, drop). False when the view did not accept the move.
bool dragOnto(QAbstractItemView *view, QMimeData *mime, QPoint pos, Qt::DropAction action);

// The ids of the tracks the window's track view lists, in its order.
QStringList viewIds(MainWindow &w);
// The track view's row of the first track titled `title`; -1 when none is.
int rowOfTitle(MainWindow &w, const QString &title);

} // namespace ekn::test
