#include "tst_folders.h"

#include "audiofixture.h"
#include "folderactions.h"
#include "libraryservice.h"
#include "library/library.h"
#include "mainwindow.h"
#include "managefoldersdialog.h"
#include "scan/folderwatcher.h"
#include "sidebar.h"
#include "statusarea.h"
#include "trackmodel.h"
#include "trackview.h"
#include "windowfixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSqlQuery>
#include <QTest>
#include <QTreeWidget>

using namespace ekn;
using namespace ekn::test;

namespace {

QStringList titles(MainWindow &w)
{
    QStringList out;
    for (int r = 0; r < w.trackModel()->rowCount(); ++r)
        out << w.trackModel()->index(r, TrackModel::TitleColumn).data().toString();
    out.sort();
    return out;
}

} // namespace

void TestFolders::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings stay out of the user's
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
    QVERIFY(m_sources.isValid());
}

void TestFolders::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    m_music = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid() && m_music->isValid());
    qputenv("EKN_DATA_DIR", m_data->path().toUtf8());
    QVERIFY(copyFile(tone(QStringLiteral("Alpha"), 400), m_music->filePath(QStringLiteral("A/Alpha.ogg"))));
    QVERIFY(copyFile(tone(QStringLiteral("Beta"), 500), m_music->filePath(QStringLiteral("A/Beta.ogg"))));
    QVERIFY(copyFile(tone(QStringLiteral("Gamma"), 600), m_music->filePath(QStringLiteral("B/Gamma.ogg"))));
}

void TestFolders::cleanup()
{
    m_data.reset();
    m_music.reset();
}

QString TestFolders::tone(const QString &name, int frequency)
{
    const QString path = m_sources.filePath(name + QStringLiteral(".ogg"));
    if (!QFile::exists(path)) {
        const QString err = makeTone(path, toneTags(name, QStringLiteral("Tester")), 1.0, frequency);
        if (!err.isEmpty())
            qWarning("%s", qPrintable(err));
    }
    return path;
}

void TestFolders::importFolder(MainWindow &w, const QString &folder, int expectedRows)
{
    w.importPaths({folder});
    QTRY_COMPARE_WITH_TIMEOUT(w.trackModel()->rowCount(), expectedRows, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.statusArea()->isScanning(), 20000);
}

void TestFolders::fileCopiedIntoAWatchedFolderAppearsAndADeletedOneTurnsUnavailable()
{
    auto w = openShownWindow(m_data->path());
    importFolder(*w, m_music->path(), 3);

    // QFile::copy writes a temporary file and renames it, as file managers do.
    QElapsedTimer clock;
    clock.start();
    QVERIFY(QFile::copy(tone(QStringLiteral("Delta"), 700), m_music->filePath(QStringLiteral("B/Delta.ogg"))));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 4, 5000);
    qInfo("a copied file appeared after %lld ms", clock.elapsed());
    QVERIFY(rowOfTitle(*w, QStringLiteral("Delta")) >= 0);
    // Quietly: no import progress bar in the status bar (it would never end).
    QTest::qWait(1000);
    QVERIFY(!w->statusArea()->isScanning());
    QVERIFY(!w->statusArea()->findChild<QWidget *>(QStringLiteral("scanProgress"))->isVisible());

    clock.restart();
    QVERIFY(QFile::remove(m_music->filePath(QStringLiteral("A/Alpha.ogg"))));
    QTRY_VERIFY_WITH_TIMEOUT(titles(*w).contains(QStringLiteral("Alpha \u2014 not on this device")), 5000);
    qInfo("a deleted file turned unavailable after %lld ms", clock.elapsed());
    QCOMPARE(w->trackModel()->rowCount(), 4); // unavailable, never deleted

    // And back: the same track (same id) is available again.
    const QString alphaId = w->trackModel()->trackAt(rowOfTitle(*w, QStringLiteral("Alpha"))).id;
    QVERIFY(QFile::copy(tone(QStringLiteral("Alpha"), 400), m_music->filePath(QStringLiteral("A/Alpha.ogg"))));
    QTRY_VERIFY_WITH_TIMEOUT(titles(*w).contains(QStringLiteral("Alpha")), 5000);
    QCOMPARE(w->trackModel()->trackAt(rowOfTitle(*w, QStringLiteral("Alpha"))).id, alphaId);
}

void TestFolders::fileInAFolderCreatedWhileRunningAppears()
{
    auto w = openShownWindow(m_data->path());
    importFolder(*w, m_music->path(), 3);
    QVERIFY(QDir(m_music->path()).mkpath(QStringLiteral("C/Live")));
    QTest::qWait(1500); // the new folders are watched once their parent reported them
    QVERIFY(QFile::copy(tone(QStringLiteral("Epsilon"), 800), m_music->filePath(QStringLiteral("C/Live/Epsilon.ogg"))));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 4, 5000);
    QVERIFY(rowOfTitle(*w, QStringLiteral("Epsilon")) >= 0);
}

void TestFolders::filesChangedWhileClosedAreFoundAtStart()
{
    {
        auto w = openShownWindow(m_data->path());
        importFolder(*w, m_music->path(), 3);
    }
    QVERIFY(QFile::copy(tone(QStringLiteral("Zeta"), 900), m_music->filePath(QStringLiteral("A/Zeta.ogg"))));
    QVERIFY(QFile::remove(m_music->filePath(QStringLiteral("B/Gamma.ogg"))));
    auto w = openShownWindow(m_data->path());
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 4, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(titles(*w).contains(QStringLiteral("Gamma \u2014 not on this device")), 10000);
    QVERIFY(titles(*w).contains(QStringLiteral("Zeta")));
}

