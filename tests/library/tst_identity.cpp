#include "tst_identity.h"

#include "audiofixture.h"
#include "library/library.h"
#include "library/outbox.h"
#include "retag.h"
#include "scan/contenthash.h"
#include "scan/scan.h"
#include "sync/conflictlog.h"
#include "tags/tagreader.h"
#include "tags/tagwriter.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

QString hashOf(const QString &path)
{
    const Result<QString> h = audioHash(path);
    return h ? *h : QStringLiteral("error: ") + h.error();
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
    if (const Status opened = m_db->open(); !opened)
        QFAIL(qPrintable(opened.error()));
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

// A track of the account with the audio of the file scanned here, written as pull writes it
// (another device's tags, synced version 7). Its id, or empty.
QString TestIdentity::pulledTrackOfTheSameAudio()
{
    const QString serverId = newLibraryId();
    QSqlDatabase db = m_db->connection();
    QSqlQuery h(db);
    if (!h.exec(QStringLiteral("SELECT content_hash FROM track_files")) || !h.next())
        return {};
    const QString hash = h.value(0).toString();
    h.finish();
    if (!hash.startsWith(QStringLiteral("a1:")))
        return {};
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral("INSERT INTO music_tracks (id, title, artist, album, duration, file_url, file_size, format, "
                               "bitrate, metadata, created_at, updated_at, sync_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : QVariantList{serverId, QStringLiteral("Server Title"), QStringLiteral("Server Artist"),
                                          QStringLiteral("Server Album"), 6, QStringLiteral("file:///elsewhere/x.ogg"), 1000,
                                          QStringLiteral("ogg"), 128,
                                          QStringLiteral("{\"content_hash\":\"%1\",\"genre\":\"Server Genre\"}").arg(hash),
                                          QStringLiteral("2026-01-01T00:00:00.000Z"), QStringLiteral("2026-01-01T00:00:00.000Z"), 7})
        ins.addBindValue(v);
    return ins.exec() ? serverId : QString();
}

// Links the pulled track as the first pull does, in its own transaction.
QStringList TestIdentity::link(const QString &serverId)
{
    QSqlDatabase db = m_db->connection();
    if (!db.transaction())
        return {QStringLiteral("no transaction")};
    const Result<QStringList> linked = TrackMerger::linkByAudioHash(db, serverId);
    if (!linked.ok() || !db.commit())
        return {QStringLiteral("failed: ") + linked.error()};
    return *linked;
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
    const Result<QString> missing = audioHash(m_dir->filePath(QStringLiteral("nope")));
    QVERIFY(!missing);
    QVERIFY(missing.error().startsWith(QStringLiteral("cannot open the file")));
}

void TestIdentity::editedTitleSurvivesTouchesMovesAndRescans()
{
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.mp3")), music(QStringLiteral("a/song.mp3"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track original = store.allTracks().value().first();
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
        QCOMPARE(store.trackCount().value(), 1);
        const Track now = *store.track(original.id).value();
        QCOMPARE(now.title, QStringLiteral("Fixed Title"));
        QCOMPARE(now.artist, QStringLiteral("Artist"));
        QCOMPARE(now.filePath, path);
    }
    // Touches queue nothing; each move queued only its new location.
    QCOMPARE(outboxRows(original.id), queued + 2);
    QVERIFY(ConflictLog(*m_db).conflicts().value().isEmpty());
}

