#include "tst_librarycli.h"

#include "audiofixture.h"
#include "library/librarydatabase.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace ekn;
using namespace ekn::test;

namespace {

QJsonObject parseJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    return doc.object();
}

// `tracks --json` without what differs between two libraries made from the same files (ids
// and times), keyed by path.
QMap<QString, QJsonObject> stableTracks(const QString &dataDir)
{
    const ProcessResult r = runCli({QStringLiteral("tracks"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dataDir});
    QMap<QString, QJsonObject> out;
    for (const QJsonValue &v : parseJson(r.out).value(QStringLiteral("tracks")).toArray()) {
        QJsonObject o = v.toObject();
        o.remove(QStringLiteral("id"));
        o.remove(QStringLiteral("created_at"));
        o.remove(QStringLiteral("updated_at"));
        o.remove(QStringLiteral("added_at"));
        out.insert(o.value(QStringLiteral("path")).toString(), o);
    }
    return out;
}

// Renames a table of the library under the app's feet (as a damaged or half-migrated file
// would have it): every read that needs it then fails for real in SQLite.
bool renameTable(const QString &dataDir, const QString &table)
{
    const QString conn = QStringLiteral("break-") + table;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(LibraryDatabase::fileNameIn(dataDir));
        ok = db.open() && QSqlQuery(db).exec(QStringLiteral("ALTER TABLE %1 RENAME TO %1_gone").arg(table));
    }
    QSqlDatabase::removeDatabase(conn);
    return ok;
}

int trackRows(const QString &dataDir)
{
    const QString conn = QStringLiteral("peek-") + QString::number(qint64(QDateTime::currentMSecsSinceEpoch()));
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(LibraryDatabase::fileNameIn(dataDir));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT count(*) FROM music_tracks")) && q.next())
                n = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(conn);
    return n;
}

} // namespace

QString TestLibraryCli::dataDir(const QString &name) const
{
    return m_dir.filePath(QStringLiteral("data-") + name);
}

void TestLibraryCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_music = m_dir.filePath(QStringLiteral("music"));
    const QStringList formats = {QStringLiteral("mp3"), QStringLiteral("flac"), QStringLiteral("ogg"),
                                 QStringLiteral("opus"), QStringLiteral("m4a"), QStringLiteral("wav")};
    const QStringList artists = {QStringLiteral("Beyoncé"), QStringLiteral("Daft Punk"), QStringLiteral("Björk"),
                                 QStringLiteral("坂本龍一"), QStringLiteral("Daft Punk"), QStringLiteral("Sigur Rós")};
    for (int i = 0; i < formats.size(); ++i) {
        ToneTags t;
        t.title = QStringLiteral("Track %1 %2").arg(i + 1).arg(formats[i]);
        t.artist = artists[i];
        t.album = i % 2 ? QStringLiteral("Discovery") : QStringLiteral("Homogenic");
        t.date = QString::number(1997 + i);
        t.genre = i % 2 ? QStringLiteral("Electronic") : QStringLiteral("Pop");
        t.frequency = 220 + 40 * i;
        QCOMPARE(makeTone(QStringLiteral("%1/%2/%3 – %4.%5").arg(m_music, artists[i]).arg(i + 1).arg(t.title, formats[i]), t),
                 QString());
    }
    QDir().mkpath(m_music + QStringLiteral("/broken"));
    QFile zero(m_music + QStringLiteral("/broken/zero.mp3"));
    QVERIFY(zero.open(QIODevice::WriteOnly));
    zero.close();
    QFile junk(m_music + QStringLiteral("/broken/junk.flac"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(5000, 'j'));
    junk.close();
}

void TestLibraryCli::scanPrintsSummaryAndTracksListsThem()
{
    const ProcessResult r = runCli({QStringLiteral("scan"), m_music, QStringLiteral("--data-dir"), dataDir(QStringLiteral("a"))});
    QVERIFY2(r.out.contains(QStringLiteral("Scanned 8 files")), qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QStringLiteral("6 added")));
    QVERIFY(r.out.contains(QStringLiteral("2 failed")));
    QVERIFY2(!r.err.contains(QLatin1Char('\r')), "no progress line when stderr is not a terminal");
    const ProcessResult list = runCli({QStringLiteral("tracks"), QStringLiteral("--data-dir"), dataDir(QStringLiteral("a"))});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains(QStringLiteral("Beyoncé - Track 1 mp3 [Homogenic]")));
    QVERIFY(list.out.contains(QStringLiteral("6 tracks")));
}

