#include "tst_scanner.h"

#include "audiofixture.h"
#include "library/library.h"
#include "scan/contenthash.h"
#include "scan/scan.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace ekn;
using namespace ekn::test;

namespace {

const QStringList kFormats = {QStringLiteral("mp3"), QStringLiteral("flac"), QStringLiteral("ogg"),
                              QStringLiteral("opus"), QStringLiteral("m4a"), QStringLiteral("wav")};

int count(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

// Live tracks as the library lists them: title -> id.
QMap<QString, QString> listed(const LibraryDatabase &db)
{
    QMap<QString, QString> out;
    for (const auto read = TrackStore(db).allTracks().value(); const Track &t : read)
        out.insert(t.title, t.id);
    return out;
}

QStringList folderPaths(const LibraryDatabase &db)
{
    QStringList out;
    for (const auto read = LibraryFolders(db).list().value(); const LibraryFolder &f : read)
        out << f.path;
    return out;
}

std::optional<Track> byTitle(const LibraryDatabase &db, const QString &title)
{
    for (const auto read = TrackStore(db).allTracks().value(); const Track &t : read) {
        if (t.title == title)
            return t;
    }
    return std::nullopt;
}

} // namespace

void TestScanner::initTestCase()
{
    QVERIFY(m_fixtures.isValid());
    for (const QString &format : kFormats) {
        ToneTags tags;
        tags.title = QStringLiteral("Song ") + format;
        tags.artist = QStringLiteral("Artist ") + format;
        tags.album = QStringLiteral("Album");
        tags.track = QStringLiteral("1");
        tags.frequency = 300 + int(kFormats.indexOf(format)) * 50; // different bytes per format
        QCOMPARE(makeTone(m_fixtures.filePath(QStringLiteral("sample.") + format), tags), QString());
    }
    ToneTags retagged;
    retagged.title = QStringLiteral("Song mp3 (remastered)");
    retagged.artist = QStringLiteral("Artist mp3");
    retagged.frequency = 900;
    QCOMPARE(makeTone(m_fixtures.filePath(QStringLiteral("retagged.mp3")), retagged), QString());
}

void TestScanner::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_db = new LibraryDatabase(LibraryDatabase::fileNameIn(m_dir->filePath(QStringLiteral("data"))));
    if (const Status opened = m_db->open(); !opened)
        QFAIL(qPrintable(opened.error()));
}

void TestScanner::cleanup()
{
    delete m_db;
    m_db = nullptr;
    delete m_dir;
    m_dir = nullptr;
}

QString TestScanner::music(const QString &relative) const
{
    return relative.isEmpty() ? m_dir->filePath(QStringLiteral("music"))
                              : m_dir->filePath(QStringLiteral("music/") + relative);
}

void TestScanner::putSample(const QString &format, const QString &relative)
{
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("sample.") + format), music(relative)));
}

ScanSummary TestScanner::scan(const QStringList &roots, QStringList *failedPaths, int workers)
{
    FolderScanner scanner(*m_db);
    if (workers > 0)
        scanner.setWorkerCount(workers);
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    QSignalSpy failed(&scanner, &FolderScanner::fileFailed);
    if (!scanner.start(roots))
        return {};
    if (!finished.wait(120000) || finished.isEmpty())
        return {};
    if (failedPaths) {
        for (const QList<QVariant> &args : std::as_const(failed))
            *failedPaths << args.at(0).toString();
    }
    return finished.first().first().value<ScanSummary>();
}

