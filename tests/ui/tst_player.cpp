#include "tst_player.h"

#include "audiofixture.h"
#include "playback/playback.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace ekn;
using namespace ekn::test;

void TestPlayer::playingAGeneratedFileReachesPlayingAndAdvances()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("tone.ogg"));
    const QString err = makeTone(file, toneTags(QStringLiteral("Tone"), {}, {}, {}, {}, 0, 0), 2.0);
    QVERIFY2(err.isEmpty(), qPrintable(err));

    Player player;
    QSignalSpy states(&player, &Player::stateChanged);
    player.setQueue({{QStringLiteral("t1"), QUrl::fromLocalFile(file), QStringLiteral("Tone"), {}, {}, {}}});
    player.play();
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Playing, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(player.duration() > 1500, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(player.position() > 300, 5000);
    QVERIFY(player.errorString().isEmpty());
    player.pause();
    QTRY_COMPARE(player.state(), Player::State::Paused);
    player.stop();
    QCOMPARE(player.state(), Player::State::Stopped);
}

void TestPlayer::missingFileSaysItIsNotAvailable()
{
    Player player;
    QSignalSpy errors(&player, &Player::errorOccurred);
    player.setQueue({{QStringLiteral("t1"), QUrl::fromLocalFile(QStringLiteral("/nonexistent/gone.flac")),
                      QStringLiteral("Gone Song"), {}, {}, {}}});
    player.play();
    QTRY_COMPARE(errors.size(), 1);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("Gone Song")) && message.contains(QStringLiteral("not available")),
             qPrintable(message));
    QCOMPARE(player.state(), Player::State::Stopped);
}

void TestPlayer::fileThatIsNotAudioSaysTheFormatCannotBePlayed()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("noise.mp3"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray junk(64 * 1024, '\0');
    for (int i = 0; i < junk.size(); ++i)
        junk[i] = char((i * 7919) % 251);
    f.write(junk);
    f.close();

    Player player;
    QSignalSpy errors(&player, &Player::errorOccurred);
    player.setQueue({{QStringLiteral("t1"), QUrl::fromLocalFile(file), QStringLiteral("Noise"), {}, {}, {}}});
    player.play();
    QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 1, 10000);
    QTest::qWait(300);
    QCOMPARE(errors.size(), 1);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("Noise")) && message.contains(QStringLiteral("format cannot be played")),
             qPrintable(message));
    QVERIFY(player.state() != Player::State::Playing);
}

void TestPlayer::nextAndPreviousWalkTheQueue()
{
    QTemporaryDir dir;
    QList<QueueItem> items;
    for (int i = 0; i < 3; ++i) {
        const QString file = dir.filePath(QStringLiteral("t%1.ogg").arg(i));
        QVERIFY(makeTone(file, {}, 1.0, 300 + 100 * i).isEmpty());
        items.append({QStringLiteral("id%1").arg(i), QUrl::fromLocalFile(file), QString(), {}, {}, {}});
    }
    Player player;
    QSignalSpy current(&player, &Player::currentChanged);
    player.setQueue(items, 0);
    player.play();
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Playing, 10000);
    player.next();
    QCOMPARE(player.currentTrackId(), QStringLiteral("id1"));
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Playing, 10000);
    player.previous();
    QCOMPARE(player.currentTrackId(), QStringLiteral("id0"));
    // The queue runs on by itself at the end of each file.
    QTRY_COMPARE_WITH_TIMEOUT(player.currentTrackId(), QStringLiteral("id1"), 10000);
    player.stop();
}

