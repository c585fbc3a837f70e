#include "tst_playlistcli.h"

#include "audiofixture.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ekn::test;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QStringList playlistIds(const QString &dataDir)
{
    const ProcessResult r =
        runCli({QStringLiteral("playlist"), QStringLiteral("list"), QStringLiteral("--json"),
                QStringLiteral("--data-dir"), dataDir});
    QStringList ids;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array())
        ids << v.toObject().value(QStringLiteral("id")).toString();
    return ids;
}

// Track ids by title, from `tracks --json`.
QMap<QString, QString> trackIdsByTitle(const QString &dataDir)
{
    const ProcessResult tracks = runCli(
        {QStringLiteral("tracks"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dataDir});
    QMap<QString, QString> idByTitle;
    for (const QJsonValue &v : QJsonDocument::fromJson(tracks.out.toUtf8())
                                   .object()
                                   .value(QStringLiteral("tracks"))
                                   .toArray())
        idByTitle.insert(v.toObject().value(QStringLiteral("title")).toString(),
                         v.toObject().value(QStringLiteral("id")).toString());
    return idByTitle;
}

// The file names an M3U8 lists, in order (comments left out).
QStringList m3uNames(const QString &path)
{
    QFile f(path);
    QStringList names;
    if (f.open(QIODevice::ReadOnly))
        for (const QString &line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty() && !line.startsWith(QLatin1Char('#')))
                names << QFileInfo(line.trimmed()).fileName();
    return names;
}

} // namespace

QString TestPlaylistCli::show(const QString &id) const
{
    const ProcessResult r =
        runCli({QStringLiteral("playlist"), QStringLiteral("show"), id, QStringLiteral("--json"),
                QStringLiteral("--data-dir"), m_data});
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QStringList titles;
    for (const QJsonValue &e : o.value(QStringLiteral("entries")).toArray())
        titles << e.toObject().value(QStringLiteral("title")).toString();
    return o.value(QStringLiteral("name")).toString() + QStringLiteral(": ") +
           titles.join(QStringLiteral(", "));
}

void TestPlaylistCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_music = m_dir.filePath(QStringLiteral("music"));
    m_data = m_dir.filePath(QStringLiteral("data"));
    const QStringList titles = {QStringLiteral("Alpha"), QStringLiteral("Bravo"),
                                QStringLiteral("Charlie")};
    for (int i = 0; i < titles.size(); ++i)
        QCOMPARE(
            makeTone(QStringLiteral("%1/Band Ø/%2 %3.ogg").arg(m_music).arg(i + 1).arg(titles[i]),
                     toneTags(titles[i], QStringLiteral("Band Ø")), 1.0, 300 + 50 * i),
            QString());
    const ProcessResult scan =
        runCli({QStringLiteral("scan"), m_music, QStringLiteral("--data-dir"), m_data});
    QVERIFY2(scan.exitCode == 0, qPrintable(scan.out + scan.err));
}

void TestPlaylistCli::importMakesAPlaylistOfTheLibrarysTracksInTheFilesOrder()
{
    // Another program's playlist beside the music folder: relative paths, CRLF, comments.
    const QString file = m_dir.filePath(QStringLiteral("road trip.m3u"));
    QVERIFY(writeFile(file, "#EXTM3U\r\n#EXTINF:1,Band - Charlie\r\nmusic/Band Ø/3 Charlie.ogg\r\n"
                            "music/Band Ø/1 Alpha.ogg\r\n"));
    const ProcessResult r = runCli({QStringLiteral("playlist"), QStringLiteral("import"), file,
                                    QStringLiteral("--data-dir"), m_data});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString id = r.out.trimmed();
    QVERIFY2(playlistIds(m_data).contains(id), "the id printed is the new playlist's");
    QCOMPARE(show(id), QStringLiteral("road trip: Charlie, Alpha"));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
}

