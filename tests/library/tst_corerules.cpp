#include "tst_corerules.h"

#include "library/searchquery.h"
#include "library/tagchanges.h"
#include "playlist/playlist.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <numeric>

using namespace ekn;

Q_DECLARE_METATYPE(ekn::TrackEdit)

namespace {

// Applies moves to the list 0..count-1 as PlaylistStore::moveEntry does.
QList<int> applied(int count, const QList<PlaylistMove> &moves)
{
    QList<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    for (const PlaylistMove &m : moves)
        order.move(m.from, m.to);
    return order;
}

QString changesText(const TagWriter::Changes &changes)
{
    QStringList parts;
    for (const auto &[key, value] : changes)
        parts << key + QLatin1Char('=') + value;
    return parts.join(QLatin1Char(';'));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

void TestCoreRules::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestCoreRules::searchQueryParses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("match");
    QTest::addColumn<int>("yearFrom");
    QTest::addColumn<int>("yearTo");
    QTest::newRow("word is a prefix")
        << QStringLiteral("beyon") << QStringLiteral("\"beyon\"*") << 0 << 0;
    QTest::newRow("words all match")
        << QStringLiteral("daft punk") << QStringLiteral("\"daft\"* AND \"punk\"*") << 0 << 0;
    QTest::newRow("phrase") << QStringLiteral("\"get lucky\"") << QStringLiteral("\"get lucky\"*")
                            << 0 << 0;
    QTest::newRow("field") << QStringLiteral("artist:daft") << QStringLiteral("artist : \"daft\"*")
                           << 0 << 0;
    QTest::newRow("field, quoted")
        << QStringLiteral("artist:\"daft p\"") << QStringLiteral("artist : \"daft p\"*") << 0 << 0;
    QTest::newRow("field spelt albumartist")
        << QStringLiteral("albumartist:abba") << QStringLiteral("album_artist : \"abba\"*") << 0
        << 0;
    QTest::newRow("field in capitals")
        << QStringLiteral("GENRE:Pop") << QStringLiteral("genre : \"Pop\"*") << 0 << 0;
    QTest::newRow("unknown field is text")
        << QStringLiteral("mood:happy") << QStringLiteral("\"mood:happy\"*") << 0 << 0;
    QTest::newRow("year") << QStringLiteral("year:2013") << QStringLiteral("year : (\"2013\")")
                          << 2013 << 2013;
    QTest::newRow("year range") << QStringLiteral("year:2010-2012")
                                << QStringLiteral("year : (\"2010\" OR \"2011\" OR \"2012\")")
                                << 2010 << 2012;
    QTest::newRow("year range, dots, reversed")
        << QStringLiteral("year:1999..1998") << QStringLiteral("year : (\"1998\" OR \"1999\")")
        << 1998 << 1999;
    QTest::newRow("year not a number is text")
        << QStringLiteral("year:soon") << QStringLiteral("\"year:soon\"*") << 0 << 0;
    QTest::newRow("punctuation dropped")
        << QStringLiteral("- ! daft") << QStringLiteral("\"daft\"*") << 0 << 0;
    QTest::newRow("quote inside a word escaped")
        << QStringLiteral("rock\"n") << QStringLiteral("\"rock\"\"n\"*") << 0 << 0;
    QTest::newRow("nothing to match") << QStringLiteral("  - ?? ") << QStringLiteral("") << 0 << 0;
    QTest::newRow("unicode letters")
        << QStringLiteral("björk 坂本") << QStringLiteral("\"björk\"* AND \"坂本\"*") << 0 << 0;
}

void TestCoreRules::searchQueryParses()
{
    QFETCH(QString, text);
    QFETCH(QString, match);
    QFETCH(int, yearFrom);
    QFETCH(int, yearTo);
    const SearchQuery q = SearchQuery::parse(text);
    QCOMPARE(q.match, match);
    QCOMPARE(q.isEmpty(), match.isEmpty());
    QCOMPARE(q.yearFrom, yearFrom);
    QCOMPARE(q.yearTo, yearTo);
}

void TestCoreRules::playlistMovesPutTheBlockBeforeTheTarget_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<int>>("positions");
    QTest::addColumn<int>("before");
    QTest::addColumn<QList<int>>("order");
    QTest::addColumn<int>("moves");
    QTest::newRow("one down") << 5 << QList<int>{0} << 3 << QList<int>{1, 2, 0, 3, 4} << 2;
    QTest::newRow("one up") << 5 << QList<int>{3} << 1 << QList<int>{0, 3, 1, 2, 4} << 1;
    QTest::newRow("to the end") << 4 << QList<int>{1} << 4 << QList<int>{0, 2, 3, 1} << 2;
    QTest::newRow("to the top") << 4 << QList<int>{3} << 0 << QList<int>{3, 0, 1, 2} << 1;
    QTest::newRow("block keeps its order")
        << 6 << QList<int>{4, 1} << 0 << QList<int>{1, 4, 0, 2, 3, 5} << 2;
    QTest::newRow("scattered block to the middle")
        << 6 << QList<int>{0, 5, 2} << 4 << QList<int>{1, 3, 0, 2, 5, 4} << 3;
    QTest::newRow("onto itself: nothing")
        << 5 << QList<int>{2} << 2 << QList<int>{0, 1, 2, 3, 4} << 0;
    QTest::newRow("just after itself: nothing")
        << 5 << QList<int>{2} << 3 << QList<int>{0, 1, 2, 3, 4} << 0;
    QTest::newRow("repeats ignored") << 3 << QList<int>{2, 2, 2} << 0 << QList<int>{2, 0, 1} << 1;
    QTest::newRow("out of range ignored")
        << 3 << QList<int>{-1, 7, 0} << 3 << QList<int>{1, 2, 0} << 2;
    QTest::newRow("target past the end is the end")
        << 3 << QList<int>{0} << 9 << QList<int>{1, 2, 0} << 2;
    QTest::newRow("empty playlist") << 0 << QList<int>{0} << 0 << QList<int>{} << 0;
    QTest::newRow("everything, nothing changes")
        << 3 << QList<int>{0, 1, 2} << 1 << QList<int>{0, 1, 2} << 0;
}

