#include "tst_identity.h"

#include "audiofixture.h"
#include "library/library.h"
#include "retag.h"
#include "scan/contenthash.h"
#include "scan/scan.h"
#include "sync/conflictlog.h"
#include "tags/tagreader.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

QString hashOf(const QString &path)
{
    QString error;
    const QString h = audioHash(path, &error);
    return error.isEmpty() ? h : QStringLiteral("error: ") + error;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Another encoding of the same file: a different sample rate (lossless) or bitrate (lossy).
QString reencode(const QString &from, const QString &to)
{
    const QString suffix = QFileInfo(to).suffix();
    QStringList args{QStringLiteral("-nostdin"), QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                     QStringLiteral("-i"), from, QStringLiteral("-map_metadata"), QStringLiteral("0")};
    if (suffix == QLatin1String("opus"))
        args << QStringLiteral("-b:a") << QStringLiteral("24k");
    else
        args << QStringLiteral("-ar") << QStringLiteral("22050");
    if (suffix == QLatin1String("ogg"))
        args << QStringLiteral("-c:a") << QStringLiteral("libvorbis");
    args << to;
    const ProcessResult r = runProgram(QStringLiteral("ffmpeg"), args);
    return r.exitCode == 0 ? QString() : r.err;
}

} // namespace

void TestIdentity::initTestCase()
{
    QVERIFY(m_fixtures.isValid());
    for (const QString &format : toneFormats()) {
        ToneTags tags = toneTags(QStringLiteral("Tone ") + format, QStringLiteral("Artist"), QStringLiteral("Album"));
        tags.seconds = 6; // payloads past the three 64 KiB windows for the PCM formats
        QCOMPARE(makeTone(m_fixtures.filePath(QStringLiteral("tone.") + format), tags), QString());
    }
}

void TestIdentity::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_db = new LibraryDatabase(LibraryDatabase::fileNameIn(m_dir->filePath(QStringLiteral("data"))));
    QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
}

void TestIdentity::cleanup()
{
    delete m_db;
    m_db = nullptr;
    delete m_dir;
    m_dir = nullptr;
}

QString TestIdentity::music(const QString &relative) const
{
    return m_dir->filePath(QStringLiteral("music/") + relative);
}

ScanSummary TestIdentity::scan()
{
    FolderScanner scanner(*m_db);
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    if (!scanner.start({music()}) || !finished.wait(120000) || finished.isEmpty())
        return {};
    return finished.first().first().value<ScanSummary>();
}

int TestIdentity::outboxRows(const QString &trackId) const
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE row_id = ? OR row_id IN "
                             "(SELECT id FROM track_metadata WHERE track_id = ?)"));
    q.addBindValue(trackId);
    q.addBindValue(trackId);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

void TestIdentity::audioHashIgnoresTagsAndCoverInEveryFormat()
{
    const QString png = m_dir->filePath(QStringLiteral("cover.png"));
    QCOMPARE(makePng(png), QString());
    QByteArray cover = fileBytes(png);
    cover += QByteArray(300 * 1024, 'c'); // a big cover: tags grow past any padding
    for (const QString &format : toneFormats()) {
        const QString path = m_dir->filePath(QStringLiteral("retag.") + format);
        QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.") + format), path));
        const QString before = hashOf(path);
        QVERIFY2(before.startsWith(QStringLiteral("a1:")) && before.size() == 35, qPrintable(format + before));
        QCOMPARE(retagWithTagLib(path, Retag{QStringLiteral("A much longer title than before, retagged"),
                                             QStringLiteral("Someone Else"), {}, {}, cover}),
                 QString());
        QVERIFY2(fileBytes(path) != fileBytes(m_fixtures.filePath(QStringLiteral("tone.") + format)), qPrintable(format));
        const TagReadResult read = TagReader::read(path);
        QVERIFY2(read.ok, qPrintable(format));
        QCOMPARE(read.info.title, QStringLiteral("A much longer title than before, retagged"));
        QVERIFY2(QFileInfo(path).size() > 300 * 1024, qPrintable(format)); // the cover is in
        QVERIFY2(hashOf(path) == before, qPrintable(format + QStringLiteral(": ") + before + QStringLiteral(" -> ") + hashOf(path)));
        // And a second retag, shorter again (tags shrink, padding appears).
        QCOMPARE(retagWithTagLib(path, Retag{QStringLiteral("T"), {}, {}, {}, {}}), QString());
        QVERIFY2(hashOf(path) == before, qPrintable(format));
    }
}