void TestLibraryCli::exitCodeSaysSomeFilesFailed()
{
    const ProcessResult r = runCli({QStringLiteral("scan"), m_music, QStringLiteral("--data-dir"), dataDir(QStringLiteral("b"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("broken/zero.mp3: empty file (0 bytes)")), qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("broken/junk.flac: not a valid flac file")));
    const ProcessResult errors = runCli({QStringLiteral("scan-errors"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dataDir(QStringLiteral("b"))});
    QCOMPARE(errors.exitCode, 0);
    const QJsonArray list = parseJson(errors.out).value(QStringLiteral("errors")).toArray();
    QCOMPARE(list.size(), 2);
    QVERIFY(list.at(0).toObject().value(QStringLiteral("path")).toString().endsWith(QStringLiteral("junk.flac")));
    QVERIFY(!list.at(0).toObject().value(QStringLiteral("reason")).toString().isEmpty());
    const ProcessResult text = runCli({QStringLiteral("scan-errors"), QStringLiteral("--data-dir"), dataDir(QStringLiteral("b"))});
    QVERIFY(text.out.contains(QStringLiteral("2 files could not be read")));

    // A folder with only good files exits 0.
    const QString good = m_music + QStringLiteral("/Björk");
    const ProcessResult ok = runCli({QStringLiteral("scan"), good, QStringLiteral("--data-dir"), dataDir(QStringLiteral("b2"))});
    QCOMPARE(ok.exitCode, 0);
}

void TestLibraryCli::progressLineShowsOnATerminal()
{
    // script(1) gives the CLI a pseudo-terminal, as a user's shell would.
    if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
        QSKIP("script(1) from util-linux is needed to fake a terminal");
    const QString command = QStringLiteral("'%1' scan '%2' --data-dir '%3'")
                                .arg(QStringLiteral(EKN_CLI_PATH), m_music, dataDir(QStringLiteral("tty")));
    const ProcessResult r = runProgram(QStringLiteral("script"),
                                       {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
    QVERIFY2(r.out.contains(QStringLiteral("\rScanning: ")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("files")));
    QVERIFY(r.out.contains(QStringLiteral("Scanned 8 files")));
    QCOMPARE(r.exitCode, 1); // script -e passes the CLI's exit code through (2 files failed)
}

void TestLibraryCli::tracksJsonIsStable()
{
    runCli({QStringLiteral("scan"), m_music, QStringLiteral("--data-dir"), dataDir(QStringLiteral("c"))});
    const ProcessResult r = runCli({QStringLiteral("tracks"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dataDir(QStringLiteral("c"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject doc = parseJson(r.out);
    QCOMPARE(doc.value(QStringLiteral("version")).toInt(), 1);
    const QJsonArray tracks = doc.value(QStringLiteral("tracks")).toArray();
    QCOMPARE(tracks.size(), 6);
    // The documented fields (app/cli/JSON.md), every one present on every track.
    const QStringList fields = QString::fromLatin1(
        "id,title,artist,album,album_artist,track_number,track_total,disc_number,disc_total,year,genre,composer,"
        "comment,duration,duration_ms,format,bitrate,sample_rate,channels,file_size,path,file_url,available,"
        "has_cover,cover_mime,created_at,updated_at,added_at,rating,play_count,skip_count,last_played").split(QLatin1Char(','));
        for (const QJsonValue &v : tracks) {
        const QJsonObject t = v.toObject();
        for (const QString &f : fields)
            QVERIFY2(t.contains(f), qPrintable(f));
        QCOMPARE(t.size(), fields.size());
    }
    const QJsonObject first = tracks.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("artist")).toString(), QStringLiteral("Beyoncé"));
    QCOMPARE(first.value(QStringLiteral("format")).toString(), QStringLiteral("mp3"));
    QCOMPARE(first.value(QStringLiteral("year")).toInt(), 1997);
    QCOMPARE(first.value(QStringLiteral("duration")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("available")).toBool(), true);
    QVERIFY(first.value(QStringLiteral("album_artist")).isNull());
    QVERIFY(QFile::exists(first.value(QStringLiteral("path")).toString()));
    // A freshly scanned track: never rated, never played, added when scanned.
    QVERIFY(first.value(QStringLiteral("rating")).isNull());
    QCOMPARE(first.value(QStringLiteral("play_count")).toInt(-1), 0);
    QCOMPARE(first.value(QStringLiteral("skip_count")).toInt(-1), 0);
    QVERIFY(first.value(QStringLiteral("last_played")).isNull());
    QCOMPARE(first.value(QStringLiteral("added_at")), first.value(QStringLiteral("created_at")));
}

void TestLibraryCli::rateAndCountPlaysFromTheCommandLine()
{
    const QString dir = dataDir(QStringLiteral("rate"));
    runCli({QStringLiteral("scan"), m_music, QStringLiteral("--data-dir"), dir});
    auto trackNo = [&](int i) {
        const ProcessResult r = runCli({QStringLiteral("tracks"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
        return parseJson(r.out).value(QStringLiteral("tracks")).toArray().at(i).toObject();
    };
    const QString id = trackNo(0).value(QStringLiteral("id")).toString();
    auto track = [&](const QStringList &args) {
        return runCli(QStringList{QStringLiteral("track")} + args + QStringList{QStringLiteral("--data-dir"), dir});
    };
    QCOMPARE(track({QStringLiteral("rate"), id, QStringLiteral("3.5")}).exitCode, 0);
    QCOMPARE(trackNo(0).value(QStringLiteral("rating")).toDouble(), 3.5);
    QCOMPARE(trackNo(1).value(QStringLiteral("rating")), QJsonValue()); // only that track
    // Out of range, not a half star, not a number: refused by name, the rating stays.
    for (const QString &bad : {QStringLiteral("6"), QStringLiteral("2.3"), QStringLiteral("5.5"), QStringLiteral("lots")}) {
        const ProcessResult r = track({QStringLiteral("rate"), id, bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("0 to 5 stars")) && r.err.contains(bad), qPrintable(r.err));
    }
    QCOMPARE(trackNo(0).value(QStringLiteral("rating")).toDouble(), 3.5);
    QCOMPARE(track({QStringLiteral("rate"), id, QStringLiteral("none")}).exitCode, 0);
    QVERIFY(trackNo(0).value(QStringLiteral("rating")).isNull());
    QCOMPARE(track({QStringLiteral("rate"), id, QStringLiteral("0")}).exitCode, 0);
    QCOMPARE(trackNo(0).value(QStringLiteral("rating")), QJsonValue(0.0)); // zero stars is a rating

    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    QCOMPARE(track({QStringLiteral("played"), id}).exitCode, 0);
    QCOMPARE(track({QStringLiteral("played"), id}).exitCode, 0);
    QCOMPARE(track({QStringLiteral("skipped"), id}).exitCode, 0);
    const QJsonObject t = trackNo(0);
    QCOMPARE(t.value(QStringLiteral("play_count")).toInt(), 2);
    QCOMPARE(t.value(QStringLiteral("skip_count")).toInt(), 1);
    const QDateTime last = QDateTime::fromString(t.value(QStringLiteral("last_played")).toString(), Qt::ISODateWithMs);
    QVERIFY2(last >= before && last <= QDateTime::currentDateTimeUtc(), qPrintable(last.toString(Qt::ISODateWithMs)));
    QVERIFY(t.value(QStringLiteral("last_played")).toString().endsWith(QLatin1Char('Z')));

    const ProcessResult unknown = track({QStringLiteral("played"), QStringLiteral("00000000-0000-0000-0000-000000000001")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains(QStringLiteral("no track with id 00000000-0000-0000-0000-000000000001")), qPrintable(unknown.err));
}

void TestLibraryCli::searchFromTheCommandLine()
{
    const QString dir = dataDir(QStringLiteral("d"));
    runCli({QStringLiteral("scan"), m_music, QStringLiteral("--data-dir"), dir});
    auto search = [&](const QString &q) {
        const ProcessResult r = runCli({QStringLiteral("tracks"), QStringLiteral("--search"), q, QStringLiteral("--json"),
                                        QStringLiteral("--data-dir"), dir});
        QStringList artists;
        for (const QJsonValue &v : parseJson(r.out).value(QStringLiteral("tracks")).toArray())
            artists << v.toObject().value(QStringLiteral("artist")).toString();
        return artists;
    };
    QCOMPARE(search(QStringLiteral("beyonce")), QStringList{QStringLiteral("Beyoncé")});
    QCOMPARE(search(QStringLiteral("bjo")), QStringList{QStringLiteral("Björk")});
    QCOMPARE(search(QStringLiteral("ros")), QStringList{QStringLiteral("Sigur Rós")});
    QCOMPARE(search(QStringLiteral("artist:daft")).size(), 2);
    QCOMPARE(search(QStringLiteral("artist:daft year:1998")), QStringList{QStringLiteral("Daft Punk")});
    QCOMPARE(search(QStringLiteral("genre:electro album:disc")).size(), 3);
    QCOMPARE(search(QStringLiteral("坂本")), QStringList{QStringLiteral("坂本龍一")});
    // A filter it cannot read is named on stderr with how to write it, and is no empty list.
    const ProcessResult bad = runCli({QStringLiteral("tracks"), QStringLiteral("--search"), QStringLiteral("daft rating:9"),
                                      QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
    QVERIFY2(bad.exitCode != 0, qPrintable(bad.out));
    QVERIFY2(bad.err.contains(QStringLiteral("rating:9 is not a rating")), qPrintable(bad.err));
    QVERIFY(!bad.out.contains(QStringLiteral("\"tracks\"")));
    // Nothing in the scanned files is rated yet: every track is unrated, so rating:<1 finds all.
    QCOMPARE(search(QStringLiteral("artist:daft rating:<1")).size(), 2);
    QCOMPARE(search(QStringLiteral("artist:daft rating:>=1")).size(), 0);
}

void TestLibraryCli::scanWithoutPathRescansLibraryFolders()
{
    const QString dir = dataDir(QStringLiteral("e"));
    runCli({QStringLiteral("scan"), m_music, QStringLiteral("--data-dir"), dir});
    const ProcessResult again = runCli({QStringLiteral("scan"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
    const QJsonObject s = parseJson(again.out);
    QCOMPARE(s.value(QStringLiteral("found")).toInt(), 8);
    QCOMPARE(s.value(QStringLiteral("unchanged")).toInt(), 6);
    QCOMPARE(s.value(QStringLiteral("files_read")).toInt(), 0);
    QCOMPARE(s.value(QStringLiteral("failed")).toInt(), 2);

    const ProcessResult empty = runCli({QStringLiteral("scan"), QStringLiteral("--data-dir"), dataDir(QStringLiteral("e-empty"))});
    QCOMPARE(empty.exitCode, 2);
    QVERIFY(empty.err.contains(QStringLiteral("no folder given")));
}

void TestLibraryCli::absentFolderIsReportedAndChangesNothing()
{
    const QString dir = dataDir(QStringLiteral("f"));
    const QString missing = m_dir.filePath(QStringLiteral("no-such-drive"));
    const ProcessResult r = runCli({QStringLiteral("scan"), missing, QStringLiteral("--data-dir"), dir});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("folder not found, nothing under it was changed: ") + missing), qPrintable(r.err));
    QCOMPARE(trackRows(dir), 0);
}

void TestLibraryCli::newerLibraryIsRefusedWithAClearMessage()
{
    const QString dir = dataDir(QStringLiteral("g"));
    runCli({QStringLiteral("scan"), m_music + QStringLiteral("/Björk"), QStringLiteral("--data-dir"), dir});
    const QString conn = QStringLiteral("bump-version");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(LibraryDatabase::fileNameIn(dir));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
    }
    QSqlDatabase::removeDatabase(conn);
    const ProcessResult r = runCli({QStringLiteral("tracks"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("was made by a newer EKNMusic")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QCOMPARE(trackRows(dir), 1); // still there
}

void TestLibraryCli::killedScanThenRescanEqualsAnUninterruptedScan()
{
    // Enough files that the scan is still running when the first batches are in.
    const QString big = m_dir.filePath(QStringLiteral("big"));
    QDirIterator it(m_music, {QStringLiteral("*.*")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList sources;
    while (it.hasNext())
        sources << it.next();
    QVERIFY(sources.size() >= 8);
    const int copies = 60;
    for (int c = 0; c < copies; ++c) {
        for (int i = 0; i < sources.size(); ++i) {
            const QFileInfo fi(sources[i]);
            QVERIFY(copyFile(sources[i], QStringLiteral("%1/disc %2/%3 %4").arg(big).arg(c / 10).arg(c).arg(fi.fileName())));
        }
    }
    const int total = copies * int(sources.size());

    const QString killed = dataDir(QStringLiteral("killed"));
    QProcess p;
    p.start(QStringLiteral(EKN_CLI_PATH), {QStringLiteral("scan"), big, QStringLiteral("--data-dir"), killed,
                                            QStringLiteral("--workers"), QStringLiteral("1"), QStringLiteral("--batch-size"),
                                            QStringLiteral("4")});
    QVERIFY(p.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    int seen = 0;
    while (timer.elapsed() < 60000 && p.state() == QProcess::Running) {
        seen = trackRows(killed);
        if (seen >= 12)
            break;
        QTest::qWait(2);
    }
    QVERIFY2(p.state() == QProcess::Running, "the scan ended before it could be killed; make the data bigger");
    ::kill(pid_t(p.processId()), SIGKILL);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    const int afterKill = trackRows(killed);
    QVERIFY2(afterKill > 0 && afterKill < total, qPrintable(QString::number(afterKill)));

    const ProcessResult rescan = runCli({QStringLiteral("scan"), big, QStringLiteral("--json"), QStringLiteral("--data-dir"), killed});
    const QJsonObject s = parseJson(rescan.out);
    QCOMPARE(s.value(QStringLiteral("unchanged")).toInt() + s.value(QStringLiteral("added")).toInt()
                 + s.value(QStringLiteral("failed")).toInt(),
             total);
    QVERIFY(s.value(QStringLiteral("unchanged")).toInt() >= afterKill - copies); // committed work is not redone

    const QString clean = dataDir(QStringLiteral("clean"));
    runCli({QStringLiteral("scan"), big, QStringLiteral("--data-dir"), clean});
    const QMap<QString, QJsonObject> a = stableTracks(killed);
    const QMap<QString, QJsonObject> b = stableTracks(clean);
    QCOMPARE(a.size(), b.size());
    QCOMPARE(a.size(), total - 2 * copies);
    QCOMPARE(a.keys(), b.keys());
    for (auto i = a.cbegin(); i != a.cend(); ++i)
        QCOMPARE(i.value(), b.value(i.key()));
    const ProcessResult ea = runCli({QStringLiteral("scan-errors"), QStringLiteral("--data-dir"), killed});
    const ProcessResult eb = runCli({QStringLiteral("scan-errors"), QStringLiteral("--data-dir"), clean});
    QCOMPARE(ea.out, eb.out);
}

void TestLibraryCli::unreadableFilesAreReportedWhenRunAsNobody()
{
    if (geteuid() != 0)
        QSKIP("needs root to switch to `nobody`; TestScanner::unreadableFileAndFolderAreReported covers this");
    if (runProgram(QStringLiteral("runuser"), {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                                               QStringLiteral("true")}).exitCode != 0)
        QSKIP("runuser -u nobody is not available here");
    // A world-readable tree with one unreadable file and one unreadable folder.
    QTemporaryDir shared(QStringLiteral("/tmp/ekn-nobody-XXXXXX"));
    QVERIFY(shared.isValid());
    const QString root = shared.filePath(QStringLiteral("music"));
    QVERIFY(copyFile(m_music + QStringLiteral("/Björk/3 – Track 3 ogg.ogg"), root + QStringLiteral("/ok/a.ogg")));
    QVERIFY(copyFile(m_music + QStringLiteral("/Beyoncé/1 – Track 1 mp3.mp3"), root + QStringLiteral("/ok/locked.mp3")));
    QVERIFY(copyFile(m_music + QStringLiteral("/Björk/3 – Track 3 ogg.ogg"), root + QStringLiteral("/secret/b.ogg")));
    const auto open = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
    for (const QString &d : QStringList{shared.path(), root, root + QStringLiteral("/ok")})
        QVERIFY(QFile::setPermissions(d, open));
    QVERIFY(QFile::setPermissions(root + QStringLiteral("/ok/a.ogg"), QFileDevice::ReadOwner | QFileDevice::ReadOther));
    QVERIFY(QFile::setPermissions(root + QStringLiteral("/ok/locked.mp3"), QFileDevice::ReadOwner));
    QVERIFY(QFile::setPermissions(root + QStringLiteral("/secret"), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    const QString data = shared.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(data));
    QVERIFY(QFile::setPermissions(data, open | QFileDevice::WriteOther | QFileDevice::WriteGroup));

    const ProcessResult r = runProgram(QStringLiteral("runuser"),
                                       {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                                        QStringLiteral(EKN_CLI_PATH), QStringLiteral("scan"), root,
                                        QStringLiteral("--data-dir"), data});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(root + QStringLiteral("/ok/locked.mp3: cannot open the file: permission denied")), qPrintable(r.err));
    QVERIFY2(r.err.contains(root + QStringLiteral("/secret: folder cannot be read: permission denied")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("1 added")), qPrintable(r.out));
    QCOMPARE(r.err.count(QStringLiteral("locked.mp3")), 1); // once
    const ProcessResult errors = runProgram(QStringLiteral("runuser"),
                                            {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                                             QStringLiteral(EKN_CLI_PATH), QStringLiteral("scan-errors"),
                                             QStringLiteral("--data-dir"), data});
    QVERIFY2(errors.out.contains(QStringLiteral("2 files could not be read")), qPrintable(errors.out + errors.err));
}

void TestLibraryCli::libraryTheUserCannotWriteIsNotCalledCorrupt()
{
    if (geteuid() != 0)
        QSKIP("needs root to switch to `nobody`");
    if (runProgram(QStringLiteral("runuser"), {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                                               QStringLiteral("true")}).exitCode != 0)
        QSKIP("runuser -u nobody is not available here");
    // A library made by root (a restore from backup, sudo once): nobody may read it, not write.
    QTemporaryDir shared(QStringLiteral("/tmp/ekn-nobody-XXXXXX"));
    QVERIFY(shared.isValid());
    QVERIFY(QFile::setPermissions(shared.path(), QFile::permissions(shared.path()) | QFileDevice::ExeOther
                                                     | QFileDevice::ReadOther));
    const QString data = shared.filePath(QStringLiteral("data"));
    const ProcessResult made = runCli({QStringLiteral("scan"), m_music + QStringLiteral("/Björk"), QStringLiteral("--data-dir"), data});
    QCOMPARE(made.exitCode, 0);
    const QString file = LibraryDatabase::fileNameIn(data);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();

    const ProcessResult r = runProgram(QStringLiteral("runuser"),
                                       {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                                        QStringLiteral(EKN_CLI_PATH), QStringLiteral("tracks"),
                                        QStringLiteral("--data-dir"), data});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(!r.err.contains(QStringLiteral("not an EKNMusic library")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("permission denied")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    f.close();

    // The same library in a folder the user can write, but the file is root's alone.
    QVERIFY(QFile::setPermissions(data, QFile::permissions(data) | QFileDevice::WriteOther | QFileDevice::ExeOther
                                            | QFileDevice::ReadOther));
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const ProcessResult locked = runProgram(QStringLiteral("runuser"),
                                            {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                                             QStringLiteral(EKN_CLI_PATH), QStringLiteral("tracks"),
                                             QStringLiteral("--data-dir"), data});
    QCOMPARE(locked.exitCode, 1);
    QVERIFY2(locked.err.contains(file + QStringLiteral(": permission denied")), qPrintable(locked.err));
    QCOMPARE(locked.err.count(QLatin1Char('\n')), 1);
}

void TestLibraryCli::badNumbersAndEmptyNamesAreRefusedBeforeScanning()
{
    const QString dir = dataDir(QStringLiteral("numbers"));
    const QString folder = m_music + QStringLiteral("/Björk");
    for (const QStringList &bad : {QStringList{QStringLiteral("--workers"), QStringLiteral("abc")},
                                   QStringList{QStringLiteral("--workers"), QStringLiteral("0")},
                                   QStringList{QStringLiteral("--batch-size"), QStringLiteral("-5")}}) {
        const ProcessResult r = runCli(QStringList{QStringLiteral("scan"), folder, QStringLiteral("--data-dir"), dir} + bad);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(bad[0]) && r.err.contains(QLatin1Char('\'') + bad[1] + QLatin1Char('\'')), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    }
    const ProcessResult empty = runCli({QStringLiteral("scan"), QString(), QStringLiteral("--data-dir"), dir});
    QCOMPARE(empty.exitCode, 2);
    QVERIFY2(empty.err.contains(QStringLiteral("empty folder name")), qPrintable(empty.err));
    QVERIFY(!QFile::exists(LibraryDatabase::fileNameIn(dir))); // refused before anything was touched

    const ProcessResult ok = runCli({QStringLiteral("scan"), folder, QStringLiteral("--data-dir"), dir,
                                     QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--batch-size"), QStringLiteral("1")});
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(trackRows(dir), 1);
}

void TestLibraryCli::dataDirThatIsAFileSaysSo()
{
    const QString file = m_dir.filePath(QStringLiteral("not-a-folder.txt"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("notes\n");
    f.close();
    const ProcessResult r = runCli({QStringLiteral("tracks"), QStringLiteral("--data-dir"), file});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(file + QStringLiteral(" is a file, not a folder")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("notes\n"));
}

void TestLibraryCli::aLibraryLockedByAnotherProgramSaysItIsBusy()
{
    const QString dir = dataDir(QStringLiteral("busy"));
    QCOMPARE(runCli({QStringLiteral("scan"), m_music + QStringLiteral("/Björk"), QStringLiteral("--data-dir"), dir}).exitCode, 0);
    // Another writer (the window's import, a sync) holds the write lock past the busy timeout.
    const QString conn = QStringLiteral("busy-holder");
    {
        QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        holder.setDatabaseName(LibraryDatabase::fileNameIn(dir));
        QVERIFY(holder.open());
        QSqlQuery q(holder);
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
        const ProcessResult r = runCli({QStringLiteral("playlist"), QStringLiteral("create"), QStringLiteral("Later"),
                                        QStringLiteral("--data-dir"), dir},
                                       {}, QProcessEnvironment::systemEnvironment(), 30000);
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("eknmusic-cli playlist: the library is busy")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("Unable to fetch row")), qPrintable(r.err));
    }
    QSqlDatabase::removeDatabase(conn);
    // Once free, the same command works.
    QCOMPARE(runCli({QStringLiteral("playlist"), QStringLiteral("create"), QStringLiteral("Later"), QStringLiteral("--data-dir"), dir}).exitCode, 0);
}

void TestLibraryCli::tracksThatCannotBeReadAreAnErrorNotAnEmptyList()
{
    const QString dir = dataDir(QStringLiteral("unreadable-tracks"));
    QCOMPARE(runCli({QStringLiteral("scan"), m_music + QStringLiteral("/Björk"), QStringLiteral("--data-dir"), dir}).exitCode, 0);
    const ProcessResult smart = runCli({QStringLiteral("playlist"), QStringLiteral("smart"), QStringLiteral("create"),
                                        QStringLiteral("Björk only"), QStringLiteral("artist:björk"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(smart.exitCode, 0);
    // Control: the same commands on the intact library list what is there.
    const ProcessResult before = runCli({QStringLiteral("tracks"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(before.exitCode, 0);
    QVERIFY2(before.out.contains(QStringLiteral("1 track (")), qPrintable(before.out));
    const ProcessResult listed = runCli({QStringLiteral("playlist"), QStringLiteral("list"), QStringLiteral("--data-dir"), dir});
    QVERIFY2(listed.out.contains(QStringLiteral("Björk only (1) [smart]")), qPrintable(listed.out + listed.err));

    QVERIFY(renameTable(dir, QStringLiteral("track_files")));
    for (const QStringList &args : {QStringList{QStringLiteral("tracks")},
                                    QStringList{QStringLiteral("tracks"), QStringLiteral("--json")},
                                    QStringList{QStringLiteral("tracks"), QStringLiteral("--unavailable")}}) {
        const ProcessResult r = runCli(args + QStringList{QStringLiteral("--data-dir"), dir});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("eknmusic-cli tracks: cannot read the library's tracks: no such table: track_files")),
                 qPrintable(r.err));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out)); // no "0 tracks", no empty JSON list
    }
    const ProcessResult search = runCli({QStringLiteral("tracks"), QStringLiteral("--search"), QStringLiteral("björk"),
                                         QStringLiteral("--data-dir"), dir});
    QCOMPARE(search.exitCode, 1);
    QVERIFY2(search.err.contains(QStringLiteral("cannot search the library: no such table: track_files")), qPrintable(search.err));
    QVERIFY(search.out.isEmpty());
    // A smart playlist whose tracks cannot be worked out is not shown as holding none.
    const ProcessResult playlists = runCli({QStringLiteral("playlist"), QStringLiteral("list"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(playlists.exitCode, 1);
    QVERIFY2(playlists.err.contains(QStringLiteral("cannot work out the smart playlist: no such table: track_files")),
             qPrintable(playlists.err));
    QVERIFY2(!playlists.out.contains(QStringLiteral("(0)")), qPrintable(playlists.out));
}

void TestLibraryCli::playlistsThatCannotBeReadAreAnErrorNotAnEmptyList()
{
    const QString dir = dataDir(QStringLiteral("unreadable-playlists"));
    QCOMPARE(runCli({QStringLiteral("scan"), m_music + QStringLiteral("/Björk"), QStringLiteral("--data-dir"), dir}).exitCode, 0);
    const ProcessResult made = runCli({QStringLiteral("playlist"), QStringLiteral("create"), QStringLiteral("Mix"),
                                       QStringLiteral("--data-dir"), dir});
    QCOMPARE(made.exitCode, 0);
    const QString id = made.out.trimmed();
    const QString track = parseJson(runCli({QStringLiteral("tracks"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir}).out)
                              .value(QStringLiteral("tracks")).toArray().first().toObject().value(QStringLiteral("id")).toString();
    QCOMPARE(runCli({QStringLiteral("playlist"), QStringLiteral("add"), id, track, QStringLiteral("--data-dir"), dir}).exitCode, 0);
    // Control: the playlist and its entry are listed.
    const ProcessResult shown = runCli({QStringLiteral("playlist"), QStringLiteral("show"), id, QStringLiteral("--data-dir"), dir});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY2(shown.out.contains(QStringLiteral("0. Björk - ")), qPrintable(shown.out));

    QVERIFY(renameTable(dir, QStringLiteral("playlist_tracks")));
    const ProcessResult list = runCli({QStringLiteral("playlist"), QStringLiteral("list"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(list.exitCode, 1);
    QVERIFY2(list.err.contains(QStringLiteral("eknmusic-cli playlist: cannot read the library's playlists: no such table: playlist_tracks")),
             qPrintable(list.err));
    QVERIFY2(list.out.isEmpty(), qPrintable(list.out));
    const ProcessResult show = runCli({QStringLiteral("playlist"), QStringLiteral("show"), id, QStringLiteral("--data-dir"), dir});
    QCOMPARE(show.exitCode, 1);
    QVERIFY2(show.err.contains(QStringLiteral("cannot read the library's playlists: no such table: playlist_tracks")), qPrintable(show.err));
    QVERIFY2(!show.err.contains(QStringLiteral("no playlist with id")), qPrintable(show.err)); // not "it is gone"
    QVERIFY(show.out.isEmpty());
}

void TestLibraryCli::aConflictLogThatCannotBeReadIsAnErrorNotAnEmptyList()
{
    const QString dir = dataDir(QStringLiteral("unreadable-conflicts"));
    QCOMPARE(runCli({QStringLiteral("scan"), m_music + QStringLiteral("/Björk"), QStringLiteral("--data-dir"), dir}).exitCode, 0);
    // Control: no conflicts is an empty list and success.
    const ProcessResult none = runCli({QStringLiteral("conflicts"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(none.exitCode, 0);
    QVERIFY2(QJsonDocument::fromJson(none.out.toUtf8()).array().isEmpty() && none.out.trimmed().startsWith(QLatin1Char('[')),
             qPrintable(none.out));

    QVERIFY(renameTable(dir, QStringLiteral("sync_conflicts")));
    const ProcessResult r = runCli({QStringLiteral("conflicts"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("eknmusic-cli conflicts: cannot read the sync conflict log: no such table: sync_conflicts")),
             qPrintable(r.err));
    QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
}

// A rescan that read changed files but could not store them said "0 changed, 0 failed" and
// exited 0; only a log line told. It is an error naming why, and a later rescan stores them.
void TestLibraryCli::aRescanWhoseTracksCannotBeStoredSaysSo()
{
    const QString dir = dataDir(QStringLiteral("unwritable-rescan"));
    const QString music = m_dir.filePath(QStringLiteral("rescan-music"));
    QVERIFY(QDir().mkpath(music));
    for (const QFileInfo &f : QDir(m_music + QStringLiteral("/Björk")).entryInfoList(QDir::Files))
        QVERIFY(QFile::copy(f.filePath(), music + QLatin1Char('/') + f.fileName()));
    QCOMPARE(runCli({QStringLiteral("folders"), QStringLiteral("add"), music, QStringLiteral("--data-dir"), dir}).exitCode, 0);
    // A changed file, so the rescan has something to store.
    auto touchAll = [&] {
        for (const QFileInfo &f : QDir(music).entryInfoList(QDir::Files)) {
            QFile file(f.filePath());
            if (!file.open(QIODevice::ReadWrite)
                || !file.setFileTime(f.lastModified().addSecs(60), QFileDevice::FileModificationTime))
                return false;
        }
        return true;
    };
    // Control: on the intact library the rescan stores the change and succeeds.
    QVERIFY(touchAll());
    const ProcessResult ok = runCli({QStringLiteral("folders"), QStringLiteral("rescan"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(ok.exitCode, 0);
    QVERIFY2(ok.out.contains(QStringLiteral(" 0 failed")), qPrintable(ok.out));

    QVERIFY(touchAll());
    QVERIFY(renameTable(dir, QStringLiteral("music_tracks")));
    const ProcessResult r = runCli({QStringLiteral("folders"), QStringLiteral("rescan"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("eknmusic-cli folders: files were read but could not be stored in the library: ")),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("music_tracks")), qPrintable(r.err));
    const ProcessResult scan = runCli({QStringLiteral("scan"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(scan.exitCode, 1);
    QVERIFY2(scan.err.contains(QStringLiteral("eknmusic-cli scan: files were read but could not be stored in the library: ")),
             qPrintable(scan.err));
}

// `playlist rename` / `add` on a library that cannot store them (its outbox table renamed
// away) printed nothing useful before PlaylistStore's edits carried their reason: they exit 1
// naming the missing table, and `playlist show` shows the playlist as it was. The same
// commands on the intact library succeed (the control).
void TestLibraryCli::playlistEditsThatCannotBeStoredSayWhyAndExit1()
{
    const QString dir = dataDir(QStringLiteral("unwritable-playlists"));
    QCOMPARE(runCli({QStringLiteral("scan"), m_music + QStringLiteral("/Daft Punk"), QStringLiteral("--data-dir"), dir}).exitCode, 0);
    const QJsonArray tracks = parseJson(runCli({QStringLiteral("tracks"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir}).out)
                                  .value(QStringLiteral("tracks")).toArray();
    QVERIFY(tracks.size() >= 2);
    const QString first = tracks.at(0).toObject().value(QStringLiteral("id")).toString();
    const QString second = tracks.at(1).toObject().value(QStringLiteral("id")).toString();
    const ProcessResult made = runCli({QStringLiteral("playlist"), QStringLiteral("create"), QStringLiteral("Mix"),
                                       QStringLiteral("--data-dir"), dir});
    QCOMPARE(made.exitCode, 0);
    const QString id = made.out.trimmed();
    // Control: on the intact library both edits work.
    QCOMPARE(runCli({QStringLiteral("playlist"), QStringLiteral("add"), id, first, QStringLiteral("--data-dir"), dir}).exitCode, 0);
    QCOMPARE(runCli({QStringLiteral("playlist"), QStringLiteral("rename"), id, QStringLiteral("Mix 1"), QStringLiteral("--data-dir"), dir}).exitCode, 0);
    const QString before = runCli({QStringLiteral("playlist"), QStringLiteral("show"), id, QStringLiteral("--data-dir"), dir}).out;
    QVERIFY2(before.startsWith(QStringLiteral("Mix 1\n0. Daft Punk - ")) && before.count(QLatin1Char('\n')) == 2, qPrintable(before));

    QVERIFY(renameTable(dir, QStringLiteral("outbox")));
    const QString why = QStringLiteral("eknmusic-cli playlist: cannot record the change for sync: no such table: outbox");
    const ProcessResult renamed = runCli({QStringLiteral("playlist"), QStringLiteral("rename"), id, QStringLiteral("Mix 2"),
                                          QStringLiteral("--data-dir"), dir});
    QCOMPARE(renamed.exitCode, 1);
    QVERIFY2(renamed.err.contains(why), qPrintable(renamed.err));
    QVERIFY2(renamed.out.isEmpty(), qPrintable(renamed.out));
    const ProcessResult added = runCli({QStringLiteral("playlist"), QStringLiteral("add"), id, second, QStringLiteral("--data-dir"), dir});
    QCOMPARE(added.exitCode, 1);
    QVERIFY2(added.err.contains(why), qPrintable(added.err));
    const ProcessResult after = runCli({QStringLiteral("playlist"), QStringLiteral("show"), id, QStringLiteral("--data-dir"), dir});
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(after.out, before);
}
