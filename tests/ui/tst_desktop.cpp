#include "tst_desktop.h"

#include "audiofixture.h"
#include "library/library.h"
#include "libraryservice.h"
#include "mainwindow.h"
#include "playback/playback.h"
#include "shortcutsdialog.h"
#include "sidebar.h"
#include "singleinstance.h"
#include "statusarea.h"
#include "testsupport.h"
#include "trackmodel.h"
#include "trackview.h"
#include "windowfixture.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace ekn;
using namespace ekn::test;

namespace {

// Tracks in the library at `dataDir` whose file is `path` (read by this process, as a person
// would look at the library another process keeps).
int tracksWithFile(const QString &dataDir, const QString &path)
{
    LibraryDatabase db(LibraryDatabase::fileNameIn(dataDir));
    if (!db.open())
        return -1;
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT count(*) FROM track_files f JOIN music_tracks t ON t.id = f.track_id "
                             "WHERE f.path = ? AND t.deleted_at IS NULL"));
    q.addBindValue(path);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

} // namespace

void TestDesktop::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings stay out of the user's
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
    QVERIFY(m_music.isValid());
    for (const auto &[name, freq] : {std::pair{"Album/01 Dawn.ogg", 440}, std::pair{"Album/02 Dusk.ogg", 550},
                                     std::pair{"Single/Lone Song.ogg", 660}}) {
        const QString title = QFileInfo(QString::fromUtf8(name)).completeBaseName().mid(3);
        const QString err = makeTone(m_music.filePath(QString::fromUtf8(name)), toneTags(title, QStringLiteral("Desk")), 3.0, freq);
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }
}

void TestDesktop::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid());
    qputenv("EKN_DATA_DIR", m_data->path().toUtf8());
}

void TestDesktop::cleanup() { m_data.reset(); }

void TestDesktop::secondLaunchHandsAFileUriToTheRunningWindowAndExits()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_MEDIA_BACKEND"), QStringLiteral("gstreamer"));
    const QString dataDir = m_data->path();
    QProcess first;
    first.setProcessEnvironment(env);
    first.setProcessChannelMode(QProcess::ForwardedChannels);
    first.start(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--data-dir"), dataDir});
    QVERIFY(first.waitForStarted());
    auto stopFirst = qScopeGuard([&] {
        first.terminate();
        if (!first.waitForFinished(10000))
            first.kill();
    });
    // Up once it answers on its socket.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QLocalSocket probe;
            probe.connectToServer(SingleInstance::serverName(dataDir));
            return probe.waitForConnected(200);
        }(),
        15000);

    // A file manager's %U: a file:// URI with an escaped space, outside any library folder.
    const QString song = m_music.filePath(QStringLiteral("Single/Lone Song.ogg"));
    const QString uri = QUrl::fromLocalFile(song).toString(QUrl::FullyEncoded);
    QVERIFY(uri.contains(QStringLiteral("%20")));
    QElapsedTimer clock;
    clock.start();
    const ProcessResult second = runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--data-dir"), dataDir, uri}, env, 20000);
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(clock.elapsed() < 10000, "the second launch should hand over and exit, not open a window");
    qInfo("the second launch handed over and exited after %lld ms", clock.elapsed());
    QTRY_COMPARE_WITH_TIMEOUT(tracksWithFile(dataDir, song), 1, 10000);
    // Only the file came in, not its folder.
    QCOMPARE(tracksWithFile(dataDir, m_music.filePath(QStringLiteral("Album/01 Dawn.ogg"))), 0);
    QVERIFY(first.state() == QProcess::Running);

    // Control: another library is another instance, which stays up (a window of its own).
    QTemporaryDir other;
    QProcess third;
    third.setProcessEnvironment(env);
    third.start(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--data-dir"), other.path(), uri});
    QVERIFY(third.waitForStarted());
    QVERIFY(!third.waitForFinished(3000));
    third.terminate();
    if (!third.waitForFinished(10000))
        third.kill();
}