void TestIdentity::audioHashChangesWhenReencoded()
{
    QSet<QString> seen;
    for (const QString &format : toneFormats()) {
        const QString original = m_fixtures.filePath(QStringLiteral("tone.") + format);
        const QString again = m_dir->filePath(QStringLiteral("again.") + format);
        QCOMPARE(reencode(original, again), QString());
        QVERIFY2(TagReader::read(again).ok, qPrintable(format));
        QVERIFY2(hashOf(again) != hashOf(original), qPrintable(format));
        // Every file of the suite is distinct audio: no two share a hash.
        QVERIFY(!seen.contains(hashOf(original)));
        seen << hashOf(original);
        QVERIFY(!seen.contains(hashOf(again)));
        seen << hashOf(again);
    }
}

void TestIdentity::audioHashOfUnknownBytesNeverChanges()
{
    // Stored and synced: a change of the function (for the same version prefix) would make
    // every device see different music. Unknown bytes take the fallback path (whole file
    // minus tags); an ID3v2 tag in front and an ID3v1 tag behind are left out of it.
    QByteArray bytes(400000, '\0');
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = char((i * 131 + i / 7) & 0xff);
    const QString path = m_dir->filePath(QStringLiteral("pattern.bin"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    const QString plain = hashOf(path);
    QCOMPARE(plain, QStringLiteral("a1:2045cbf83c849c803625ebcdd5232a48"));
    QByteArray tagged = QByteArray("ID3\x03\x00\x00\x00\x00\x00\x05", 10) + QByteArray(5, 'x') + bytes
        + QByteArray("TAG") + QByteArray(125, ' ');
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(tagged);
    f.close();
    QCOMPARE(hashOf(path), plain);
    QString error;
    QVERIFY(audioHash(m_dir->filePath(QStringLiteral("nope")), &error).isEmpty());
    QVERIFY(error.startsWith(QStringLiteral("cannot open the file")));
}

void TestIdentity::editedTitleSurvivesTouchesMovesAndRescans()
{
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.mp3")), music(QStringLiteral("a/song.mp3"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track original = store.allTracks().first();
    TrackEdit edit;
    edit.title = QStringLiteral("Fixed Title");
    QVERIFY(store.updateTrack(original.id, edit));
    const int queued = outboxRows(original.id);

    QString path = music(QStringLiteral("a/song.mp3"));
    for (int round = 0; round < 4; ++round) {
        if (round % 2 == 0) {
            QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch() + 1000 * (round + 1)));
        } else {
            const QString to = music(QStringLiteral("moved%1/renamed %1.mp3").arg(round));
            QDir().mkpath(QFileInfo(to).absolutePath());
            QVERIFY(QFile::rename(path, to));
            path = to;
        }
        const ScanSummary s = scan();
        QCOMPARE(s.added, 0);
        QCOMPARE(store.trackCount(), 1);
        const Track now = *store.track(original.id);
        QCOMPARE(now.title, QStringLiteral("Fixed Title"));
        QCOMPARE(now.artist, QStringLiteral("Artist"));
        QCOMPARE(now.filePath, path);
    }
    // Touches queue nothing; each move queued only its new location.
    QCOMPARE(outboxRows(original.id), queued + 2);
    QVERIFY(ConflictLog(*m_db).conflicts().isEmpty());
}

void TestIdentity::moveAndRenameChangeOnlyTheLocation()
{
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.flac")), music(QStringLiteral("in/x.flac"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track before = store.allTracks().first();
    QSqlQuery clear(m_db->connection());
    QVERIFY(clear.exec(QStringLiteral("DELETE FROM outbox"))); // as after a sync
    const QString to = music(QStringLiteral("sorted/Artist/01 Tone.flac"));
    QDir().mkpath(QFileInfo(to).absolutePath());
    QVERIFY(QFile::rename(music(QStringLiteral("in/x.flac")), to));
    const ScanSummary s = scan();
    QCOMPARE(s.moved, 1);
    const Track after = *store.track(before.id);
    QCOMPARE(after.filePath, to);
    QCOMPARE(after.title, before.title);
    QCOMPARE(after.updatedAt.isValid(), true);
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT table_name, changed_fields FROM outbox")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("music_tracks"));
    const QJsonObject changed = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
    QCOMPARE(changed.keys(), QStringList{QStringLiteral("file_url")});
    QVERIFY(!q.next()); // nothing else: no tag rows, no metadata
}