void TestPlaylistCli::importTakesANameAndSaysWhatWasSkipped()
{
    const QString file = m_dir.filePath(QStringLiteral("mixed.pls"));
    QVERIFY(writeFile(file, "[playlist]\nFile1=music/Band Ø/2 Bravo.ogg\nFile2=/nowhere/gone.mp3\n"
                            "NumberOfEntries=2\n"));
    const ProcessResult r = runCli({QStringLiteral("playlist"), QStringLiteral("import"), file,
                                    QStringLiteral("--name"), QStringLiteral("Evening"),
                                    QStringLiteral("--data-dir"), m_data});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(show(r.out.trimmed()), QStringLiteral("Evening: Bravo"));
    QVERIFY2(r.err.contains(QStringLiteral("1 entries are not in the library")), qPrintable(r.err));

    const ProcessResult json =
        runCli({QStringLiteral("playlist"), QStringLiteral("import"), file,
                QStringLiteral("--json"), QStringLiteral("--data-dir"), m_data});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("name")).toString(), QStringLiteral("mixed"));
    QCOMPARE(o.value(QStringLiteral("tracks")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("skipped")).toInt(), 1);
    QVERIFY(playlistIds(m_data).contains(o.value(QStringLiteral("id")).toString()));
}

void TestPlaylistCli::exportWritesAFileThatImportsBackTheSame()
{
    const ProcessResult made =
        runCli({QStringLiteral("playlist"), QStringLiteral("create"),
                QStringLiteral("Round «trip»"), QStringLiteral("--data-dir"), m_data});
    QCOMPARE(made.exitCode, 0);
    const QString id = made.out.trimmed();
    const QMap<QString, QString> idByTitle = trackIdsByTitle(m_data);
    QCOMPARE(
        runCli({QStringLiteral("playlist"), QStringLiteral("add"), id,
                idByTitle.value(QStringLiteral("Bravo")),
                idByTitle.value(QStringLiteral("Charlie")),
                idByTitle.value(QStringLiteral("Alpha")), QStringLiteral("--data-dir"), m_data})
            .exitCode,
        0);
    for (const QString &name :
         {QStringLiteral("lists/out.m3u8"), QStringLiteral("lists/out.xspf")}) {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("lists")));
        const QString file = m_dir.filePath(name);
        const ProcessResult r = runCli({QStringLiteral("playlist"), QStringLiteral("export"), id,
                                        file, QStringLiteral("--data-dir"), m_data});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Round «trip»")), qPrintable(r.out));
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(written.readAll());
        QVERIFY2(text.contains(QStringLiteral("../music/Band")) ||
                     text.contains(QStringLiteral("../music/Band%20")),
                 qPrintable(text)); // relative: the music and its lists move together
        const ProcessResult back = runCli({QStringLiteral("playlist"), QStringLiteral("import"),
                                           file, QStringLiteral("--data-dir"), m_data});
        QVERIFY2(back.exitCode == 0, qPrintable(back.err));
        QCOMPARE(show(back.out.trimmed()), QStringLiteral("Round «trip»: Bravo, Charlie, Alpha"));
    }
}

void TestPlaylistCli::aFileThatIsNotAPlaylistMakesNoPlaylist()
{
    const QStringList before = playlistIds(m_data);
    const QString song = m_dir.filePath(QStringLiteral("song.m3u"));
    QVERIFY(QFile::copy(m_music + QStringLiteral("/Band Ø/1 Alpha.ogg"), song));
    const ProcessResult r = runCli({QStringLiteral("playlist"), QStringLiteral("import"), song,
                                    QStringLiteral("--data-dir"), m_data});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("song.m3u is not a playlist")), qPrintable(r.err));
    const ProcessResult absent = runCli({QStringLiteral("playlist"), QStringLiteral("import"),
                                         m_dir.filePath(QStringLiteral("absent.m3u8")),
                                         QStringLiteral("--data-dir"), m_data});
    QCOMPARE(absent.exitCode, 1);
    QVERIFY2(absent.err.contains(QStringLiteral("Cannot open")), qPrintable(absent.err));
    QCOMPARE(playlistIds(m_data), before);
    const ProcessResult usage = runCli({QStringLiteral("playlist"), QStringLiteral("import"),
                                        QStringLiteral("--data-dir"), m_data});
    QCOMPARE(usage.exitCode, 2);
}

