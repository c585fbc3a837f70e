#include "tst_albums.h"

#include "albumgrid.h"
#include "albummodel.h"
#include "audiofixture.h"
#include "covercache.h"
#include "mainwindow.h"
#include "playback/playback.h"
#include "sidebar.h"
#include "statusarea.h"
#include "trackmodel.h"
#include "trackview.h"
#include "windowfixture.h"

#include <QDir>
#include <QHeaderView>
#include <QApplication>
#include <QTimer>
#include <QMenu>
#include <QFile>
#include <QImageReader>
#include <QImage>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

constexpr int kTracks = 9;

struct Song
{
    const char *file;
    const char *title;
    const char *artist;
    const char *album;
    const char *albumArtist;
    const char *track;
    const char *disc;
    int year;
};

// File names (and scan order) deliberately disagree with disc and track numbers.
const Song kSongs[] = {
    {"a/Cold Harbour/x1.mp3", "Tide Ten", "Aurora Lane", "Cold Harbour", "", "10/11", "1/2", 2003},
    {"a/Cold Harbour/x2.mp3", "Second Disc", "Aurora Lane", "Cold Harbour", "", "1/3", "2/2", 2003},
    {"a/Cold Harbour/x3.flac", "Tide Two", "Aurora Lane", "Cold Harbour", "", "2/11", "1/2", 2003},
    {"a/Cold Harbour/x4.mp3", "Tide One", "Aurora Lane", "Cold Harbour", "", "1/11", "1/2", 2003},
    {"a/Early Light/1.ogg", "Dawn", "Aurora Lane", "Early Light", "", "1", "", 1999},
    {"a/Early Light/2.ogg", "Noon", "Aurora Lane", "Early Light", "", "2", "", 1999},
    {"b/Zeta/1.ogg", "Zed", "Beyoncé Trio", "Zeta", "", "1", "", 2010},
    {"v/Mixed/1.ogg", "Guest Spot", "Aurora Lane", "Mixed", "Various Artists", "1", "", 2015},
    {"v/Mixed/2.ogg", "Other Band", "Someone Else", "Mixed", "Various Artists", "2", "", 2015},
};

// What a cell of the grid reads as, line by line: title, album artist, year and tracks.
QStringList gridRows(MainWindow &w)
{
    QStringList out;
    QAbstractItemModel *m = w.albumGrid()->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r, 0);
        out << QStringLiteral("%1 | %2 | %3 | %4")
                   .arg(i.data().toString(), i.data(AlbumModel::AlbumArtistRole).toString())
                   .arg(i.data(AlbumModel::YearRole).toInt())
                   .arg(i.data(AlbumModel::TrackCountRole).toInt());
    }
    return out;
}

QStringList titles(MainWindow &w)
{
    QStringList out;
    for (int r = 0; r < w.trackModel()->rowCount(); ++r)
        out << w.trackModel()->index(r, TrackModel::TitleColumn).data().toString();
    return out;
}

int gridRowOf(MainWindow &w, const QString &album)
{
    QAbstractItemModel *m = w.albumGrid()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 0).data().toString() == album)
            return r;
    return -1;
}

// The colour in the middle of an album's cover as the grid paints it.
QColor coverColour(MainWindow &w, int row)
{
    AlbumGrid *grid = w.albumGrid();
    const QRect cell = grid->visualRect(grid->model()->index(row, 0));
    const QImage shot = grid->viewport()->grab().toImage();
    const int c = AlbumModel::kCoverSize / 2 + 8; // the cover sits 8 px into its cell
    return shot.pixelColor(cell.left() + c, cell.top() + c);
}

bool near(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) < 40 && std::abs(a.green() - b.green()) < 40 && std::abs(a.blue() - b.blue()) < 40;
}

} // namespace

void TestAlbums::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
    QSettings().clear();
    QVERIFY(m_music.isValid());
    // Cold Harbour carries a red picture in its files; Early Light has a blue cover.jpg
    // beside them; Zeta and Mixed have no art at all.
    QImage red(64, 64, QImage::Format_RGB32);
    red.fill(QColor(220, 20, 20));
    const QString redPng = m_music.filePath(QStringLiteral("red.png"));
    QVERIFY(red.save(redPng));
    int freq = 300;
    for (const Song &s : kSongs) {
        ToneTags tags = toneTags(QString::fromUtf8(s.title), QString::fromUtf8(s.artist), QString::fromUtf8(s.album),
                                 QString::fromUtf8(s.albumArtist), {}, s.year);
        tags.track = QString::fromUtf8(s.track);
        tags.disc = QString::fromUtf8(s.disc);
        if (QString::fromUtf8(s.album) == QStringLiteral("Cold Harbour"))
            tags.coverPng = redPng;
        const QString err = makeTone(m_music.filePath(QString::fromUtf8(s.file)), tags, 2.0, freq += 45);
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }
    QImage blue(300, 300, QImage::Format_RGB32);
    blue.fill(QColor(20, 40, 220));
    QVERIFY(blue.save(m_music.filePath(QStringLiteral("a/Early Light/cover.jpg"))));
}

