#include "testmain.h"
#include "tst_mainwindow.h"
#include "tst_albums.h"
#include "tst_biglibrary.h"
#include "tst_desktop.h"
#include "tst_folders.h"
#include "tst_mpris.h"
#include "tst_player.h"
#include "tst_queue.h"
#include "tst_sorting.h"
#include "tst_sharedplaylists.h"
#include "tst_signin.h"
#include "tst_syncwindow.h"
#include "tst_translations.h"

#include <QApplication>

// TestTranslations last: it switches the language and ends on English again.
EKN_TEST_MAIN(QApplication, TestPlayer, TestQueue, TestAlbums, TestSorting, TestMpris, TestMainWindow, TestFolders, TestDesktop, TestBigLibrary, TestSignIn, TestSyncWindow, TestSharedPlaylistWindow, TestTranslations)
