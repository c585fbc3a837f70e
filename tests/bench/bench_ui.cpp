// bench_ui [TRACKS] [ALBUMS]: the desktop window on a big library (default 100,000 synthetic
// tracks over 8,000 albums, written through the scanner's own TrackWriter; every album folder
// holds a real 500 px JPEG cover.jpg), each figure next to a baseline measured in the same run:
//   start -> first painted window       vs  the same on an empty library
//   start -> first rows painted, all rows loaded
//   peak memory (getrusage)             vs  after the empty-library window
//   search as you type, per keystroke: keystroke -> first rows painted  vs  the bare
//     TrackStore::search of as many rows; keystroke -> whole first page  vs  the same of a page
//   longest GUI-thread stall while loading / searching / select-all (a 2 ms heartbeat timer)
//   album grid: Albums clicked -> first painted grid  vs  the bare AlbumStore::albums query;
//     scroll frame time over the whole grid, a row of albums per frame (p50/p95/max)  vs  the
//     same over the track list; peak memory after it
//   cover thumbnails per second (CoverCache: cold, then cached)  vs  QImageReader decoding the
//     same JPEGs alone
// Reproduce (one command, from the worktree, after building bench_ui):
//   QT_QPA_PLATFORM=offscreen build/ci/tests/bench/bench_ui 100000 8000
#include "libraryservice.h"
#include "library/library.h"
#include "library/trackwriter.h"
#include "mainwindow.h"
#include "playback/playback.h"
#include "trackmodel.h"
#include "trackview.h"
#include "viewheader.h"
#include "viewspec.h"
#include "albumgrid.h"
#include "albummodel.h"
#include "covercache.h"
#include "sidebar.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QImageReader>
#include <QTableView>
#include <QLinearGradient>
#include <QPainter>
#include <QScrollBar>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <vector>

using namespace ekn;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

long peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

const char *const kWords[] = {"love", "night", "day", "light", "dream", "heart", "fire", "rain", "summer", "winter",
                              "été", "amour", "corazón", "noche", "road", "home", "lucky", "time", "halo", "crazy"};
const char *const kNames[] = {"beyoncé", "björk", "sigur rós", "daft punk", "röyksopp", "zoë", "héroes",
                              "ólafur arnalds", "nouvelle vague", "electric", "northern lights"};

// A real cover: a 500 px JPEG, different for every album (a gradient, rings, the number), about
// the size and detail of a sleeve photo scaled for tagging.
void writeCover(const QString &path, int album)
{
    QImage img(500, 500, QImage::Format_RGB32);
    QPainter p(&img);
    QLinearGradient g(0, 0, 500, 500);
    g.setColorAt(0, QColor::fromHsv((album * 37) % 360, 180, 230));
    g.setColorAt(1, QColor::fromHsv((album * 37 + 140) % 360, 200, 90));
    p.fillRect(img.rect(), g);
    p.setRenderHint(QPainter::Antialiasing);
    for (int r = 0; r < 6; ++r) {
        p.setPen(QPen(QColor::fromHsv((album * 53 + r * 40) % 360, 120, 250, 160), 6 + r * 3));
        p.drawEllipse(QPoint(120 + (album * 7 + r * 31) % 260, 120 + (album * 13 + r * 17) % 260), 30 + r * 25, 30 + r * 25);
    }
    QFont f = p.font();
    f.setPixelSize(90);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(img.rect(), Qt::AlignCenter, QString::number(album));
    p.end();
    if (!img.save(path, "JPEG", 85))
        qFatal("cannot write %s", qPrintable(path));
}

// `count` tracks over `albums` albums (about 12 each), one artist per album. Each album has a
// folder under dataDir/music with a real cover.jpg and its first track as a (silent, empty)
// file, which is all the grid reads: CoverCache tries the file's embedded art, then the
// folder image.
// A bench on a library it cannot write would measure nothing.
template <class T>
void must(const ekn::Result<T> &r)
{
    if (!r)
        qFatal("cannot write the library: %s", qPrintable(r.error()));
}

