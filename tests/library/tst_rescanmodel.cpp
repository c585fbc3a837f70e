#include "tst_rescanmodel.h"

#include "audiofixture.h"
#include "library/library.h"
#include "retag.h"
#include "scan/scan.h"
#include "sync/conflictlog.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace ekn;
using namespace ekn::test;

namespace {

const QStringList kFields = {QStringLiteral("title"), QStringLiteral("artist"), QStringLiteral("album"),
                             QStringLiteral("genre")};
const QStringList kFormats = {QStringLiteral("mp3"), QStringLiteral("flac"), QStringLiteral("ogg")};

// What must be true of one track.
struct TrackModel
{
    QString id;
    QString path;  // where the file is (inside the library root, or aside when deleted)
    bool present = true;
    QMap<QString, QString> fileTags; // what the file says now
    QMap<QString, QString> lastRead; // what it said at the last rescan that read it
    QMap<QString, QString> library;  // what the library must show
    QMap<QString, qint64> editedAt;  // when the library's value last changed by an edit (ms)
    qint64 mtime = 0;
};

QString fieldOf(const Track &t, const QString &f)
{
    if (f == QLatin1String("title"))
        return t.title;
    if (f == QLatin1String("artist"))
        return t.artist;
    if (f == QLatin1String("album"))
        return t.album;
    return t.genre;
}

// The rule, as a person would state it (independent of mergeRescan's code).
void applyRescan(TrackModel &m, int &conflicts)
{
    if (!m.present)
        return;
    for (const QString &f : kFields) {
        const QString now = m.fileTags.value(f);
        const QString before = m.lastRead.value(f);
        const QString current = m.library.value(f);
        if (now == before || now == current)
            continue;
        if (current == before) {
            m.library[f] = now;
            continue;
        }
        ++conflicts; // both changed it: the later wins, the other is logged
        if (m.mtime > m.editedAt.value(f))
            m.library[f] = now;
    }
    m.lastRead = m.fileTags;
}

class Run
{
public:
    Run(quint32 seed, const QString &fixtures)
        : m_rng(seed)
        , m_fixtures(fixtures)
    {
    }

    // Empty when the library matched the model after every rescan, else the first difference.
    QString run(int steps);

private:
    QString music(const QString &rel) const { return m_dir.filePath(QStringLiteral("music/") + rel); }
    ScanSummary scan();
    QString check(int step);
    QString step(int n);
    QString freshPath(const QString &suffix)
    {
        return music(QStringLiteral("f%1/n%2.%3").arg(m_rng.bounded(3)).arg(++m_names).arg(suffix));
    }
    // Operations happen at distinct milliseconds, so "later" is never a tie.
    qint64 tick()
    {
        QThread::msleep(3);
        return QDateTime::currentMSecsSinceEpoch();
    }