void TestDesktop::openingAFilePlaysItWithoutImportingItsFolder()
{
    auto w = openShownWindow(m_data->path());
    const QString song = m_music.filePath(QStringLiteral("Album/02 Dusk.ogg"));
    w->openPaths({song});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 1, 10000);
    QCOMPARE(w->trackModel()->trackAt(0).title, QStringLiteral("Dusk"));
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->currentTrackId(), w->trackModel()->trackAt(0).id, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w->player()->position() > 0, 10000);
    // The folder did not become a library folder; the sibling file is not in the library.
    QList<LibraryFolder> folders;
    {
        LibraryDatabase db(LibraryDatabase::fileNameIn(m_data->path()));
        QVERIFY(db.open());
        const Result<QList<LibraryFolder>> read = LibraryFolders(db).list();
        QVERIFY2(read, qPrintable(read.error()));
        folders = *read;
    }
    QVERIFY(folders.isEmpty());
    QTest::qWait(500);
    QCOMPARE(w->trackModel()->rowCount(), 1);
    // Opened again: the same track, not a second one.
    w->openPaths({song});
    QTest::qWait(500);
    QCOMPARE(w->trackModel()->rowCount(), 1);
    w->player()->stop();
}

void TestDesktop::openingAPlaylistFileImportsItAndAFolderAddsIt()
{
    auto w = openShownWindow(m_data->path());
    w->openPaths({m_music.filePath(QStringLiteral("Album"))});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 2, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
    const QString m3u = m_data->filePath(QStringLiteral("Evening.m3u8"));
    QFile f(m3u);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("#EXTM3U\n%1\n").arg(m_music.filePath(QStringLiteral("Album/02 Dusk.ogg"))).toUtf8());
    f.close();
    w->openPaths({m3u});
    QTRY_COMPARE_WITH_TIMEOUT(w->sidebar()->playlists().size(), 1, 10000);
    QCOMPARE(w->sidebar()->playlists().first().name, QStringLiteral("Evening"));

    // PLS, as web radios and older players write it (entries by number, file:// URLs).
    const QString pls = m_data->filePath(QStringLiteral("Late.pls"));
    QFile p(pls);
    QVERIFY(p.open(QIODevice::WriteOnly));
    p.write(QStringLiteral("[playlist]\nFile2=%1\nTitle2=Dusk\nFile1=%2\nNumberOfEntries=2\nVersion=2\n")
                .arg(m_music.filePath(QStringLiteral("Album/02 Dusk.ogg")),
                     QUrl::fromLocalFile(m_music.filePath(QStringLiteral("Album/01 Dawn.ogg"))).toString())
                .toUtf8());
    p.close();
    w->openPaths({pls});
    QTRY_COMPARE_WITH_TIMEOUT(w->sidebar()->playlists().size(), 2, 10000);
    QString lateId;
    for (const Playlist &list : w->sidebar()->playlists())
        if (list.name == QStringLiteral("Late"))
            lateId = list.id;
    QVERIFY(!lateId.isEmpty());
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, lateId, {}, {}}));
    QTRY_COMPARE(w->trackModel()->rowCount(), 2);
    QCOMPARE(w->trackModel()->trackAt(0).title, QStringLiteral("Dawn"));
    QCOMPARE(w->trackModel()->trackAt(1).title, QStringLiteral("Dusk"));
}

void TestDesktop::tabLeavesTheTrackTable()
{
    auto w = openShownWindow(m_data->path());
    w->openPaths({m_music.filePath(QStringLiteral("Album"))});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 2, 20000);
    w->trackView()->setFocus();
    QTRY_VERIFY(w->trackView()->hasFocus());
    QTest::keyClick(w->trackView(), Qt::Key_Tab);
    QTRY_VERIFY(!w->trackView()->hasFocus());
    QWidget *next = QApplication::focusWidget();
    QVERIFY(next);
    QVERIFY2(next != w->trackView() && !w->trackView()->isAncestorOf(next), next->metaObject()->className());
    // Shift+Tab from the search box comes back to it (the table sits between search and player).
    w->searchBox()->setFocus();
    QTRY_VERIFY(w->searchBox()->hasFocus());
    QTest::keyClick(w->searchBox(), Qt::Key_Tab);
    QTRY_VERIFY(w->trackView()->hasFocus());
}