void TestIdentity::retagLaterThanAnEditWinsAndTheEditIsLogged()
{
    const QString path = music(QStringLiteral("r/song.ogg"));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.ogg")), path));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const QString id = store.allTracks().first().id;
    TrackEdit edit;
    edit.title = QStringLiteral("Edited Here");
    edit.album = QStringLiteral("Edited Album");
    QVERIFY(store.updateTrack(id, edit));
    QTest::qWait(5);
    // Another tool retags title and artist afterwards.
    QCOMPARE(retagWithTagLib(path, Retag{QStringLiteral("Retagged"), QStringLiteral("New Artist"), {}, {}, {}}), QString());
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch()));
    QCOMPARE(scan().changed, 1);
    const Track t = *store.track(id);
    QCOMPARE(t.title, QStringLiteral("Retagged"));      // both changed: the later file wins
    QCOMPARE(t.artist, QStringLiteral("New Artist"));   // only the file changed it
    QCOMPARE(t.album, QStringLiteral("Edited Album"));  // only the edit changed it
    const QList<Conflict> log = ConflictLog(*m_db).conflicts();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().rowId, id);
    QCOMPARE(log.first().field, QStringLiteral("title"));
    QCOMPARE(log.first().lostValue, QStringLiteral("\"Edited Here\""));
    // The lost edit can be brought back from the log, and stays over later touches.
    QVERIFY(ConflictLog(*m_db).restore(log.first().id));
    QCOMPARE(store.track(id)->title, QStringLiteral("Edited Here"));
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch() + 5000));
    scan();
    QCOMPARE(store.track(id)->title, QStringLiteral("Edited Here"));
}

void TestIdentity::editLaterThanARetagWinsAndTheFileValueIsLogged()
{
    const QString path = music(QStringLiteral("r/song.m4a"));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.m4a")), path));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const QString id = store.allTracks().first().id;
    QCOMPARE(retagWithTagLib(path, Retag{QStringLiteral("Retagged"), {}, QStringLiteral("Retagged Album"), {}, {}}),
             QString());
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch() - 60000)); // a minute ago
    TrackEdit edit;
    edit.title = QStringLiteral("Edited Later");
    QVERIFY(store.updateTrack(id, edit));
    scan();
    const Track t = *store.track(id);
    QCOMPARE(t.title, QStringLiteral("Edited Later"));
    QCOMPARE(t.album, QStringLiteral("Retagged Album"));
    const QList<Conflict> log = ConflictLog(*m_db).conflicts();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().field, QStringLiteral("title"));
    QCOMPARE(log.first().lostValue, QStringLiteral("\"Retagged\""));
    QCOMPARE(log.first().winnerValue, QStringLiteral("\"Edited Later\""));
}

void TestIdentity::retaggedAndMovedFileKeepsItsTrack()
{
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.opus")), music(QStringLiteral("a/x.opus"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const QString id = store.allTracks().first().id;
    PlaylistStore playlists(*m_db);
    const QString pl = playlists.create(QStringLiteral("Mix"));
    QCOMPARE(playlists.addTracks(pl, {id}), 1);
    // Moved and retagged by another tool in one go: the audio is the same, so is the track.
    const QString to = music(QStringLiteral("b/y.opus"));
    QDir().mkpath(QFileInfo(to).absolutePath());
    QVERIFY(QFile::rename(music(QStringLiteral("a/x.opus")), to));
    QCOMPARE(retagWithTagLib(to, Retag{QStringLiteral("Renamed Tone"), {}, {}, {}, {}}), QString());
    const ScanSummary s = scan();
    QCOMPARE(s.moved, 1);
    QCOMPARE(s.added, 0);
    QCOMPARE(store.trackCount(), 1);
    QCOMPARE(store.track(id)->title, QStringLiteral("Renamed Tone"));
    QCOMPARE(playlists.entries(pl).first().track.id, id);
}