    QRandomGenerator m_rng;
    QString m_fixtures;
    QTemporaryDir m_dir;
    std::unique_ptr<LibraryDatabase> m_db;
    QList<TrackModel> m_tracks;
    int m_conflicts = 0;
    int m_names = 0;
    QStringList m_log; // the operations so far, printed with a failure
};

ScanSummary Run::scan()
{
    FolderScanner scanner(*m_db);
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    if (!scanner.start({music({})}) || !finished.wait(120000) || finished.isEmpty())
        return {};
    return finished.first().first().value<ScanSummary>();
}

QString Run::check(int step)
{
    TrackStore store(*m_db);
    const QString where = QStringLiteral("after step %1 (%2)").arg(step).arg(m_log.join(QStringLiteral("; ")));
    if (store.trackCount().value() != m_tracks.size())
        return QStringLiteral("%1 tracks instead of %2 %3").arg(store.trackCount().value()).arg(m_tracks.size()).arg(where);
    for (const TrackModel &m : std::as_const(m_tracks)) {
        const std::optional<Track> t = store.track(m.id).value();
        if (!t)
            return QStringLiteral("track %1 is gone %2").arg(m.id, where);
        for (const QString &f : kFields)
            if (fieldOf(*t, f) != m.library.value(f))
                return QStringLiteral("%1 of %2 is \"%3\", the model says \"%4\" %5")
                    .arg(f, m.path, fieldOf(*t, f), m.library.value(f), where);
        if (t->available != m.present)
            return QStringLiteral("%1 available=%2 %3").arg(m.path).arg(t->available).arg(where);
        if (m.present && t->filePath != m.path)
            return QStringLiteral("track at %1, the file is at %2 %3").arg(t->filePath, m.path, where);
    }
    const int logged = int(ConflictLog(*m_db).conflicts().value().size());
    if (logged != m_conflicts)
        return QStringLiteral("%1 conflicts logged, the model expects %2 %3").arg(logged).arg(m_conflicts).arg(where);
    QSqlQuery q(m_db->connection());
    if (!q.exec(QStringLiteral("SELECT count(DISTINCT content_hash) FROM track_files")) || !q.next()
        || q.value(0).toInt() != m_tracks.size())
        return QStringLiteral("tracks share an audio hash %1").arg(where);
    return {};
}

QString Run::step(int n)
{
    TrackModel &m = m_tracks[int(m_rng.bounded(m_tracks.size()))];
    const QString field = kFields.at(int(m_rng.bounded(kFields.size())));
    const QString suffix = QFileInfo(m.path).suffix();
    switch (m_rng.bounded(7)) {
    case 0: { // edit any field
        const QString value = QStringLiteral("Edit %1").arg(n);
        TrackEdit edit;
        if (field == QLatin1String("title")) edit.title = value;
        else if (field == QLatin1String("artist")) edit.artist = value;
        else if (field == QLatin1String("album")) edit.album = value;
        else edit.genre = value;
        if (!TrackStore(*m_db).updateTrack(m.id, edit))
            return QStringLiteral("edit failed");
        m.library[field] = value;
        m.editedAt[field] = tick();
        m_log << QStringLiteral("edit %1 %2").arg(m.id.left(4), field);
        return {};
    }
    case 1: { // retag with another tool
        if (!m.present)
            return {};
        const QString value = QStringLiteral("Retag %1").arg(n);
        Retag r;
        if (field == QLatin1String("title")) r.title = value;
        else if (field == QLatin1String("artist")) r.artist = value;
        else if (field == QLatin1String("album")) r.album = value;
        else r.genre = value;
        const QString error = retagWithTagLib(m.path, r);
        if (!error.isEmpty())
            return error;
        m.fileTags[field] = value;
        m.mtime = tick();
        setMtime(m.path, m.mtime);
        m_log << QStringLiteral("retag %1 %2").arg(m.id.left(4), field);
        return {};
    }
    case 2: // touch
        if (m.present) {
            m.mtime = tick();
            setMtime(m.path, m.mtime);
            m_log << QStringLiteral("touch %1").arg(m.id.left(4));
        }
        return {};
    case 3: { // move or rename
        if (!m.present)
            return {};
        const QString to = freshPath(suffix);
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::rename(m.path, to))
            return QStringLiteral("cannot move ") + m.path;
        m.path = to;
        m_log << QStringLiteral("move %1").arg(m.id.left(4));
        return {};
    }
    case 4: { // delete the file (put aside, outside the library)
        if (!m.present)
            return {};
        const QString aside = m_dir.filePath(QStringLiteral("aside/%1.%2").arg(++m_names).arg(suffix));
        QDir().mkpath(QFileInfo(aside).absolutePath());
        if (!QFile::rename(m.path, aside))
            return QStringLiteral("cannot delete ") + m.path;
        m.path = aside;
        m.present = false;
        m_log << QStringLiteral("delete %1").arg(m.id.left(4));
        return {};
    }
    case 5: { // restore it, somewhere in the library
        if (m.present)
            return {};
        const QString to = freshPath(suffix);
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::rename(m.path, to))
            return QStringLiteral("cannot restore ") + m.path;
        m.path = to;
        m.present = true;
        m_log << QStringLiteral("restore %1").arg(m.id.left(4));
        return {};
    }
    default: // rescan, then everything must match
        scan();
        for (TrackModel &t : m_tracks)
            applyRescan(t, m_conflicts);
        m_log << QStringLiteral("rescan");
        return check(n);
    }
}