void TestIdentity::moveAndRenameChangeOnlyTheLocation()
{
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.flac")), music(QStringLiteral("in/x.flac"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track before = store.allTracks().value().first();
    QSqlQuery clear(m_db->connection());
    QVERIFY(clear.exec(QStringLiteral("DELETE FROM outbox"))); // as after a sync
    const QString to = music(QStringLiteral("sorted/Artist/01 Tone.flac"));
    QDir().mkpath(QFileInfo(to).absolutePath());
    QVERIFY(QFile::rename(music(QStringLiteral("in/x.flac")), to));
    const ScanSummary s = scan();
    QCOMPARE(s.moved, 1);
    const Track after = *store.track(before.id).value();
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
    const QString id = store.allTracks().value().first().id;
    TrackEdit edit;
    edit.title = QStringLiteral("Edited Here");
    edit.album = QStringLiteral("Edited Album");
    QVERIFY(store.updateTrack(id, edit));
    QTest::qWait(5);
    // Another tool retags title and artist afterwards.
    QCOMPARE(retagWithTagLib(path, Retag{QStringLiteral("Retagged"), QStringLiteral("New Artist"), {}, {}, {}}), QString());
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch()));
    QCOMPARE(scan().changed, 1);
    const Track t = *store.track(id).value();
    QCOMPARE(t.title, QStringLiteral("Retagged"));      // both changed: the later file wins
    QCOMPARE(t.artist, QStringLiteral("New Artist"));   // only the file changed it
    QCOMPARE(t.album, QStringLiteral("Edited Album"));  // only the edit changed it
    const QList<Conflict> log = ConflictLog(*m_db).conflicts().value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().rowId, id);
    QCOMPARE(log.first().field, QStringLiteral("title"));
    QCOMPARE(log.first().lostValue, QStringLiteral("\"Edited Here\""));
    // The lost edit can be brought back from the log, and stays over later touches.
    QVERIFY(ConflictLog(*m_db).restore(log.first().id));
    QCOMPARE(store.track(id).value()->title, QStringLiteral("Edited Here"));
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch() + 5000));
    scan();
    QCOMPARE(store.track(id).value()->title, QStringLiteral("Edited Here"));
}

// The same retag when the conflict log refuses writes (a trigger, as a full disk would): the
// rescan's write stops with SQLite's reason, after "cannot write the conflict log", and keeps
// nothing of it (the edit stays, nothing is logged). Before ConflictLog::record answered Status,
// TrackWriter passed on the connection's error, empty after a failed statement: "unknown error".
// Control: once the log takes writes, the next rescan applies the retag and logs the edit.
void TestIdentity::aRescanConflictThatCannotBeLoggedStopsItsWriteWithTheReason()
{
    const QString path = music(QStringLiteral("r/song.ogg"));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.ogg")), path));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const QString id = store.allTracks().value().first().id;
    TrackEdit edit;
    edit.title = QStringLiteral("Edited Here");
    QVERIFY(store.updateTrack(id, edit));
    QTest::qWait(5);
    QCOMPARE(retagWithTagLib(path, Retag{QStringLiteral("Retagged"), {}, {}, {}, {}}), QString());
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch()));
    QSqlQuery sabotage(m_db->connection());
    QVERIFY2(sabotage.exec(QStringLiteral(R"sql(CREATE TRIGGER refuse_conflicts BEFORE INSERT ON sync_conflicts
                                          BEGIN SELECT RAISE(ABORT, 'the conflict log refuses writes'); END)sql")),
             qPrintable(sabotage.lastError().text()));
    const ScanSummary failed = scan();
    QVERIFY2(failed.writeError.contains(QLatin1String("cannot write the conflict log")) &&
                 failed.writeError.contains(QLatin1String("the conflict log refuses writes")),
             qPrintable(failed.writeError));
    QCOMPARE(store.track(id).value()->title, QStringLiteral("Edited Here"));
    QCOMPARE(ConflictLog(*m_db).conflicts().value().size(), 0);

    QVERIFY2(sabotage.exec(QStringLiteral("DROP TRIGGER refuse_conflicts")), qPrintable(sabotage.lastError().text()));
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch() + 1000));
    const ScanSummary again = scan();
    QVERIFY2(again.writeError.isEmpty(), qPrintable(again.writeError));
    QCOMPARE(again.changed, 1);
    QCOMPARE(store.track(id).value()->title, QStringLiteral("Retagged"));
    const QList<Conflict> log = ConflictLog(*m_db).conflicts().value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().lostValue, QStringLiteral("\"Edited Here\""));
}

