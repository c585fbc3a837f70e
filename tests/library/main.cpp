#include "testmain.h"
#include "tst_librarycli.h"
#include "tst_librarydb.h"
#include "tst_scanner.h"
#include "tst_tags.h"

#include <QCoreApplication>

EKN_TEST_MAIN(QCoreApplication, TestTags, TestLibraryDatabase, TestScanner, TestLibraryCli)