void TestScanner::firstScanImportsEveryFormatOffTheCallingThread()
{
    for (const QString &f : kFormats)
        putSample(f, QStringLiteral("Album/") + f + QStringLiteral("/track.") + f);
    QDir().mkpath(music(QStringLiteral(".hidden")));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("sample.mp3")), music(QStringLiteral(".hidden/secret.mp3"))));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("sample.mp3")), music(QStringLiteral("Album/.dotfile.mp3"))));
    QFile notes(music(QStringLiteral("Album/notes.txt")));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("not music");
    notes.close();

    FolderScanner scanner(*m_db);
    QThread *signalThread = nullptr;
    QSet<QString> addedIds;
    int lastFound = 0;
    connect(&scanner, &FolderScanner::tracksAdded, this,
            [&](const QStringList &ids) {
                signalThread = QThread::currentThread();
                for (const QString &id : ids)
                    addedIds.insert(id);
            },
            Qt::DirectConnection);
    QSignalSpy progress(&scanner, &FolderScanner::progress);
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    QVERIFY(scanner.start({music()}));
    QVERIFY(!scanner.start({music()})); // one scan at a time
    QVERIFY(finished.wait(60000));
    const ScanSummary s = finished.first().first().value<ScanSummary>();
    QCOMPARE(s.found, int(kFormats.size()));
    QCOMPARE(s.added, int(kFormats.size()));
    QCOMPARE(s.filesRead, int(kFormats.size()));
    QCOMPARE(s.failed, 0);
    QVERIFY(!s.cancelled);
    QVERIFY(signalThread != nullptr);
    QVERIFY2(signalThread != QThread::currentThread(), "the scan must not run on the calling thread");
    QVERIFY(!progress.isEmpty());
    for (const QList<QVariant> &p : std::as_const(progress))
        lastFound = p.at(0).toInt();
    QCOMPARE(lastFound, int(kFormats.size()));
    QCOMPARE(progress.last().at(1).toInt(), int(kFormats.size()));

    const QList<Track> tracks = TrackStore(*m_db).allTracks().value();
    QCOMPARE(tracks.size(), kFormats.size());
    QSet<QString> ids;
    QSet<QString> formats;
    for (const Track &t : tracks) {
        ids.insert(t.id);
        formats.insert(t.format);
        QVERIFY(t.available);
        QVERIFY(QFile::exists(t.filePath));
        QVERIFY(!t.filePath.contains(QStringLiteral(".hidden")));
        QVERIFY(!t.filePath.contains(QStringLiteral(".dotfile")));
        QCOMPARE(t.title, QStringLiteral("Song ") + t.format);
        QCOMPARE(t.duration, 1);
        QVERIFY(t.fileUrl.isLocalFile());
    }
    QCOMPARE(ids, addedIds);
    QCOMPARE(formats, QSet<QString>(kFormats.begin(), kFormats.end()));
    QCOMPARE(TrackStore(*m_db).libraryRoots().value(), QStringList{music()});
    // Every insert is waiting in the outbox for the sync.
    QCOMPARE(count(m_db->connection(), QStringLiteral("SELECT count(*) FROM outbox WHERE table_name = 'music_tracks' AND op = 'insert'")),
             int(kFormats.size()));
}

void TestScanner::rescanWithoutChangesOpensNoFile()
{
    for (const QString &f : kFormats)
        putSample(f, f + QStringLiteral("/a.") + f);
    QCOMPARE(scan({music()}).added, int(kFormats.size()));
    const QList<Track> before = TrackStore(*m_db).allTracks().value();
    const int outbox = count(m_db->connection(), QStringLiteral("SELECT count(*) FROM outbox"));

    const ScanSummary again = scan({music()});
    QCOMPARE(again.found, int(kFormats.size()));
    QCOMPARE(again.filesRead, 0);
    QCOMPARE(again.unchanged, int(kFormats.size()));
    QCOMPARE(again.added + again.changed + again.missing + again.moved, 0);
    const QList<Track> after = TrackStore(*m_db).allTracks().value();
    QCOMPARE(after.size(), before.size());
    for (int i = 0; i < after.size(); ++i) {
        QCOMPARE(after[i].id, before[i].id);
        QCOMPARE(after[i].updatedAt, before[i].updatedAt);
    }
    QCOMPARE(count(m_db->connection(), QStringLiteral("SELECT count(*) FROM outbox")), outbox);
}

void TestScanner::unicodeNamesAreStoredNfcAndStayUnchanged()
{
    // The same name in decomposed form (e + combining acute), as macOS writes it.
    const QString nfd = QStringLiteral("Beyonce\u0301 – 夏.mp3");
    putSample(QStringLiteral("mp3"), QStringLiteral("Ünïcödé/") + nfd);
    QCOMPARE(scan({music()}).added, 1);
    const Track t = TrackStore(*m_db).allTracks().value().first();
    QVERIFY(QFile::exists(t.filePath)); // the URL keeps the name as the disk spells it
    QCOMPARE(count(m_db->connection(), QStringLiteral("SELECT count(*) FROM track_files WHERE path = '%1'")
                                           .arg(music(QStringLiteral("Ünïcödé/Beyoncé – 夏.mp3")).normalized(QString::NormalizationForm_C))),
             1);
    const ScanSummary again = scan({music()});
    QCOMPARE(again.filesRead, 0);
    QCOMPARE(again.unchanged, 1);
}

