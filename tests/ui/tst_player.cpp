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
