#include "tst_tags.h"

#include "audiofixture.h"
#include "tags/tags.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <taglib/fileref.h>

using namespace ekn;
using namespace ekn::test;

namespace {
ToneTags fullTags()
{
    ToneTags t;
    t.title = QStringLiteral("Crazy in Löve");
    t.artist = QStringLiteral("Beyoncé");
    t.album = QStringLiteral("Dangerously in Löve");
    t.albumArtist = QStringLiteral("Beyoncé & Friends");
    t.track = QStringLiteral("3/12");
    t.disc = QStringLiteral("1/2");
    t.date = QStringLiteral("2003");
    t.genre = QStringLiteral("R&B");
    t.composer = QStringLiteral("Rich Harrison");
    t.comment = QStringLiteral("first single");
    t.extra.insert(QStringLiteral("mood"), QStringLiteral("Happy"));
    return t;
}
} // namespace

void TestTags::initTestCase()
{
    QVERIFY(m_dir.isValid());
    TagReader::warmUp();
    const QString png = m_dir.filePath(QStringLiteral("cover.png"));
    QCOMPARE(makePng(png), QString());
    for (const QString &format : toneFormats()) {
        ToneTags tags = fullTags();
        QCOMPARE(makeTone(m_dir.filePath(QStringLiteral("full.") + format), tags), QString());
    }
    ToneTags covered = fullTags();
    covered.coverPng = png;
    QCOMPARE(makeTone(m_dir.filePath(QStringLiteral("cover.mp3")), covered), QString());
    QCOMPARE(makeTone(m_dir.filePath(QStringLiteral("cover.flac")), covered), QString());
    QCOMPARE(makeTone(m_dir.filePath(QStringLiteral("Été – 夏の歌.flac")), ToneTags{}), QString());
}

void TestTags::readsCommonTagsFromEveryFormat_data()
{
    QTest::addColumn<QString>("format");
    for (const QString &f : toneFormats())
        QTest::newRow(qPrintable(f)) << f;
}

void TestTags::readsCommonTagsFromEveryFormat()
{
    QFETCH(QString, format);
    const TagReadResult r = TagReader::read(m_dir.filePath(QStringLiteral("full.") + format));
    QVERIFY2(r.ok, qPrintable(r.error));
    const TagInfo &i = r.info;
    QCOMPARE(i.title, QStringLiteral("Crazy in Löve"));
    QCOMPARE(i.artist, QStringLiteral("Beyoncé"));
    QCOMPARE(i.album, QStringLiteral("Dangerously in Löve"));
    QCOMPARE(i.genre, QStringLiteral("R&B"));
    QCOMPARE(i.trackNumber, 3);
    QVERIFY2(i.durationMs >= 900 && i.durationMs <= 1200, qPrintable(QString::number(i.durationMs)));
    QVERIFY(i.sampleRate == 44100 || i.sampleRate == 48000);
    QVERIFY(i.channels >= 1 && i.channels <= 2); // ffmpeg's AAC is stereo even from a mono source
    QCOMPARE(i.format, format == QLatin1String("aiff") ? QStringLiteral("aiff") : format);
    QCOMPARE(i.fileSize, QFileInfo(m_dir.filePath(QStringLiteral("full.") + format)).size());
    QVERIFY(!i.hasCover);
    // Containers that carry these fields (WAV's RIFF INFO has no album artist, totals or
    // composer; ffmpeg writes no year into ASF).
    if (format != QLatin1String("wav")) {
        QCOMPARE(i.albumArtist, QStringLiteral("Beyoncé & Friends"));
        QCOMPARE(i.trackTotal, 12);
        QCOMPARE(i.discNumber, 1);
        QCOMPARE(i.discTotal, 2);
        QCOMPARE(i.composer, QStringLiteral("Rich Harrison"));
    }
    if (format != QLatin1String("wma"))
        QCOMPARE(i.year, 2003);
    if (format != QLatin1String("wma") && format != QLatin1String("m4a")) {
        QCOMPARE(i.comment, QStringLiteral("first single"));
    }
    if (format == QLatin1String("mp3") || format == QLatin1String("flac") || format == QLatin1String("ogg")
        || format == QLatin1String("opus") || format == QLatin1String("wv")) {
        bool mood = false;
        for (const auto &[key, value] : i.extra)
            mood = mood || (key == QLatin1String("MOOD") && value == QLatin1String("Happy"));
        QVERIFY2(mood, "a tag key with no column of its own is kept in extra (track_metadata)");
    }
}