void TestFolders::outOfWatchesFallsBackToPollingAndSaysSo()
{
    auto w = openShownWindow(m_data->path());
    // The cap stands for the system's max_user_watches (a shared, machine-wide setting the
    // test must not lower): the folder tree needs 3 watches, 1 is allowed.
    w->library()->post([](LibraryWorker *lw) {
        lw->watcher()->setMaxWatches(1);
        lw->watcher()->setPollInterval(1000);
    });
    importFolder(*w, m_music->path(), 3);
    QTRY_VERIFY(w->folders()->watchNote() && w->folders()->watchNote()->isVisible());
    QVERIFY(w->folders()->watchNote()->toolTip().contains(QStringLiteral("no more folder watches")));
    // B is not watched: its new file is found by the periodic check.
    QVERIFY(QFile::copy(tone(QStringLiteral("Eta"), 1000), m_music->filePath(QStringLiteral("B/Eta.ogg"))));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 4, 5000);
}

void TestFolders::removedFolderLeavesTheViewAndComesBackWithEditsAndPlaylistPlaces()
{
    auto w = openShownWindow(m_data->path());
    const QString folderA = m_music->filePath(QStringLiteral("A"));
    importFolder(*w, folderA, 2);
    importFolder(*w, m_music->filePath(QStringLiteral("B")), 3);
    const QString alphaId = w->trackModel()->trackAt(rowOfTitle(*w, QStringLiteral("Alpha"))).id;
    const QString gammaId = w->trackModel()->trackAt(rowOfTitle(*w, QStringLiteral("Gamma"))).id;
    w->library()->post([alphaId, gammaId](LibraryWorker *lw) {
        lw->createPlaylist(QStringLiteral("Mix"), {gammaId, alphaId});
        TrackEdit edit;
        edit.album = QStringLiteral("Edited Album");
        lw->editTracks({alphaId}, edit);
    });
    QTRY_VERIFY(!w->sidebar()->playlists().isEmpty());
    QTRY_COMPARE(w->trackModel()->trackAt(rowOfTitle(*w, QStringLiteral("Alpha"))).album, QStringLiteral("Edited Album"));

    ManageFoldersDialog *dialog = w->folders()->manageFolders();
    QTRY_COMPARE(dialog->folders().size(), 2);
    QTRY_VERIFY(dialog->list()->topLevelItem(0)->text(1) == QStringLiteral("2"));
    dialog->selectFolder(LibraryFolders::normalized(folderA));
    QVERIFY(dialog->removeButton()->isEnabled());
    QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
    QTRY_COMPARE(dialog->folders(), QStringList{LibraryFolders::normalized(m_music->filePath(QStringLiteral("B")))});
    QTRY_COMPARE(titles(*w), QStringList{QStringLiteral("Gamma")});
    QVERIFY(w->statusArea()->currentMessage().contains(QStringLiteral("Add the folder again")));

    // Synced as a soft delete: an outbox row with deleted_at, and the row kept.
    {
        LibraryDatabase db(LibraryDatabase::fileNameIn(m_data->path()));
        QVERIFY(db.open());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE row_id = '%1' AND changed_fields LIKE '%deleted_at\":\"2%'")
                           .arg(alphaId)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM music_tracks WHERE id = '%1' AND deleted_at IS NOT NULL").arg(alphaId)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
    // A file of the removed folder changing no longer reaches the library (not watched).
    QVERIFY(QFile::copy(tone(QStringLiteral("Theta"), 1100), m_music->filePath(QStringLiteral("A/Theta.ogg"))));
    QTest::qWait(2000);
    QCOMPARE(titles(*w), QStringList{QStringLiteral("Gamma")});

    // The playlist kept its places.
    const QString playlistId = w->sidebar()->playlists().first().id;
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, playlistId, {}, {}}));
    QTRY_COMPARE(w->trackModel()->rowCount(), 2);
    QCOMPARE(w->trackModel()->trackAt(1).id, alphaId);

    // Added again: the same tracks come back with their edits (and the new file comes in).
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Library, {}, {}, {}}));
    importFolder(*w, folderA, 4);
    QCOMPARE(titles(*w), (QStringList{QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma"), QStringLiteral("Theta")}));
    const int alphaRow = rowOfTitle(*w, QStringLiteral("Alpha"));
    QCOMPARE(w->trackModel()->trackAt(alphaRow).id, alphaId);
    QCOMPARE(w->trackModel()->trackAt(alphaRow).album, QStringLiteral("Edited Album"));
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, playlistId, {}, {}}));
    QTRY_COMPARE(w->trackModel()->rowCount(), 2);
    QCOMPARE(w->trackModel()->trackAt(0).id, gammaId);
    QCOMPARE(w->trackModel()->trackAt(1).id, alphaId);
    dialog->close();
}

void TestFolders::removeFromLibraryAndUndo()
{
    auto w = openShownWindow(m_data->path());
    importFolder(*w, m_music->path(), 3);
    const int row = rowOfTitle(*w, QStringLiteral("Beta"));
    w->trackView()->selectRow(row);
    w->trackView()->setFocus();
    QTest::keyClick(w->trackView(), Qt::Key_Delete, Qt::ShiftModifier);
    QTRY_COMPARE(titles(*w), (QStringList{QStringLiteral("Alpha"), QStringLiteral("Gamma")}));
    // A quiet rescan (the watcher, or the check at start) does not bring it back.
    QVERIFY(QFile::copy(tone(QStringLiteral("Iota"), 1200), m_music->filePath(QStringLiteral("A/Iota.ogg"))));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 5000);
    QVERIFY(!titles(*w).contains(QStringLiteral("Beta")));
    QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(titles(*w), (QStringList{QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma"), QStringLiteral("Iota")}));
}
