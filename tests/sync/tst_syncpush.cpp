// Push through api.push (migration 013) with two devices and one real server: per-row
// outcomes, transient server errors injected for real (a held row lock, a deadlock, a
// cancelled statement) that only delay, refusals set aside and sent again, and a local read
// that fails for real.
#include "library/library.h"
#include "remote/pgparams.h"
#include "scannedfiles.h"
#include "sync/remotesession.h"
#include "sync/sync.h"
#include "sync/syncpush.h"
#include "syncfixture.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ekn;
using namespace ekn::test;

namespace {

// A superuser connection of the test's own, on this thread, for holding locks the way another
// writer would.
class Owner
{
public:
    explicit Owner(const QUrl &url)
        : m_name(QStringLiteral("owner-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        m_db = openPostgres(url, m_name);
    }
    ~Owner()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql)) {
            m_error = q.lastError().text();
            return false;
        }
        return true;
    }
    QString error() const { return m_error; }

private:
    QString m_name;
    QSqlDatabase m_db;
    QString m_error;
};

// One more file scanned on device `d`, of the audio `hash` (as a scan of a copy would add it).
QString addFile(Device &d, const QString &path, const QString &hash, const QString &title)
{
    ScannedFile f;
    f.path = f.nfcPath = path;
    f.size = 4242;
    f.mtime = 1700000000000;
    f.contentHash = hash;
    f.info.title = title;
    f.info.format = QStringLiteral("flac");
    f.info.durationMs = 200000;
    f.info.fileSize = f.size;
    const Result<QStringList> ids = insertScanned(d.library().connection(), {f});
    if (!ids) {
        qWarning("cannot add a file: %s", qPrintable(ids.error()));
        return {};
    }
    return ids->constFirst();
}

} // namespace