void TestCoreRules::playlistMovesPutTheBlockBeforeTheTarget()
{
    QFETCH(int, count);
    QFETCH(QList<int>, positions);
    QFETCH(int, before);
    QFETCH(QList<int>, order);
    QFETCH(int, moves);
    const QList<PlaylistMove> plan = playlistMoves(count, positions, before);
    QCOMPARE(applied(count, plan), order);
    QCOMPARE(int(plan.size()), moves);
}

void TestCoreRules::editBecomesTagKeys_data()
{
    Track t;
    t.title = QStringLiteral("Song");
    t.artist = QStringLiteral("Björk");
    t.album = QStringLiteral("Homogenic");
    t.albumArtist = QStringLiteral("Various");
    t.genre = QStringLiteral("Pop");
    t.composer = QStringLiteral("Me");
    t.comment = QStringLiteral("nice");
    t.year = 1997;
    t.trackNumber = 3;
    t.trackTotal = 12;
    t.discNumber = 1;
    t.discTotal = 0;

    QTest::addColumn<Track>("track");
    QTest::addColumn<TrackEdit>("edit");
    QTest::addColumn<QString>("changes");
    TrackEdit e;
    QTest::newRow("nothing set: no key") << t << e << QStringLiteral("");
    e = {};
    e.title = QString();
    QTest::newRow("title") << t << e << QStringLiteral("TITLE=Song");
    e = {};
    e.artist = QString();
    e.album = QString();
    e.albumArtist = QString();
    QTest::newRow("artist, album, album artist")
        << t << e << QStringLiteral("ARTIST=Björk;ALBUM=Homogenic;ALBUMARTIST=Various");
    e = {};
    e.genre = QString();
    e.composer = QString();
    e.comment = QString();
    QTest::newRow("genre, composer, comment")
        << t << e << QStringLiteral("GENRE=Pop;COMPOSER=Me;COMMENT=nice");
    e = {};
    e.year = 0;
    QTest::newRow("year is DATE") << t << e << QStringLiteral("DATE=1997");
    Track noYear = t;
    noYear.year = 0;
    QTest::newRow("no year removes DATE") << noYear << e << QStringLiteral("DATE=");
    e = {};
    e.trackTotal = 0;
    QTest::newRow("a total writes the pair") << t << e << QStringLiteral("TRACKNUMBER=3/12");
    e = {};
    e.discNumber = 0;
    QTest::newRow("no total: the number alone") << t << e << QStringLiteral("DISCNUMBER=1");
    Track noNumber = t;
    noNumber.trackNumber = 0;
    e = {};
    e.trackNumber = 0;
    QTest::newRow("no number removes the key") << noNumber << e << QStringLiteral("TRACKNUMBER=");
}