void TestDesktop::undoPutsTracksRemovedFromAPlaylistBackInPlace()
{
    auto w = openShownWindow(m_data->path());
    w->openPaths({m_music.filePath(QStringLiteral("Album")), m_music.filePath(QStringLiteral("Single"))});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
    QStringList ids;
    for (int r = 0; r < 3; ++r)
        ids << w->trackModel()->trackAt(r).id;
    w->library()->post([ids](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Order"), ids); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, w->sidebar()->playlists().first().id, {}, {}}));
    QTRY_COMPARE(w->trackModel()->rowCount(), 3);
    auto order = [&] {
        QStringList out;
        for (int r = 0; r < w->trackModel()->rowCount(); ++r)
            out << w->trackModel()->trackAt(r).id;
        return out;
    };
    QCOMPARE(order(), ids);
    // Remove the first and the last entry with Delete, then Ctrl+Z.
    w->trackView()->setFocus();
    w->trackView()->selectionModel()->select(w->trackModel()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    w->trackView()->selectionModel()->select(w->trackModel()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTest::keyClick(w->trackView(), Qt::Key_Delete);
    QTRY_COMPARE(order(), QStringList{ids.at(1)});
    QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(order(), ids);
}

void TestDesktop::keyboardShortcutsListsWhatTheMenusDo()
{
    auto w = openShownWindow(m_data->path());
    QTest::keyClick(w.get(), Qt::Key_F1);
    ShortcutsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ShortcutsDialog *>()) != nullptr);
    QStringList rows;
    for (int i = 0; i < dialog->list()->topLevelItemCount(); ++i)
        rows << dialog->list()->topLevelItem(i)->text(0).trimmed() + QLatin1Char('=') + dialog->list()->topLevelItem(i)->text(1);
    const QString all = rows.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("Find=%1").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText))), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("Remove from Library=Shift+Del")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("Undo=Ctrl+Z")), qPrintable(all));
    dialog->close();
}

void TestDesktop::viewTitleCountsTracksRightAfterAnImport()
{
    auto w = openShownWindow(m_data->path());
    QLabel *title = w->findChild<QLabel *>(QStringLiteral("viewTitle"));
    QVERIFY(title);
    w->importPaths({m_music.filePath(QStringLiteral("Album"))});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 2, 20000);
    // The moment the rows are there, the title says so (not only after the next reload).
    QVERIFY2(title->text().endsWith(QStringLiteral("2 tracks")), qPrintable(title->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
    w->importPaths({m_music.filePath(QStringLiteral("Single"))});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 20000);
    QVERIFY2(title->text().endsWith(QStringLiteral("3 tracks")), qPrintable(title->text()));
}

void TestDesktop::aSearchFilterTheBoxCannotReadSaysWhichAndHowToWriteIt()
{
    QCOMPARE(runCli({QStringLiteral("scan"), m_music.path(), QStringLiteral("--data-dir"), m_data->path()}).exitCode, 0);
    auto w = openShownWindow(m_data->path());
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    // Typed a letter at a time, as a person does: "rating:9" is five stars mistyped.
    QTest::keyClicks(w->searchBox(), QStringLiteral("rating:9"));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && loaded.last().at(0).toInt() == 0
                                 && w->searchBox()->text() == QStringLiteral("rating:9"), 10000);
    QTRY_VERIFY(w->trackView()->noMatchText().contains(QStringLiteral("rating:9 is not a rating")));
    QVERIFY2(!w->trackView()->noMatchText().contains(QStringLiteral("No tracks match")),
             qPrintable(w->trackView()->noMatchText()));
    QCOMPARE(w->trackView()->readFailureText(), QString()); // a typo, not a damaged library
    // Written as the message says, the filter keeps the tracks it passes (none is rated: < 1 star).
    w->searchBox()->clear();
    QTest::keyClicks(w->searchBox(), QStringLiteral("rating:<1"));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 10000);
    w->searchBox()->clear();
    QTest::keyClicks(w->searchBox(), QStringLiteral("rating:>=4"));
    QTRY_VERIFY_WITH_TIMEOUT(w->searchBox()->text() == QStringLiteral("rating:>=4") && !loaded.isEmpty()
                                 && loaded.last().at(0).toInt() == 0, 10000);
    QTRY_VERIFY(w->trackView()->noMatchText().contains(QStringLiteral("No tracks match \u201crating:>=4\u201d")));
}

