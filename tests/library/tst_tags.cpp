#include "tst_tags.h"

#include "audiofixture.h"
#include "tags/tags.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <taglib/fileref.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mp4tag.h>
#include <taglib/mpegfile.h>
#include <taglib/popularimeterframe.h>
#include <taglib/tpropertymap.h>

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

namespace {

// The rating tags of a file as TagLib sees them, not as EKNMusic reads them:
// "POPM=<n> FMPS_RATING=<v> RATING=<v> rate=<n>" (absent ones left out).
QString rawRatingTags(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    QStringList out;
    if (path.endsWith(QLatin1String(".m4a"))) {
        TagLib::MP4::File f(name.constData());
        if (f.tag() && f.tag()->contains("rate"))
            out << QStringLiteral("rate=%1").arg(f.tag()->item("rate").toInt());
        return out.join(QLatin1Char(' '));
    }
    if (path.endsWith(QLatin1String(".mp3"))) {
        TagLib::MPEG::File f(name.constData());
        if (f.hasID3v2Tag())
            for (TagLib::ID3v2::Frame *frame : f.ID3v2Tag()->frameList("POPM"))
                out << QStringLiteral("POPM=%1").arg(static_cast<TagLib::ID3v2::PopularimeterFrame *>(frame)->rating());
    }
    TagLib::FileRef ref(name.constData());
    const TagLib::PropertyMap map = ref.file()->properties();
    for (const char *key : {"FMPS_RATING", "RATING"})
        if (map.contains(key))
            out << QStringLiteral("%1=%2").arg(QLatin1String(key), QString::fromStdString(map[key].front().to8Bit(true)));
    return out.join(QLatin1Char(' '));
}

} // namespace

void TestTags::ratingRoundTripsThroughTheTagsOfEachFormat_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("sevenHalves"); // the tags 3.5 stars become
    QTest::newRow("mp3") << QStringLiteral("mp3") << QStringLiteral("POPM=160 FMPS_RATING=0.7");
    QTest::newRow("flac") << QStringLiteral("flac") << QStringLiteral("FMPS_RATING=0.7 RATING=70");
    QTest::newRow("ogg") << QStringLiteral("ogg") << QStringLiteral("FMPS_RATING=0.7 RATING=70");
    QTest::newRow("m4a") << QStringLiteral("m4a") << QStringLiteral("rate=70");
}

void TestTags::ratingRoundTripsThroughTheTagsOfEachFormat()
{
    QFETCH(QString, format);
    QFETCH(QString, sevenHalves);
    const QString path = m_dir.filePath(QStringLiteral("rated.") + format);
    QCOMPARE(makeTone(path, fullTags()), QString());
    QCOMPARE(TagReader::read(path).info.rating, -1); // no rating tag: unrated
    QCOMPARE(rawRatingTags(path), QString());

    QCOMPARE(TagWriter::write(path, {{QStringLiteral("RATING"), QStringLiteral("7")}}).error(), QString());
    TagReadResult r = TagReader::read(path);
    QVERIFY(r.ok);
    QCOMPARE(r.info.rating, 7);
    QCOMPARE(rawRatingTags(path), sevenHalves);
    // The rating tags are not listed as other tags, and the rest of the file is as it was.
    for (const auto &[key, value] : r.info.extra)
        QVERIFY2(!key.contains(QLatin1String("RATING")), qPrintable(key));
    QCOMPARE(r.info.title, fullTags().title);
    QCOMPARE(r.info.artist, fullTags().artist);

    for (const int halves : {10, 1, 0, 8}) {
        QCOMPARE(TagWriter::write(path, {{QStringLiteral("RATING"), QString::number(halves)}}).error(), QString());
        QCOMPARE(TagReader::read(path).info.rating, halves);
    }
    // Written again with another field: one set of rating tags, not two.
    QCOMPARE(TagWriter::write(path, {{QStringLiteral("TITLE"), QStringLiteral("Retitled")}, {QStringLiteral("RATING"), QStringLiteral("7")}}).error(),
             QString());
    QCOMPARE(rawRatingTags(path), sevenHalves);
    QCOMPARE(TagReader::read(path).info.title, QStringLiteral("Retitled"));
    // Removed: no rating tag left.
    QCOMPARE(TagWriter::write(path, {{QStringLiteral("RATING"), QString()}}).error(), QString());
    QCOMPARE(TagReader::read(path).info.rating, -1);
    QCOMPARE(rawRatingTags(path), QString());
    // Nonsense is refused by name, and the file keeps what it had.
    QVERIFY(TagWriter::write(path, {{QStringLiteral("RATING"), QStringLiteral("11")}}).error().contains(QLatin1String("11")));
    QCOMPARE(TagReader::read(path).info.title, QStringLiteral("Retitled"));
}

void TestTags::ratingsOtherPlayersWroteAreRead()
{
    // Windows Media Player's POPM for 4 stars, no FMPS_RATING.
    const QString mp3 = m_dir.filePath(QStringLiteral("wmp.mp3"));
    QCOMPARE(makeTone(mp3, fullTags()), QString());
    {
        TagLib::MPEG::File f(QFile::encodeName(mp3).constData());
        auto *popm = new TagLib::ID3v2::PopularimeterFrame;
        popm->setEmail("Windows Media Player 9 Series");
        popm->setRating(196);
        popm->setCounter(12);
        f.ID3v2Tag(true)->addFrame(popm);
        QVERIFY(f.save(TagLib::MPEG::File::ID3v2, TagLib::File::StripNone, TagLib::ID3v2::v4, TagLib::File::DoNotDuplicate));
    }
    QCOMPARE(TagReader::read(mp3).info.rating, 8);
    // Our write keeps that player's frame (its email and play counter), with the new rating.
    QCOMPARE(TagWriter::write(mp3, {{QStringLiteral("RATING"), QStringLiteral("10")}}).error(), QString());
    {
        TagLib::MPEG::File f(QFile::encodeName(mp3).constData());
        const TagLib::ID3v2::FrameList frames = f.ID3v2Tag()->frameList("POPM");
        QCOMPARE(int(frames.size()), 1);
        auto *popm = static_cast<TagLib::ID3v2::PopularimeterFrame *>(frames.front());
        QCOMPARE(popm->rating(), 255);
        QCOMPARE(int(popm->counter()), 12);
        QCOMPARE(QString::fromStdString(popm->email().to8Bit(true)), QStringLiteral("Windows Media Player 9 Series"));
    }
    // Vorbis RATING on the other scales players use: percent, whole stars, a fraction.
    const QString flac = m_dir.filePath(QStringLiteral("other.flac"));
    QCOMPARE(makeTone(flac, fullTags()), QString());
    const struct { const char *key; const char *value; int halves; } cases[] = {
        {"RATING", "80", 8}, {"RATING", "3", 6}, {"RATING", "0.5", 5}, {"FMPS_RATING", "0.9", 9}, {"RATING", "lots", -1}};
    for (const auto &c : cases) {
        {
            TagLib::FileRef ref(QFile::encodeName(flac).constData());
            TagLib::PropertyMap map = ref.file()->properties();
            map.erase("RATING");
            map.erase("FMPS_RATING");
            map.replace(c.key, TagLib::StringList(c.value));
            ref.file()->setProperties(map);
            QVERIFY(ref.save());
        }
        QCOMPARE(TagReader::read(flac).info.rating, c.halves);
    }
}