void TestIdentity::editLaterThanARetagWinsAndTheFileValueIsLogged()
{
    const QString path = music(QStringLiteral("r/song.m4a"));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.m4a")), path));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const QString id = store.allTracks().value().first().id;
    QCOMPARE(retagWithTagLib(path, Retag{QStringLiteral("Retagged"), {}, QStringLiteral("Retagged Album"), {}, {}}),
             QString());
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch() - 60000)); // a minute ago
    TrackEdit edit;
    edit.title = QStringLiteral("Edited Later");
    QVERIFY(store.updateTrack(id, edit));
    scan();
    const Track t = *store.track(id).value();
    QCOMPARE(t.title, QStringLiteral("Edited Later"));
    QCOMPARE(t.album, QStringLiteral("Retagged Album"));
    const QList<Conflict> log = ConflictLog(*m_db).conflicts().value();
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
    const QString id = store.allTracks().value().first().id;
    PlaylistStore playlists(*m_db);
    const QString pl = playlists.create(QStringLiteral("Mix")).value();
    QCOMPARE(playlists.addTracks(pl, {id}).value(), 1);
    // Moved and retagged by another tool in one go: the audio is the same, so is the track.
    const QString to = music(QStringLiteral("b/y.opus"));
    QDir().mkpath(QFileInfo(to).absolutePath());
    QVERIFY(QFile::rename(music(QStringLiteral("a/x.opus")), to));
    QCOMPARE(retagWithTagLib(to, Retag{QStringLiteral("Renamed Tone"), {}, {}, {}, {}}), QString());
    const ScanSummary s = scan();
    QCOMPARE(s.moved, 1);
    QCOMPARE(s.added, 0);
    QCOMPARE(store.trackCount().value(), 1);
    QCOMPARE(store.track(id).value()->title, QStringLiteral("Renamed Tone"));
    QCOMPARE(playlists.entries(pl).value().first().track.id, id);
}

namespace {

std::optional<Track> withTitle(const LibraryDatabase &db, const QString &title)
{
    for (const auto read = TrackStore(db).allTracks().value(); const Track &t : read)
        if (t.title == title)
            return t;
    return std::nullopt;
}

QStringList entryIds(PlaylistStore &playlists, const QString &pl)
{
    QStringList ids;
    for (const auto read = playlists.entries(pl).value(); const PlaylistEntry &e : read)
        ids << e.track.id;
    return ids;
}

} // namespace

void TestIdentity::mergeDuplicatesKeepsPlaylistPlacesAndEdits()
{
    // The same audio twice: once as it came, once retagged by another tool; and another song.
    // The first is scanned alone, before the others: parallel readers in one scan give equal
    // creation times, and "the oldest" survivor must be the one the test names.
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.flac")), music(QStringLiteral("a/one.flac"))));
    QCOMPARE(scan().added, 1);
    QTest::qWait(20);
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.flac")), music(QStringLiteral("b/copy.flac"))));
    QCOMPARE(retagWithTagLib(music(QStringLiteral("b/copy.flac")), Retag{QStringLiteral("Copy"), {}, {}, {}, {}}), QString());
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.mp3")), music(QStringLiteral("c/other.mp3"))));
    QCOMPARE(scan().added, 2);
    TrackStore store(*m_db);
    const Track first = *withTitle(*m_db, QStringLiteral("Tone flac"));
    const Track copy = *withTitle(*m_db, QStringLiteral("Copy"));
    const Track other = *withTitle(*m_db, QStringLiteral("Tone mp3"));
    QVERIFY(first.createdAt < copy.createdAt);
    // Edits: the genre on the copy, the album on both (the copy's later).
    TrackEdit e1;
    e1.album = QStringLiteral("Album edited first");
    QVERIFY(store.updateTrack(first.id, e1));
    QTest::qWait(5);
    TrackEdit e2;
    e2.genre = QStringLiteral("Edited Genre");
    e2.album = QStringLiteral("Album edited later");
    QVERIFY(store.updateTrack(copy.id, e2));
    PlaylistStore playlists(*m_db);
    const QString onlyCopy = playlists.create(QStringLiteral("Only the copy")).value();
    QCOMPARE(playlists.addTracks(onlyCopy, {other.id, copy.id}).value(), 2);
    const QString both = playlists.create(QStringLiteral("Both")).value();
    QCOMPARE(playlists.addTracks(both, {copy.id, other.id, first.id}).value(), 3);

    const Result<MergeReport> report = TrackMerger(*m_db).mergeDuplicates();
    QVERIFY2(report.ok(), qPrintable(report.error()));
    QCOMPARE(report->groups.size(), 1);
    QCOMPARE(report->groups.first().survivorId, first.id); // the oldest
    QCOMPARE(report->groups.first().mergedIds, QStringList{copy.id});
    QCOMPARE(report->conflicts, 1);

    QCOMPARE(store.trackCount().value(), 2);
    QVERIFY(!store.track(copy.id).value().has_value()); // soft-deleted
    const Track kept = *store.track(first.id).value();
    QCOMPARE(kept.title, QStringLiteral("Tone flac")); // nobody edited it: the survivor's
    QCOMPARE(kept.genre, QStringLiteral("Edited Genre"));
    QCOMPARE(kept.album, QStringLiteral("Album edited later"));
    const QList<Conflict> log = ConflictLog(*m_db).conflicts().value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().field, QStringLiteral("album"));
    QCOMPARE(log.first().lostValue, QStringLiteral("\"Album edited first\""));
    QCOMPARE(entryIds(playlists, onlyCopy), (QStringList{other.id, first.id}));
    QCOMPARE(entryIds(playlists, both), (QStringList{other.id, first.id}));
    // Sync hears of it: the merged track's delete, the survivor's new fields, both playlists.
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE table_name = 'music_tracks' AND row_id = '%1' "
                                  "AND json_extract(changed_fields, '$.deleted_at') IS NOT NULL").arg(copy.id)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    // Nothing left to merge; a rescan does not bring the copy back as a new track.
    QCOMPARE(TrackMerger(*m_db).mergeDuplicates()->groups.size(), 0);
    QCOMPARE(scan().added, 0);
    QCOMPARE(store.trackCount().value(), 2);
}