void TestPlaylistCli::exportOfAnUnknownPlaylistOrToAnUnwritablePlaceFails()
{
    const QString file = m_dir.filePath(QStringLiteral("never.m3u8"));
    const ProcessResult unknown =
        runCli({QStringLiteral("playlist"), QStringLiteral("export"), QStringLiteral("no-such-id"),
                file, QStringLiteral("--data-dir"), m_data});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains(QStringLiteral("no longer exists")), qPrintable(unknown.err));
    QVERIFY(!QFile::exists(file));

    const ProcessResult made = runCli({QStringLiteral("playlist"), QStringLiteral("create"),
                                       QStringLiteral("Kept"), QStringLiteral("--data-dir"), m_data});
    QCOMPARE(made.exitCode, 0);
    const QString id = made.out.trimmed();
    const QString nowhere = m_dir.filePath(QStringLiteral("no-such-folder/out.m3u8"));
    const ProcessResult r = runCli({QStringLiteral("playlist"), QStringLiteral("export"), id,
                                    nowhere, QStringLiteral("--data-dir"), m_data});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("Cannot write")), qPrintable(r.err));
}

// `playlist smart create` and `playlist export` are one command: a smart playlist exports
// through the same writer as any other, as the tracks its rule gives now; a later rating
// changes the playlist, not the file.
void TestPlaylistCli::smartPlaylistExportsWhatItsRuleGivesNow()
{
    const QMap<QString, QString> idByTitle = trackIdsByTitle(m_data);
    const auto cli = [this](QStringList args) {
        args << QStringLiteral("--data-dir") << m_data;
        return runCli(args);
    };
    QCOMPARE(cli({QStringLiteral("track"), QStringLiteral("rate"),
                  idByTitle.value(QStringLiteral("Alpha")), QStringLiteral("5")})
                 .exitCode,
             0);
    const ProcessResult made = cli({QStringLiteral("playlist"), QStringLiteral("smart"),
                                    QStringLiteral("create"), QStringLiteral("Loved"),
                                    QStringLiteral("rating:>=4"), QStringLiteral("--order"),
                                    QStringLiteral("title")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    const QString id = made.out.trimmed();
    QCOMPARE(show(id), QStringLiteral("Loved: Alpha"));
    const QString file = m_dir.filePath(QStringLiteral("loved.m3u8"));
    const ProcessResult exported =
        cli({QStringLiteral("playlist"), QStringLiteral("export"), id, file});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    QCOMPARE(m3uNames(file), QStringList{QStringLiteral("1 Alpha.ogg")});

    QCOMPARE(cli({QStringLiteral("track"), QStringLiteral("rate"),
                  idByTitle.value(QStringLiteral("Bravo")), QStringLiteral("4.5")})
                 .exitCode,
             0);
    QCOMPARE(show(id), QStringLiteral("Loved: Alpha, Bravo"));
    QCOMPARE(m3uNames(file), QStringList{QStringLiteral("1 Alpha.ogg")});
    // And a smart playlist's entries are its rule's: adding to it is refused, nothing changes.
    const ProcessResult add = cli({QStringLiteral("playlist"), QStringLiteral("add"), id,
                                   idByTitle.value(QStringLiteral("Charlie"))});
    QCOMPARE(add.exitCode, 1);
    QVERIFY2(add.err.contains(QStringLiteral("smart playlist")), qPrintable(add.err));
    QCOMPARE(show(id), QStringLiteral("Loved: Alpha, Bravo"));
}
