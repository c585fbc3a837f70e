// ekn_bench_library DIR [SEARCH_TRACKS]: the local library's figures, each next to a baseline
// measured in the same run.
//   first scan (FolderScanner, all cores)  vs  a bare single-thread TagLib read loop
//   no-change rescan                       vs  the first scan
//   search p50/p95 (FTS5, SEARCH_TRACKS synthetic rows, default 100,000)
//                                          vs  LIKE '%q%' over the same rows (the seed's query)
//   peak memory (getrusage)
// Make DIR with ekn_gen_library. Files are read once before timing so both loops run warm.
#include "library/library.h"
#include "library/trackwriter.h"
#include "scan/scan.h"
#include "tags/tags.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <taglib/fileref.h>
#include <taglib/tag.h>
#include <taglib/tpropertymap.h>

#include <sys/resource.h>
#include <ctime>

#include <algorithm>

using namespace ekn;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

// CPU time of the whole process: on shared cores the wall-clock ratio depends on what else runs;
// CPU per file does not.
double processCpuSec()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
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

ScanSummary runScan(const LibraryDatabase &db, const QString &root)
{
    FolderScanner scanner(db);
    ScanSummary summary;
    QObject::connect(&scanner, &FolderScanner::finished, &scanner, [&](const ScanSummary &s) { summary = s; },
                     Qt::DirectConnection);
    scanner.start({root});
    scanner.wait();
    return summary;
}

const char *const kWords[] = {"love", "night", "day", "light", "dream", "heart", "fire", "rain", "summer", "winter",
                              "été", "amour", "corazón", "noche", "road", "home", "lucky", "time", "halo", "crazy",
                              "human", "jóga", "dance", "blues", "live", "remix", "silver", "golden", "velvet", "river"};
const char *const kNames[] = {"beyoncé", "björk", "sigur rós", "daft punk", "röyksopp", "mötley crüe", "zoë",
                              "café tacuba", "héroes", "ólafur arnalds", "amadou", "nouvelle vague", "坂本龍一",
                              "мумий тролль", "electric", "northern lights"};

QString word(QRandomGenerator &rng)
{
    return QString::fromUtf8(kWords[rng.bounded(int(std::size(kWords)))]);
}

// A bench on a library it cannot write would measure nothing.
template <class T>
void must(const ekn::Result<T> &r)
{
    if (!r)
        qFatal("cannot write the library: %s", qPrintable(r.error()));
}

void fillSynthetic(const LibraryDatabase &db, int count)
{
    QRandomGenerator rng(7);
    TrackWriter writer(db.connection());
    must(writer.begin());
    for (int i = 0; i < count; ++i) {
        ScannedFile f;
        f.path = QStringLiteral("/synthetic/%1/%2.flac").arg(i / 12).arg(i);
        f.nfcPath = f.path;
        f.size = 1000000 + i;
        f.mtime = 1700000000000 + i;
        f.contentHash = QString::number(i);
        f.info.title = word(rng) + QLatin1Char(' ') + word(rng) + QLatin1Char(' ') + QString::number(i);
        const int artist = rng.bounded(3000);
        f.info.artist = QString::fromUtf8(kNames[artist % std::size(kNames)]) + QLatin1Char(' ') + QString::number(artist);
        f.info.album = word(rng) + QLatin1Char(' ') + QString::number(i / 12);
        f.info.genre = QStringLiteral("genre%1").arg(rng.bounded(40));
        f.info.year = 1960 + rng.bounded(65);
        f.info.format = QStringLiteral("flac");
        f.info.durationMs = 180000;
        f.info.sampleRate = 44100;
        must(writer.insertTrack(f));
        if (i % 5000 == 4999) {
            must(writer.commit());
            must(writer.begin());
        }
    }
    must(writer.commit());
}

