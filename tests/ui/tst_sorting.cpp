#include "tst_sorting.h"

#include "audiofixture.h"
#include "windowfixture.h"
#include "mainwindow.h"
#include "sidebar.h"
#include "statusarea.h"
#include "trackmodel.h"
#include "trackview.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

constexpr int kTracks = 8;

QStringList titles(MainWindow &w)
{
    QStringList out;
    for (int r = 0; r < w.trackModel()->rowCount(); ++r)
        out << w.trackModel()->trackAt(r).title;
    return out;
}

void clickHeader(MainWindow &w, int column)
{
    QHeaderView *h = w.trackView()->horizontalHeader();
    // Two clicks in quick succession are a double click, which does not sort.
    QTest::qWait(QApplication::doubleClickInterval() + 50);
    const int x = h->sectionViewportPosition(column) + h->sectionSize(column) / 2;
    QTest::mouseClick(h->viewport(), Qt::LeftButton, {}, QPoint(x, h->height() / 2));
}

std::unique_ptr<MainWindow> openWithMusic(const QString &music, const QString &data)
{
    auto w = openShownWindow(data);
    w->importPaths({music});
    [&] {
        QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), kTracks, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
        QTRY_VERIFY(w->sidebar()->topLevelItem(0)->text(0).contains(QString::number(kTracks)));
    }();
    return w;
}

} // namespace

void TestSorting::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_music.isValid());
    struct Spec
    {
        QString file, title, artist, album;
        int year, track;
    };
    // Ann's "Numbers" (2001, tracks 1 2 10 11 12), Ann's "Early" (1990), Bob's "Alpha" (2010).
    const QList<Spec> specs{
        {QStringLiteral("a/12.ogg"), QStringLiteral("Part 12"), QStringLiteral("Ann"), QStringLiteral("Numbers"), 2001, 12},
        {QStringLiteral("a/02.ogg"), QStringLiteral("Part 2"), QStringLiteral("Ann"), QStringLiteral("Numbers"), 2001, 2},
        {QStringLiteral("a/10.ogg"), QStringLiteral("Part 10"), QStringLiteral("Ann"), QStringLiteral("Numbers"), 2001, 10},
        {QStringLiteral("a/01.ogg"), QStringLiteral("Part 1"), QStringLiteral("Ann"), QStringLiteral("Numbers"), 2001, 1},
        {QStringLiteral("a/11.ogg"), QStringLiteral("Part 11"), QStringLiteral("Ann"), QStringLiteral("Numbers"), 2001, 11},
        {QStringLiteral("e/2.ogg"), QStringLiteral("Morning"), QStringLiteral("Ann"), QStringLiteral("Early"), 1990, 2},
        {QStringLiteral("e/1.ogg"), QStringLiteral("Dawn"), QStringLiteral("Ann"), QStringLiteral("Early"), 1990, 1},
        {QStringLiteral("b/1.ogg"), QStringLiteral("Zulu"), QStringLiteral("Bob"), QStringLiteral("Alpha"), 2010, 1},
    };
    int freq = 300;
    for (const Spec &s : specs) {
        const QString err = makeTone(m_music.filePath(s.file), toneTags(s.title, s.artist, s.album, {}, {}, s.year, s.track), 1.0, freq += 30);
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }
}

void TestSorting::headerClicksSortWithAlbumTiesAndReturnToLibraryOrder()
{
    QTemporaryDir data;
    auto w = openWithMusic(m_music.path(), data.path());
    const QStringList byArtist{QStringLiteral("Dawn"), QStringLiteral("Morning"), QStringLiteral("Part 1"), QStringLiteral("Part 2"),
                               QStringLiteral("Part 10"), QStringLiteral("Part 11"), QStringLiteral("Part 12"), QStringLiteral("Zulu")};
    // Library order: album artist, album, disc, track.
    const QStringList library = byArtist;
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w), library, 10000);

    // Artist: Ann's albums by year (Early 1990 before Numbers 2001), each by track number.
    clickHeader(*w, TrackModel::ArtistColumn);
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w), byArtist, 5000);
    // Again: Bob first, Ann's tracks still read as albums, in track order.
    clickHeader(*w, TrackModel::ArtistColumn);
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w), QStringList{QStringLiteral("Zulu")} + byArtist.mid(0, 7), 5000);
    // The third click: library order again.
    clickHeader(*w, TrackModel::ArtistColumn);
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w), library, 5000);
    QCOMPARE(w->trackView()->horizontalHeader()->sortIndicatorSection(), -1);

    // Album: Alpha, Early, Numbers (tracks 1, 2, 10, 11, 12; not 1, 10, 11, 12, 2).
    clickHeader(*w, TrackModel::AlbumColumn);
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w), QStringList{QStringLiteral("Zulu")} + byArtist.mid(0, 7), 5000);
    // Title: numbers inside names by value.
    clickHeader(*w, TrackModel::TitleColumn);
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w),
                              (QStringList{QStringLiteral("Dawn"), QStringLiteral("Morning"), QStringLiteral("Part 1"),
                                           QStringLiteral("Part 2"), QStringLiteral("Part 10"), QStringLiteral("Part 11"),
                                           QStringLiteral("Part 12"), QStringLiteral("Zulu")}),
                              5000);
    // Track number: equal numbers (three track 1s) by album artist, year, album.
    clickHeader(*w, TrackModel::TrackColumn);
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w).mid(0, 3), (QStringList{QStringLiteral("Dawn"), QStringLiteral("Part 1"), QStringLiteral("Zulu")}),
                              5000);
}

void TestSorting::searchResultsOfEqualRankComeInLibraryOrder()
{
    QTemporaryDir data;
    auto w = openWithMusic(m_music.path(), data.path());
    QTest::keyClicks(w->searchBox(), QStringLiteral("album:numbers"));
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w),
                              (QStringList{QStringLiteral("Part 1"), QStringLiteral("Part 2"), QStringLiteral("Part 10"),
                                           QStringLiteral("Part 11"), QStringLiteral("Part 12")}),
                              5000);
    // A better match comes first: "part 1" matches the title Part 1 as a whole phrase.
    w->searchBox()->clear();
    QTest::keyClicks(w->searchBox(), QStringLiteral("dawn"));
    QTRY_COMPARE_WITH_TIMEOUT(titles(*w), QStringList{QStringLiteral("Dawn")}, 5000);
}

void TestSorting::searchWithNoMatchSaysSoAndHowToSearch()
{
    QTemporaryDir data;
    auto w = openWithMusic(m_music.path(), data.path());
    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    QTest::keyClicks(w->searchBox(), QStringLiteral("qqzzxx"));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->trackView()->noMatchText().isEmpty(), 5000);
    const QString text = w->trackView()->noMatchText();
    QVERIFY2(text.contains(QStringLiteral("No tracks match \u201cqqzzxx\u201d")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("artist:")) && text.contains(QStringLiteral("year:")), qPrintable(text));
    QVERIFY(!w->isShowingEmptyState()); // the table with its hint, not the "drop a folder" page
    // Something found again: no hint.
    w->searchBox()->clear();
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), kTracks, 5000);
    QVERIFY(w->trackView()->noMatchText().isEmpty());
}
