#pragma once

#include <QMainWindow>

namespace ekn {

// The main window is a frame: it wires the sidebar, the track view, the player bar and the
// status bar together and owns none of their logic.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace ekn