void TestIdentity::mergeDuplicatesFromTheCommandLine()
{
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.wav")), music(QStringLiteral("a/x.wav"))));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.wav")), music(QStringLiteral("b/y.wav"))));
    QCOMPARE(scan().added, 2);
    const QString dataDir = m_dir->filePath(QStringLiteral("data"));
    delete m_db; // the command opens the library itself
    m_db = nullptr;
    const ProcessResult r = runProgram(QStringLiteral(EKN_CLI_PATH),
                                       {QStringLiteral("tracks"), QStringLiteral("merge-duplicates"), QStringLiteral("--json"),
                                        QStringLiteral("--data-dir"), dataDir});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QLatin1String("merged")).toInt(), 1);
    QCOMPARE(o.value(QLatin1String("groups")).toArray().size(), 1);
    QVERIFY(o.value(QLatin1String("groups")).toArray().first().toObject().value(QLatin1String("audio_hash")).toString()
                .startsWith(QStringLiteral("a1:")));
    const ProcessResult list = runProgram(QStringLiteral(EKN_CLI_PATH),
                                          {QStringLiteral("tracks"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dataDir});
    QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).object().value(QLatin1String("tracks")).toArray().size(), 1);
    const ProcessResult bad = runProgram(QStringLiteral(EKN_CLI_PATH),
                                         {QStringLiteral("tracks"), QStringLiteral("merge-everything"), QStringLiteral("--data-dir"), dataDir});
    QVERIFY(bad.exitCode != 0);
    QVERIFY2(bad.err.contains(QStringLiteral("merge-everything")), qPrintable(bad.err));
}