QString Run::run(int steps)
{
    m_db = std::make_unique<LibraryDatabase>(LibraryDatabase::fileNameIn(m_dir.filePath(QStringLiteral("data"))));
    if (const Status opened = m_db->open(); !opened)
        return opened.error();
    for (const QString &format : kFormats) {
        const QString path = music(QStringLiteral("start/") + format + QStringLiteral(".") + format);
        if (!copyFile(m_fixtures + QStringLiteral("/tone.") + format, path))
            return QStringLiteral("cannot copy a fixture");
        TrackModel m;
        m.path = path;
        m.mtime = QFileInfo(path).lastModified().toMSecsSinceEpoch();
        m_tracks << m;
    }
    scan();
    for (TrackModel &m : m_tracks) {
        const QList<Track> all = TrackStore(*m_db).allTracks().value();
        for (const Track &t : all)
            if (t.filePath == m.path)
                m.id = t.id;
        const std::optional<Track> t = TrackStore(*m_db).track(m.id).value();
        if (!t)
            return QStringLiteral("the first scan did not import ") + m.path;
        for (const QString &f : kFields)
            m.fileTags[f] = m.lastRead[f] = m.library[f] = fieldOf(*t, f);
    }
    for (int n = 1; n <= steps; ++n) {
        const QString error = step(n);
        if (!error.isEmpty())
            return error;
    }
    // And a last rescan after everything.
    scan();
    for (TrackModel &t : m_tracks)
        applyRescan(t, m_conflicts);
    m_log << QStringLiteral("final rescan");
    return check(steps + 1);
}

} // namespace

void TestRescanModel::initTestCase()
{
    QVERIFY(m_fixtures.isValid());
    int i = 0;
    for (const QString &format : kFormats) {
        ToneTags tags = toneTags(QStringLiteral("Song ") + format, QStringLiteral("Artist ") + format,
                                 QStringLiteral("Album"), {}, QStringLiteral("Genre"));
        tags.frequency = 300 + 70 * i++;
        QCOMPARE(makeTone(m_fixtures.filePath(QStringLiteral("tone.") + format), tags), QString());
    }
}

void TestRescanModel::randomOperationsMatchTheModel_data()
{
    QTest::addColumn<quint32>("seed");
    const QByteArray replay = qgetenv("EKN_MODEL_SEED");
    if (!replay.isEmpty()) {
        QTest::newRow(replay.constData()) << quint32(replay.toUInt());
        return;
    }
    for (quint32 seed : {1u, 2u, 3u, 4u, 5u, 6u})
        QTest::newRow(QByteArray::number(seed).constData()) << seed;
    const int more = qEnvironmentVariableIntValue("EKN_MODEL_RUNS");
    for (int i = 0; i < more; ++i) {
        const quint32 seed = QRandomGenerator::global()->generate();
        QTest::newRow(QByteArray::number(seed).constData()) << seed;
    }
}

void TestRescanModel::randomOperationsMatchTheModel()
{
    QFETCH(quint32, seed);
    const int steps = qEnvironmentVariableIsSet("EKN_MODEL_STEPS") ? qEnvironmentVariableIntValue("EKN_MODEL_STEPS") : 40;
    Run run(seed, m_fixtures.path());
    const QString failure = run.run(steps);
    QVERIFY2(failure.isEmpty(),
             qPrintable(QStringLiteral("seed %1: %2\nreplay: EKN_MODEL_SEED=%1 build/ci/tests/library/test_library "
                                       "randomOperationsMatchTheModel")
                            .arg(seed)
                            .arg(failure)));
}