void TestCoreRules::editBecomesTagKeys()
{
    QFETCH(Track, track);
    QFETCH(TrackEdit, edit);
    QFETCH(QString, changes);
    QCOMPARE(changesText(tagChangesOf(track, edit)), changes);
}

void TestCoreRules::inverseOfAnEditGivesBackTheOldValues()
{
    Track before;
    before.title = QStringLiteral("Old");
    before.artist = QStringLiteral("Old Artist");
    before.year = 1990;
    before.discTotal = 2;
    TrackEdit edit;
    edit.title = QStringLiteral("New");
    edit.year = 2001;
    edit.discTotal = 3;
    const TrackEdit back = inverseOf(before, edit);
    QCOMPARE(back.title, std::optional<QString>(QStringLiteral("Old")));
    QCOMPARE(back.year, std::optional<int>(1990));
    QCOMPARE(back.discTotal, std::optional<int>(2));
    QVERIFY2(!back.artist, "a field the edit left alone is not in its undo");
    QVERIFY(!back.album && !back.trackNumber && !back.comment);
    QVERIFY(inverseOf(before, TrackEdit()).isEmpty());
}

void TestCoreRules::playlistFileReads_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("paths"); // relative to the test folder
    QTest::addColumn<QStringList>("titles");
    QTest::newRow("m3u, plain lines")
        << QStringLiteral("mix.m3u") << QByteArray("a.mp3\r\nsub/b.flac\n\n")
        << QStringLiteral("mix")
        << QStringList{QStringLiteral("a.mp3"), QStringLiteral("sub/b.flac")}
        << QStringList{QStringLiteral(""), QStringLiteral("")};
    QTest::newRow("m3u8 with #PLAYLIST and #EXTINF")
        << QStringLiteral("x.m3u8")
        << QByteArray("#EXTM3U\n#PLAYLIST:Road Trip\n#EXTINF:61,A - B\n../up.ogg\n")
        << QStringLiteral("Road Trip") << QStringList{QStringLiteral("../up.ogg")}
        << QStringList{QStringLiteral("")};
    QTest::newRow("file URL") << QStringLiteral("u.m3u8") << QByteArray("file:///music/x.mp3\n")
                              << QStringLiteral("u") << QStringList{QStringLiteral("/music/x.mp3")}
                              << QStringList{QStringLiteral("")};
    QTest::newRow("name with control characters, cleaned")
        << QStringLiteral("c.m3u8") << QByteArray("#PLAYLIST:One\tTwo\x01 Three\na.mp3\n")
        << QStringLiteral("One Two Three") << QStringList{QStringLiteral("a.mp3")}
        << QStringList{QStringLiteral("")};
    QTest::newRow("pls in the order of N, titles")
        << QStringLiteral("p.pls")
        << QByteArray("[playlist]\nFile2=b.mp3\nTitle2=Bee\nFile1=a.mp3\nTitle1="
                      "Ay\nNumberOfEntries=2\nVersion=2\n")
        << QStringLiteral("p") << QStringList{QStringLiteral("a.mp3"), QStringLiteral("b.mp3")}
        << QStringList{QStringLiteral("Ay"), QStringLiteral("Bee")};
    QTest::newRow("xspf with title and relative URI")
        << QStringLiteral("s.xspf")
        << QByteArray(
               "<?xml version=\"1.0\"?><playlist version=\"1\" "
               "xmlns=\"http://xspf.org/ns/0/\"><title>Calm</title>"
               "<trackList><track><location>dir/with%20space.flac</location><title>T</title></"
               "track>"
               "<track><location>file:///abs/z.mp3</location></track></trackList></playlist>")
        << QStringLiteral("Calm")
        << QStringList{QStringLiteral("dir/with space.flac"), QStringLiteral("/abs/z.mp3")}
        << QStringList{QStringLiteral("T"), QStringLiteral("")};
    QTest::newRow("empty m3u is an empty list")
        << QStringLiteral("e.m3u") << QByteArray("#EXTM3U\n") << QStringLiteral("e")
        << QStringList{} << QStringList{};
}

