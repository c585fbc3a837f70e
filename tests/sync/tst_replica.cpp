// Pulls served by a streaming-replication standby while pushes go to the primary
// (docs/SCALING.md): two clusters of the test's own, the standby made by pg_basebackup -R, its
// replay paused to hold lag as long as a step needs. Lag must never make a device miss or
// re-apply a change, also when the device alternates between primary and standby.
#include "library/library.h"
#include "remote/serverconnection.h"
#include "sync/remotesession.h"
#include "sync/syncpull.h"
#include "sync/sync.h"
#include "syncfixture.h"
#include "testmain.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QTest>

using namespace ekn;

class TestSyncReplica : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void lagNeverMakesADeviceMissOrReapplyAChange();

private:
    QVariant admin(const OwnCluster &c, const QString &sql);
    bool standbyCaughtUp();
    void setReplay(bool paused);

    OwnCluster m_primary;
    OwnCluster m_standby;
};

QVariant TestSyncReplica::admin(const OwnCluster &c, const QString &sql)
{
    const QString name = QStringLiteral("replica-admin-%1").arg(c.port());
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name)
                                                   : ekn::test::openPostgres(c.adminUrl(), name);
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

bool TestSyncReplica::standbyCaughtUp()
{
    const QString lsn = admin(m_primary, QStringLiteral("SELECT pg_current_wal_lsn()::text")).toString();
    for (int i = 0; i < 200; ++i) {
        if (admin(m_standby, QStringLiteral("SELECT pg_last_wal_replay_lsn() >= '%1'::pg_lsn").arg(lsn)).toBool())
            return true;
        QTest::qWait(50);
    }
    return false;
}

void TestSyncReplica::setReplay(bool paused)
{
    admin(m_standby, paused ? QStringLiteral("SELECT pg_wal_replay_pause()::text")
                            : QStringLiteral("SELECT pg_wal_replay_resume()::text"));
}

void TestSyncReplica::initTestCase()
{
    QVERIFY2(m_primary.init(), qPrintable(m_primary.error()));
    QVERIFY2(m_standby.initStandbyOf(m_primary), qPrintable(m_standby.error()));
    QVERIFY(admin(m_standby, QStringLiteral("SELECT pg_is_in_recovery()")).toBool());
}

void TestSyncReplica::lagNeverMakesADeviceMissOrReapplyAChange()
{
    const QString email = QStringLiteral("sync@example.org"), password = QStringLiteral("correct horse battery");
    Device a(QStringLiteral("replica-a"), m_primary.clientUrl());
    Device b(QStringLiteral("replica-b"), m_primary.clientUrl());
    QVERIFY(a.signIn(email, password));
    QVERIFY(b.signIn(email, password));
    const QStringList ids = a.addTracks(3, QStringLiteral("Replica"));
    QVERIFY(a.sync().ok);
    QVERIFY(b.sync().ok);
    QVERIFY(standbyCaughtUp());
    b.setReadServer(m_standby.clientUrl());
    auto edit = [&](int i, const QString &title) {
        TrackEdit e;
        e.title = title;
        QVERIFY(TrackStore(a.library()).updateTrack(ids[i], e));
        QVERIFY(a.sync().ok);
    };

    // Caught up: the standby serves the pull.
    edit(0, QStringLiteral("Edit one"));
    QVERIFY(standbyCaughtUp());
    SyncReport r = b.sync();
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.pulledFromReadServer);
    QCOMPARE(r.pulled, 1);
    QCOMPARE(b.trackTitle(ids[0]), QStringLiteral("Edit one"));

    // Lag: the standby does not have the next edit yet. Its pull brings nothing and keeps the
    // cursor where it was (nothing skipped: the edit comes later).
    setReplay(true);
    edit(1, QStringLiteral("Edit two"));
    const qint64 before = r.cursor;
    r = b.sync();
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.pulledFromReadServer);
    QCOMPARE(r.pulled, 0);
    QCOMPARE(r.cursor, before);

    // The device alternates: the primary brings the edit, and moves the cursor past the standby.
    b.setReadServer({});
    r = b.sync();
    QVERIFY(r.ok);
    QCOMPARE(r.pulled, 1);
    QCOMPARE(b.trackTitle(ids[1]), QStringLiteral("Edit two"));
    const qint64 ahead = r.cursor;

    // Back to the standby, still behind the cursor: not a reset (which would pull everything
    // again, old values included), the primary serves the pull and nothing changes.
    b.setReadServer(m_standby.clientUrl());
    r = b.sync();
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(!r.pulledFromReadServer);
    QVERIFY(!r.resynced);
    QCOMPARE(r.pulled, 0);
    QCOMPARE(r.cursor, ahead);
    QCOMPARE(b.trackTitle(ids[1]), QStringLiteral("Edit two"));

    // Replay resumes: the standby serves again, and brings only what is new.
    setReplay(false);
    edit(2, QStringLiteral("Edit three"));
    QVERIFY(standbyCaughtUp());
    r = b.sync();
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.pulledFromReadServer);
    QCOMPARE(r.pulled, 1);
    QCOMPARE(b.trackTitle(ids[0]), QStringLiteral("Edit one"));
    QCOMPARE(b.trackTitle(ids[1]), QStringLiteral("Edit two"));
    QCOMPARE(b.trackTitle(ids[2]), QStringLiteral("Edit three"));

    // Control: a pull that takes a standby behind its cursor for a reset pulls everything
    // again from it and puts an old value back.
    setReplay(true);
    edit(0, QStringLiteral("Edit four"));
    b.setReadServer({});
    QVERIFY(b.sync().ok);
    QCOMPARE(b.trackTitle(ids[0]), QStringLiteral("Edit four"));
    {
        RemoteSession standby(b.account());
        standby.useServer(ServerConnection::fromUrl(m_standby.clientUrl()));
        QVERIFY(standby.connect());
        standby.setDevice(b.scalar(QStringLiteral("SELECT value FROM sync_state WHERE key = 'device_id'")));
        SyncPull naive(b.library().connection(), standby);
        QVERIFY(naive.run());
        QVERIFY(naive.resynced());
    }
    QCOMPARE(b.trackTitle(ids[0]), QStringLiteral("Edit one"));
    setReplay(false);
}

EKN_TEST_MAIN(QCoreApplication, TestSyncReplica)
#include "tst_replica.moc"
