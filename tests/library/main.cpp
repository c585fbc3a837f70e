#include "testmain.h"
#include "tst_corerules.h"
#include "tst_identity.h"
#include "tst_playlistcli.h"
#include "tst_librarycli.h"
#include "tst_rescanmodel.h"
#include "tst_librarydb.h"
#include "tst_scanner.h"
#include "tst_searchindex.h"
#include "tst_tags.h"

#include <QCoreApplication>

EKN_TEST_MAIN(QCoreApplication, TestTags, TestLibraryDatabase, TestScanner, TestSearchIndex, TestLibraryCli, TestIdentity, TestRescanModel, TestCoreRules, TestPlaylistCli)