void TestScanner::changedFileIsReadAgainAndKeepsIdAndPlaylistEntries()
{
    putSample(QStringLiteral("mp3"), QStringLiteral("a/song.mp3"));
    putSample(QStringLiteral("flac"), QStringLiteral("a/other.flac"));
    QCOMPARE(scan({music()}).added, 2);
    const Track original = *byTitle(*m_db, QStringLiteral("Song mp3"));
    PlaylistStore playlists(*m_db);
    const QString pl = playlists.create(QStringLiteral("Favourites")).value();
    QCOMPARE(playlists.addTracks(pl, {original.id}).value(), 1);

    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("retagged.mp3")), music(QStringLiteral("a/song.mp3"))));
    QVERIFY(setMtime(music(QStringLiteral("a/song.mp3")), QDateTime::currentMSecsSinceEpoch() + 60000));
    const ScanSummary s = scan({music()});
    QCOMPARE(s.changed, 1);
    QCOMPARE(s.filesRead, 1);
    QCOMPARE(s.unchanged, 1);
    QCOMPARE(s.added, 0);
    const auto changed = TrackStore(*m_db).track(original.id).value();
    QVERIFY(changed.has_value());
    QCOMPARE(changed->title, QStringLiteral("Song mp3 (remastered)"));
    QCOMPARE(TrackStore(*m_db).trackCount().value(), 2);
    const QList<PlaylistEntry> entries = playlists.entries(pl).value();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().track.id, original.id);
    QCOMPARE(entries.first().track.title, QStringLiteral("Song mp3 (remastered)"));
}

void TestScanner::movedFileKeepsIdAndPlaylistEntries()
{
    putSample(QStringLiteral("mp3"), QStringLiteral("Inbox/song.mp3"));
    putSample(QStringLiteral("ogg"), QStringLiteral("Inbox/keep.ogg"));
    QCOMPARE(scan({music()}).added, 2);
    const Track original = *byTitle(*m_db, QStringLiteral("Song mp3"));
    PlaylistStore playlists(*m_db);
    const QString pl = playlists.create(QStringLiteral("Mix")).value();
    QCOMPARE(playlists.addTracks(pl, {original.id}).value(), 1);

    QDir().mkpath(music(QStringLiteral("Sorted/Artist mp3")));
    const QString moved = music(QStringLiteral("Sorted/Artist mp3/01 – Sông.mp3"));
    QVERIFY(QFile::rename(music(QStringLiteral("Inbox/song.mp3")), moved));
    const ScanSummary s = scan({music()});
    QCOMPARE(s.moved, 1);
    QCOMPARE(s.added, 0);
    QCOMPARE(s.missing, 0);
    const Track after = *TrackStore(*m_db).track(original.id).value();
    QCOMPARE(after.filePath, moved);
    QVERIFY(after.available);
    QCOMPARE(TrackStore(*m_db).trackCount().value(), 2);
    QCOMPARE(playlists.entries(pl).value().size(), 1);
    QCOMPARE(playlists.entries(pl).value().first().track.id, original.id);
    QVERIFY(TrackStore(*m_db).unavailableTracks().value().isEmpty());
}

void TestScanner::missingFileIsMarkedUnavailableAndComesBack()
{
    putSample(QStringLiteral("flac"), QStringLiteral("x/gone.flac"));
    putSample(QStringLiteral("wav"), QStringLiteral("x/stays.wav"));
    QCOMPARE(scan({music()}).added, 2);
    const Track gone = *byTitle(*m_db, QStringLiteral("Song flac"));
    PlaylistStore playlists(*m_db);
    const QString pl = playlists.create(QStringLiteral("Kept")).value();
    QCOMPARE(playlists.addTracks(pl, {gone.id}).value(), 1);

    const QString aside = m_dir->filePath(QStringLiteral("aside.flac"));
    QVERIFY(QFile::rename(gone.filePath, aside));
    ScanSummary s = scan({music()});
    QCOMPARE(s.missing, 1);
    QCOMPARE(TrackStore(*m_db).trackCount().value(), 2); // never deleted
    const Track missing = *TrackStore(*m_db).track(gone.id).value();
    QVERIFY(!missing.available);
    QCOMPARE(missing.title, QStringLiteral("Song flac"));
    QCOMPARE(TrackStore(*m_db).unavailableTracks().value().size(), 1);
    QCOMPARE(playlists.entries(pl).value().size(), 1);
    QVERIFY(!playlists.entries(pl).value().first().track.available);

    // A second scan while it is still gone changes nothing more.
    s = scan({music()});
    QCOMPARE(s.missing, 0);

    QVERIFY(QFile::rename(aside, gone.filePath));
    s = scan({music()});
    QCOMPARE(s.restored, 1);
    QCOMPARE(s.filesRead, 0);
    QVERIFY(TrackStore(*m_db).track(gone.id).value()->available);
    QVERIFY(TrackStore(*m_db).unavailableTracks().value().isEmpty());
}