class TestSyncPush : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SyncServer> m_server;

    std::unique_ptr<Device> device(const QString &name, const QString &email = {}) { return m_server->device(name, email); }
    QString serverValue(const QString &sql) { return m_server->adminValue(sql).toString(); }
    bool cliLogin(const QString &email)
    {
        return runCli({QStringLiteral("account"), QStringLiteral("login"),
                       QStringLiteral("--server"), m_server->clientUrl().toString(),
                       QStringLiteral("--email"), email},
                      m_server->password().toUtf8() + '\n')
                   .exitCode == 0;
    }
    QStringList syncArgs(const QString &dir, const QString &email = {})
    {
        QStringList args{QStringLiteral("sync"), QStringLiteral("--server"),
                         m_server->clientUrl().toString(), QStringLiteral("--data-dir"), dir};
        if (!email.isEmpty())
            args << QStringLiteral("--email") << email;
        return args;
    }
    ProcessResult cliSync(const QString &dir, const QString &email = {})
    {
        return runCli(syncArgs(dir, email));
    }
    // Waits until a backend running api.push waits for a lock; its pid, or 0.
    QString pushWaitingForALock()
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            const QString pid = serverValue(QStringLiteral(
                "SELECT coalesce((SELECT pid FROM pg_stat_activity WHERE query LIKE '%api.push%' "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() LIMIT 1)::text, '')"));
            if (!pid.isEmpty())
                return pid;
            QTest::qWait(10);
        }
        return {};
    }
    // Devices a and b of one account, both synced after a added `count` tracks, and a's edit
    // of the first track's title that is not sent yet.
    struct Pair
    {
        std::unique_ptr<Device> a, b;
        QStringList ids;
    };
    Pair editedOnA(const QString &title)
    {
        Pair p{device(QStringLiteral("a")), device(QStringLiteral("b")), {}};
        if (!p.a || !p.b)
            return {};
        p.ids = p.a->addTracks(3, QStringLiteral("Wait"));
        if (!p.a->sync().ok || !p.b->sync().ok)
            return {};
        TrackEdit e;
        e.title = title;
        if (!TrackStore(p.a->library()).updateTrack(p.ids[0], e))
            return {};
        return p;
    }
    // The edit waited in the outbox; the next sync sends it and b sees it.
    void sentNextTime(Pair &p, const QString &title)
    {
        QVERIFY(p.a->outboxSize() > 0);
        QCOMPARE(serverValue(QStringLiteral("SELECT title FROM music_tracks WHERE id = '%1'")
                                 .arg(p.ids[0])),
                 QStringLiteral("Wait 0"));
        const ProcessResult again = cliSync(p.a->dataDir());
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
        QCOMPARE(p.a->outboxSize(), 0);
        QVERIFY(p.b->sync().ok);
        QCOMPARE(p.b->trackTitle(p.ids[0]), title);
        QVERIFY(ConflictLog(p.a->library()).conflicts().value().isEmpty());
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<SyncServer>();
        QVERIFY2(m_server->setUpServer(), qPrintable(m_server->error()));
    }
    void cleanup() { m_server.reset(); }

    // A batch whose answer stored every row as sent lets the next batch go before that answer
    // is recorded (SyncPush::pushBatch); a batch with conflicts is recorded before the next one
    // goes. Each conflict is logged once, every version recorded, and the conflicts cost no
    // call: the same edits without conflicts take as many round trips. Control (the round
    // trips): sent early after a batch with conflicts, the next call names a push with
    // unrecorded conflicts as not answered and is refused (EK412), then asks for the lost
    // answers and goes again.
    void batchesSentBeforeAnAnswerIsRecordedLogEachConflictOnce()
    {
        auto a = device(QStringLiteral("a"));
        auto b = device(QStringLiteral("b"));
        QVERIFY(a && b);
        const QStringList ids = a->addTracks(6, QStringLiteral("Early"));
        QVERIFY(a->sync().ok);
        QVERIFY(b->sync().ok);
        auto editAll = [&](const QString &prefix) {
            for (int i = 0; i < 6; ++i) {
                TrackEdit e;
                e.title = prefix + QString::number(i);
                if (!TrackStore(a->library()).updateTrack(ids[i], e))
                    return false;
            }
            return true;
        };
        QVERIFY(editAll(QStringLiteral("clean ")));
        const SyncReport clean = a->sync(1);
        QVERIFY2(clean.ok && clean.conflicts == 0, qPrintable(clean.error));
        QVERIFY(b->sync().ok);
        for (const int i : {3, 4}) {
            TrackEdit e;
            e.title = QStringLiteral("b %1").arg(i);
            QVERIFY(TrackStore(b->library()).updateTrack(ids[i], e));
        }
        QVERIFY(b->sync().ok);
        QVERIFY(editAll(QStringLiteral("a ")));
        // One row a call: batches 2-4 go before the answer before them is recorded.
        const SyncReport r = a->sync(1);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.conflicts, 2);
        QCOMPARE(r.roundTrips, clean.roundTrips);
        QCOMPARE(a->outboxSize(), 0);
        const QList<Conflict> logged = ConflictLog(a->library()).conflicts().value();
        QCOMPARE(logged.size(), 2);
        QStringList lost;
        for (const Conflict &c : logged)
            lost << c.lostValue;
        lost.sort();
        QCOMPARE(lost, QStringList({QStringLiteral("\"b 3\""), QStringLiteral("\"b 4\"")}));
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(
                serverValue(
                    QStringLiteral("SELECT title FROM music_tracks WHERE id = '%1'").arg(ids[i])),
                QStringLiteral("a ") + QString::number(i));
            QCOMPARE(
                a->scalar(QStringLiteral("SELECT sync_version FROM music_tracks WHERE id = '%1'")
                              .arg(ids[i])),
                serverValue(QStringLiteral("SELECT sync_version FROM music_tracks WHERE id = '%1'")
                                .arg(ids[i])));
        }
        QVERIFY(b->sync().ok);
        QCOMPARE(b->trackTitle(ids[3]), QStringLiteral("a 3"));
    }

    // A push writes each row's JSON itself (SyncPush::addTracks, no QJsonDocument per row):
    // every character JSON must escape, control characters, and text beyond ASCII arrive on the
    // server and on another device as typed, in a new track, in an edit of its columns, and in
    // an edit of one of its tags (meta_keys).
    void textThatJsonEscapesArrivesAsTypedNewAndEdited()
    {
        auto a = device(QStringLiteral("a"));
        auto b = device(QStringLiteral("b"));
        QVERIFY(a && b);
        // A title is one line (TrackStore refuses control characters there); a comment may
        // hold any.
        const QString tricky = QStringLiteral("say \"hi\" \\ back\\slash /\\u0041 Beyonc") +
                               QChar(0xe9) + QChar(0x65e5) + QChar(0xd83c) + QChar(0xdfb5);
        const QString controls = tricky + QStringLiteral("\ttab\nline\r") + QChar(0x01) +
                                 QChar(0x1f) + QChar(0x7f) + QChar(0x08) + QChar(0x0c);
        const QStringList ids = a->addTracks(1, QStringLiteral("Escape"));
        QVERIFY(!ids.isEmpty());
        TrackEdit e;
        e.title = tricky;
        e.comment = controls + QStringLiteral(" (comment)");
        QVERIFY(TrackStore(a->library()).updateTrack(ids[0], e));
        QVERIFY(a->sync().ok);
        QCOMPARE(a->outboxSize(), 0);
        const QString title =
            QStringLiteral("SELECT title FROM music_tracks WHERE id = '%1'").arg(ids[0]);
        const QString comment =
            QStringLiteral("SELECT metadata ->> 'comment' FROM music_tracks WHERE id = '%1'")
                .arg(ids[0]);
        QCOMPARE(serverValue(title), tricky);
        QCOMPARE(serverValue(comment), controls + QStringLiteral(" (comment)"));
        QVERIFY(b->sync().ok);
        QCOMPARE(b->trackTitle(ids[0]), tricky);

        TrackEdit again; // an edit of one column and one tag: only those go
        again.artist = QStringLiteral("\"") + tricky;
        again.comment = controls + QStringLiteral(" (edited)");
        QVERIFY(TrackStore(a->library()).updateTrack(ids[0], again));
        QVERIFY(a->sync().ok);
        QCOMPARE(a->outboxSize(), 0);
        QCOMPARE(serverValue(
                     QStringLiteral("SELECT artist FROM music_tracks WHERE id = '%1'").arg(ids[0])),
                 QStringLiteral("\"") + tricky);
        QCOMPARE(serverValue(comment), controls + QStringLiteral(" (edited)"));
        QCOMPARE(serverValue(title), tricky);
        QVERIFY(b->sync().ok);
        QCOMPARE(
            b->scalar(QStringLiteral("SELECT json_extract(metadata, '$.comment') FROM music_tracks "
                                     "WHERE id = '%1'")
                          .arg(ids[0])),
            controls + QStringLiteral(" (edited)"));
        QVERIFY(ConflictLog(a->library()).conflicts().value().isEmpty());
    }

    void aRowLockedByAnotherWriterWaitsInTheOutboxAndTheCliSaysRetrying()
    {
        Pair p = editedOnA(QStringLiteral("Sent after the lock"));
        QVERIFY(p.a && cliLogin(m_server->email()));
        Owner owner(m_server->adminUrl());
        QVERIFY2(owner.exec(QStringLiteral("BEGIN")) &&
                     owner.exec(QStringLiteral("SELECT 1 FROM music_tracks WHERE id = '%1' FOR "
                                               "UPDATE")
                                    .arg(p.ids[0])),
                 qPrintable(owner.error()));
        const ProcessResult r = cliSync(p.a->dataDir());
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.out.contains(QStringLiteral("1 retrying")), qPrintable(r.out + r.err));
        QVERIFY(owner.exec(QStringLiteral("ROLLBACK")));
        sentNextTime(p, QStringLiteral("Sent after the lock"));
    }

    void controlWithoutTheLockTheSameEditGoesAtOnce()
    {
        Pair p = editedOnA(QStringLiteral("Sent at once"));
        QVERIFY(p.a && cliLogin(m_server->email()));
        const ProcessResult r = cliSync(p.a->dataDir());
        QVERIFY2(r.exitCode == 0 && !r.out.contains(QStringLiteral("retrying")),
                 qPrintable(r.out + r.err));
        QCOMPARE(p.a->outboxSize(), 0);
    }

    void aDeadlockWithAnotherWriterOnlyDelaysTheEdit()
    {
        Pair p = editedOnA(QStringLiteral("Sent after the deadlock"));
        QVERIFY(p.a && cliLogin(m_server->email()));
        const QString user = serverValue(QStringLiteral("SELECT user_id FROM music_tracks LIMIT 1"));
        // The other writer holds this account's sync counter; the push locks the track row and
        // then waits for the counter; the other writer then wants the track row: a cycle, which
        // the push's backend finds first (the owner waits 60 s before looking).
        Owner owner(m_server->adminUrl());
        QVERIFY2(owner.exec(QStringLiteral("SET deadlock_timeout = '60s'")) &&
                     owner.exec(QStringLiteral("BEGIN")) &&
                     owner.exec(QStringLiteral("UPDATE user_sync_state SET version = version "
                                               "WHERE user_id = '%1'")
                                    .arg(user)),
                 qPrintable(owner.error()));
        QProcess cli;
        cli.start(QStringLiteral(EKN_CLI_PATH), syncArgs(p.a->dataDir()));
        QVERIFY(cli.waitForStarted());
        QVERIFY(!pushWaitingForALock().isEmpty());
        QVERIFY2(owner.exec(QStringLiteral("SELECT 1 FROM music_tracks WHERE id = '%1' FOR UPDATE")
                                .arg(p.ids[0])),
                 qPrintable(owner.error()));
        QVERIFY(cli.waitForFinished(60000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
        QCOMPARE(cli.exitCode(), 3);
        QVERIFY2(out.contains(QStringLiteral("deadlock")) && out.contains(QStringLiteral("retrying")),
                 qPrintable(out));
        QVERIFY(owner.exec(QStringLiteral("ROLLBACK")));
        sentNextTime(p, QStringLiteral("Sent after the deadlock"));
    }

    void aCancelledPushOnlyDelaysTheEdit()
    {
        Pair p = editedOnA(QStringLiteral("Sent after the cancel"));
        QVERIFY(p.a && cliLogin(m_server->email()));
        const QString user = serverValue(QStringLiteral("SELECT user_id FROM music_tracks LIMIT 1"));
        Owner owner(m_server->adminUrl());
        QVERIFY(owner.exec(QStringLiteral("BEGIN")) &&
                owner.exec(QStringLiteral("UPDATE user_sync_state SET version = version WHERE "
                                          "user_id = '%1'")
                               .arg(user)));
        QProcess cli;
        cli.start(QStringLiteral(EKN_CLI_PATH), syncArgs(p.a->dataDir()));
        QVERIFY(cli.waitForStarted());
        const QString pid = pushWaitingForALock();
        QVERIFY(!pid.isEmpty());
        QCOMPARE(serverValue(QStringLiteral("SELECT pg_cancel_backend(%1)").arg(pid)),
                 QStringLiteral("true"));
        QVERIFY(cli.waitForFinished(60000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
        QCOMPARE(cli.exitCode(), 3);
        QVERIFY2(out.contains(QStringLiteral("cancel")) && out.contains(QStringLiteral("retrying")),
                 qPrintable(out));
        QVERIFY(owner.exec(QStringLiteral("ROLLBACK")));
        sentNextTime(p, QStringLiteral("Sent after the cancel"));
    }

    void aLibraryCopiedToAnotherAccountIsRefusedPerRowAndNothingIsLost()
    {
        QVERIFY(m_server->registerUser(QStringLiteral("other@example.org")));
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        const QStringList ids = a->addTracks(4, QStringLiteral("Copied"));
        // The library file is copied (before its first sync) into another folder that another
        // account then syncs.
        QTemporaryDir copy;
        QVERIFY(a->library().connection().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"))
                    .isActive());
        QVERIFY(QFile::copy(LibraryDatabase::fileNameIn(a->dataDir()),
                            LibraryDatabase::fileNameIn(copy.path())));
        QVERIFY(a->sync().ok);
        QVERIFY(cliLogin(QStringLiteral("other@example.org")));
        const ProcessResult r = cliSync(copy.path(), QStringLiteral("other@example.org"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("0 sent")) &&
                     r.out.contains(QStringLiteral("8 set aside")),
                 qPrintable(r.out + r.err));
        QCOMPARE(serverValue(QStringLiteral("SELECT count(DISTINCT user_id) FROM music_tracks")),
                 QStringLiteral("1"));
        {
            LibraryDatabase copied(LibraryDatabase::fileNameIn(copy.path()));
            QVERIFY(copied.open());
            QCOMPARE(TrackStore(copied).trackCount().value(), 4); // still here
        }
        const ProcessResult listed =
            runCli({QStringLiteral("conflicts"), QStringLiteral("--data-dir"), copy.path()});
        QVERIFY2(listed.out.count(QStringLiteral("belongs to another account")) == 4,
                 qPrintable(listed.out));
        QVERIFY(listed.out.contains(ids[2]));
    }

    void aRefusedRowIsSentAgainFromTheConflictLogOnceItsCauseIsFixed()
    {
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        const QStringList ids = a->addTracks(3, QStringLiteral("Fix"));
        // A title from before the length limit (edits refuse one now).
        QSqlQuery raw(a->library().connection());
        QVERIFY(raw.exec(QStringLiteral("UPDATE music_tracks SET title = '%1' WHERE id = '%2'")
                             .arg(QString(600, QLatin1Char('x')), ids[1])));
        SyncReport r = a->sync();
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.setAside, 2); // the track and its tag row, which needs the track
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM music_tracks")),
                 QStringLiteral("2"));
        QVERIFY(raw.exec(QStringLiteral("UPDATE music_tracks SET title = 'Fixed' WHERE id = '%1'")
                             .arg(ids[1])));
        const QList<Conflict> log = ConflictLog(a->library()).conflicts().value();
        QCOMPARE(log.first().rowId, ids[1]);
        QVERIFY2(log.first().reason.contains(QStringLiteral("title is too long")),
                 qPrintable(log.first().reason));
        const ProcessResult restored =
            runCli({QStringLiteral("conflicts"), QStringLiteral("restore"),
                    QString::number(log.first().id), QStringLiteral("--data-dir"), a->dataDir()});
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
        r = a->sync();
        QVERIFY2(r.ok && r.setAside == 0, qPrintable(r.error));
        QCOMPARE(serverValue(QStringLiteral("SELECT title FROM music_tracks WHERE id = '%1'")
                                 .arg(ids[1])),
                 QStringLiteral("Fixed"));
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM track_metadata")),
                 QStringLiteral("3"));
        QVERIFY(ConflictLog(a->library()).conflicts().value().isEmpty());
    }

    void theSameFieldFromTwoDevicesIsLoggedWithBothValues()
    {
        Pair p = editedOnA(QStringLiteral("Title from A"));
        QVERIFY(p.a);
        TrackEdit e;
        e.title = QStringLiteral("Title from B");
        QVERIFY(TrackStore(p.b->library()).updateTrack(p.ids[0], e));
        QVERIFY(p.a->sync().ok);
        const SyncReport r = p.b->sync();
        QVERIFY2(r.ok && r.conflicts == 1, qPrintable(r.error));
        const QList<Conflict> log = ConflictLog(p.b->library()).conflicts().value();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log[0].field, QStringLiteral("title"));
        QCOMPARE(log[0].winnerValue, QStringLiteral("\"Title from B\""));
        QCOMPARE(log[0].lostValue, QStringLiteral("\"Title from A\""));
        QCOMPARE(log[0].lostFrom, QStringLiteral("server"));
    }

    void aRestoreThatLosesAgainstADeleteIsLogged()
    {
        Pair p = editedOnA(QStringLiteral("unused"));
        QVERIFY(p.a);
        QVERIFY(p.a->sync().ok && p.b->sync().ok);
        // b deletes and restores before syncing (its row changed deleted_at since its base);
        // a deletes and syncs first.
        TrackStore tb(p.b->library());
        QVERIFY(tb.setTrackDeleted(p.ids[1], true));
        QVERIFY(tb.setTrackDeleted(p.ids[1], false));
        QVERIFY(TrackStore(p.a->library()).setTrackDeleted(p.ids[1], true));
        QVERIFY(p.a->sync().ok);
        const SyncReport r = p.b->sync();
        QVERIFY2(r.ok && r.conflicts == 1, qPrintable(r.error));
        const QList<Conflict> log = ConflictLog(p.b->library()).conflicts().value();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log[0].field, QStringLiteral("deleted_at"));
        QCOMPARE(log[0].lostFrom, QStringLiteral("device"));
        QVERIFY(!serverValue(QStringLiteral("SELECT deleted_at FROM music_tracks WHERE id = '%1'")
                                 .arg(p.ids[1]))
                     .isEmpty());
        QVERIFY(!p.b->scalar(QStringLiteral("SELECT deleted_at FROM music_tracks WHERE id = '%1'")
                                 .arg(p.ids[1]))
                     .isEmpty());
    }

    // Migration 031: api.push fills in the owner, version, times and origin of the rows it
    // inserts, and their insert trigger skips a row only for eknmusic_push with a version set.
    // The pushed rows hold what the trigger gives, and nobody else can skip it: the public
    // login can neither name those columns through the API nor take the role nor write the
    // tables; the owner's own insert with a forged version is corrected by the trigger (the
    // control, as eknmusic_push, shows the forged version would stay without it).
    void pushedRowsCarryTheServersOwnerAndVersionAndOnlyThePushRoleSkipsTheTrigger()
    {
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        const QStringList ids = a->addTracks(3, QStringLiteral("Own"));
        QVERIFY(a->sync().ok);
        const QString user =
            serverValue(QStringLiteral("SELECT id FROM users WHERE email = '%1'").arg(m_server->email()));
        const QString device = a->scalar(QStringLiteral("SELECT value FROM sync_state WHERE key = 'device_id'"));
        const QString version =
            serverValue(QStringLiteral("SELECT version FROM user_sync_state WHERE user_id = '%1'").arg(user));
        QVERIFY(!device.isEmpty() && version.toLongLong() > 0);
        // One push call: each track and tag row has the account's version of it, the owner, the
        // device as origin, empty field versions and its creation time (also updated_at).
        QCOMPARE(serverValue(QStringLiteral(
                     "SELECT count(*) FROM music_tracks WHERE user_id = '%1' AND sync_version = %2 AND "
                     "origin_device = '%3' AND field_versions = '{}' AND created_at = updated_at AND "
                     "created_at > now() - interval '1 minute'")
                                 .arg(user, version, device)),
                 QStringLiteral("3"));
        QCOMPARE(serverValue(QStringLiteral(
                     "SELECT count(*) FROM track_metadata WHERE user_id = '%1' AND sync_version = %2 AND "
                     "origin_device = '%3' AND created_at > now() - interval '1 minute'")
                                 .arg(user, version, device)),
                 a->scalar(QStringLiteral("SELECT count(*) FROM track_metadata")));

        // The public login: server-controlled columns are no fields of the API ...
        QVERIFY(m_server->registerUser(QStringLiteral("victim@example.org")));
        const QString victim =
            serverValue(QStringLiteral("SELECT id FROM users WHERE email = 'victim@example.org'"));
        const QString forged = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString batch =
            QStringLiteral("[{\"kind\": 1, \"id\": \"%1\", \"base\": 0, \"fields\": {\"title\": \"Forged\", "
                           "\"file_url\": \"file:///f.flac\", \"sync_version\": 999999, \"user_id\": \"%2\"}}]")
                .arg(forged, victim);
        QSqlDatabase attacker = m_server->client(QStringLiteral("attacker"));
        const ClientRun push =
            runAs(attacker, a->account().session().accessToken,
                  QStringLiteral("SELECT outcome, detail ->> 'reason' FROM api.push($1, 2, NULL, $2::uuid, $3::jsonb)"),
                  {a->account().session().accessToken, device, batch});
        QVERIFY2(push.ok, qPrintable(push.error));
        QCOMPARE(push.rows.size(), 1);
        QCOMPARE(push.rows[0][0], QStringLiteral("refused"));
        QVERIFY2(push.rows[0][1].contains(QStringLiteral("is not a field this API accepts")), qPrintable(push.rows[0][1]));
        // ... it cannot become the push role, nor write the table itself.
        const PgResult role = PgParams::exec(attacker, QStringLiteral("SET ROLE eknmusic_push"));
        QVERIFY(!role.ok);
        QCOMPARE(role.sqlState, QStringLiteral("42501"));
        const ClientRun insert = runAs(
            attacker, a->account().session().accessToken,
            QStringLiteral("INSERT INTO music_tracks (id, user_id, title, file_url, sync_version) VALUES "
                           "($1::uuid, $2::uuid, 'Forged', 'file:///f.flac', 999999)"),
            {forged, user});
        QVERIFY(!insert.ok);
        QCOMPARE(insert.sqlState, QStringLiteral("42501"));
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM music_tracks WHERE sync_version = 999999")),
                 QStringLiteral("0"));

        // The owner inserting with a forged version: the trigger runs and sets the account's.
        Owner owner(m_server->adminUrl());
        const QString insertAs = QStringLiteral(
            "INSERT INTO music_tracks (id, user_id, title, file_url, sync_version) VALUES ('%1', '%2', "
            "'Owner''s', 'file:///o.flac', 999999)");
        QVERIFY2(owner.exec(QStringLiteral("BEGIN")) &&
                     owner.exec(QStringLiteral("SELECT set_config('eknmusic.token', '%1', true)")
                                    .arg(a->account().session().accessToken)) &&
                     owner.exec(insertAs.arg(forged, user)) && owner.exec(QStringLiteral("COMMIT")),
                 qPrintable(owner.error()));
        QCOMPARE(serverValue(QStringLiteral("SELECT sync_version FROM music_tracks WHERE id = '%1'").arg(forged)),
                 QString::number(version.toLongLong() + 1));
        // Control: as eknmusic_push (which only the definer routines are) the version stays.
        const QString asPush = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVERIFY2(owner.exec(QStringLiteral("BEGIN")) &&
                     owner.exec(QStringLiteral("SELECT set_config('eknmusic.token', '%1', true)")
                                    .arg(a->account().session().accessToken)) &&
                     owner.exec(QStringLiteral("SET LOCAL ROLE eknmusic_push")) &&
                     owner.exec(insertAs.arg(asPush, user)) &&
                     owner.exec(QStringLiteral("RESET ROLE")) &&
                     owner.exec(QStringLiteral("CREATE TEMP TABLE push_kept ON COMMIT DROP AS "
                                               "SELECT sync_version FROM music_tracks WHERE id = '%1'")
                                    .arg(asPush)) &&
                     owner.exec(QStringLiteral("DO $$ BEGIN IF (SELECT sync_version FROM push_kept) <> 999999 "
                                               "THEN RAISE EXCEPTION 'the forged version did not stay'; END IF; END $$")) &&
                     owner.exec(QStringLiteral("ROLLBACK")),
                 qPrintable(owner.error()));
    }

    // Migration 020: a new track of audio the account already has live is not added again.
    // The server names its track and the device links its own to it: a second copy of a synced
    // file here, and two copies of new audio in one batch (the first is added, the other links).
    void aNewTrackOfAudioTheAccountHasIsLinkedToItsTrackNotAdded()
    {
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        const QStringList ids = a->addTracks(2, QStringLiteral("Copy"));
        QVERIFY(a->sync().ok);
        const QString copy = addFile(*a, QStringLiteral("/music/a/elsewhere/Copy 0.flac"),
                                     QStringLiteral("a1:Copy-0"), QStringLiteral("Copy 0 again"));
        const QString twin1 = addFile(*a, QStringLiteral("/music/a/Twin.flac"), QStringLiteral("a1:Twin"),
                                      QStringLiteral("Twin"));
        const QString twin2 = addFile(*a, QStringLiteral("/music/a/Twin (copy).flac"), QStringLiteral("a1:Twin"),
                                      QStringLiteral("Twin"));
        QVERIFY(!copy.isEmpty() && !twin1.isEmpty() && !twin2.isEmpty());
        PlaylistStore pl(a->library());
        const QString list = pl.create(QStringLiteral("Copies")).value();
        QCOMPARE(pl.addTracks(list, {copy, twin2, twin1}).value(), 3);
        const SyncReport r = a->sync();
        QVERIFY2(r.ok && r.setAside == 0, qPrintable(r.error));
        const SyncReport again = a->sync(); // the playlist waited for its tracks' links
        QVERIFY2(again.ok && again.setAside == 0 && again.retrying == 0, qPrintable(again.error));
        QCOMPARE(a->outboxSize(), 0);
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM music_tracks WHERE deleted_at IS NULL")),
                 QStringLiteral("3"));
        QCOMPARE(serverValue(QStringLiteral("SELECT count(DISTINCT metadata ->> 'content_hash') FROM music_tracks "
                                            "WHERE deleted_at IS NULL")),
                 QStringLiteral("3"));
        QCOMPARE(TrackStore(a->library()).trackCount().value(), 3);
        const QString twin = serverValue(QStringLiteral("SELECT id FROM music_tracks WHERE metadata ->> "
                                                        "'content_hash' = 'a1:Twin' AND deleted_at IS NULL"));
        QVERIFY(twin == twin1 || twin == twin2);
        const QList<PlaylistEntry> entries = pl.entries(list).value();
        QCOMPARE(entries.size(), 2); // the copies are one track each
        QCOMPARE(entries[0].track.id, ids[0]);
        QCOMPARE(entries[1].track.id, twin);
        QCOMPARE(serverValue(QStringLiteral("SELECT string_agg(track_id::text, ',' ORDER BY position) FROM "
                                            "playlist_tracks WHERE playlist_id = '%1' AND deleted_at IS NULL")
                                 .arg(list)),
                 ids[0] + QLatin1Char(',') + twin);
        // A second device sees one track per audio.
        auto b = device(QStringLiteral("b"));
        QVERIFY(b && b->sync().ok);
        QCOMPARE(TrackStore(b->library()).trackCount().value(), 3);
    }

    void aLocalReadThatFailsStopsThePushAndChangesNothingOnTheServer()
    {
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        const QStringList ids = a->addTracks(3, QStringLiteral("Read"));
        QVERIFY(a->sync().ok);
        // Pending changes of the tag rows (as an edit of the tags records them).
        QSqlQuery q(a->library().connection());
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO outbox (table_name, row_id, op, changed_fields, created_at) "
            "SELECT 'track_metadata', id, 'update', '{\"value\":\"calm\"}', '2026-01-01' "
            "FROM track_metadata")));
        // Another connection renames the tag table under the sync: its SELECT fails for real.
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                           QStringLiteral("other-writer"));
            other.setDatabaseName(LibraryDatabase::fileNameIn(a->dataDir()));
            QVERIFY(other.open());
            QSqlQuery r(other);
            QVERIFY2(r.exec(QStringLiteral("ALTER TABLE track_metadata RENAME TO tm_away")),
                     qPrintable(r.lastError().text()));
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other-writer"));
        const SyncReport r = a->sync();
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QStringLiteral("cannot read")), qPrintable(r.error));
        QCOMPARE(serverValue(QStringLiteral(
                     "SELECT count(*) FROM track_metadata WHERE deleted_at IS NOT NULL")),
                 QStringLiteral("0"));
        QCOMPARE(a->outboxSize(), 3);
    }

    void oneEditCostsOnePushCallAndAtMostThreeRoundTripsEndToEnd()
    {
        Pair p = editedOnA(QStringLiteral("Counted"));
        QVERIFY(p.a);
        RemoteSession remote(p.a->account());
        QVERIFY(remote.connect());
        const int before = remote.roundTrips();
        SyncPush push(p.a->library().connection(), remote);
        const Status pushed = push.run();
        QVERIFY2(pushed, qPrintable(pushed.error()));
        QCOMPARE(push.pushed(), 1);
        QCOMPARE(remote.roundTrips() - before, 1);
        // The whole sync of one edit (connect, owner check, push, pull), for the report.
        TrackEdit e;
        e.title = QStringLiteral("Counted again");
        QVERIFY(TrackStore(p.a->library()).updateTrack(p.ids[1], e));
        const SyncReport r = p.a->sync();
        QVERIFY2(r.ok && r.pushed == 1, qPrintable(r.error));
        // server_info (connect), api.push, api.pull: the budget is 3.
        QVERIFY2(r.roundTrips <= 3, qPrintable(QString::number(r.roundTrips)));
    }
};

EKN_TEST_MAIN(QCoreApplication, TestSyncPush)

#include "tst_syncpush.moc"
