#include "testmain.h"
#include "tst_mainwindow.h"
#include "tst_biglibrary.h"
#include "tst_mpris.h"
#include "tst_player.h"
#include "tst_signin.h"
#include "tst_syncwindow.h"

#include <QApplication>

EKN_TEST_MAIN(QApplication, TestPlayer, TestMpris, TestMainWindow, TestBigLibrary, TestSignIn, TestSyncWindow)