void TestCoreRules::playlistFileReads()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, name);
    QFETCH(QStringList, paths);
    QFETCH(QStringList, titles);
    const QString path = m_dir.filePath(fileName);
    QVERIFY(writeFile(path, content));
    const Result<PlaylistFile::Contents> read = PlaylistFile::read(path);
    QVERIFY2(read.ok(), qPrintable(read.error()));
    QCOMPARE(read->name, name);
    QStringList gotPaths;
    QStringList gotTitles;
    for (const PlaylistFile::Entry &e : read->entries) {
        gotPaths << e.path;
        gotTitles << e.title;
    }
    QStringList expected;
    for (const QString &p : std::as_const(paths))
        expected << (QDir::isAbsolutePath(p)
                         ? p
                         : QDir::cleanPath(QDir(m_dir.path()).absoluteFilePath(p)));
    QCOMPARE(gotPaths, expected);
    QCOMPARE(gotTitles, titles);
    QVERIFY(PlaylistFile::isPlaylistFile(fileName));
}

void TestCoreRules::playlistFileRoundTripsWithRelativePaths_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::newRow("m3u8") << QStringLiteral("round.m3u8");
    QTest::newRow("xspf") << QStringLiteral("round.xspf");
}

void TestCoreRules::playlistFileRoundTripsWithRelativePaths()
{
    QFETCH(QString, fileName);
    const QDir base(m_dir.path());
    const QList<PlaylistFile::Entry> entries = {
        {base.filePath(QStringLiteral("music/Sigur Rós/1 – a.flac")), QStringLiteral("Á"),
         QStringLiteral("Sigur Rós"), 61500},
        {QStringLiteral("/elsewhere/b.mp3"), QStringLiteral("B"), QString(), 0},
    };
    const QString path = base.filePath(QStringLiteral("lists/") + fileName);
    QVERIFY(base.mkpath(QStringLiteral("lists")));
    const Status written = PlaylistFile::write(path, QStringLiteral("Round «trip»"), entries);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QFile raw(path);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray bytes = raw.readAll();
    QVERIFY2(bytes.contains("../music/"),
             "a file beside the list's folder is written relative to it");
    QVERIFY2(!bytes.contains(QByteArray(base.path().toUtf8() + "/music")), "no absolute path for it");
    const Result<PlaylistFile::Contents> read = PlaylistFile::read(path);
    QVERIFY2(read.ok(), qPrintable(read.error()));
    QCOMPARE(read->name, QStringLiteral("Round «trip»"));
    QCOMPARE(read->entries.size(), 2);
    QCOMPARE(read->entries[0].path, entries[0].path);
    QCOMPARE(read->entries[1].path, entries[1].path);
}

void TestCoreRules::wrongFileIsNotAnEmptyPlaylist_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("binary renamed .m3u")
        << QStringLiteral("song.m3u") << QByteArray("ID3\x03\x00\x00binary", 12)
        << QStringLiteral("it holds binary data");
    QTest::newRow("broken xspf") << QStringLiteral("bad.xspf")
                                 << QByteArray("<playlist><trackList><track>")
                                 << QStringLiteral("not a valid XSPF");
    QTest::newRow("missing file") << QStringLiteral("") << QByteArray()
                                  << QStringLiteral("Cannot open");
}

void TestCoreRules::wrongFileIsNotAnEmptyPlaylist()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QString path = m_dir.filePath(QStringLiteral("absent.m3u8"));
    if (!fileName.isEmpty()) {
        path = m_dir.filePath(fileName);
        QVERIFY(writeFile(path, content));
    }
    const Result<PlaylistFile::Contents> read = PlaylistFile::read(path);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().contains(message), qPrintable(read.error()));
    QVERIFY2(read.error().contains(QFileInfo(path).fileName()), "the message names the file");
}