void TestDesktop::aSearchThatCannotBeReadSaysSoAndIsNotNoMatch()
{
    QCOMPARE(runCli({QStringLiteral("scan"), m_music.path(), QStringLiteral("--data-dir"), m_data->path()}).exitCode, 0);
    auto w = openShownWindow(m_data->path());
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
    // Control: a search that finds nothing says so where the rows would be.
    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    QTest::keyClicks(w->searchBox(), QStringLiteral("zzzz"));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && loaded.last().at(0).toInt() == 0, 10000);
    QTRY_VERIFY(w->trackView()->noMatchText().contains(QStringLiteral("No tracks match")));
    QCOMPARE(w->trackView()->readFailureText(), QString());
    w->searchBox()->clear();
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 10000);

    // The tracks table goes away under the window (a damaged file); the next search fails.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("break-tracks"));
        db.setDatabaseName(LibraryDatabase::fileNameIn(m_data->path()));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE music_tracks RENAME TO music_tracks_gone")), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("break-tracks"));
    QSignalSpy messages(w->statusArea(), &QStatusBar::messageChanged);
    loaded.clear();
    QTest::keyClicks(w->searchBox(), QStringLiteral("dawn"));
    auto said = [&] {
        for (const QList<QVariant> &m : std::as_const(messages))
            if (m.at(0).toString().contains(QStringLiteral("no such table: music_tracks")))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(said(), 10000);
    QTest::qWait(300);
    // Not "No tracks match", not the empty library's "add a folder": the view did not finish.
    QVERIFY(loaded.isEmpty());
    QCOMPARE(w->trackView()->noMatchText(), QString());
    QVERIFY(!w->isShowingEmptyState());
    // Where the rows would be, the list says why it is not there (the status bar's line goes
    // after 15 s; a blank list would read as "nothing here"), until a view loads again.
    // Typed a letter at a time, the last search to fail may fail in the search or in the read
    // of its tracks (issue 15 review: 1 run in 8); either names the table that is gone.
    const QString why = w->trackView()->readFailureText();
    QVERIFY2(why.contains(QStringLiteral("no such table: music_tracks")) &&
                 w->trackView()->readFailureText().contains(QStringLiteral("Nothing in the library was changed")),
             qPrintable(w->trackView()->readFailureText()));
}

// A playlist rename or add the library cannot store (its outbox table renamed away under the
// window) shows why in the status bar, and the sidebar keeps the playlist as it was. The same
// rename on the intact library works (the control).
void TestDesktop::aPlaylistEditThatCannotBeStoredShowsWhyAndKeepsThePlaylist()
{
    QCOMPARE(runCli({QStringLiteral("scan"), m_music.path(), QStringLiteral("--data-dir"), m_data->path()}).exitCode, 0);
    auto w = openShownWindow(m_data->path());
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
    const QString first = w->trackModel()->trackAt(0).id, second = w->trackModel()->trackAt(1).id;
    w->library()->post([first](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Mix"), {first}); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    const QString id = w->sidebar()->playlists().first().id;
    w->library()->post([id](LibraryWorker *lw) { lw->renamePlaylist(id, QStringLiteral("Mix 1")); });
    QTRY_COMPARE(w->sidebar()->playlists().first().name, QStringLiteral("Mix 1"));

    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("break-outbox"));
        db.setDatabaseName(LibraryDatabase::fileNameIn(m_data->path()));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE outbox RENAME TO outbox_gone")), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("break-outbox"));
    QSignalSpy messages(w->statusArea(), &QStatusBar::messageChanged);
    auto said = [&](const QString &what) {
        for (const QList<QVariant> &m : std::as_const(messages))
            if (m.at(0).toString().contains(what + QStringLiteral(": cannot record the change for sync: no such table: outbox")))
                return true;
        return false;
    };
    w->library()->post([id](LibraryWorker *lw) { lw->renamePlaylist(id, QStringLiteral("Mix 2")); });
    QTRY_VERIFY_WITH_TIMEOUT(said(QStringLiteral("Could not rename the playlist")), 10000);
    w->library()->post([id, second](LibraryWorker *lw) { lw->addToPlaylist(id, {second}, -1); });
    QTRY_VERIFY_WITH_TIMEOUT(said(QStringLiteral("Could not add the tracks")), 10000);
    QTest::qWait(300); // a sidebar reload after the failure would show the same
    QCOMPARE(w->sidebar()->playlists().size(), 1);
    QCOMPARE(w->sidebar()->playlists().first().name, QStringLiteral("Mix 1"));
    QCOMPARE(w->sidebar()->playlists().first().trackCount, 1);
}