void TestAlbums::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid());
    // A cold cover cache per test: covers are made from the files, not found from last time.
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
}

void TestAlbums::cleanup() { m_data.reset(); }

std::unique_ptr<MainWindow> TestAlbums::openWindowWithMusic()
{
    auto w = openShownWindow(m_data->path());
    w->importPaths({m_music.path()});
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
        QTRY_VERIFY(w->sidebar()->topLevelItem(0)->text(0).contains(QString::number(kTracks)));
    }();
    return w;
}

void TestAlbums::albumGridShowsEveryAlbumWithCoverYearAndTrackCountInOrder()
{
    auto w = openWindowWithMusic();
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Albums, {}, {}, {}}));
    QTRY_VERIFY(w->isShowingAlbumGrid());
    // By album artist, then year, then title; every track of an album counted.
    QTRY_COMPARE(gridRows(*w), (QStringList{QStringLiteral("Early Light | Aurora Lane | 1999 | 2"),
                                            QStringLiteral("Cold Harbour | Aurora Lane | 2003 | 4"),
                                            QStringLiteral("Zeta | Beyoncé Trio | 2010 | 1"),
                                            QStringLiteral("Mixed | Various Artists | 2015 | 2")}));
    // The covers paint: embedded art (red) and the folder image (blue); none for Zeta.
    QTRY_VERIFY_WITH_TIMEOUT(near(coverColour(*w, gridRowOf(*w, QStringLiteral("Cold Harbour"))), QColor(220, 20, 20)), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(near(coverColour(*w, gridRowOf(*w, QStringLiteral("Early Light"))), QColor(20, 40, 220)), 10000);
    const QColor none = coverColour(*w, gridRowOf(*w, QStringLiteral("Zeta")));
    QVERIFY2(!near(none, QColor(220, 20, 20)) && !near(none, QColor(20, 40, 220)), qPrintable(none.name()));
    // Made once each, into the cache folder, off the GUI thread.
    QTRY_COMPARE(w->albumGrid()->albumModel()->coversMade(), 4);
}

void TestAlbums::artistShowsTheAlbumsTheyAreOn()
{
    auto w = openWindowWithMusic();
    // Under Artists: Aurora Lane's own albums and the compilation they are on.
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Artist, QStringLiteral("Aurora Lane"), {}, {}}));
    QTRY_COMPARE(gridRows(*w), (QStringList{QStringLiteral("Early Light | Aurora Lane | 1999 | 2"),
                                            QStringLiteral("Cold Harbour | Aurora Lane | 2003 | 4"),
                                            QStringLiteral("Mixed | Various Artists | 2015 | 2")}));
    QVERIFY(w->isShowingAlbumGrid());
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Artist, QStringLiteral("Someone Else"), {}, {}}));
    QTRY_COMPARE(gridRows(*w), QStringList{QStringLiteral("Mixed | Various Artists | 2015 | 2")});
    // Control: the whole grid has more than what an artist shows.
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Albums, {}, {}, {}}));
    QTRY_COMPARE(gridRows(*w).size(), 4);
}

void TestAlbums::openedAlbumListsDiscAndTrackOrderAndPlaysFromTheTrackClicked()
{
    auto w = openWindowWithMusic();
    // The user had sorted the library by title; an album still lists in disc and track order.
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::AscendingOrder);
    QTRY_COMPARE(titles(*w).first(), QStringLiteral("Dawn"));
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Albums, {}, {}, {}}));
    QTRY_COMPARE(gridRows(*w).size(), 4);
    AlbumGrid *grid = w->albumGrid();
    const QPoint cold = grid->visualRect(grid->model()->index(gridRowOf(*w, QStringLiteral("Cold Harbour")), 0)).center();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, cold);
    QTest::mouseDClick(grid->viewport(), Qt::LeftButton, {}, cold);
    QTRY_VERIFY(!w->isShowingAlbumGrid());
    const QStringList inOrder{QStringLiteral("Tide One"), QStringLiteral("Tide Two"), QStringLiteral("Tide Ten"),
                              QStringLiteral("Second Disc")};
    QTRY_COMPARE(titles(*w), inOrder);
    QCOMPARE(w->trackView()->horizontalHeader()->sortIndicatorSection(), -1);

    // Double-click Tide Two: the album plays from there, in its order.
    TrackView *view = w->trackView();
    const QPoint two = view->visualRect(w->trackModel()->index(1, TrackModel::TitleColumn)).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, two);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, two);
    QTRY_VERIFY(w->player()->queue().current() != nullptr);
    QCOMPARE(w->player()->queue().current()->title, QStringLiteral("Tide Two"));
    QStringList queued;
    for (const QueueItem &i : w->player()->queue().items())
        queued << i.title;
    QCOMPARE(queued, inOrder);
    w->player()->next();
    QCOMPARE(w->player()->queue().current()->title, QStringLiteral("Tide Ten"));
    w->player()->stop();
}