void TestIdentity::linkByAudioHashFoldsALocalTrackIntoThePulledOne()
{
    // This device scanned before its first sync and edited and listed the track.
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.ogg")), music(QStringLiteral("x.ogg"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track local = store.allTracks().value().first();
    TrackEdit edit;
    edit.genre = QStringLiteral("Local Genre");
    QVERIFY(store.updateTrack(local.id, edit));
    PlaylistStore playlists(*m_db);
    const QString pl = playlists.create(QStringLiteral("Mine")).value();
    QCOMPARE(playlists.addTracks(pl, {local.id}).value(), 1);
    // The account already has this audio as another track: written as pull writes it.
    const QString serverId = pulledTrackOfTheSameAudio();
    QVERIFY(!serverId.isEmpty());
    QSqlDatabase db = m_db->connection();
    const int unrelatedOutbox = [&] {
        QSqlQuery q(db);
        return q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE table_name = 'playlists'")) && q.next() ? q.value(0).toInt() : -1;
    }();
    QVERIFY(db.transaction());
    const Result<QStringList> linked = TrackMerger::linkByAudioHash(db, serverId);
    QVERIFY2(linked.ok(), qPrintable(linked.error()));
    QVERIFY(db.commit());
    QCOMPARE(*linked, QStringList{local.id});

    QCOMPARE(store.trackCount().value(), 1);
    const Track t = *store.track(serverId).value();
    QCOMPARE(t.title, QStringLiteral("Server Title"));  // the account's, nobody edited it here
    QCOMPARE(t.genre, QStringLiteral("Local Genre"));   // the edit made here is kept ...
    QCOMPARE(t.filePath, music(QStringLiteral("x.ogg"))); // ... and the file here is its file
    QVERIFY(t.available);
    QCOMPARE(entryIds(playlists, pl), QStringList{serverId});
    QSqlQuery q(db);
    // The local track never reaches the server: no outbox row names it any more; the edit
    // travels as an edit of the account's track.
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE row_id = '%1'").arg(local.id)) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    q.finish();
    QVERIFY(q.exec(QStringLiteral("SELECT changed_fields FROM outbox WHERE row_id = '%1'").arg(serverId)) && q.next());
    QCOMPARE(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object().value(QLatin1String("metadata")).toObject()
                 .value(QLatin1String("genre")).toString(),
             QStringLiteral("Local Genre"));
    q.finish();
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE table_name = 'playlists'")) && q.next());
    QCOMPARE(q.value(0).toInt(), unrelatedOutbox);
    // A rescan finds the file known: no new track.
    QCOMPARE(scan().added, 0);
    QCOMPARE(store.trackCount().value(), 1);
}

void TestIdentity::linkKeepsARetagARescanTookBeforeTheFirstSync()
{
    // Found by the sync model (seed 1): the file was retagged by another tool and rescanned
    // before this device's first sync; the value equals the file's, and linking took the
    // account's value over it silently.
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.ogg")), music(QStringLiteral("x.ogg"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track local = store.allTracks().value().first();
    QCOMPARE(retagWithTagLib(music(QStringLiteral("x.ogg")), Retag{{}, {}, {}, QStringLiteral("Retagged"), {}}), QString());
    QVERIFY(setMtime(music(QStringLiteral("x.ogg")), QDateTime::currentMSecsSinceEpoch() + 2000));
    scan();
    QCOMPARE(store.track(local.id).value()->genre, QStringLiteral("Retagged"));
    const QString serverId = pulledTrackOfTheSameAudio();
    QVERIFY(!serverId.isEmpty());
    QCOMPARE(link(serverId), QStringList{local.id});
    const Track t = *store.track(serverId).value();
    QCOMPARE(t.genre, QStringLiteral("Retagged"));     // the change made here ...
    QCOMPARE(t.title, QStringLiteral("Server Title")); // ... and nothing else
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT changed_fields FROM outbox WHERE row_id = '%1'").arg(serverId)) && q.next());
    QCOMPARE(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object().value(QLatin1String("metadata")).toObject()
                 .value(QLatin1String("genre")).toString(),
             QStringLiteral("Retagged"));
}

void TestIdentity::linkCarriesADeleteMadeBeforeTheFirstSync()
{
    // Found by the sync model (seeds 2 and 3): the track was deleted here before the first
    // sync; it was not linked, so the account's track of the same audio came back live.
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.ogg")), music(QStringLiteral("x.ogg"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track local = store.allTracks().value().first();
    QVERIFY(store.setTrackDeleted(local.id, true));
    const QString serverId = pulledTrackOfTheSameAudio();
    QVERIFY(!serverId.isEmpty());
    QCOMPARE(link(serverId), QStringList{local.id});
    QCOMPARE(store.trackCount().value(), 0); // the music stays deleted here ...
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE row_id = '%1' AND "
                                  "json_extract(changed_fields, '$.deleted_at') IS NOT NULL").arg(serverId)) && q.next());
    QCOMPARE(q.value(0).toInt(), 1); // ... and the delete goes to the account's track
    q.finish();
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM music_tracks WHERE id = '%1'").arg(local.id)) && q.next());
    QCOMPARE(q.value(0).toInt(), 0); // the local row never reaches the server
    // Restoring it brings back the account's track, with the file here.
    QVERIFY(store.setTrackDeleted(serverId, false));
    QCOMPARE(store.track(serverId).value()->filePath, music(QStringLiteral("x.ogg")));
    QCOMPARE(scan().added, 0);
}

