// ekn_bench_trackrow [TRACKS]: reading tracks through the field table (trackFromQuery, one
// loop over kTrackFields per row) next to the hand-written positional mapping it replaced
// (each member named, column numbers fixed), on the same rows of the same library, same run.
// Both run the same SQL (trackSelectSql + trackOrderSql); the figure is the mapping's cost.
#include "library/library.h"
#include "library/trackrow.h"
#include "library/trackwriter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <ctime>

#include <algorithm>

using namespace ekn;

namespace {

double cpuSec()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// The mapping before the field table (trackrow.cpp of 2026-11-30), kept here as the baseline.
Track positional(const QSqlQuery &q)
{
    Track t;
    t.id = q.value(0).toString();
    t.title = q.value(1).toString();
    t.artist = q.value(2).toString();
    t.album = q.value(3).toString();
    t.duration = q.value(4).toInt();
    t.fileUrl = QUrl(q.value(5).toString());
    t.fileSize = q.value(6).toLongLong();
    t.format = q.value(7).toString();
    t.bitrate = q.value(8).toInt();
    const QJsonObject m = QJsonDocument::fromJson(q.value(9).toString().toUtf8()).object();
    t.albumArtist = m.value(QLatin1String("album_artist")).toString();
    t.trackNumber = m.value(QLatin1String("track_number")).toInt();
    t.trackTotal = m.value(QLatin1String("track_total")).toInt();
    t.discNumber = m.value(QLatin1String("disc_number")).toInt();
    t.discTotal = m.value(QLatin1String("disc_total")).toInt();
    t.year = m.value(QLatin1String("year")).toInt();
    t.genre = m.value(QLatin1String("genre")).toString();
    t.composer = m.value(QLatin1String("composer")).toString();
    t.comment = m.value(QLatin1String("comment")).toString();
    t.sampleRate = m.value(QLatin1String("sample_rate")).toInt();
    t.channels = m.value(QLatin1String("channels")).toInt();
    t.durationMs = m.value(QLatin1String("duration_ms")).toInteger();
    const QJsonObject cover = m.value(QLatin1String("cover")).toObject();
    t.hasCover = cover.value(QLatin1String("present")).toBool();
    t.coverMime = cover.value(QLatin1String("mime")).toString();
    t.createdAt = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
    t.updatedAt = QDateTime::fromString(q.value(11).toString(), Qt::ISODateWithMs);
    t.filePath = t.fileUrl.isLocalFile() ? t.fileUrl.toLocalFile() : q.value(12).toString();
    t.available = q.value(13).toInt() != 0;
    t.onThisDevice = !q.value(12).isNull();
    return t;
}

// CPU seconds of reading every track with `map`, best of three.
template <class Map>
double timeRead(const LibraryDatabase &db, Map map, qint64 *checksum)
{
    double best = 1e9;
    for (int round = 0; round < 3; ++round) {
        QSqlQuery q(db.connection());
        q.setForwardOnly(true);
        const double start = cpuSec();
        q.exec(trackSelectSql() + QStringLiteral(" WHERE t.deleted_at IS NULL ") + trackOrderSql());
        qint64 sum = 0;
        while (q.next()) {
            const Track t = map(q);
            sum += t.year + t.title.size() + t.genre.size();
        }
        best = std::min(best, cpuSec() - start);
        *checksum = sum;
    }
    return best;
}

} // namespace

// A bench on a library it cannot write would measure nothing.
template <class T>
void must(const ekn::Result<T> &r)
{
    if (!r)
        qFatal("cannot write the library: %s", qPrintable(r.error()));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int tracks = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 100000;
    QTemporaryDir tmp;
    LibraryDatabase db(LibraryDatabase::fileNameIn(tmp.path()));
    if (!db.open())
        return 1;
    TrackWriter writer(db.connection());
    must(writer.begin());
    for (int i = 0; i < tracks; ++i) {
        ScannedFile f;
        f.path = f.nfcPath = QStringLiteral("/synthetic/%1/%2.flac").arg(i / 12).arg(i);
        f.size = 1000000 + i;
        f.info.title = QStringLiteral("Title %1").arg(i);
        f.info.artist = QStringLiteral("Artist %1").arg(i % 3000);
        f.info.album = QStringLiteral("Album %1").arg(i / 12);
        f.info.albumArtist = f.info.artist;
        f.info.genre = QStringLiteral("genre%1").arg(i % 40);
        f.info.year = 1960 + i % 65;
        f.info.trackNumber = 1 + i % 12;
        f.info.trackTotal = 12;
        f.info.format = QStringLiteral("flac");
        f.info.durationMs = 180000;
        f.info.sampleRate = 44100;
        f.info.channels = 2;
        must(writer.insertTrack(f));
        if (i % 5000 == 4999) {
            must(writer.commit());
            must(writer.begin());
        }
    }
    must(writer.commit());
    qint64 a = 0, b = 0;
    const double table = timeRead(db, [](const QSqlQuery &q) { return trackFromQuery(q); }, &a);
    const double hand = timeRead(db, positional, &b);
    QTextStream out(stdout);
    out << "== reading " << tracks << " tracks (CPU s, best of 3) ==\n";
    out << QStringLiteral("field table (trackFromQuery)   %1 s  (%2 us/track)\n").arg(table, 0, 'f', 3).arg(table * 1e6 / tracks, 0, 'f', 2);
    out << QStringLiteral("positional, hand-written       %1 s  (%2 us/track)\n").arg(hand, 0, 'f', 3).arg(hand * 1e6 / tracks, 0, 'f', 2);
    out << QStringLiteral("  ratio table / positional     %1x   (same values: %2)\n").arg(table / hand, 0, 'f', 2)
               .arg(a == b ? QStringLiteral("yes") : QStringLiteral("NO"));
    return a == b ? 0 : 1;
}