void TestPlayer::aTrackCountsAsPlayedAfterHalfOfItAndAsSkippedWhenLeftEarly()
{
    // The real player on generated audio: a 3 s track counts once 1.5 s were heard; a 40 s
    // track left after a second is a skip; a track played to its end is no skip.
    QTemporaryDir dir;
    const QString shortFile = dir.filePath(QStringLiteral("short.ogg"));
    const QString longFile = dir.filePath(QStringLiteral("long.ogg"));
    QVERIFY(makeTone(shortFile, {}, 3.0, 440).isEmpty());
    QVERIFY(makeTone(longFile, {}, 40.0, 550).isEmpty());
    Player player;
    PlayCounter counter;
    counter.attach(&player);
    QSignalSpy played(&counter, &PlayCounter::played);
    QSignalSpy skipped(&counter, &PlayCounter::skipped);
    qint64 positionWhenCounted = -1;
    connect(&counter, &PlayCounter::played, &player, [&] { positionWhenCounted = player.position(); });
    player.setQueue({{QStringLiteral("short"), QUrl::fromLocalFile(shortFile), QString(), {}, {}, {}},
                     {QStringLiteral("long"), QUrl::fromLocalFile(longFile), QString(), {}, {}, {}},
                     {QStringLiteral("short2"), QUrl::fromLocalFile(shortFile), QString(), {}, {}, {}}});
    player.play();
    QTRY_COMPARE_WITH_TIMEOUT(played.size(), 1, 15000);
    QCOMPARE(played.at(0).at(0).toString(), QStringLiteral("short"));
    QVERIFY2(positionWhenCounted >= 1400, qPrintable(QString::number(positionWhenCounted))); // not before half
    QVERIFY(qAbs(played.at(0).at(1).toDateTime().secsTo(QDateTime::currentDateTimeUtc())) < 30);
    // It runs on into the long track by itself: the end of the short one is no skip.
    QTRY_COMPARE_WITH_TIMEOUT(player.currentTrackId(), QStringLiteral("long"), 15000);
    QCOMPARE(skipped.size(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(counter.listenedMs() >= 800, 10000);
    player.next();
    QTRY_COMPARE(skipped.size(), 1);
    QCOMPARE(skipped.at(0).at(0).toString(), QStringLiteral("long"));
    QCOMPARE(played.size(), 1); // the long one was not played: 1 s of 40
    player.stop();
}

void TestPlayer::playCountingRulesForLongTracksSeeksAndTheEnd()
{
    // The rules driven step by step, as the player reports them (one position a second).
    PlayCounter c;
    QSignalSpy played(&c, &PlayCounter::played);
    QSignalSpy skipped(&c, &PlayCounter::skipped);
    const auto listen = [&c](qint64 fromMs, qint64 toMs) {
        for (qint64 ms = fromMs; ms <= toMs; ms += 1000)
            c.positionAt(ms, true);
    };
    // A 10-minute track: 4 minutes heard count, not half of it (5 minutes).
    c.trackStarted(QStringLiteral("long"), 600000);
    listen(0, 239000);
    QCOMPARE(played.size(), 0);
    listen(240000, 300000);
    QCOMPARE(played.size(), 1); // once, however long it goes on
    c.trackLeft();
    QCOMPARE(skipped.size(), 0);
    // Seeking forward hears nothing: 10 s heard, then a jump to 5 minutes, 10 s more.
    c.trackStarted(QStringLiteral("seeked"), 600000);
    listen(0, 10000);
    c.seeked(300000);
    listen(300000, 310000);
    QCOMPARE(c.listenedMs(), 20000);
    QCOMPARE(played.size(), 1);
    // A jump the player reported only as a position (no seeked signal) is no listening either.
    c.positionAt(500000, true);
    QCOMPARE(c.listenedMs(), 20000);
    c.trackLeft(); // left at 8:20, after 20 s heard: past 30 s of the track, no skip
    QCOMPARE(skipped.size(), 0);
    // Paused time does not count.
    c.trackStarted(QStringLiteral("paused"), 200000);
    listen(0, 5000);
    for (qint64 ms = 5000; ms < 120000; ms += 1000)
        c.positionAt(5000, false);
    QCOMPARE(c.listenedMs(), 5000);
    c.trackLeft(); // left at 0:05: a skip
    QCOMPARE(skipped.size(), 1);
    QCOMPARE(skipped.at(0).at(0).toString(), QStringLiteral("paused"));
    // Left at 29 s: a skip; at 31 s: not.
    c.trackStarted(QStringLiteral("s29"), 200000);
    listen(0, 29000);
    c.trackLeft();
    c.trackStarted(QStringLiteral("s31"), 200000);
    listen(0, 31000);
    c.trackLeft();
    QCOMPARE(skipped.size(), 2);
    QCOMPARE(skipped.at(1).at(0).toString(), QStringLiteral("s29"));
    // A 20 s track heard to the end: played at 10 s, and its end is no skip.
    c.trackStarted(QStringLiteral("tiny"), 20000);
    listen(0, 20000);
    c.trackLeft();
    QCOMPARE(played.size(), 2);
    QCOMPARE(played.at(1).at(0).toString(), QStringLiteral("tiny"));
    QCOMPARE(skipped.size(), 2);
    // Started but never heard (an error, a double click on the next one): nothing at all.
    c.trackStarted(QStringLiteral("unheard"), 200000);
    c.trackLeft();
    QCOMPARE(skipped.size(), 2);
    QCOMPARE(played.size(), 2);
}