void TestIdentity::ratingAndPlaysSurviveAMoveAndARetagAndARatedFileIsRead()
{
    // A file rated by another player is read with its rating at the first scan.
    const QString rated = music(QStringLiteral("in/rated.flac"));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.flac")), rated));
    QCOMPARE(TagWriter::write(rated, {{QStringLiteral("RATING"), QStringLiteral("9")}}).error(), QString());
    const QString path = music(QStringLiteral("in/song.mp3"));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.mp3")), path));
    QCOMPARE(scan().added, 2);
    TrackStore store(*m_db);
    QString id, ratedId;
    for (const auto read = store.allTracks().value(); const Track &t : read)
        (t.format == QLatin1String("mp3") ? id : ratedId) = t.id;
    QCOMPARE(store.track(ratedId).value()->rating, 9);
    QCOMPARE(store.track(id).value()->rating, Track::kUnrated);

    // Rated and played here (the file does not change).
    TrackEdit four;
    four.rating = 8;
    QVERIFY(store.updateTrack(id, four));
    QVERIFY(PlayTallies::recordPlay(*m_db, id).ok());
    QVERIFY(PlayTallies::recordPlay(*m_db, id).ok());
    QVERIFY(PlayTallies::recordSkip(*m_db, id).ok());
    // Moved and renamed: same track, rating and counts kept.
    const QString moved = music(QStringLiteral("elsewhere/renamed.mp3"));
    QVERIFY(QDir().mkpath(QFileInfo(moved).absolutePath()));
    QVERIFY(QFile::rename(path, moved));
    QCOMPARE(scan().moved, 1);
    Track t = *store.track(id).value();
    QCOMPARE(t.filePath, moved);
    QCOMPARE(t.rating, 8);
    QCOMPARE(t.playCount, 2);
    QCOMPARE(t.skipCount, 1);
    // Retagged by another tool (title only): the rating and counts stay.
    QCOMPARE(retagWithTagLib(moved, Retag{QStringLiteral("Retagged"), {}, {}, {}, {}}), QString());
    QVERIFY(setMtime(moved, QDateTime::currentMSecsSinceEpoch() + 1000));
    QCOMPARE(scan().changed, 1);
    t = *store.track(id).value();
    QCOMPARE(t.title, QStringLiteral("Retagged"));
    QCOMPARE(t.rating, 8);
    QCOMPARE(t.playCount, 2);
    QCOMPARE(ConflictLog(*m_db).conflicts().value().size(), 0);
    // Another player rates the file later than the edit: the file's rating wins, the edit is
    // logged (like any field both changed).
    QCOMPARE(TagWriter::write(moved, {{QStringLiteral("RATING"), QStringLiteral("4")}}).error(), QString());
    QVERIFY(setMtime(moved, QDateTime::currentMSecsSinceEpoch() + 2000));
    QCOMPARE(scan().changed, 1);
    QCOMPARE(store.track(id).value()->rating, 4);
    const QList<Conflict> log = ConflictLog(*m_db).conflicts().value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().field, QStringLiteral("rating"));
    QCOMPARE(log.first().lostValue, QStringLiteral("8"));
    QCOMPARE(store.track(id).value()->playCount, 2);
}