void fillSynthetic(const QString &dataDir, int count, int albums = 0)
{
    LibraryDatabase db(LibraryDatabase::fileNameIn(dataDir));
    if (const Status opened = db.open(); !opened)
        qFatal("cannot open %s", qPrintable(opened.error()));
    if (albums <= 0)
        albums = std::max(1, count / 12);
    QRandomGenerator rng(7);
    const auto word = [&rng] { return QString::fromUtf8(kWords[rng.bounded(int(std::size(kWords)))]); };
    const QString music = dataDir + QStringLiteral("/music");
    TrackWriter writer(db.connection());
    must(writer.begin());
    int album = -1;
    int inAlbum = 0;
    QString albumTitle, artist;
    int year = 0;
    for (int i = 0; i < count; ++i) {
        const int a = int(qint64(i) * albums / count);
        if (a != album) {
            album = a;
            inAlbum = 0;
            albumTitle = word() + QLatin1Char(' ') + QString::number(a);
            const int n = rng.bounded(3000);
            artist = QString::fromUtf8(kNames[n % std::size(kNames)]) + QLatin1Char(' ') + QString::number(n);
            year = 1960 + rng.bounded(65);
            const QString folder = QStringLiteral("%1/%2").arg(music).arg(a);
            QDir().mkpath(folder);
            writeCover(folder + QStringLiteral("/cover.jpg"), a);
            QFile first(folder + QStringLiteral("/01.flac"));
            if (!first.open(QIODevice::WriteOnly))
                qFatal("cannot write %s", qPrintable(first.fileName()));
        }
        ++inAlbum;
        ScannedFile f;
        f.path = QStringLiteral("%1/%2/%3.flac").arg(music).arg(a).arg(inAlbum, 2, 10, QLatin1Char('0'));
        f.nfcPath = f.path;
        f.size = 1000000 + i;
        f.mtime = 1700000000000 + i;
        f.contentHash = QString::number(i);
        f.info.title = word() + QLatin1Char(' ') + word() + QLatin1Char(' ') + QString::number(i);
        f.info.artist = artist;
        f.info.album = albumTitle;
        f.info.trackNumber = inAlbum;
        f.info.genre = QStringLiteral("genre%1").arg(rng.bounded(40));
        f.info.year = year;
        f.info.format = QStringLiteral("flac");
        f.info.durationMs = 180000 + i % 60000;
        f.info.sampleRate = 44100;
        must(writer.insertTrack(f));
        if (i % 5000 == 4999) {
            must(writer.commit());
            must(writer.begin());
        }
    }
    must(writer.commit());
}

// Longest gap between ticks of a 2 ms timer on the GUI thread: how long the window froze.
class Heartbeat : public QObject
{
public:
    Heartbeat()
    {
        m_timer.setInterval(2);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            m_max = std::max(m_max, m_clock.restart());
        });
    }
    void start()
    {
        m_max = 0;
        m_cpuStart = threadCpuMs();
        m_clock.start();
        m_timer.start();
    }
    qint64 stop()
    {
        m_timer.stop();
        m_cpu = threadCpuMs() - m_cpuStart;
        return std::max(m_max, m_clock.elapsed());
    }
    // CPU time this (GUI) thread used between start and stop: on a busy 2-core box a long gap
    // can be the scheduler's, not our work; this tells which.
    double cpuMs() const { return m_cpu; }
    static double threadCpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_max = 0;
    double m_cpuStart = 0;
    double m_cpu = 0;
};

class PaintWatch : public QObject
{
public:
    explicit PaintWatch(QElapsedTimer &clock) : m_clock(clock) {}
    qint64 firstPaint = -1;
    qint64 firstRowsPaint = -1;
    TrackModel *model = nullptr;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint) {
            if (firstPaint < 0)
                firstPaint = m_clock.elapsed();
            if (firstRowsPaint < 0 && model && model->rowCount() > 0)
                firstRowsPaint = m_clock.elapsed();
        }
        return false;
    }

private:
    QElapsedTimer &m_clock;
};

struct StartFigures
{
    qint64 firstPaint = -1;
    qint64 firstRows = -1;
    qint64 allLoaded = -1;
    qint64 stall = 0;
};