void TestScanner::unpluggedRootChangesNothing()
{
    const QString drive = m_dir->filePath(QStringLiteral("usb-drive"));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("sample.mp3")), drive + QStringLiteral("/a.mp3")));
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("sample.opus")), drive + QStringLiteral("/b/c.opus")));
    putSample(QStringLiteral("m4a"), QStringLiteral("local.m4a"));
    QCOMPARE(scan({drive, music()}).added, 3);
    const QList<Track> before = TrackStore(*m_db).allTracks().value();

    const QString unplugged = m_dir->filePath(QStringLiteral("unplugged"));
    QVERIFY(QDir().rename(drive, unplugged));
    const ScanSummary s = scan({drive, music()});
    QCOMPARE(s.absentRoots, QStringList{drive});
    QCOMPARE(s.missing, 0);
    QCOMPARE(s.unchanged, 1);
    const QList<Track> after = TrackStore(*m_db).allTracks().value();
    QCOMPARE(after.size(), before.size());
    for (const Track &t : after)
        QVERIFY2(t.available, qPrintable(t.filePath));

    QVERIFY(QDir().rename(unplugged, drive));
    const ScanSummary back = scan({drive, music()});
    QCOMPARE(back.unchanged, 3);
    QCOMPARE(back.filesRead, 0);
}

