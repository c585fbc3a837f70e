// Listening data between devices (issue 14) on one real server: ratings sync as a field (the
// later change wins, the other is logged), plays and skips add up over devices, also when a
// push is replayed or a sync is killed half-way, and last played is the latest.
#include "library/library.h"
#include "remote/pgparams.h"
#include "sync/sync.h"
#include "syncfixture.h"
#include "testmain.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <csignal>

using namespace ekn;
using namespace ekn::test;

class TestListening : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SyncServer> m_server;

    std::unique_ptr<Device> device(const QString &name) { return m_server->device(name); }
    QString serverValue(const QString &sql) { return m_server->adminValue(sql).toString(); }
    static Track track(Device &d, const QString &id) { return TrackStore(d.library()).track(id).value().value_or(Track{}); }
    static void play(Device &d, const QString &id, int times, const QDateTime &at = QDateTime::currentDateTimeUtc())
    {
        for (int i = 0; i < times; ++i) {
            const Result<bool> r = PlayTallies::recordPlay(d.library(), id, at);
            QVERIFY2(r.ok(), qPrintable(r.error()));
        }
    }
    static bool synced(Device &d)
    {
        const SyncReport r = d.sync();
        if (!r.ok)
            qWarning("sync failed: %s", qPrintable(r.error));
        return r.ok;
    }
    static QDateTime utc(const char *text) { return QDateTime::fromString(QLatin1String(text), Qt::ISODateWithMs); }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<SyncServer>();
        QVERIFY2(m_server->setUpServer(), qPrintable(m_server->error()));
    }
    void cleanup() { m_server.reset(); }

    void offlinePlaysOnThreeDevicesAddUpEverywhereAndLastPlayedIsTheLatest()
    {
        auto a = device(QStringLiteral("a")), b = device(QStringLiteral("b")), c = device(QStringLiteral("c"));
        QVERIFY(a && b && c);
        const QStringList ids = a->addTracks(2, QStringLiteral("Plays"));
        QVERIFY(synced(*a) && synced(*b) && synced(*c));
        // Offline: 3 plays on A, 2 plays and a skip on B, 1 play on C, at known times.
        play(*a, ids[0], 3, utc("2026-11-01T10:00:00.000Z"));
        play(*b, ids[0], 2, utc("2026-11-03T10:00:00.000Z"));
        QVERIFY(PlayTallies::recordSkip(b->library(), ids[0]).ok());
        play(*c, ids[0], 1, utc("2026-11-02T10:00:00.000Z"));
        QCOMPARE(track(*a, ids[0]).playCount, 3); // each sees its own at once
        QCOMPARE(track(*b, ids[0]).playCount, 2);
        QVERIFY(synced(*a) && synced(*b) && synced(*c) && synced(*a) && synced(*b));
        for (Device *d : {a.get(), b.get(), c.get()}) {
            const Track t = track(*d, ids[0]);
            QCOMPARE(t.playCount, 6);
            QCOMPARE(t.skipCount, 1);
            QCOMPARE(t.lastPlayed, utc("2026-11-03T10:00:00.000Z"));
            QCOMPARE(track(*d, ids[1]).playCount, 0); // the other track was not played
        }
        QCOMPARE(serverValue(QStringLiteral("SELECT play_count || '/' || skip_count FROM music_tracks WHERE id = '%1'").arg(ids[0])),
                 QStringLiteral("6/1"));
        // More plays later on one device: the others follow, nothing is counted twice.
        play(*c, ids[0], 2);
        QVERIFY(synced(*c) && synced(*a) && synced(*b) && synced(*c));
        for (Device *d : {a.get(), b.get(), c.get()})
            QCOMPARE(track(*d, ids[0]).playCount, 8);
        QVERIFY(track(*a, ids[0]).lastPlayed > utc("2026-11-03T10:00:00.000Z"));
        // A fourth device that joins later sees the sums.
        auto d4 = device(QStringLiteral("d"));
        QVERIFY(d4 && synced(*d4));
        QCOMPARE(track(*d4, ids[0]).playCount, 8);
        QCOMPARE(track(*d4, ids[0]).skipCount, 1);
    }

    void aReplayedPlaysPushCountsOnceButTheSameNumbersFromAnotherDeviceAdd()
    {
        auto a = device(QStringLiteral("a")), b = device(QStringLiteral("b"));
        QVERIFY(a && b);
        const QStringList ids = a->addTracks(1, QStringLiteral("Replay"));
        QVERIFY(synced(*a) && synced(*b));
        play(*a, ids[0], 3);
        QVERIFY(synced(*a));
        // The state a crash between the server's commit and the local one leaves: the plays
        // are on the server and still in the outbox. The same push goes again.
        QSqlQuery q(a->library().connection());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO outbox (table_name, row_id, op, changed_fields, created_at) "
                                      "VALUES ('track_play_tallies', '%1', 'update', '{}', 'x')").arg(ids[0])));
        QCOMPARE(a->outboxSize(), 1);
        QVERIFY(synced(*a));
        QCOMPARE(a->outboxSize(), 0);
        QVERIFY(synced(*b));
        QCOMPARE(track(*b, ids[0]).playCount, 3);
        QCOMPARE(serverValue(QStringLiteral("SELECT play_count FROM music_tracks WHERE id = '%1'").arg(ids[0])), QStringLiteral("3"));
        // The very same call, byte for byte, sent twice more through the API: still 3.
        QSqlDatabase client = m_server->client(QStringLiteral("replay"));
        const PgResult login = PgParams::exec(client, QStringLiteral("CALL api.sign_in($1, $2, 'test', NULL, NULL, NULL, NULL, NULL, NULL)"),
                                              {m_server->email(), m_server->password()});
        const QString token = login.value(QStringLiteral("access_token"));
        QVERIFY2(!token.isEmpty(), qPrintable(login.error));
        const QString deviceA = a->scalar(QStringLiteral("SELECT value FROM sync_state WHERE key = 'device_id'"));
        const QString batch = QStringLiteral("[{\"id\": \"%1\", \"plays\": 3, \"skips\": 0, \"last_played\": null}]").arg(ids[0]);
        const QString push = QStringLiteral("SELECT outcome FROM api.push_plays($1, 2, NULL, $2::uuid, $3::jsonb)");
        for (int i = 0; i < 2; ++i) {
            const PgResult r = PgParams::exec(client, push, {token, deviceA, batch});
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.rows.value(0).value(0), QStringLiteral("stored"));
        }
        QCOMPARE(serverValue(QStringLiteral("SELECT play_count FROM music_tracks WHERE id = '%1'").arg(ids[0])), QStringLiteral("3"));
        // An older, smaller count (a stale replay) takes nothing away either.
        QVERIFY(PgParams::exec(client, push, {token, deviceA, QString(batch).replace(QLatin1String("\"plays\": 3"), QLatin1String("\"plays\": 1"))}).ok);
        QCOMPARE(serverValue(QStringLiteral("SELECT play_count FROM music_tracks WHERE id = '%1'").arg(ids[0])), QStringLiteral("3"));
        // Control: the same numbers from another device are other plays, and add up.
        QVERIFY(PgParams::exec(client, push, {token, QStringLiteral("22222222-2222-2222-2222-222222222222"), batch}).ok);
        QCOMPARE(serverValue(QStringLiteral("SELECT play_count FROM music_tracks WHERE id = '%1'").arg(ids[0])), QStringLiteral("6"));
        QVERIFY(synced(*a) && synced(*b));
        QCOMPARE(track(*a, ids[0]).playCount, 6);
        QCOMPARE(track(*b, ids[0]).playCount, 6);
    }

    void playsSyncKilledMidPushAndSyncedAgainAreCountedExactlyOnce()
    {
        auto a = device(QStringLiteral("a")), b = device(QStringLiteral("b"));
        QVERIFY(a && b);
        constexpr int kTracks = 1500;
        const QStringList ids = a->addTracks(kTracks, QStringLiteral("Kill"));
        QVERIFY(synced(*a));
        for (const QString &id : ids)
            play(*a, id, 1);
        const QString server = m_server->clientUrl().toString();
        const ProcessResult login = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), server,
                                            QStringLiteral("--email"), m_server->email()},
                                           m_server->password().toUtf8() + '\n');
        QCOMPARE(login.exitCode, 0);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("EKN_SYNC_BATCH_SIZE"), QStringLiteral("3"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(EKN_CLI_PATH), {QStringLiteral("sync"), QStringLiteral("--server"), server,
                                               QStringLiteral("--data-dir"), a->dataDir()});
        QVERIFY(p.waitForStarted());
        const QString total = QStringLiteral("SELECT coalesce(sum(play_count), 0) FROM music_tracks");
        QElapsedTimer t;
        t.start();
        while (serverValue(total).toInt() < 100 && t.elapsed() < 60000 && p.state() == QProcess::Running)
            QTest::qWait(5);
        ::kill(pid_t(p.processId()), SIGKILL);
        p.waitForFinished();
        const int counted = serverValue(total).toInt();
        QVERIFY2(counted > 0 && counted < kTracks, qPrintable(QString::number(counted)));
        QVERIFY(a->outboxSize() > 0);
        QVERIFY(synced(*a));
        QCOMPARE(a->outboxSize(), 0);
        QCOMPARE(serverValue(total).toInt(), kTracks);
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM music_tracks WHERE play_count <> 1")).toInt(), 0);
        // b pulls everything once.
        QVERIFY(synced(*b) && synced(*a));
        QCOMPARE(TrackStore(b->library()).trackCount().value(), kTracks);
        QCOMPARE(b->scalar(QStringLiteral("SELECT sum(play_count) FROM music_tracks")).toInt(), kTracks);
        QCOMPARE(track(*a, ids[0]).playCount, 1);
    }

    void ratingsAndPlaysMadeBeforeAFirstSyncFollowTheLinkToTheAccountsTrack()
    {
        auto a = device(QStringLiteral("a")), b = device(QStringLiteral("b"));
        QVERIFY(a && b);
        const QStringList ids = a->addTracks(1, QStringLiteral("Link"));
        play(*a, ids[0], 1);
        QVERIFY(synced(*a));
        // b has the same music, scanned, rated and played before it ever synced.
        const QStringList local = b->addTracks(1, QStringLiteral("Link"));
        QVERIFY(local[0] != ids[0]);
        TrackEdit three;
        three.rating = 6;
        QVERIFY(TrackStore(b->library()).updateTrack(local[0], three));
        play(*b, local[0], 2);
        QVERIFY(synced(*b) && synced(*a));
        QCOMPARE(TrackStore(b->library()).trackCount().value(), 1); // linked, not duplicated
        for (Device *d : {a.get(), b.get()}) {
            const Track t = track(*d, ids[0]);
            QCOMPARE(t.rating, 6);
            QCOMPARE(t.playCount, 3);
        }
    }

    void aRatingChangedOnTwoDevicesKeepsTheLaterAndLogsTheOther()
    {
        auto a = device(QStringLiteral("a")), b = device(QStringLiteral("b"));
        QVERIFY(a && b);
        const QStringList ids = a->addTracks(2, QStringLiteral("Stars"));
        QVERIFY(synced(*a) && synced(*b));
        TrackEdit four, two, half;
        four.rating = 8;
        two.rating = 4;
        half.rating = 7;
        QVERIFY(TrackStore(a->library()).updateTrack(ids[1], half)); // only A rates this one
        QVERIFY(synced(*a) && synced(*b));
        QCOMPARE(track(*b, ids[1]).rating, 7);
        QCOMPARE(serverValue(QStringLiteral("SELECT rating FROM music_tracks WHERE id = '%1'").arg(ids[1])), QStringLiteral("7"));
        // Both rate the same track offline; B syncs later and wins.
        QVERIFY(TrackStore(a->library()).updateTrack(ids[0], four));
        QVERIFY(TrackStore(b->library()).updateTrack(ids[0], two));
        QVERIFY(synced(*a));
        const SyncReport rb = b->sync();
        QVERIFY2(rb.ok, qPrintable(rb.error));
        QCOMPARE(rb.conflicts, 1);
        QVERIFY(synced(*a));
        QCOMPARE(track(*a, ids[0]).rating, 4);
        QCOMPARE(track(*b, ids[0]).rating, 4);
        ConflictLog log(b->library());
        const QList<Conflict> lost = log.conflicts().value();
        QCOMPARE(lost.size(), 1);
        QCOMPARE(lost[0].field, QStringLiteral("rating"));
        QCOMPARE(lost[0].lostValue, QStringLiteral("8"));
        QCOMPARE(lost[0].winnerValue, QStringLiteral("4"));
        // Restoring the lost rating sends it again; everyone has 4 stars then.
        const Status restored = log.restore(lost[0].id);
        QVERIFY2(restored, qPrintable(restored.error()));
        QVERIFY(synced(*b) && synced(*a));
        QCOMPARE(track(*a, ids[0]).rating, 8);
        // Plays counted elsewhere are no rating conflict, and a rating is no play.
        play(*a, ids[0], 1);
        TrackEdit none;
        none.rating = Track::kUnrated;
        QVERIFY(TrackStore(b->library()).updateTrack(ids[0], none));
        QVERIFY(synced(*a) && synced(*b) && synced(*a));
        for (Device *d : {a.get(), b.get()}) {
            QCOMPARE(track(*d, ids[0]).rating, Track::kUnrated);
            QCOMPARE(track(*d, ids[0]).playCount, 1);
        }
        QCOMPARE(log.conflicts().value().size(), 0);
    }
};

EKN_TEST_MAIN(QCoreApplication, TestListening)
#include "tst_listening.moc"