StartFigures startWindow(const QString &dataDir, int expectRows, std::unique_ptr<MainWindow> *keep = nullptr)
{
    StartFigures f;
    Heartbeat beat;
    QElapsedTimer clock;
    clock.start();
    beat.start();
    auto w = std::make_unique<MainWindow>(dataDir);
    PaintWatch watch(clock);
    watch.model = w->trackModel();
    w->installEventFilter(&watch);
    w->trackView()->viewport()->installEventFilter(&watch);
    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    w->resize(1180, 720);
    w->show();
    while (loaded.isEmpty() && clock.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    f.allLoaded = clock.elapsed();
    if (w->trackModel()->rowCount() != expectRows)
        qWarning("expected %d rows, got %d", expectRows, w->trackModel()->rowCount());
    // Let the rows paint.
    while (watch.firstRowsPaint < 0 && expectRows > 0 && clock.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QTest::qWait(50);
    f.stall = beat.stop();
    f.firstPaint = watch.firstPaint;
    f.firstRows = watch.firstRowsPaint;
    w->removeEventFilter(&watch);
    w->trackView()->viewport()->removeEventFilter(&watch);
    if (keep)
        *keep = std::move(w);
    return f;
}


// Paint events of the grid's viewport: when albums were first painted.
class GridPaintWatch : public QObject
{
public:
    GridPaintWatch(QElapsedTimer &clock, QAbstractItemModel *model) : m_clock(clock), m_model(model) {}
    qint64 firstAlbumsPaint = -1;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint && firstAlbumsPaint < 0 && m_model->rowCount() > 0)
            firstAlbumsPaint = m_clock.elapsed();
        return false;
    }

private:
    QElapsedTimer &m_clock;
    QAbstractItemModel *m_model;
};

// One frame per step: scroll, paint now, let what arrived meanwhile (covers) in. Milliseconds.
std::vector<double> scrollFrames(QAbstractScrollArea *view, int step, int maxFrames)
{
    std::vector<double> frames;
    QScrollBar *bar = view->verticalScrollBar();
    bar->setValue(0);
    QCoreApplication::processEvents();
    for (int v = step; v <= bar->maximum() + step - 1 && int(frames.size()) < maxFrames; v += step) {
        QElapsedTimer f;
        f.start();
        bar->setValue(std::min(v, bar->maximum()));
        view->viewport()->repaint();
        QCoreApplication::processEvents();
        frames.push_back(double(f.nsecsElapsed()) / 1e6);
    }
    return frames;
}

QString spread(const std::vector<double> &v)
{
    return QStringLiteral("p50 %1 ms  p95 %2 ms  max %3 ms")
        .arg(percentile(v, 0.5), 0, 'f', 2).arg(percentile(v, 0.95), 0, 'f', 2).arg(percentile(v, 1.0), 0, 'f', 2);
}

// Thumbnails made by CoverCache (cold: decode, scale, write the JPEG; cached: read it)
// next to QImageReader decoding the same JPEGs at full size, one thread each.
void benchCoverThroughput(const QList<Album> &albums, int n)
{
    QStringList audio, images;
    for (const Album &a : albums) {
        if (audio.size() >= n)
            break;
        audio << a.coverFile;
        images << CoverCache::folderImage(a.coverFile);
    }
    QTemporaryDir cacheDir;
    const CoverCache cache(cacheDir.path());
    const long rssBefore = peakRssMb();
    const auto rate = [](qint64 ns, qsizetype count) { return double(count) / (double(ns) / 1e9); };
    QElapsedTimer t;
    t.start();
    int decoded = 0;
    for (const QString &f : std::as_const(images))
        decoded += QImageReader(f).read().isNull() ? 0 : 1;
    const double bare = rate(t.nsecsElapsed(), images.size());
    t.restart();
    int made = 0;
    for (const QString &f : std::as_const(audio))
        made += cache.thumbnail(f, AlbumModel::kCoverSize).image.isNull() ? 0 : 1;
    const double cold = rate(t.nsecsElapsed(), audio.size());
    t.restart();
    for (const QString &f : std::as_const(audio))
        cache.thumbnail(f, AlbumModel::kCoverSize);
    const double warm = rate(t.nsecsElapsed(), audio.size());
    out() << QStringLiteral("\n== cover thumbnails (%1 covers, 500 px JPEG -> %2 px, one thread) ==\n").arg(audio.size()).arg(AlbumModel::kCoverSize);
    out() << QStringLiteral("QImageReader alone (full decode) %1 /s  (%2 decoded)\n").arg(bare, 0, 'f', 0).arg(decoded);
    out() << QStringLiteral("CoverCache, cold cache           %1 /s  (%2 made; ratio %3)\n").arg(cold, 0, 'f', 0).arg(made).arg(cold / bare, 0, 'f', 2);
    out() << QStringLiteral("CoverCache, cached thumbnails    %1 /s  (ratio %2)\n").arg(warm, 0, 'f', 0).arg(warm / bare, 0, 'f', 2);
    out() << QStringLiteral("peak memory before / after      %1 MB / %2 MB\n").arg(rssBefore).arg(peakRssMb());
}