void TestScanner::brokenFilesAreReportedOnceAndTheRestImported()
{
    putSample(QStringLiteral("mp3"), QStringLiteral("good/a.mp3"));
    putSample(QStringLiteral("flac"), QStringLiteral("good/b.flac"));
    QFile flac(m_fixtures.filePath(QStringLiteral("sample.flac")));
    QVERIFY(flac.open(QIODevice::ReadOnly));
    const QByteArray flacBytes = flac.readAll();
    QByteArray random(30000, '\0');
    for (int i = 0; i < random.size(); ++i)
        random[i] = char((i * 31 + 7) % 253);
    const QList<QPair<QString, QByteArray>> broken = {
        {QStringLiteral("bad/zero.mp3"), QByteArray()},
        {QStringLiteral("bad/truncated.flac"), flacBytes.left(100)},
        {QStringLiteral("bad/random.ogg"), random},
        {QStringLiteral("bad/text.m4a"), QByteArray("hello\n")},
        {QStringLiteral("bad/flac-named.mp3"), flacBytes},
    };
    QStringList brokenPaths;
    for (const auto &[name, bytes] : broken) {
        QDir().mkpath(QFileInfo(music(name)).absolutePath());
        QFile f(music(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        brokenPaths << music(name);
    }
    brokenPaths.sort();

    QStringList failed;
    const ScanSummary s = scan({music()}, &failed);
    failed.sort();
    QCOMPARE(failed, brokenPaths); // each reported exactly once
    QCOMPARE(s.failed, int(broken.size()));
    QCOMPARE(s.added, 2);
    QVERIFY(!s.cancelled);
    const QList<ScanError> errors = TrackStore(*m_db).scanErrors().value();
    QCOMPARE(errors.size(), broken.size());
    for (const ScanError &e : errors) {
        QVERIFY2(!e.reason.isEmpty() && !e.reason.contains(QLatin1Char('\n')), qPrintable(e.reason));
        QVERIFY(e.at.isValid());
    }
    // The reason names what was wrong: here a FLAC stream behind an .mp3 name.
    QCOMPARE(TrackStore(*m_db).scanErrors().value().first().path, music(QStringLiteral("bad/flac-named.mp3")));
    QVERIFY2(TrackStore(*m_db).scanErrors().value().first().reason.contains(QStringLiteral(".mp3")),
             qPrintable(TrackStore(*m_db).scanErrors().value().first().reason));

    // Unchanged broken files are reported again but not reopened.
    failed.clear();
    const ScanSummary again = scan({music()}, &failed);
    QCOMPARE(again.failed, int(broken.size()));
    QCOMPARE(again.filesRead, 0);
    QCOMPARE(failed.size(), broken.size());

    // Fixing a file clears its error and imports it.
    QVERIFY(copyFile(m_fixtures.filePath(QStringLiteral("sample.ogg")), music(QStringLiteral("bad/random.ogg"))));
    QVERIFY(setMtime(music(QStringLiteral("bad/random.ogg")), QDateTime::currentMSecsSinceEpoch() + 60000));
    const ScanSummary fixed = scan({music()});
    QCOMPARE(fixed.added, 1);
    QCOMPARE(fixed.failed, int(broken.size()) - 1);
    QCOMPARE(TrackStore(*m_db).scanErrors().value().size(), broken.size() - 1);

    // A broken file that was deleted leaves no error behind.
    QVERIFY(QFile::remove(music(QStringLiteral("bad/zero.mp3"))));
    QCOMPARE(scan({music()}).failed, int(broken.size()) - 2);
    QCOMPARE(TrackStore(*m_db).scanErrors().value().size(), broken.size() - 2);
}

void TestScanner::unreadableFileAndFolderAreReported()
{
    if (geteuid() == 0)
        QSKIP("root reads every file; TestLibraryCli::unreadableFilesAreReportedWhenRunAsNobody covers this");
    putSample(QStringLiteral("mp3"), QStringLiteral("ok/a.mp3"));
    putSample(QStringLiteral("flac"), QStringLiteral("locked-file/b.flac"));
    putSample(QStringLiteral("ogg"), QStringLiteral("locked-folder/c.ogg"));
    QVERIFY(QFile::setPermissions(music(QStringLiteral("locked-file/b.flac")), QFileDevice::Permissions()));
    QVERIFY(QFile::setPermissions(music(QStringLiteral("locked-folder")), QFileDevice::Permissions()));
    QStringList failed;
    const ScanSummary s = scan({music()}, &failed);
    QFile::setPermissions(music(QStringLiteral("locked-folder")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    failed.sort();
    QCOMPARE(failed, QStringList({music(QStringLiteral("locked-file/b.flac")), music(QStringLiteral("locked-folder"))}));
    QCOMPARE(s.added, 1);
}

void TestScanner::cancelMidScanLeavesAConsistentLibrary()
{
    const int total = 240;
    for (int i = 0; i < total; ++i) {
        const QString f = kFormats.at(i % kFormats.size());
        putSample(f, QStringLiteral("d%1/t%2.%3").arg(i / 20).arg(i).arg(f));
    }
    FolderScanner scanner(*m_db);
    scanner.setWorkerCount(1);
    scanner.setBatchSize(5);
    // Cancel from the scan thread as soon as the first batch is in: a user pressing Cancel.
    connect(&scanner, &FolderScanner::tracksAdded, &scanner, [&scanner] { scanner.cancel(); }, Qt::DirectConnection);
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    QVERIFY(scanner.start({music()}));
    QVERIFY(finished.wait(60000));
    const ScanSummary s = finished.first().first().value<ScanSummary>();
    QVERIFY(s.cancelled);
    QVERIFY2(s.added > 0 && s.added < total, qPrintable(QString::number(s.added)));
    QCOMPARE(s.missing, 0);

    QSqlDatabase db = m_db->connection();
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM music_tracks")), s.added);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM track_files")), s.added);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM track_search")), s.added);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM track_files WHERE available = 0")), 0);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM outbox WHERE table_name = 'music_tracks'")), s.added);
    QSqlQuery integrity(db);
    QVERIFY(integrity.exec(QStringLiteral("PRAGMA integrity_check")) && integrity.next());
    QCOMPARE(integrity.value(0).toString(), QStringLiteral("ok"));
    integrity.finish(); // an active statement would keep this connection on an old snapshot

    const ScanSummary rest = scan({music()});
    QVERIFY(!rest.cancelled);
    QCOMPARE(rest.added, total - s.added);
    QCOMPARE(rest.unchanged, s.added);
    QCOMPARE(TrackStore(*m_db).trackCount().value(), total);
}

