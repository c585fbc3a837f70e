#include "tst_biglibrary.h"

#include "library/library.h"
#include "library/trackwriter.h"
#include "mainwindow.h"
#include "trackmodel.h"
#include "trackview.h"
#include "viewspec.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace ekn;

namespace {
constexpr int kAlpha = 4200; // more than two search pages
constexpr int kZulu = 300;

std::unique_ptr<MainWindow> openWindow(const QString &dataDir)
{
    auto w = std::make_unique<MainWindow>(dataDir);
    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    w->resize(1000, 600);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    if (!loaded.wait(30000))
        qWarning("the library view did not load");
    return w;
}
} // namespace

void TestBigLibrary::initTestCase()
{
    QVERIFY(m_data.isValid());
    LibraryDatabase db(LibraryDatabase::fileNameIn(m_data.path()));
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    TrackWriter writer(db.connection());
    QVERIFY(writer.begin().ok());
    for (int i = 0; i < kAlpha + kZulu; ++i) {
        ScannedFile f;
        f.path = QStringLiteral("/big/%1/%2.flac").arg(i / 10).arg(i);
        f.nfcPath = f.path;
        f.size = 100000 + i;
        f.mtime = 1700000000000 + i;
        f.contentHash = QString::number(i);
        f.info.title = (i < kAlpha ? QStringLiteral("Alpha %1") : QStringLiteral("Zulu %1")).arg(i);
        f.info.artist = QStringLiteral("Band %1").arg(i % 37);
        f.info.album = QStringLiteral("Record %1").arg(i / 10);
        f.info.trackNumber = 1 + i % 10;
        f.info.format = QStringLiteral("flac");
        f.info.durationMs = 120000 + i;
        f.info.sampleRate = 44100;
        QVERIFY(writer.insertTrack(f).ok());
    }
    QVERIFY(writer.commit().ok());
}

void TestBigLibrary::init()
{
    // A window keeps the user's sort across restarts (the header's state), and a sorted view
    // shows a search's page in that sort, not by relevance. Each test opens the window as a
    // first start does: the sort test before must not reorder the search test's page (it did,
    // whenever the background sort finished before the comparison).
    QSettings().clear();
}

void TestBigLibrary::broadSearchShowsTheTrueCountAndScrollsToEveryMatch()
{
    auto w = openWindow(m_data.path());
    QCOMPARE(w->trackModel()->rowCount(), kAlpha + kZulu);
    QAbstractItemModelTester tester(w->trackModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    QTest::keyClicks(w->searchBox(), QStringLiteral("alp"));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && w->trackModel()->totalCount() == kAlpha, 20000);
    // The best page shows at once, and the title tells how many there are in all.
    QCOMPARE(w->trackModel()->rowCount(), kSearchPageRows);
    auto *title = w->findChild<QLabel *>(QStringLiteral("viewTitle"));
    QVERIFY(title);
    QVERIFY2(title->text().contains(QString::number(kAlpha)), qPrintable(title->text()));

    // Scrolling down brings the rest, page by page, until every match is there.
    QElapsedTimer clock;
    clock.start();
    while (w->trackModel()->rowCount() < kAlpha && clock.elapsed() < 30000) {
        w->trackView()->scrollToBottom();
        QTest::qWait(20);
    }
    QCOMPARE(w->trackModel()->rowCount(), kAlpha);
    QVERIFY(!w->trackModel()->canFetchMore({}));
    QSet<QString> ids;
    for (int r = 0; r < w->trackModel()->rowCount(); ++r) {
        const Track &t = w->trackModel()->trackAt(r);
        QVERIFY2(t.title.startsWith(QStringLiteral("Alpha ")), qPrintable(t.title));
        ids.insert(t.id);
    }
    QCOMPARE(int(ids.size()), kAlpha);

    // A narrower search is one page again, with its own count.
    loaded.clear();
    QTest::keyClicks(w->searchBox(), QStringLiteral("ha 4199"));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && w->searchBox()->text() == QStringLiteral("alpha 4199")
                                 && w->trackModel()->rowCount() == 1, 20000);
    QCOMPARE(w->trackModel()->trackAt(0).title, QStringLiteral("Alpha 4199"));
    QCOMPARE(w->trackModel()->totalCount(), 1);
    QVERIFY(!w->trackModel()->canFetchMore({}));
}