void TestIdentity::aLocalCopyJoinsTheAccountsDeletedTrackOrBringsItBackWhenAddedLater()
{
    // Found by the sync model (seed 3520167743): the account's only track of this audio was
    // deleted; the copy here was pushed as a second track, and the music came back with
    // another identity. Linked (Deleted::Link, as FileLinker asks when no live track of the
    // audio exists), the copy joins the deleted track when it was here before the delete ...
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.ogg")), music(QStringLiteral("x.ogg"))));
    QCOMPARE(scan().added, 1);
    TrackStore store(*m_db);
    const Track local = store.allTracks().value().first();
    const QString serverId = pulledTrackOfTheSameAudio();
    QVERIFY(!serverId.isEmpty());
    QSqlQuery d(m_db->connection());
    QVERIFY(d.exec(QStringLiteral("UPDATE music_tracks SET deleted_at = '%1' WHERE id = '%2'")
                       .arg(QDateTime::currentDateTimeUtc().addSecs(60).toString(Qt::ISODateWithMs), serverId)));
    QCOMPARE(link(serverId), QStringList()); // a pull does not link into a deleted track
    QSqlDatabase db = m_db->connection();
    QVERIFY(db.transaction());
    Result<QStringList> linked = TrackMerger::linkByAudioHash(db, serverId, TrackMerger::Deleted::Link);
    QVERIFY2(linked.ok() && db.commit(), qPrintable(linked.error()));
    QCOMPARE(*linked, QStringList{local.id});
    QCOMPARE(store.trackCount().value(), 0);
    // ... and brings it back when the music was added here after the delete.
    QVERIFY(d.exec(QStringLiteral("UPDATE music_tracks SET deleted_at = '2026-01-02T00:00:00.000Z' WHERE id = '%1'")
                       .arg(serverId)));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("tone.ogg")), music(QStringLiteral("again/x.ogg"))));
    QVERIFY(QFile::remove(music(QStringLiteral("x.ogg"))));
    QSqlQuery f(db);
    QVERIFY(f.exec(QStringLiteral("DELETE FROM track_files WHERE track_id = '%1'").arg(serverId)));
    QCOMPARE(scan().added, 1);
    QVERIFY(db.transaction());
    linked = TrackMerger::linkByAudioHash(db, serverId, TrackMerger::Deleted::Link);
    QVERIFY2(linked.ok() && db.commit(), qPrintable(linked.error()));
    QCOMPARE(linked->size(), 1);
    QCOMPARE(store.trackCount().value(), 1);
    QCOMPARE(store.track(serverId).value()->filePath, music(QStringLiteral("again/x.ogg")));
    QVERIFY(f.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE row_id = '%1' AND "
                                  "json_type(changed_fields, '$.deleted_at') = 'null'").arg(serverId)) && f.next());
    QCOMPARE(f.value(0).toInt(), 1);
}

void TestIdentity::aTagKeyThatLostToAnotherDevicesValueIsRestorableFromTheLog()
{
    // A tag of the track's other tags (track_metadata): another device's value arrived by
    // sync, then the file's value changed here too; the synced value stays and the file's is
    // logged. Restoring it from the log makes it the track's value again, sent by the next sync.
    const QString path = music(QStringLiteral("t/mood.ogg"));
    ToneTags tags = toneTags(QStringLiteral("Mood"));
    tags.extra = {{QStringLiteral("MOOD"), QStringLiteral("calm")}};
    QCOMPARE(makeTone(path, tags), QString());
    QCOMPARE(scan().added, 1);
    const QString id = TrackStore(*m_db).allTracks().value().first().id;
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("UPDATE track_metadata SET value = 'synced' WHERE key = 'MOOD'")));
    QCOMPARE(q.numRowsAffected(), 1);
    QCOMPARE(retagPropertiesWithTagLib(path, {{QStringLiteral("MOOD"), QStringLiteral("happy")}}), QString());
    QVERIFY(setMtime(path, QDateTime::currentMSecsSinceEpoch() + 2000));
    QCOMPARE(scan().changed, 1);
    auto mood = [&] {
        QSqlQuery m(m_db->connection());
        return m.exec(QStringLiteral("SELECT value FROM track_metadata WHERE track_id = '%1' AND key = 'MOOD'").arg(id))
                       && m.next()
                   ? m.value(0).toString()
                   : QString();
    };
    QCOMPARE(mood(), QStringLiteral("synced"));
    const QList<Conflict> log = ConflictLog(*m_db).conflicts().value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().field, QStringLiteral("tag.MOOD"));
    QCOMPARE(log.first().lostValue, QStringLiteral("\"happy\""));
    QVERIFY(q.exec(QStringLiteral("DELETE FROM outbox")));
    ConflictLog restorer(*m_db);
    const Status restored = restorer.restore(log.first().id);
    QVERIFY2(restored, qPrintable(restored.error()));
    QCOMPARE(mood(), QStringLiteral("happy"));
    QVERIFY(ConflictLog(*m_db).conflicts().value().isEmpty()); // restored
    QVERIFY(q.exec(QStringLiteral("SELECT table_name, op, json_extract(changed_fields, '$.value') FROM outbox")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("track_metadata"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("update"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("happy"));
    QVERIFY(!q.next());
    q.finish();
    // A rescan leaves the restored value alone (the file's value did not change since).
    QCOMPARE(scan().changed, 0);
    QCOMPARE(mood(), QStringLiteral("happy"));
}