QStringList searchQueries()
{
    QRandomGenerator rng(11);
    QStringList queries;
    for (int i = 0; i < 100; ++i) {
        const QString w = word(rng);
        queries << w.left(1 + rng.bounded(int(w.size()))); // typing: 1..n letters
    }
    for (int i = 0; i < 40; ++i)
        queries << word(rng) + QLatin1Char(' ') + word(rng).left(2);
    for (int i = 0; i < 30; ++i)
        queries << QStringLiteral("artist:") + QString::fromUtf8(kNames[rng.bounded(int(std::size(kNames)))]).left(4);
    for (int i = 0; i < 20; ++i)
        queries << QStringLiteral("genre:genre%1 year:%2").arg(rng.bounded(40)).arg(1960 + rng.bounded(65));
    for (const char *q : {"beyonce", "bjork", "sigur ros", "corazon", "ete", "jo", "l", "a"})
        queries << QString::fromUtf8(q);
    return queries;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: ekn_bench_library DIR [SEARCH_TRACKS]   (make DIR with ekn_gen_library)\n";
        return 2;
    }
    const QString root = args.at(1);
    const int searchTracks = args.size() > 2 ? args.at(2).toInt() : 100000;

    QStringList files;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (TagReader::isAudioFile(p))
            files << p;
    }
    out() << "files: " << files.size() << " in " << root << ", cores: " << QThread::idealThreadCount() << '\n';
    qint64 bytes = 0;
    for (const QString &p : std::as_const(files)) {
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            bytes += f.readAll().size(); // warm the page cache for both loops
    }
    out() << "warmed " << bytes / (1024 * 1024) << " MiB\n" << Qt::flush;

    // Baseline: the bare TagLib loop a scanner cannot beat on one core.
    TagReader::warmUp();
    QElapsedTimer t;
    t.start();
    const double bareCpuStart = processCpuSec();
    int bareOk = 0;
    for (const QString &p : std::as_const(files)) {
        TagLib::FileRef ref(QFile::encodeName(p).constData());
        if (ref.isNull() || !ref.audioProperties())
            continue;
        const TagLib::PropertyMap props = ref.file()->properties();
        bareOk += (ref.tag()->title().size() + props.size() + ref.audioProperties()->lengthInMilliseconds()) > 0;
    }
    const double bareSec = double(t.nsecsElapsed()) / 1e9;
    const double bareCpu = processCpuSec() - bareCpuStart;
    const double bareRate = double(files.size()) / bareSec;
    // Where a scan's time goes: our reader alone (TagLib + fallbacks + cover), one thread.
    t.restart();
    int readerOk = 0;
    for (const QString &p : std::as_const(files))
        readerOk += TagReader::read(p).ok ? 1 : 0;
    const double readerSec = double(t.nsecsElapsed()) / 1e9;

    QTemporaryDir tmp;
    LibraryDatabase db(LibraryDatabase::fileNameIn(tmp.filePath(QStringLiteral("scan"))));
    if (const Status opened = db.open(); !opened) {
        QTextStream(stderr) << opened.error() << '\n';
        return 1;
    }
    const double scanCpuStart = processCpuSec();
    const ScanSummary first = runScan(db, root);
    const double scanCpu = processCpuSec() - scanCpuStart;
    const double firstSec = double(first.elapsedMs) / 1000.0;
    const double scanRate = double(first.found) / firstSec;
    const long rssAfterScan = peakRssMb();
    const ScanSummary again = runScan(db, root);
    const double againSec = double(again.elapsedMs) / 1000.0;

    out() << "\n== scanning (" << files.size() << " files) ==\n";
    out() << QStringLiteral("bare TagLib loop (1 thread)   %1 s  %2 files/s  (%3 read)\n")
                 .arg(bareSec, 0, 'f', 2).arg(bareRate, 0, 'f', 0).arg(bareOk);
    out() << QStringLiteral("TagReader::read loop (1 thread) %1 s  %2 files/s\n")
                 .arg(readerSec, 0, 'f', 2).arg(double(files.size()) / readerSec, 0, 'f', 0);
    out() << QStringLiteral("first scan (FolderScanner)    %1 s  %2 files/s  added %3, failed %4\n")
                 .arg(firstSec, 0, 'f', 2).arg(scanRate, 0, 'f', 0).arg(first.added).arg(first.failed);
    out() << QStringLiteral("  ratio scan / bare loop      %1x   (goal >= 0.5)\n").arg(scanRate / bareRate, 0, 'f', 2);
    out() << QStringLiteral("  CPU per file: bare loop %1 us, first scan %2 us (all threads); the ratio on %3 free "
                            "cores would be %4x\n")
                 .arg(bareCpu / files.size() * 1e6, 0, 'f', 0)
                 .arg(scanCpu / files.size() * 1e6, 0, 'f', 0)
                 .arg(QThread::idealThreadCount())
                 .arg(QThread::idealThreadCount() * bareCpu / scanCpu, 0, 'f', 2);
    out() << QStringLiteral("no-change rescan              %1 s  files read %2  (goal < 1 s)\n")
                 .arg(againSec, 0, 'f', 3).arg(again.filesRead);
    out() << QStringLiteral("  ratio rescan / first scan   %1x\n").arg(againSec / firstSec, 0, 'f', 3);
    out() << Qt::flush;

    // Search on synthetic rows, written through the scanner's own writer.
    LibraryDatabase sdb(LibraryDatabase::fileNameIn(tmp.filePath(QStringLiteral("search"))));
    if (const Status opened = sdb.open(); !opened) {
        QTextStream(stderr) << opened.error() << '\n';
        return 1;
    }
    t.restart();
    fillSynthetic(sdb, searchTracks);
    const double fillSec = double(t.elapsed()) / 1000.0;
    TrackStore store(sdb);
    const QStringList queries = searchQueries();
    std::vector<double> fts;
    std::vector<double> like;
    std::vector<std::pair<double, QString>> slowest;
    int hits = 0;
    for (int round = 0; round < 2; ++round) { // round 0 warms the cache
        for (const QString &q : queries) {
            QElapsedTimer qt;
            qt.start();
            hits += int(store.search(q, 100).value().size());
            if (round == 1) {
                fts.push_back(double(qt.nsecsElapsed()) / 1e6);
                slowest.emplace_back(fts.back(), q);
            }
        }
    }
    // Baseline: what the seed's sample query does, a substring scan of title/artist/album.
    QSqlQuery likeQuery(sdb.connection());
    likeQuery.prepare(QStringLiteral("SELECT id FROM music_tracks WHERE deleted_at IS NULL AND (title LIKE ? OR artist "
                                     "LIKE ? OR album LIKE ?) LIMIT 100"));
    for (const QString &q : queries) {
        QElapsedTimer qt;
        qt.start();
        const QString pattern = QLatin1Char('%') + q.section(QLatin1Char(':'), -1) + QLatin1Char('%');
        for (int b = 0; b < 3; ++b)
            likeQuery.bindValue(b, pattern);
        likeQuery.exec();
        while (likeQuery.next()) {
        }
        like.push_back(double(qt.nsecsElapsed()) / 1e6);
    }
    const double p50 = percentile(fts, 0.5), p95 = percentile(fts, 0.95);
    const double l50 = percentile(like, 0.5), l95 = percentile(like, 0.95);
    out() << "\n== search (" << searchTracks << " tracks, " << queries.size() << " queries, 100 results max) ==\n";
    out() << QStringLiteral("synthetic rows written        %1 s (%2 rows/s, 5,000 per transaction, search indexed at each commit)\n")
                 .arg(fillSec, 0, 'f', 1).arg(double(searchTracks) / fillSec, 0, 'f', 0);
    out() << QStringLiteral("FTS5 search (TrackStore)      p50 %1 ms  p95 %2 ms  max %3 ms  (goal p95 < 10 ms)\n")
                 .arg(p50, 0, 'f', 2).arg(p95, 0, 'f', 2).arg(percentile(fts, 1.0), 0, 'f', 2);
    out() << QStringLiteral("LIKE '%q%' baseline           p50 %1 ms  p95 %2 ms\n").arg(l50, 0, 'f', 2).arg(l95, 0, 'f', 2);
    out() << QStringLiteral("  ratio FTS / LIKE            p50 %1x  p95 %2x\n").arg(p50 / l50, 0, 'f', 2).arg(p95 / l95, 0, 'f', 2);
    std::sort(slowest.begin(), slowest.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    out() << "slowest queries:";
    for (size_t i = 0; i < std::min<size_t>(6, slowest.size()); ++i)
        out() << QStringLiteral("  [%1] %2 ms").arg(slowest[i].second).arg(slowest[i].first, 0, 'f', 1);
    out() << '\n';
    out() << "\n== memory ==\n";
    out() << "peak RSS after scans " << rssAfterScan << " MiB, at the end " << peakRssMb() << " MiB\n";
    out() << Qt::flush;
    return 0;
}