void TestTags::titleFallsBackToFileNameWithUnicodePath()
{
    const TagReadResult r = TagReader::read(m_dir.filePath(QStringLiteral("Été – 夏の歌.flac")));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.info.title, QStringLiteral("Été – 夏の歌"));
    QVERIFY(r.info.artist.isEmpty());
    QCOMPARE(r.info.year, 0);
}

void TestTags::embeddedCoverArtIsDetected()
{
    for (const char *name : {"cover.mp3", "cover.flac"}) {
        const TagReadResult r = TagReader::read(m_dir.filePath(QLatin1String(name)));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY2(r.info.hasCover, name);
        QCOMPARE(r.info.coverMime, QStringLiteral("image/png"));
    }
}

void TestTags::embeddedCoverIsReadForTheTagEditor()
{
    for (const char *name : {"cover.mp3", "cover.flac"}) {
        const CoverArt cover = TagReader::readCover(m_dir.filePath(QLatin1String(name)));
        QVERIFY2(!cover.isNull(), name);
        QCOMPARE(cover.mime, QStringLiteral("image/png"));
        // The picture ffmpeg embedded: a PNG whose header says 16 x 16.
        QVERIFY2(cover.data.startsWith("\x89PNG\r\n\x1a\n"), name);
        QVERIFY(cover.data.size() > 24);
        const auto be32 = [&cover](int at) {
            return (quint32(quint8(cover.data[at])) << 24) | (quint32(quint8(cover.data[at + 1])) << 16) |
                   (quint32(quint8(cover.data[at + 2])) << 8) | quint32(quint8(cover.data[at + 3]));
        };
        QCOMPARE(be32(16), 16u);
        QCOMPARE(be32(20), 16u);
    }
    // No picture, no file, or not audio at all: no cover, and no crash.
    QVERIFY(TagReader::readCover(m_dir.filePath(QStringLiteral("full.mp3"))).isNull());
    QVERIFY(TagReader::readCover(m_dir.filePath(QStringLiteral("missing.flac"))).isNull());
    QVERIFY(TagReader::readCover(m_dir.filePath(QStringLiteral("cover.png"))).isNull());
    QFile broken(m_dir.filePath(QStringLiteral("broken-cover.flac")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    QFile flac(m_dir.filePath(QStringLiteral("cover.flac")));
    QVERIFY(flac.open(QIODevice::ReadOnly));
    broken.write(flac.read(200)); // cut inside the picture block
    broken.close();
    QVERIFY(TagReader::readCover(broken.fileName()).isNull());
}

void TestTags::brokenFilesGiveAOneLineReason_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reasonContains");
    QFile flac(m_dir.filePath(QStringLiteral("full.flac")));
    QVERIFY(flac.open(QIODevice::ReadOnly));
    const QByteArray flacBytes = flac.readAll();
    QByteArray random(20000, '\0');
    for (int i = 0; i < random.size(); ++i)
        random[i] = char((i * 7919 + 13) % 251);
    QTest::newRow("zero-byte") << "zero.mp3" << QByteArray() << "empty file";
    QTest::newRow("truncated flac") << "truncated.flac" << flacBytes.left(60) << "not a valid flac";
    QTest::newRow("random bytes") << "random.mp3" << random << "no audio stream";
    QTest::newRow("text with audio suffix") << "notes.m4a" << QByteArray("just some notes\n") << "not a valid m4a";
    QTest::newRow("flac named mp3") << "wrong.mp3" << flacBytes << ".mp3";
}

void TestTags::brokenFilesGiveAOneLineReason()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reasonContains);
    const QString path = m_dir.filePath(QStringLiteral("broken/") + name);
    QDir().mkpath(m_dir.filePath(QStringLiteral("broken")));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    const TagReadResult r = TagReader::read(path);
    QVERIFY2(!r.ok, "a broken file must not be reported as a track");
    QVERIFY2(r.error.contains(reasonContains), qPrintable(r.error));
    QVERIFY(!r.error.contains(QLatin1Char('\n')));
}