void TestScanner::firstBigScanBuildsIndexesAtTheEndAndEveryBatchIsSearchable()
{
    const int total = 60;
    for (int i = 0; i < total; ++i) {
        const QString f = kFormats.at(i % kFormats.size());
        putSample(f, QStringLiteral("d%1/t%2.%3").arg(i / 20).arg(i).arg(f));
    }
    const QString indexCount = QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                                              "NULL AND tbl_name IN ('music_tracks', 'track_files')");
    const int before = count(m_db->connection(), indexCount);
    QVERIFY(before >= 5);
    FolderScanner scanner(*m_db);
    scanner.setWorkerCount(1);
    scanner.setBatchSize(7);
    scanner.setBulkLoadThreshold(10);
    int fewestDuring = before;
    int added = 0;
    QStringList mismatches;
    // On the scan thread, after each committed batch: what a user searching then would see.
    connect(&scanner, &FolderScanner::tracksAdded, &scanner,
            [&](const QStringList &ids) {
                added += int(ids.size());
                fewestDuring = std::min(fewestDuring, count(m_db->connection(), indexCount));
                const int live = count(m_db->connection(), QStringLiteral("SELECT count(*) FROM music_tracks"));
                const int indexed = count(m_db->connection(), QStringLiteral("SELECT count(*) FROM track_search"));
                if (live != added || indexed != added)
                    mismatches << QStringLiteral("%1 added, %2 stored, %3 searchable").arg(added).arg(live).arg(indexed);
            },
            Qt::DirectConnection);
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    QVERIFY(scanner.start({music()}));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().value<ScanSummary>().added, total);
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QStringLiteral("; "))));
    QCOMPARE(fewestDuring, 0); // built once at the end, not row by row
    QSqlDatabase db = m_db->connection();
    QCOMPARE(count(db, indexCount), before);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM deferred_indexes")), 0);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM track_search")), total);
    QCOMPARE(TrackStore(*m_db).search(QStringLiteral("song"), -1).value().size(), total);

    // A rescan that finds new files in a library that is no longer empty defers nothing.
    putSample(QStringLiteral("mp3"), QStringLiteral("late/new.mp3"));
    FolderScanner again(*m_db);
    again.setBulkLoadThreshold(1);
    int fewestAgain = before;
    connect(&again, &FolderScanner::tracksAdded, &again,
            [&](const QStringList &) { fewestAgain = std::min(fewestAgain, count(m_db->connection(), indexCount)); },
            Qt::DirectConnection);
    QSignalSpy done(&again, &FolderScanner::finished);
    QVERIFY(again.start({music()}));
    QVERIFY(done.wait(120000));
    QCOMPARE(done.first().first().value<ScanSummary>().added, 1);
    QCOMPARE(fewestAgain, before);
}

void TestScanner::editsDuringAScanAreNotLost()
{
    putSample(QStringLiteral("mp3"), QStringLiteral("first/a.mp3"));
    QCOMPARE(scan({music(QStringLiteral("first"))}).added, 1);
    const QString id = TrackStore(*m_db).allTracks().value().first().id;
    for (int i = 0; i < 150; ++i) {
        const QString f = kFormats.at(i % kFormats.size());
        putSample(f, QStringLiteral("more/%1/t%2.%3").arg(i / 30).arg(i).arg(f));
    }
    FolderScanner scanner(*m_db);
    scanner.setWorkerCount(1);
    scanner.setBatchSize(3);
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    QVERIFY(scanner.start({music(QStringLiteral("more"))}));
    TrackStore store(*m_db);
    PlaylistStore playlists(*m_db);
    int edits = 0;
    while (scanner.isRunning()) {
        TrackEdit edit;
        edit.title = QStringLiteral("Edited %1").arg(++edits);
        const Status saved = store.updateTrack(id, edit);
        QVERIFY2(saved, qPrintable(saved.error()));
        const QString pl = playlists.create(QStringLiteral("During scan %1").arg(edits)).value();
        QCOMPARE(playlists.addTracks(pl, {id}).value(), 1);
        QTest::qWait(10); // a fast user, not a tight loop that would starve the scan
    }
    QVERIFY(!finished.isEmpty() || finished.wait(60000));
    QVERIFY(edits > 0);
    QCOMPARE(store.track(id).value()->title, QStringLiteral("Edited %1").arg(edits));
    QCOMPARE(playlists.playlists().value().size(), edits);
    QCOMPARE(TrackStore(*m_db).trackCount().value(), 151);
    QCOMPARE(count(m_db->connection(), QStringLiteral("SELECT count(*) FROM outbox WHERE table_name = 'music_tracks' AND op = 'update'")),
             edits);
}