void TestAlbums::transparentCoverShowsOverWhiteTheSameFromTheCache()
{
    // A folder image with a transparent background around a red disc (a PNG logo as cover).
    QTemporaryDir music, cache;
    QImage logo(600, 600, QImage::Format_ARGB32);
    logo.fill(Qt::transparent);
    QPainter p(&logo);
    p.setBrush(QColor(220, 20, 20));
    p.setPen(Qt::NoPen);
    p.drawEllipse(QPoint(300, 300), 150, 150);
    p.end();
    QVERIFY(logo.save(music.filePath(QStringLiteral("cover.png"))));
    QFile audio(music.filePath(QStringLiteral("01.flac")));
    QVERIFY(audio.open(QIODevice::WriteOnly));
    audio.close();

    const CoverCache covers(cache.path());
    const CoverCache::Result made = covers.thumbnail(audio.fileName(), AlbumModel::kCoverSize);
    const CoverCache::Result cached = covers.thumbnail(audio.fileName(), AlbumModel::kCoverSize);
    QVERIFY2(made.error.isEmpty(), qPrintable(made.error));
    for (const QImage &shown : {made.image, cached.image, QImage(cached.path)}) {
        QCOMPARE(shown.size(), QSize(AlbumModel::kCoverSize, AlbumModel::kCoverSize));
        // Where the logo is transparent the cover is white (JPEG keeps no transparency, and
        // black would be what shows through unless it is painted over white).
        QVERIFY2(near(shown.pixelColor(3, 3), Qt::white), qPrintable(shown.pixelColor(3, 3).name(QColor::HexArgb)));
        QVERIFY(near(shown.pixelColor(75, 75), QColor(220, 20, 20)));
    }
    // The cached file is a small JPEG (quicker to make than a PNG), for MPRIS' artUrl.
    QCOMPARE(QImageReader(cached.path).format(), QByteArray("jpeg"));
    QVERIFY2(QFileInfo(cached.path).size() < 20000, qPrintable(QString::number(QFileInfo(cached.path).size())));
}

void TestAlbums::discColumnShownFromTheHeaderMenuSortsByDisc()
{
    auto w = openWindowWithMusic();
    TrackView *view = w->trackView();
    QHeaderView *header = view->horizontalHeader();
    QTRY_COMPARE(w->trackModel()->rowCount(), kTracks);
    // Hidden by default, like the other optional columns; the header's menu offers it.
    QVERIFY(view->isColumnHidden(TrackModel::DiscColumn));
    QStringList offered;
    QTimer::singleShot(0, this, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *a : menu->actions()) {
            offered << a->text();
            if (a->text() == TrackModel::columnName(TrackModel::DiscColumn))
                a->trigger();
        }
        menu->close();
    });
    Q_EMIT header->customContextMenuRequested(QPoint(10, header->height() / 2));
    QVERIFY2(offered.contains(QStringLiteral("Disc")), qPrintable(offered.join(QLatin1Char(','))));
    QVERIFY(!view->isColumnHidden(TrackModel::DiscColumn));
    QCOMPARE(w->trackModel()->headerData(TrackModel::DiscColumn, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Disc"));

    // A click on its header: disc 1 before disc 2, tracks without a disc last; ties in album
    // and track order.
    QTest::qWait(QApplication::doubleClickInterval() + 50);
    const int x = header->sectionViewportPosition(TrackModel::DiscColumn) + header->sectionSize(TrackModel::DiscColumn) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QTRY_COMPARE(titles(*w).mid(0, 4), (QStringList{QStringLiteral("Tide One"), QStringLiteral("Tide Two"),
                                                    QStringLiteral("Tide Ten"), QStringLiteral("Second Disc")}));
    QCOMPARE(w->trackModel()->index(3, TrackModel::DiscColumn).data().toInt(), 2);
    QCOMPARE(w->trackModel()->index(0, TrackModel::DiscColumn).data().toInt(), 1);
    QVERIFY(!w->trackModel()->index(4, TrackModel::DiscColumn).data().isValid()); // no disc: an empty cell
    // Descending: disc 2 first, the tracks without a disc still last.
    QTest::qWait(QApplication::doubleClickInterval() + 50);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QTRY_COMPARE(titles(*w).first(), QStringLiteral("Second Disc"));
    QCOMPARE(titles(*w).mid(1, 3), (QStringList{QStringLiteral("Tide One"), QStringLiteral("Tide Two"), QStringLiteral("Tide Ten")}));
    // The third click: library order again (and no sort saved for the windows of later tests).
    QTest::qWait(QApplication::doubleClickInterval() + 50);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QTRY_COMPARE(header->sortIndicatorSection(), -1);
}