void benchAlbumGrid(MainWindow &w, const LibraryDatabase &db, Heartbeat &beat)
{
    QElapsedTimer q;
    q.start();
    const Result<QList<Album>> bare = AlbumStore(db).albums();
    const double bareMs = double(q.nsecsElapsed()) / 1e6;
    if (!bare)
        qFatal("albums: %s", qPrintable(bare.error()));

    AlbumGrid *grid = w.albumGrid();
    QElapsedTimer clock;
    GridPaintWatch watch(clock, grid->model());
    grid->viewport()->installEventFilter(&watch);
    beat.start();
    clock.start();
    w.sidebar()->select({ViewSpec::Kind::Albums, {}, {}, {}});
    while (watch.firstAlbumsPaint < 0 && clock.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const qint64 firstPaint = watch.firstAlbumsPaint;
    // The first screen of covers: until no cover came for 300 ms.
    int made = -1;
    qint64 lastCover = clock.elapsed();
    while (clock.elapsed() - lastCover < 300 && clock.elapsed() < 60000) {
        if (grid->albumModel()->coversMade() != made) {
            made = grid->albumModel()->coversMade();
            lastCover = clock.elapsed();
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    const qint64 coversShown = lastCover;
    const qint64 stall = beat.stop();
    grid->viewport()->removeEventFilter(&watch);
    out() << QStringLiteral("\n== album grid: %1 albums ==\n").arg(grid->model()->rowCount());
    out() << QStringLiteral("Albums clicked -> first painted grid  %1 ms   (bare AlbumStore::albums %2 ms, ratio %3)\n")
                 .arg(firstPaint).arg(bareMs, 0, 'f', 1).arg(double(firstPaint) / std::max(0.01, bareMs), 0, 'f', 2);
    out() << QStringLiteral("first screen of covers painted        %1 ms   (%2 covers made; longest GUI stall %3 ms)\n")
                 .arg(coversShown).arg(made).arg(stall);

    const int rowsOfAlbums = grid->verticalScrollBar()->maximum() / std::max(1, grid->gridSize().height()) + 1;
    const int before = grid->albumModel()->coversMade();
    QElapsedTimer whole;
    whole.start();
    const std::vector<double> gridFrames = scrollFrames(grid, grid->gridSize().height(), 1 << 30);
    const double wholeMs = double(whole.nsecsElapsed()) / 1e6;
    const int madeWhileScrolling = grid->albumModel()->coversMade() - before;
    const long gridRss = peakRssMb();
    // Baseline: the track list scrolled the same distance per frame, as many frames.
    w.sidebar()->select({ViewSpec::Kind::Library, {}, {}, {}});
    QSignalSpy loaded(&w, &MainWindow::viewLoaded);
    loaded.wait(60000);
    QTableView *list = w.trackView();
    const int rowHeight = std::max(1, list->verticalHeader()->defaultSectionSize());
    const bool perPixel = list->verticalScrollMode() == QAbstractItemView::ScrollPerPixel;
    const int step = perPixel ? grid->gridSize().height() : std::max(1, grid->gridSize().height() / rowHeight);
    const std::vector<double> listFrames = scrollFrames(list, step, int(gridFrames.size()));
    out() << QStringLiteral("scroll the whole grid, a row of albums per frame (%1 frames of %2 rows, %3 ms in all):\n")
                 .arg(gridFrames.size()).arg(rowsOfAlbums).arg(wholeMs, 0, 'f', 0);
    out() << QStringLiteral("  album grid   %1   (%2 covers made on the way)\n").arg(spread(gridFrames)).arg(madeWhileScrolling);
    out() << QStringLiteral("  track list   %1   (the same distance, %2 frames)\n").arg(spread(listFrames)).arg(listFrames.size());
    out() << QStringLiteral("  ratio        p50 %1  p95 %2  max %3\n")
                 .arg(percentile(gridFrames, 0.5) / std::max(0.001, percentile(listFrames, 0.5)), 0, 'f', 2)
                 .arg(percentile(gridFrames, 0.95) / std::max(0.001, percentile(listFrames, 0.95)), 0, 'f', 2)
                 .arg(percentile(gridFrames, 1.0) / std::max(0.001, percentile(listFrames, 1.0)), 0, 'f', 2);
    out() << QStringLiteral("peak memory after the grid    %1 MB  goal < 300 MB\n").arg(gridRss);
    benchCoverThroughput(*bare, 400);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    // A private home: the cover cache (test mode: ~/.qttest/cache) starts cold and goes away.
    QTemporaryDir home;
    qputenv("HOME", QFile::encodeName(home.path()));
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicBench"));
    QSettings().clear();
    const int tracks = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int albums = argc > 2 ? std::atoi(argv[2]) : 8000;

    QTemporaryDir warm, empty, bigTemp;
    // BENCH_UI_LIBRARY=DIR keeps the synthetic library (filling it takes minutes) for the next
    // run with the same sizes; the cover cache stays cold either way (a fresh HOME).
    const QString kept = qEnvironmentVariable("BENCH_UI_LIBRARY");
    const QString bigPath = kept.isEmpty() ? bigTemp.path() : kept;
    QElapsedTimer fillClock;
    fillClock.start();
    // A kept library starts without the play queue the last run saved (100,000 tracks).
    QFile::remove(bigPath + QStringLiteral("/playqueue.dat"));
    if (kept.isEmpty() || !QFile::exists(LibraryDatabase::fileNameIn(bigPath))) {
        QDir().mkpath(bigPath);
        fillSynthetic(bigPath, tracks, albums);
    }
    const double fillSec = double(fillClock.elapsed()) / 1000.0;

    // A first window pays one-off costs (fonts, style, plugins) that a user pays once per run.
    startWindow(warm.path(), 0);
    const StartFigures e = startWindow(empty.path(), 0);
    const long emptyRss = peakRssMb();
    std::unique_ptr<MainWindow> w;
    const StartFigures b = startWindow(bigPath, tracks, &w);
    const long bigRss = peakRssMb();

    out() << "== bench_ui: " << tracks << " synthetic tracks over " << albums << " albums with covers (written in " << QString::number(fillSec, 'f', 1)
          << " s), offscreen ==\n";
    out() << QStringLiteral("start -> first painted window   %1 ms   (empty library %2 ms, ratio %3)  goal < 1000 ms\n")
                 .arg(b.firstPaint).arg(e.firstPaint).arg(double(b.firstPaint) / double(std::max<qint64>(1, e.firstPaint)), 0, 'f', 2);
    out() << QStringLiteral("start -> first rows painted     %1 ms\n").arg(b.firstRows);
    out() << QStringLiteral("start -> all rows in the model  %1 ms   (empty library %2 ms)\n").arg(b.allLoaded).arg(e.allLoaded);
    out() << QStringLiteral("longest GUI stall while loading %1 ms   (empty library %2 ms)\n").arg(b.stall).arg(e.stall);
    out() << QStringLiteral("peak memory                     %1 MB   (after the empty-library window %2 MB, +%3 MB)  goal < 300 MB\n")
                 .arg(bigRss).arg(emptyRss).arg(bigRss - emptyRss);

    // BENCH_UI_ONLY=search, =grid or =covers runs one part (for profiling); every figure otherwise.
    const QString only = qEnvironmentVariable("BENCH_UI_ONLY");
    // Search as you type: one letter at a time, each time waiting for the rows to show.
    LibraryDatabase db(LibraryDatabase::fileNameIn(bigPath));
    if (const Status opened = db.open(); !opened)
        qFatal("cannot open %s", qPrintable(opened.error()));
    TrackStore store(db);
    const QStringList typed{QStringLiteral("northern"), QStringLiteral("summer ro"), QStringLiteral("beyonce"),
                            QStringLiteral("artist:bjo"), QStringLiteral("lucky halo 1")};
    std::vector<double> uiMs, bareMs, keyMs;
    qint64 searchStall = 0;
    double searchCpu = 0;
    QLineEdit *box = w->searchBox();
    Heartbeat beat;
    if (only == QLatin1String("covers")) {
        const Result<QList<Album>> albums = AlbumStore(db).albums();
        if (!albums)
            qFatal("albums: %s", qPrintable(albums.error()));
        benchCoverThroughput(*albums, 400);
        out().flush();
        return 0;
    }
    if (only == QLatin1String("grid")) {
        benchAlbumGrid(*w, db, beat);
        out() << QStringLiteral("peak memory at the end          %1 MB  goal < 300 MB\n").arg(peakRssMb());
        out().flush();
        return 0;
    }
    // Rows shown: the first paint of the track list with rows of this search (the model is
    // emptied at the keystroke), or, for no match, the end of the load (the hint paints then).
    std::vector<double> pageMs, barePageMs;
    for (const QString &query : typed) {
        box->clear();
        QSignalSpy cleared(w.get(), &MainWindow::viewLoaded);
        cleared.wait(30000);
        for (int n = 1; n <= query.size(); ++n) {
            if (query.at(n - 1) == QLatin1Char(' '))
                continue;
            QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
            QSignalSpy total(w->trackModel(), &TrackModel::totalChanged);
            beat.start();
            QElapsedTimer t;
            PaintWatch shown(t);
            shown.model = w->trackModel();
            t.start();
            QTest::keyClicks(box, query.mid(box->text().size(), n - box->text().size()));
            keyMs.push_back(double(t.nsecsElapsed()) / 1e6);
            w->trackView()->viewport()->installEventFilter(&shown);
            if (!loaded.wait(30000))
                qWarning("no result for %s", qPrintable(query.left(n)));
            const double ms = double(t.nsecsElapsed()) / 1e6;
            w->trackView()->viewport()->removeEventFilter(&shown);
            const qint64 stall = beat.stop();
            searchStall = std::max(searchStall, stall);
            searchCpu += beat.cpuMs();
            uiMs.push_back(shown.firstRowsPaint >= 0 ? double(shown.firstRowsPaint) : ms);
            pageMs.push_back(ms);
            if (qEnvironmentVariableIsSet("BENCH_UI_VERBOSE"))
                out() << QStringLiteral("  '%1': shown %2 ms, page %3 ms, GUI busy %4 ms, stall %5 ms\n")
                             .arg(query.left(n)).arg(uiMs.back(), 0, 'f', 1).arg(ms, 0, 'f', 1).arg(beat.cpuMs(), 0, 'f', 1)
                             .arg(stall);
            QElapsedTimer s;
            s.start();
            store.search(query.left(n), kFirstSearchRows).value();
            bareMs.push_back(double(s.nsecsElapsed()) / 1e6);
            s.restart();
            const int hits = int(store.search(query.left(n), kSearchPageRows).value().size());
            barePageMs.push_back(double(s.nsecsElapsed()) / 1e6);
            if (hits != w->trackModel()->rowCount())
                qWarning("'%s': view %d rows, bare search %d", qPrintable(query.left(n)), w->trackModel()->rowCount(), hits);
            const int all = store.searchCount(query.left(n)).value();
            // A full first page shows before its count of all matches comes.
            if (w->trackModel()->rowCount() >= kSearchPageRows && total.isEmpty())
                total.wait(30000);
            if (all != w->trackModel()->totalCount())
                qWarning("'%s': view says %d matches, the index %d", qPrintable(query.left(n)), w->trackModel()->totalCount(), all);
        }
    }
    const auto ratio = [](const std::vector<double> &a, const std::vector<double> &b, double p) {
        return percentile(a, p) / std::max(0.01, percentile(b, p));
    };
    out() << QStringLiteral("\n== search as you type (%1 keystrokes, first rows %2, first page %3 rows, the rest on scroll) ==\n")
                 .arg(uiMs.size()).arg(kFirstSearchRows).arg(kSearchPageRows);
    out() << QStringLiteral("keystroke -> rows shown         p50 %1 ms  p95 %2 ms  max %3 ms  goal p95 < 100 ms\n")
                 .arg(percentile(uiMs, 0.5), 0, 'f', 1).arg(percentile(uiMs, 0.95), 0, 'f', 1).arg(percentile(uiMs, 1.0), 0, 'f', 1);
    out() << QStringLiteral("bare TrackStore::search, %1 rows p50 %2 ms  p95 %3 ms  (ratio p50 %4, p95 %5)\n")
                 .arg(kFirstSearchRows).arg(percentile(bareMs, 0.5), 0, 'f', 1).arg(percentile(bareMs, 0.95), 0, 'f', 1)
                 .arg(ratio(uiMs, bareMs, 0.5), 0, 'f', 2).arg(ratio(uiMs, bareMs, 0.95), 0, 'f', 2);
    out() << QStringLiteral("keystroke -> first page loaded  p50 %1 ms  p95 %2 ms  max %3 ms\n")
                 .arg(percentile(pageMs, 0.5), 0, 'f', 1).arg(percentile(pageMs, 0.95), 0, 'f', 1).arg(percentile(pageMs, 1.0), 0, 'f', 1);
    out() << QStringLiteral("bare TrackStore::search, %1 rows p50 %2 ms  p95 %3 ms  (ratio p50 %4, p95 %5)\n")
                 .arg(kSearchPageRows).arg(percentile(barePageMs, 0.5), 0, 'f', 1).arg(percentile(barePageMs, 0.95), 0, 'f', 1)
                 .arg(ratio(pageMs, barePageMs, 0.5), 0, 'f', 2).arg(ratio(pageMs, barePageMs, 0.95), 0, 'f', 2);
    out() << QStringLiteral("GUI thread per keystroke        p50 %1 ms  max %2 ms;  longest GUI stall while searching %3 ms\n")
                 .arg(percentile(keyMs, 0.5), 0, 'f', 2).arg(percentile(keyMs, 1.0), 0, 'f', 2).arg(searchStall);
    out() << QStringLiteral("GUI thread busy per keystroke   mean %1 ms\n").arg(searchCpu / double(std::max<size_t>(1, uiMs.size())), 0, 'f', 2);

    if (only == QLatin1String("search")) {
        out().flush();
        return 0;
    }
    // A one-letter search, scrolled to its very end: every match is reachable.
    box->clear();
    {
        QSignalSpy l(w.get(), &MainWindow::viewLoaded);
        l.wait(30000);
    }
    {
        QSignalSpy l(w.get(), &MainWindow::viewLoaded);
        QSignalSpy total(w->trackModel(), &TrackModel::totalChanged);
        QTest::keyClicks(box, QStringLiteral("a"));
        l.wait(30000);
        if (total.isEmpty())
            total.wait(30000); // the count of all matches comes right after the first page
    }
    const int allA = store.searchCount(QStringLiteral("a")).value();
    const int firstPage = w->trackModel()->rowCount();
    beat.start();
    QElapsedTimer scroll;
    scroll.start();
    int pages = 0;
    while (w->trackModel()->rowCount() < w->trackModel()->totalCount() && scroll.elapsed() < 120000) {
        const int before = w->trackModel()->rowCount();
        w->trackView()->scrollToBottom(); // the view asks the model for more (fetchMore)
        while (w->trackModel()->rowCount() == before && scroll.elapsed() < 120000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        ++pages;
    }
    const double scrollMs = double(scroll.nsecsElapsed()) / 1e6;
    const qint64 scrollStall = beat.stop();
    out() << QStringLiteral("\n== every match reachable: \"a\" ==\n");
    out() << QStringLiteral("matches (index count) %1, view total %2, first page %3 rows; scrolled to the end in %4 pages, "
                            "%5 ms: %6 rows (GUI stall %7 ms)\n")
                 .arg(allA).arg(w->trackModel()->totalCount()).arg(firstPage).arg(pages).arg(scrollMs, 0, 'f', 0)
                 .arg(w->trackModel()->rowCount()).arg(scrollStall);
    if (w->trackModel()->rowCount() != allA)
        qWarning("scrolling did not reach every match: %d of %d", w->trackModel()->rowCount(), allA);
    out() << QStringLiteral("peak memory after search + scroll %1 MB\n").arg(peakRssMb());

    // Select all, then sort the whole library: neither may freeze the window.
    box->clear();
    {
        QSignalSpy l(w.get(), &MainWindow::viewLoaded);
        l.wait(30000);
    }
    beat.start();
    QElapsedTimer t;
    t.start();
    w->trackView()->selectAll();
    const QStringList ids = w->trackView()->selectedTrackIds();
    const double selectMs = double(t.nsecsElapsed()) / 1e6;
    const qint64 selectStall = beat.stop();
    const double selectCpu = beat.cpuMs();
    beat.start();
    t.restart();
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::AscendingOrder);
    const QString before = w->trackModel()->trackAt(0).id;
    while (w->trackModel()->trackAt(0).id == before && t.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double sortMs = double(t.nsecsElapsed()) / 1e6;
    const qint64 sortStall = beat.stop();
    const double sortCpu = beat.cpuMs();
    out() << QStringLiteral("\n== big selections ==\n");
    out() << QStringLiteral("select all + collect %1 ids     %2 ms (GUI stall %3 ms, GUI thread busy %4 ms)\n")
                 .arg(ids.size()).arg(selectMs, 0, 'f', 1).arg(selectStall).arg(selectCpu, 0, 'f', 1);
    out() << QStringLiteral("sort %1 rows by title, all selected %2 ms (on the pool; GUI stall %3 ms, GUI thread busy %4 ms)\n")
                 .arg(tracks).arg(sortMs, 0, 'f', 1).arg(sortStall).arg(sortCpu, 0, 'f', 1);
    // Sort again the other way with everything selected (the second sort frees the first order).
    beat.start();
    t.restart();
    w->trackView()->sortByColumn(TrackModel::ArtistColumn, Qt::DescendingOrder);
    const QString before2 = w->trackModel()->trackAt(0).id;
    while (w->trackModel()->trackAt(0).id == before2 && t.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double sort2Ms = double(t.nsecsElapsed()) / 1e6;
    const qint64 sort2Stall = beat.stop();
    const double sort2Cpu = beat.cpuMs();
    const bool stillAll = w->trackView()->selectionModel()->selectedRows().size() == tracks;
    out() << QStringLiteral("sort again by artist, desc      %1 ms (GUI stall %2 ms, GUI thread busy %3 ms); all still selected: %4\n")
                 .arg(sort2Ms, 0, 'f', 1).arg(sort2Stall).arg(sort2Cpu, 0, 'f', 1).arg(stillAll ? QStringLiteral("yes") : QStringLiteral("NO"));
    // Double-click with the whole library shown: the play queue is every row, in view order.
    beat.start();
    t.restart();
    Q_EMIT w->trackView()->playRequested(0);
    const double playMs = double(t.nsecsElapsed()) / 1e6;
    beat.stop();
    out() << QStringLiteral("play row 0 (queue of %1 tracks)  %2 ms on the GUI thread (busy %3 ms)\n")
                 .arg(w->player()->queue().size()).arg(playMs, 0, 'f', 1).arg(beat.cpuMs(), 0, 'f', 1);
    w->player()->stop();
    out() << QStringLiteral("peak memory before the grid      %1 MB\n").arg(peakRssMb());
    benchAlbumGrid(*w, db, beat);
    const long endRss = peakRssMb();
    out() << QStringLiteral("peak memory at the end          %1 MB   (after the empty-library window %2 MB, +%3 MB; "
                            "after loading %4 MB, ratio %5)  goal < 300 MB\n")
                 .arg(endRss).arg(emptyRss).arg(endRss - emptyRss).arg(bigRss).arg(double(endRss) / double(std::max(1L, bigRss)), 0, 'f', 2);
    out().flush();
    w.reset();
    return 0;
}