void TestTags::absurdDurationIsNotStoredAsAFact()
{
    // An MP3 whose Xing/Info header claims 10 million frames: TagLib believes it lasts about
    // three days (more would overflow TagLib's int milliseconds into a negative number).
    QFile mp3(m_dir.filePath(QStringLiteral("full.mp3")));
    QVERIFY(mp3.open(QIODevice::ReadOnly));
    QByteArray bytes = mp3.readAll();
    qsizetype at = bytes.indexOf("Info");
    if (at < 0)
        at = bytes.indexOf("Xing");
    QVERIFY(at > 0);
    const char frames[4] = {'\x00', '\xa0', '\x00', '\x00'};
    bytes.replace(at + 8, 4, frames, 4);
    const QString path = m_dir.filePath(QStringLiteral("days.mp3"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    out.close();

    TagLib::FileRef raw(QFile::encodeName(path).constData());
    QVERIFY(!raw.isNull());
    QVERIFY2(qint64(raw.audioProperties()->lengthInSeconds()) * 1000 > TagReader::kMaxDurationMs,
             "the fixture must really report an absurd length");
    const TagReadResult r = TagReader::read(path);
    QVERIFY2(r.ok, qPrintable(r.error)); // the tags are still worth having
    QCOMPARE(r.info.title, QStringLiteral("Crazy in Löve"));
    QCOMPARE(r.info.durationMs, 0);     // unknown, not three days
    QVERIFY(r.info.bitrate >= 0);
}

void TestTags::scannerKnowsTheAudioSuffixes()
{
    for (const char *name : {"a.mp3", "b.FLAC", "c.ogg", "d.opus", "e.m4a", "f.wav", "g.aiff", "h.wma", "i.ape", "j.wv"})
        QVERIFY2(TagReader::isAudioFile(QLatin1String(name)), name);
    for (const char *name : {"cover.jpg", "notes.txt", "playlist.m3u", "noext"})
        QVERIFY2(!TagReader::isAudioFile(QLatin1String(name)), name);
}

void TestTags::controlCharactersAndOverlongTextInTagsAreTamed()
{
    // What a careless or hostile tagger can put in a file: a terminal escape, line breaks, a
    // title far longer than the server's VARCHAR(500).
    const QString longTitle = QString(20000, QLatin1Char('x'));
    ToneTags tags = toneTags(QStringLiteral("Line1\nLine2\tTab\x1b[31mRED"), QStringLiteral("A\rB"), longTitle);
    tags.comment = QStringLiteral("first line\nsecond line\x07");
    const QString path = m_dir.filePath(QStringLiteral("controls.flac"));
    const QString made = makeTone(path, tags);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    const TagReadResult r = TagReader::read(path);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.info.title, QStringLiteral("Line1 Line2 Tab[31mRED"));
    QCOMPARE(r.info.artist, QStringLiteral("A B"));
    QCOMPARE(r.info.album, QString(500, QLatin1Char('x')));
    QCOMPARE(r.info.comment, QStringLiteral("first line\nsecond line")); // a comment may span lines
    for (const auto &[key, value] : r.info.extra) {
        const QString both = key + value;
        for (const QChar c : both)
            QVERIFY2(c == QLatin1Char('\n') || c == QLatin1Char('\t') || c.category() != QChar::Other_Control, qPrintable(key));
    }
}