void TestScanner::symlinkLoopIsWalkedOnce()
{
    putSample(QStringLiteral("mp3"), QStringLiteral("a/song.mp3"));
    QVERIFY(QFile::link(music(), music(QStringLiteral("a/loop"))));
    QVERIFY(QFile::link(music(QStringLiteral("a")), music(QStringLiteral("again"))));
    const ScanSummary s = scan({music()});
    QCOMPARE(s.found, 1);
    QCOMPARE(s.added, 1);
}

void TestScanner::procLikeRootIsRefused()
{
    const ScanSummary s = scan({QStringLiteral("/proc/self")});
    QCOMPARE(s.refusedRoots.size(), 1);
    QVERIFY2(s.refusedRoots.first().contains(QStringLiteral("virtual file system")), qPrintable(s.refusedRoots.first()));
    QCOMPARE(s.found, 0);
    QVERIFY(TrackStore(*m_db).libraryRoots().value().isEmpty());
}

// A folder added again brings back, in one batch, the tracks taken out with it. When that
// write fails part-way (a trigger in the library file refuses the second track's return, after
// the first one was already written back), the scan says why and the library is as it was:
// none of them listed, none half back (live, or its sync row written), the folder not re-added.
// Control: the same scan once the trigger is gone brings all of them back with their ids.
void TestScanner::folderAddedAgainWhoseTracksCannotComeBackSaysWhyAndBringsBackNone()
{
    putSample(QStringLiteral("mp3"), QStringLiteral("Stays/stays.mp3"));
    for (const QString &f : {QStringLiteral("flac"), QStringLiteral("ogg"), QStringLiteral("opus")})
        putSample(f, QStringLiteral("Again/again.") + f);
    QCOMPARE(scan({music(QStringLiteral("Stays")), music(QStringLiteral("Again"))}).added, 4);
    const QMap<QString, QString> all = listed(*m_db);
    QCOMPARE(all.size(), 4);
    const Result<QStringList> out = LibraryFolders(*m_db).remove(music(QStringLiteral("Again")));
    QVERIFY2(out, qPrintable(out.error()));
    QCOMPARE(out->size(), 3);

    const QMap<QString, QString> before = listed(*m_db);
    QCOMPARE(before.keys(), QStringList{QStringLiteral("Song mp3")});
    const QStringList foldersBefore = folderPaths(*m_db);
    QSqlDatabase db = m_db->connection();
    const int outboxBefore = count(db, QStringLiteral("SELECT count(*) FROM outbox"));
    QVERIFY(outboxBefore > 0);
    QSqlQuery sabotage(db);
    QVERIFY2(sabotage.exec(QStringLiteral(R"sql(CREATE TRIGGER refuse_second_return
            BEFORE DELETE ON library_removals
            WHEN (SELECT count(*) FROM library_removals) < 3
            BEGIN SELECT RAISE(ABORT, 'the disk refused the write'); END)sql")),
             qPrintable(sabotage.lastError().text()));

    const ScanSummary failed = scan({music(QStringLiteral("Again"))});
    QVERIFY2(failed.writeError.contains(QStringLiteral("the tracks taken out with %1 could not be brought back")
                                            .arg(QDir::toNativeSeparators(music(QStringLiteral("Again"))))),
             qPrintable(failed.writeError));
    QVERIFY2(failed.writeError.contains(QStringLiteral("the disk refused the write")), qPrintable(failed.writeError));
    QCOMPARE(failed.returned, 0);
    QCOMPARE(failed.added, 0); // the files are known: not added again as new tracks
    QCOMPARE(listed(*m_db), before);
    QCOMPARE(TrackStore(*m_db).trackCount().value(), 1);
    QCOMPARE(folderPaths(*m_db), foldersBefore);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM outbox")), outboxBefore); // nothing to sync
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM library_removals")), 3);

    // Control: the intact library brings all three back, same ids, and says nothing.
    QVERIFY(QSqlQuery(db).exec(QStringLiteral("DROP TRIGGER refuse_second_return")));
    const ScanSummary again = scan({music(QStringLiteral("Again"))});
    QVERIFY2(again.writeError.isEmpty(), qPrintable(again.writeError));
    QCOMPARE(again.returned, 3);
    QCOMPARE(listed(*m_db), all);
    QVERIFY(folderPaths(*m_db).contains(LibraryFolders::normalized(music(QStringLiteral("Again")))));
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM library_removals")), 0);
}
