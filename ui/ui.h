#pragma once

// ui: the Qt Widgets front end.
//   mainwindow.h  the frame that wires the parts together
#include "mainwindow.h"