void TestBigLibrary::sortWithEverythingSelectedKeepsOrderSelectionAndIds()
{
    auto w = openWindow(m_data.path());
    QAbstractItemModelTester tester(w->trackModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrackModel *m = w->trackModel();
    QCOMPARE(m->rowCount(), kAlpha + kZulu);
    w->trackView()->selectAll();
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::DescendingOrder);
    // Numbers in titles sort as numbers: "Zulu 4499" comes first going down.
    QTRY_COMPARE_WITH_TIMEOUT(m->trackAt(0).title, QStringLiteral("Zulu 4499"), 20000);
    QCOMPARE(m->trackAt(m->rowCount() - 1).title, QStringLiteral("Alpha 0"));
    QCOMPARE(w->trackView()->selectionModel()->selectedRows().size(), kAlpha + kZulu);
    for (int r = 0; r < m->rowCount(); r += 97)
        QCOMPARE(m->rowOf(m->trackAt(r).id), r);

    // Back up by title: the same rows, the other way round, still all selected.
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::AscendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(m->trackAt(0).title, QStringLiteral("Alpha 0"), 20000);
    QCOMPARE(m->trackAt(1).title, QStringLiteral("Alpha 1"));
    QCOMPARE(m->trackAt(m->rowCount() - 1).title, QStringLiteral("Zulu 4499"));
    QCOMPARE(w->trackView()->selectionModel()->selectedRows().size(), kAlpha + kZulu);
    QCOMPARE(w->trackView()->selectedTrackIds().size(), kAlpha + kZulu);

    // One row selected survives a sort on the same track.
    w->trackView()->clearSelection();
    const QString picked = m->trackAt(5).id;
    w->trackView()->selectRow(5);
    w->trackView()->sortByColumn(TrackModel::DurationColumn, Qt::DescendingOrder);
    // The longest (2:04, tracks 3500-4499) first; equal lengths break ties by album artist
    // (here the artist, "Band i % 37", in natural order), then album and track: "Band 0"'s
    // first is track 3515, and "Band 36"'s last record holds track 4476.
    QTRY_COMPARE_WITH_TIMEOUT(m->trackAt(0).title, QStringLiteral("Alpha 3515"), 20000);
    QCOMPARE(m->trackAt(999).title, QStringLiteral("Zulu 4476"));
    QCOMPARE(w->trackView()->selectedTrackIds(), QStringList{picked});
}

void TestBigLibrary::searchShowsAScreenfulFirstThenTheWholePage()
{
    auto w = openWindow(m_data.path());
    TrackModel *m = w->trackModel();
    QAbstractItemModelTester tester(m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // What arrived, in order: the rows inserted and whether the search was still loading.
    QList<std::pair<int, int>> inserts;
    QList<bool> stillLoading;
    connect(m, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex &, int first, int last) {
        inserts.append({first, last});
        stillLoading.append(m->isLoading());
    });
    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    QTest::keyClicks(w->searchBox(), QStringLiteral("alpha"));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && w->searchBox()->text() == QStringLiteral("alpha"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(m->totalCount(), kAlpha, 20000);

    // Of the last keystroke's load: a screenful shown while the rest of the page was still
    // being read, then the rest of the page after it.
    QVERIFY2(inserts.size() >= 2, qPrintable(QString::number(inserts.size())));
    const auto firstPart = inserts.at(inserts.size() - 2);
    const auto rest = inserts.last();
    QCOMPARE(firstPart, std::make_pair(0, kFirstSearchRows - 1));
    QVERIFY(stillLoading.at(stillLoading.size() - 2));
    QCOMPARE(rest, std::make_pair(kFirstSearchRows, kSearchPageRows - 1));
    QCOMPARE(m->rowCount(), kSearchPageRows);

    // The two parts make the same page, in the same order, as one search for the whole page.
    LibraryDatabase db(LibraryDatabase::fileNameIn(m_data.path()));
    QVERIFY(db.open());
    const QList<Track> page = TrackStore(db).search(QStringLiteral("alpha"), kSearchPageRows).value();
    QCOMPARE(int(page.size()), kSearchPageRows);
    for (int r = 0; r < kSearchPageRows; ++r)
        QCOMPARE(m->trackAt(r).id, page.at(r).id);

    // Clearing the search brings the whole library back (the searched-over rows were dropped
    // off the window's thread, the library is read again).
    loaded.clear();
    w->searchBox()->clear();
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && !m->isLoading(), 20000);
    QCOMPARE(m->rowCount(), kAlpha + kZulu);

    // A sort the user chose is kept for the next start, and a search page shows in it.
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::DescendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(m->trackAt(0).title, QStringLiteral("Zulu 4499"), 20000);
    w->close();
    w = openWindow(m_data.path());
    m = w->trackModel();
    QSignalSpy reloaded(w.get(), &MainWindow::viewLoaded);
    QTest::keyClicks(w->searchBox(), QStringLiteral("alpha"));
    QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty() && !m->isLoading() && m->rowCount() == kSearchPageRows, 20000);
    // The best page (Alpha 0-1999, as above), by title going down.
    QTRY_COMPARE_WITH_TIMEOUT(m->trackAt(0).title, QStringLiteral("Alpha 1999"), 20000);
    QCOMPARE(m->trackAt(kSearchPageRows - 1).title, QStringLiteral("Alpha 0"));
}
