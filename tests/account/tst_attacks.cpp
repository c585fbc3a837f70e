#include "tst_attacks.h"

#include "remote/pgparams.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace ekn;

namespace {

const QStringList kTables = {QStringLiteral("music_tracks"), QStringLiteral("track_metadata"),
                             QStringLiteral("playlists"), QStringLiteral("playlist_tracks")};

QString randomToken()
{
    QString s;
    for (int i = 0; i < 4; ++i)
        s += QString::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, QLatin1Char('0'));
    return s;
}

const QString kSignIn = QStringLiteral("CALL api.sign_in($1, $2, 'test', NULL, NULL, NULL, NULL, NULL, NULL)");

// A statement refused for want of a privilege (or, for LOCK, outside a transaction: so LOCK
// runs inside one).
bool deniedAsClient(const QSqlDatabase &db, const QString &sql)
{
    PgParams::exec(db, QStringLiteral("BEGIN"));
    const PgResult r = PgParams::exec(db, sql);
    PgParams::exec(db, QStringLiteral("ROLLBACK"));
    if (r.ok || r.sqlState != QLatin1String("42501"))
        qWarning("not denied: %s -> %s %s", qPrintable(sql), qPrintable(r.sqlState), qPrintable(r.error));
    return !r.ok && r.sqlState == QLatin1String("42501");
}

bool worksAsClient(const QSqlDatabase &db, const QString &sql)
{
    PgParams::exec(db, QStringLiteral("BEGIN"));
    const PgResult r = PgParams::exec(db, sql);
    PgParams::exec(db, QStringLiteral("ROLLBACK"));
    if (!r.ok)
        qWarning("control failed: %s -> %s", qPrintable(sql), qPrintable(r.error));
    return r.ok;
}

double median(QList<qint64> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : double(v.at(v.size() / 2));
}

} // namespace

TestAccountAttacks::Login TestAccountAttacks::registerUser(const QString &email, const QString &password)
{
    const PgResult r = PgParams::exec(m_fx.client(QStringLiteral("anon")),
                                      QStringLiteral("SELECT * FROM api.register($1, 'user', $2, 'test')"), {email, password});
    if (!r.ok || r.value(QStringLiteral("status")) != QLatin1String("ok")) {
        qWarning("register: %s %s", qPrintable(r.error), qPrintable(r.value(QStringLiteral("status"))));
        return {r.value(QStringLiteral("status")), {}, {}, {}, 0};
    }
    return signIn(email, password);
}

TestAccountAttacks::Login TestAccountAttacks::signIn(const QString &email, const QString &password)
{
    const PgResult r = PgParams::exec(m_fx.client(QStringLiteral("anon")), kSignIn, {email, password});
    if (!r.ok)
        qWarning("sign_in: %s", qPrintable(r.error));
    return {r.value(QStringLiteral("status")), r.value(QStringLiteral("user_id")), r.value(QStringLiteral("access_token")),
            r.value(QStringLiteral("refresh_token")), r.value(QStringLiteral("retry_after")).toInt()};
}

TestAccountAttacks::Login TestAccountAttacks::oldRegister(const QString &email, const QString &password)
{
    const PgResult r = PgParams::exec(m_old.client(QStringLiteral("old-anon")),
                                      QStringLiteral("SELECT * FROM app.register($1, 'user', $2, 'test')"), {email, password});
    return {r.value(QStringLiteral("status")), r.value(QStringLiteral("user_id")), r.value(QStringLiteral("access_token")),
            r.value(QStringLiteral("refresh_token")), 0};
}

QString TestAccountAttacks::victimSnapshot()
{
    QString all;
    for (const QString &t : kTables)
        all += m_fx.adminValue(QStringLiteral("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x.id)), '') "
                                              "FROM %1 x WHERE user_id = '%2'").arg(t, m_bId)).toString() + QLatin1Char(' ');
    all += m_fx.adminValue(QStringLiteral("SELECT md5(u::text) FROM users u WHERE id = '%1'").arg(m_bId)).toString();
    return all;
}

// Bob's library is loaded by the owner (the client has no way to write tables any more); the
// same on the 010 server for the controls.
static bool seedLibrary(AccountFixture &fx, const QString &userId)
{
    return fx.adminExec(QStringLiteral(
        "WITH t AS (INSERT INTO music_tracks (user_id, title, artist, file_url) VALUES ('%1', 'Bob song', 'Bob', 'file:///b.flac') RETURNING id), "
        "m AS (INSERT INTO track_metadata (user_id, track_id, key, value) SELECT '%1', id, 'mood', 'calm' FROM t), "
        "p AS (INSERT INTO playlists (user_id, name) VALUES ('%1', 'Bob list') RETURNING id) "
        "INSERT INTO playlist_tracks (user_id, playlist_id, track_id, position) SELECT '%1', p.id, t.id, 1 FROM p, t").arg(userId));
}

void TestAccountAttacks::initTestCase()
{
    QVERIFY2(m_fx.setUp(), qPrintable(m_fx.error()));
    QVERIFY2(m_old.setUp(10), qPrintable(m_old.error()));
    // Many sign-ins here: a low bcrypt cost keeps the suite fast (the default stays 10).
    for (AccountFixture *fx : {&m_fx, &m_old})
        fx->setSetting(QStringLiteral("bcrypt_cost"), 4);
    m_fx.setSetting(QStringLiteral("throttle_register_address"), 1000);
    const Login a = registerUser(QStringLiteral("alice@example.org"), QStringLiteral("alice-password"));
    const Login b = registerUser(QStringLiteral("bob@example.org"), QStringLiteral("bob-password"));
    QCOMPARE(a.status, QStringLiteral("ok"));
    QCOMPARE(b.status, QStringLiteral("ok"));
    m_aToken = a.access;
    m_aId = a.userId;
    m_bToken = b.access;
    m_bId = b.userId;
    QVERIFY(seedLibrary(m_fx, m_bId));
    const Login oa = oldRegister(QStringLiteral("alice@example.org"), QStringLiteral("alice-password"));
    const Login ob = oldRegister(QStringLiteral("bob@example.org"), QStringLiteral("bob-password"));
    QCOMPARE(oa.status, QStringLiteral("ok"));
    QCOMPARE(ob.status, QStringLiteral("ok"));
    m_oldAToken = oa.access;
    m_oldBId = ob.userId;
    QVERIFY(seedLibrary(m_old, m_oldBId));
    for (AccountFixture *fx : {&m_fx, &m_old})
        QVERIFY(fx->adminExec(QStringLiteral("ANALYZE")));
    m_snapshot = victimSnapshot();
    QVERIFY(m_snapshot.startsWith(QStringLiteral("1:")));
}

void TestAccountAttacks::cleanup()
{
    QCOMPARE(victimSnapshot(), m_snapshot);
}

void TestAccountAttacks::clientHasNoPrivilegeOutsideTheApi()
{
    const QString probe = QStringLiteral(
        "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "         WHERE n.nspname IN ('public', 'app', 'api') AND CASE WHEN c.relkind = 'S' "
        "           THEN has_sequence_privilege(c.oid, 'USAGE,SELECT,UPDATE') "
        "           ELSE has_table_privilege(c.oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER') "
        "             OR has_any_column_privilege(c.oid, 'SELECT,INSERT,UPDATE,REFERENCES') END), "
        "       has_schema_privilege('app', 'USAGE'), has_database_privilege(current_database(), 'TEMPORARY'), "
        "       (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "         WHERE n.nspname = 'api' AND p.proname NOT LIKE '\\_%' AND NOT has_function_privilege(p.oid, 'EXECUTE'))");
    const PgResult now = PgParams::exec(m_fx.client(QStringLiteral("anon")), probe);
    QVERIFY2(now.ok, qPrintable(now.error));
    QCOMPARE(now.rows.value(0), (QStringList{QStringLiteral("0"), QStringLiteral("f"), QStringLiteral("f"), QStringLiteral("0")}));
    // Control: before the API the client had tables, app's routines and TEMP.
    const QString oldProbe = probe.section(QStringLiteral(", (SELECT count(*) FROM pg_proc"), 0, 0);
    const PgResult before = PgParams::exec(m_old.client(QStringLiteral("old-anon")), oldProbe);
    QVERIFY2(before.ok, qPrintable(before.error));
    QVERIFY(before.rows.value(0).value(0).toInt() >= 6);
    QCOMPARE(before.rows.value(0).value(1), QStringLiteral("t"));
    QCOMPARE(before.rows.value(0).value(2), QStringLiteral("t"));
}

void TestAccountAttacks::plannerAndStatisticsRevealNoOtherUsersRows()
{
    // EXPLAIN ANALYZE counts the rows the policy removed: "Rows Removed by Filter: 1" says that
    // bob@example.org has an account; plain EXPLAIN estimates come from every user's column
    // statistics. The statistics views hold sampled column values.
    const QString explainBob = QStringLiteral("EXPLAIN ANALYZE SELECT id FROM users WHERE email = 'bob@example.org'");
    const QString stats = QStringLiteral("SELECT count(*), coalesce(string_agg(coalesce(histogram_bounds::text, '') || "
                                         "coalesce(most_common_vals::text, ''), ' '), '') FROM pg_stats "
                                         "WHERE tablename IN ('users', 'music_tracks', 'user_sessions', 'playlists', 'schema_migrations')");
    QSqlDatabase c = m_fx.client(QStringLiteral("anon"));
    for (const QString &token : {QString(), m_aToken}) {
        PgParams::exec(c, QStringLiteral("SELECT set_config('eknmusic.token', $1, false)"), {token});
        QVERIFY(deniedAsClient(c, explainBob));
        QVERIFY(deniedAsClient(c, QStringLiteral("EXPLAIN SELECT * FROM music_tracks WHERE title = 'Bob song'")));
        QVERIFY(deniedAsClient(c, QStringLiteral("EXPLAIN SELECT * FROM app.login_attempts WHERE email = 'bob@example.org'")));
        const PgResult r = PgParams::exec(c, stats);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.rows.value(0).value(0), QStringLiteral("0"));
        QVERIFY(deniedAsClient(c, QStringLiteral("SELECT * FROM pg_statistic")));
    }
    PgParams::exec(c, QStringLiteral("RESET eknmusic.token"));
    // Control: on the 010 server, with Alice's token, both probes name Bob.
    QSqlDatabase old = m_old.client(QStringLiteral("old-alice"));
    const auto planFor = [&](const QString &email) {
        PgParams::exec(old, QStringLiteral("BEGIN"));
        PgParams::exec(old, QStringLiteral("SELECT set_config('eknmusic.token', $1, true), set_config('enable_seqscan', 'off', true)"),
                       {m_oldAToken});
        const PgResult r = PgParams::exec(old, QStringLiteral("EXPLAIN ANALYZE SELECT id FROM users WHERE email = '%1'").arg(email));
        PgParams::exec(old, QStringLiteral("ROLLBACK"));
        QString plan;
        for (const QStringList &row : r.rows)
            plan += row.value(0) + QLatin1Char('\n');
        return plan;
    };
    QVERIFY2(planFor(QStringLiteral("bob@example.org")).contains(QLatin1String("Rows Removed by Filter: 1")),
             qPrintable(planFor(QStringLiteral("bob@example.org"))));
    QVERIFY(!planFor(QStringLiteral("nobody@example.org")).contains(QLatin1String("Rows Removed by Filter: 1")));
    // The statistics view shows sampled values of every column the login may read (RLS tables
    // aside); before 014 that included schema_migrations.
    const ClientRun run = runAs(old, m_oldAToken, stats);
    QVERIFY2(run.rows.value(0).value(0).toInt() >= 1, qPrintable(run.rows.value(0).join(QLatin1Char(' '))));
}

void TestAccountAttacks::tempTablesLargeObjectsAndLocksAreOutOfReach()
{
    const QStringList probes = {
        QStringLiteral("CREATE TEMP TABLE music_tracks (id uuid, title text)"), // would shadow the table
        QStringLiteral("SELECT lo_from_bytea(0, '\\x00'::bytea)"),
        QStringLiteral("SELECT lo_create(0)"),
        QStringLiteral("LOCK TABLE music_tracks IN ACCESS EXCLUSIVE MODE"),
        QStringLiteral("LOCK TABLE users IN ACCESS SHARE MODE"),
        QStringLiteral("SELECT pg_advisory_lock(42)"),
        QStringLiteral("SELECT pg_terminate_backend(pg_backend_pid())"),
        QStringLiteral("SELECT pg_notify('x', 'y')"),
    };
    for (const QString &sql : probes)
        QVERIFY2(deniedAsClient(m_fx.client(QStringLiteral("anon")), sql), qPrintable(sql));
    // Control: each worked for the public login of the 010 server (rolled back here).
    QSqlDatabase old = m_old.client(QStringLiteral("old-anon"));
    for (const QString &sql : probes.mid(0, 4))
        QVERIFY2(worksAsClient(old, sql), qPrintable(sql));
    QVERIFY(worksAsClient(old, probes.at(5)));
    PgParams::exec(old, QStringLiteral("SELECT pg_advisory_unlock_all()"));
}

void TestAccountAttacks::theMigrationLockCannotBeHeldByTheClient()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("anon"));
    QVERIFY(deniedAsClient(c, QStringLiteral("LOCK TABLE schema_migrations IN ACCESS SHARE MODE")));
    QVERIFY(deniedAsClient(c, QStringLiteral("SELECT pg_advisory_lock(%1)").arg(0x454b4e4d75736963LL)));
    // Control: the 010 runner's advisory lock key was the public login's to take and keep.
    QSqlDatabase old = m_old.client(QStringLiteral("old-anon"));
    const PgResult held = PgParams::exec(old, QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(0x454b4e4d75736963LL));
    QCOMPARE(held.rows.value(0).value(0), QStringLiteral("t"));
    PgParams::exec(old, QStringLiteral("SELECT pg_advisory_unlock_all()"));
}

void TestAccountAttacks::tokenIsRefusedInRepeatableReadAndOnceRevokedOrExpiredInALongTransaction()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("carol"));
    QCOMPARE(registerUser(QStringLiteral("rr@example.org"), QStringLiteral("rr-password")).status, QStringLiteral("ok"));
    const QString whoami = QStringLiteral("SELECT user_id FROM api.whoami($1)");
    for (const QString &level : {QStringLiteral("REPEATABLE READ"), QStringLiteral("SERIALIZABLE")}) {
        const Login l = signIn(QStringLiteral("rr@example.org"), QStringLiteral("rr-password"));
        QVERIFY(PgParams::exec(c, QStringLiteral("BEGIN ISOLATION LEVEL ") + level).ok);
        const PgResult r = PgParams::exec(c, whoami, {l.access});
        PgParams::exec(c, QStringLiteral("ROLLBACK"));
        QCOMPARE(r.sqlState, QStringLiteral("EK403"));
        QVERIFY2(r.error.contains(level), qPrintable(r.error));
    }
    // READ COMMITTED, one long transaction: the revocation and the expiry are seen at once.
    for (const QString &change : {QStringLiteral("revoked_at = now()"), QStringLiteral("expires_at = clock_timestamp()")}) {
        const Login l = signIn(QStringLiteral("rr@example.org"), QStringLiteral("rr-password"));
        QVERIFY(PgParams::exec(c, QStringLiteral("BEGIN")).ok);
        QCOMPARE(PgParams::exec(c, whoami, {l.access}).rows.value(0).value(0), l.userId);
        QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE user_sessions SET %1 WHERE token_hash = encode(sha256('%2'::bytea), 'hex')")
                                   .arg(change, l.access)));
        const PgResult r = PgParams::exec(c, whoami, {l.access});
        PgParams::exec(c, QStringLiteral("ROLLBACK"));
        QCOMPARE(r.sqlState, QStringLiteral("EK401"));
        QVERIFY2(r.error.contains(change.startsWith(QLatin1String("revoked")) ? QLatin1String("revoked") : QLatin1String("expired")),
                 qPrintable(r.error));
    }
    // Control: on the 010 server a REPEATABLE READ snapshot keeps a revoked session alive.
    QSqlDatabase old = m_old.client(QStringLiteral("old-carol"));
    const Login o = oldRegister(QStringLiteral("rr@example.org"), QStringLiteral("rr-password"));
    QVERIFY(PgParams::exec(old, QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ")).ok);
    PgParams::exec(old, QStringLiteral("SELECT set_config('eknmusic.token', $1, true)"), {o.access});
    QCOMPARE(PgParams::exec(old, QStringLiteral("SELECT count(*) FROM users")).rows.value(0).value(0), QStringLiteral("1"));
    QVERIFY(m_old.adminExec(QStringLiteral("UPDATE user_sessions SET revoked_at = now() WHERE user_id = '%1'").arg(o.userId)));
    QCOMPARE(PgParams::exec(old, QStringLiteral("SELECT count(*) FROM users")).rows.value(0).value(0), QStringLiteral("1"));
    PgParams::exec(old, QStringLiteral("ROLLBACK"));
}

void TestAccountAttacks::forgedExpiredAndRevokedTokensAreRefusedSayingWhich()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("carol"));
    const Login carol = registerUser(QStringLiteral("carol@example.org"), QStringLiteral("carol-password"));
    QCOMPARE(carol.status, QStringLiteral("ok"));
    auto who = [&](const QString &token) { return PgParams::exec(c, QStringLiteral("SELECT user_id FROM api.whoami($1)"), {token}); };
    QCOMPARE(who(carol.access).rows.value(0).value(0), carol.userId);
    for (const QString &forged : {randomToken(), carol.access.toUpper(), carol.refresh, QStringLiteral("' OR 1=1 --")}) {
        const PgResult r = who(forged);
        QCOMPARE(r.sqlState, QStringLiteral("EK401"));
        QVERIFY2(r.error.contains(QLatin1String("unknown")), qPrintable(r.error));
    }
    QVERIFY(who(QString()).error.contains(QLatin1String("no access token")));
    for (const QString &forged : {randomToken(), QString(), QStringLiteral("' OR 1=1 --"), carol.access}) {
        const PgResult r = PgParams::exec(c, QStringLiteral("SELECT status FROM api.refresh($1)"), {forged});
        QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_token"));
    }
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE user_sessions SET refresh_expires_at = now() - interval '1 second' WHERE user_id = '%1'").arg(carol.userId)));
    QCOMPARE(PgParams::exec(c, QStringLiteral("SELECT status FROM api.refresh($1)"), {carol.refresh}).value(QStringLiteral("status")),
             QStringLiteral("token_expired"));
    // Logged out: both tokens are dead. A deleted account's sessions die with it.
    const Login again = signIn(QStringLiteral("carol@example.org"), QStringLiteral("carol-password"));
    QCOMPARE(PgParams::exec(c, QStringLiteral("SELECT api.logout($1)"), {again.access}).rows.value(0).value(0), QStringLiteral("ok"));
    QVERIFY(who(again.access).error.contains(QLatin1String("revoked")));
    QCOMPARE(PgParams::exec(c, QStringLiteral("SELECT status FROM api.refresh($1)"), {again.refresh}).value(QStringLiteral("status")),
             QStringLiteral("invalid_token"));
    const Login third = signIn(QStringLiteral("carol@example.org"), QStringLiteral("carol-password"));
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE users SET deleted_at = now() WHERE id = '%1'").arg(carol.userId)));
    QVERIFY(who(third.access).error.contains(QLatin1String("deleted")));
    QCOMPARE(signIn(QStringLiteral("carol@example.org"), QStringLiteral("carol-password")).status, QStringLiteral("invalid_credentials"));
}

void TestAccountAttacks::registerAnswersTheSameForATakenAndAFreeEmail()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("anon"));
    const QString bobHash = m_fx.adminValue(QStringLiteral("SELECT password_hash FROM users WHERE id = '%1'").arg(m_bId)).toString();
    // A real cost, so the work that must be equal dominates.
    m_fx.setSetting(QStringLiteral("bcrypt_cost"), 8);
    QList<qint64> taken, fresh;
    QStringList answers;
    for (int i = 0; i < 7; ++i) {
        for (const bool isTaken : {true, false}) {
            const QString email = isTaken ? QStringLiteral("bob@example.org") : QStringLiteral("free%1@example.org").arg(i);
            QElapsedTimer t;
            t.start();
            const PgResult r = PgParams::exec(c, QStringLiteral("SELECT * FROM api.register($1, 'x', 'some-password', 't')"), {email});
            (isTaken ? taken : fresh) << t.nsecsElapsed() / 1000;
            QVERIFY2(r.ok, qPrintable(r.error));
            answers << r.columns.join(QLatin1Char(',')) + QLatin1Char('=') + r.rows.value(0).join(QLatin1Char(','));
        }
    }
    m_fx.setSetting(QStringLiteral("bcrypt_cost"), 4);
    answers.removeDuplicates();
    QCOMPARE(answers, QStringList{QStringLiteral("status,retry_after=ok,")});
    const double mt = median(taken), mf = median(fresh);
    qInfo("register median: taken %.0f us, free %.0f us", mt, mf);
    QVERIFY2(std::abs(mt - mf) <= 0.25 * std::max(mt, mf) + 3000, qPrintable(QStringLiteral("%1 vs %2 us").arg(mt).arg(mf)));
    // Bob's account is untouched; no session was made for anyone.
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT password_hash FROM users WHERE id = '%1'").arg(m_bId)).toString(), bobHash);
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM user_sessions s JOIN users u ON u.id = s.user_id "
                                            "WHERE u.email LIKE 'free%'")).toInt(), 0);
    // Control: the 010 server said so.
    const PgResult old = PgParams::exec(m_old.client(QStringLiteral("old-anon")),
                                        QStringLiteral("SELECT status FROM app.register('bob@example.org', 'x', 'some-password', 't')"));
    QCOMPARE(old.value(QStringLiteral("status")), QStringLiteral("email_taken"));
}

void TestAccountAttacks::registerIsThrottledPerAddress()
{
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM app.register_attempts")));
    m_fx.setSetting(QStringLiteral("throttle_register_address"), 3);
    QStringList statuses;
    for (int i = 0; i < 5; ++i)
        statuses << PgParams::exec(m_fx.client(QStringLiteral("anon")), QStringLiteral("SELECT status FROM api.register($1, 'x', 'some-password', 't')"),
                                   {QStringLiteral("many%1@example.org").arg(i)}).value(QStringLiteral("status"));
    m_fx.setSetting(QStringLiteral("throttle_register_address"), 1000);
    QCOMPARE(statuses, (QStringList{QStringLiteral("ok"), QStringLiteral("ok"), QStringLiteral("ok"), QStringLiteral("throttled"),
                                    QStringLiteral("throttled")}));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users WHERE email LIKE 'many%'")).toInt(), 3);
}

void TestAccountAttacks::tenRacingSignInsGetAtMostTheFreePasswordChecks()
{
    QCOMPARE(registerUser(QStringLiteral("race@example.org"), QStringLiteral("race-password")).status, QStringLiteral("ok"));
    QMutex mutex;
    QStringList statuses;
    QList<QThread *> threads;
    const QUrl url = m_fx.clientUrl();
    for (int i = 0; i < 10; ++i) {
        threads << QThread::create([&, i] {
            const QString name = QStringLiteral("race-%1").arg(i);
            {
                QSqlDatabase db = ekn::test::openPostgres(url, name);
                const PgResult r = PgParams::exec(db, kSignIn, {QStringLiteral("race@example.org"), QStringLiteral("wrong-%1").arg(i)});
                QMutexLocker lock(&mutex);
                statuses << (r.ok ? r.value(QStringLiteral("status")) : r.error);
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        });
    }
    for (QThread *t : std::as_const(threads))
        t->start();
    for (QThread *t : std::as_const(threads)) {
        t->wait();
        delete t;
    }
    const int checks = m_fx.adminValue(QStringLiteral("SELECT count(*) FROM app.login_attempts WHERE email = 'race@example.org' "
                                                      "AND outcome = 'failed'")).toInt();
    QVERIFY2(checks <= 5, qPrintable(statuses.join(QLatin1Char(','))));
    QCOMPARE(statuses.count(QStringLiteral("invalid_credentials")), checks);
    QCOMPARE(statuses.count(QStringLiteral("throttled")), 10 - checks);
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM app.login_attempts")));
}

void TestAccountAttacks::uncommittedSignInAttemptsCannotRaceEachOther()
{
    // The probe: ten connections open an attempt each inside a transaction they have not
    // committed, so each counts zero earlier attempts; then each checks a password.
    // Control first: on the 010 server that buys ten password checks where the limit is five.
    QList<QSqlDatabase> conns;
    for (int i = 0; i < 10; ++i)
        conns << m_old.client(QStringLiteral("old-race-%1").arg(i));
    QStringList tickets;
    for (const QSqlDatabase &db : std::as_const(conns)) {
        PgParams::exec(db, QStringLiteral("BEGIN"));
        tickets << PgParams::exec(db, QStringLiteral("SELECT ticket FROM app.sign_in_open('bob@example.org')")).value(QStringLiteral("ticket"));
    }
    for (const QSqlDatabase &db : std::as_const(conns))
        PgParams::exec(db, QStringLiteral("COMMIT"));
    for (int i = 0; i < conns.size(); ++i)
        PgParams::exec(conns[i], QStringLiteral("SELECT status FROM app.sign_in_check($1, 'guess', 'x')"), {tickets[i]});
    QCOMPARE(m_old.adminValue(QStringLiteral("SELECT count(*) FROM app.login_attempts WHERE email = 'bob@example.org' AND outcome = 'failed'")).toInt(),
             10);
    // Now: the second attempt waits for the first one's transaction, and gives up (55P03, to
    // be retried) rather than count without it.
    QSqlDatabase first = m_fx.client(QStringLiteral("race-a"));
    QSqlDatabase second = m_fx.client(QStringLiteral("race-b"));
    QVERIFY(PgParams::exec(first, QStringLiteral("BEGIN")).ok);
    QCOMPARE(PgParams::exec(first, QStringLiteral("SELECT status FROM api.sign_in_open('bob@example.org')")).value(QStringLiteral("status")),
             QStringLiteral("pending"));
    QVERIFY(PgParams::exec(second, QStringLiteral("BEGIN")).ok);
    const PgResult blocked = PgParams::exec(second, QStringLiteral("SELECT status FROM api.sign_in_open('bob@example.org')"));
    PgParams::exec(second, QStringLiteral("ROLLBACK"));
    PgParams::exec(first, QStringLiteral("ROLLBACK"));
    QCOMPARE(blocked.sqlState, QStringLiteral("55P03"));
}

void TestAccountAttacks::loginAttemptsStayBoundedAfterManyFailures()
{
    const QString flood = QStringLiteral(
        "INSERT INTO app.login_attempts (email, client_addr, outcome, attempted_at) "
        "SELECT 'flood@example.org', '10.9.9.9', 'failed', now() - interval '1 minute' FROM generate_series(1, 3000); "
        "INSERT INTO app.login_attempts (email, client_addr, outcome, attempted_at) "
        "SELECT 'old' || i || '@example.org', '10.9.9.8', 'failed', now() - interval '2 hours' FROM generate_series(1, 1000) i");
    const QString count = QStringLiteral("SELECT count(*) FILTER (WHERE email = 'flood@example.org') || ',' || "
                                         "count(*) FILTER (WHERE attempted_at < now() - interval '1 hour') FROM app.login_attempts");
    QVERIFY(m_fx.adminExec(flood));
    QVERIFY(m_old.adminExec(flood));
    for (int i = 0; i < 20; ++i)
        QCOMPARE(signIn(QStringLiteral("flood@example.org"), QStringLiteral("flood-guess")).status, QStringLiteral("throttled"));
    const QStringList now = m_fx.adminValue(count).toString().split(QLatin1Char(','));
    QVERIFY2(now.value(0).toInt() <= 5 + 32 + 1, qPrintable(now.join(QLatin1Char(','))));
    QCOMPARE(now.value(1).toInt(), 0); // 200 old rows per attempt
    // Control: the 010 server keeps every row, and adds one per throttled attempt.
    QSqlDatabase old = m_old.client(QStringLiteral("old-anon"));
    for (int i = 0; i < 20; ++i)
        PgParams::exec(old, QStringLiteral("CALL app.sign_in('flood@example.org', 'flood-guess', 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL)"));
    QCOMPARE(m_old.adminValue(count).toString(), QStringLiteral("3020,1000"));
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM app.login_attempts")));
}

void TestAccountAttacks::reusedRefreshTokenEndsTheSession()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("dave"));
    const Login d = registerUser(QStringLiteral("dave@example.org"), QStringLiteral("dave-password"));
    PgResult first = PgParams::exec(c, QStringLiteral("SELECT * FROM api.refresh($1)"), {d.refresh});
    QCOMPARE(first.value(QStringLiteral("status")), QStringLiteral("ok"));
    const QString newAccess = first.value(QStringLiteral("access_token"));
    const QString newRefresh = first.value(QStringLiteral("refresh_token"));
    QVERIFY(newRefresh != d.refresh);
    const QString who = QStringLiteral("SELECT user_id FROM api.whoami($1)");
    QCOMPARE(PgParams::exec(c, who, {d.access}).sqlState, QStringLiteral("EK401")); // old access gone
    QCOMPARE(PgParams::exec(c, who, {newAccess}).rows.value(0).value(0), d.userId);
    // The spent token comes back (a thief's copy): the whole session ends.
    PgResult reuse = PgParams::exec(c, QStringLiteral("SELECT * FROM api.refresh($1)"), {d.refresh});
    QCOMPARE(reuse.value(QStringLiteral("status")), QStringLiteral("refresh_reused"));
    QVERIFY(PgParams::exec(c, who, {newAccess}).error.contains(QLatin1String("revoked")));
    PgResult after = PgParams::exec(c, QStringLiteral("SELECT * FROM api.refresh($1)"), {newRefresh});
    QCOMPARE(after.value(QStringLiteral("status")), QStringLiteral("invalid_token"));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT revoked_reason FROM user_sessions WHERE user_id = '%1'").arg(d.userId)).toString(),
             QStringLiteral("refresh_reused"));
}

void TestAccountAttacks::injectionStringsInEveryApiInputAreJustData()
{
    const QStringList injections = {
        QStringLiteral("'; DROP TABLE users; --"),
        QStringLiteral("\" OR \"1\"=\"1"),
        QStringLiteral("' OR '1'='1"),
        QStringLiteral("x'); UPDATE users SET deleted_at = now(); --"),
        QStringLiteral("$$; DELETE FROM music_tracks; $$"),
        QStringLiteral("\\'; SELECT pg_sleep(10); --"),
        QStringLiteral("bob@example.org' --"),
        QStringLiteral("%' OR email LIKE '%"),
        QString(QChar(0x2019)) + QStringLiteral("; DROP SCHEMA app CASCADE; --"),
    };
    QSqlDatabase c = m_fx.client(QStringLiteral("anon"));
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    const int usersBefore = m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users")).toInt();
    QElapsedTimer timer;
    timer.start();
    for (const QString &s : injections) {
        const QString asEmail = s + QStringLiteral("@x.org");
        for (const QStringList &args : {QStringList{s, s, s}, QStringList{asEmail, s, QStringLiteral("long-enough-pw")},
                                        QStringList{QStringLiteral("ok@example.org"), s, s}}) {
            const PgResult r = PgParams::exec(c, QStringLiteral("SELECT status FROM api.register($1, $2, $3, $1)"), args);
            QVERIFY2(r.ok, qPrintable(r.error));
            QVERIFY2(r.value(QStringLiteral("status")) != QLatin1String("ok") || args[0] == asEmail || args[0].startsWith(QLatin1String("ok@")),
                     qPrintable(s));
        }
        for (const QString &email : {s, QStringLiteral("bob@example.org"), asEmail}) {
            const PgResult r = PgParams::exec(c, QStringLiteral("CALL api.sign_in($1, $2, $2, NULL, NULL, NULL, NULL, NULL, NULL)"), {email, s});
            QVERIFY2(r.ok, qPrintable(r.error));
            QVERIFY(r.value(QStringLiteral("status")) != QLatin1String("ok"));
            QVERIFY(r.isNull(QStringLiteral("access_token")));
        }
        PgResult r = PgParams::exec(c, QStringLiteral("SELECT status FROM api.refresh($1)"), {s});
        QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_token"));
        r = PgParams::exec(c, QStringLiteral("SELECT api.logout($1, $1)"), {s});
        QCOMPARE(r.rows.value(0).value(0), QStringLiteral("not_signed_in"));
        r = PgParams::exec(alice, QStringLiteral("SELECT * FROM api.whoami($1)"), {s});
        QCOMPARE(r.sqlState, QStringLiteral("EK401"));
    }
    QVERIFY2(timer.elapsed() < 60000, "an injected pg_sleep ran");
    // Exactly the injected emails that are valid addresses were registered; nothing else changed.
    QVERIFY(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users")).toInt() >= usersBefore);
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users WHERE deleted_at IS NOT NULL AND email LIKE '%example.org' "
                                            "AND email <> 'carol@example.org'")).toInt(), 0);
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM app.settings WHERE key = 'bcrypt_cost' AND value = 4")).toInt(), 1);
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM app.login_attempts")));
}

void TestAccountAttacks::registerValidatesItsInput()
{
    struct Case
    {
        QString email, username, password, expected;
    };
    const QString longPw = QString(73, QLatin1Char('p'));
    const QString umlautPw = QString(37, QChar(0x00e9)); // 37 characters, 74 bytes
    const QList<Case> cases = {
        {QStringLiteral("not-an-email"), QStringLiteral("u"), QStringLiteral("password1"), QStringLiteral("invalid_email")},
        {QStringLiteral("a b@example.org"), QStringLiteral("u"), QStringLiteral("password1"), QStringLiteral("invalid_email")},
        {QString(250, QLatin1Char('a')) + QStringLiteral("@x.org"), QStringLiteral("u"), QStringLiteral("password1"), QStringLiteral("invalid_email")},
        {QStringLiteral("new1@example.org"), QString(), QStringLiteral("password1"), QStringLiteral("invalid_username")},
        {QStringLiteral("new1@example.org"), QString(101, QLatin1Char('u')), QStringLiteral("password1"), QStringLiteral("invalid_username")},
        {QStringLiteral("new1@example.org"), QStringLiteral("u"), QStringLiteral("short"), QStringLiteral("weak_password")},
        {QStringLiteral("new1@example.org"), QStringLiteral("u"), longPw, QStringLiteral("password_too_long")},
        {QStringLiteral("new1@example.org"), QStringLiteral("u"), umlautPw, QStringLiteral("password_too_long")},
        {QStringLiteral("  BOB@Example.org "), QStringLiteral("u"), QStringLiteral("password1"), QStringLiteral("ok")}, // says nothing
    };
    QSqlDatabase c = m_fx.client(QStringLiteral("anon"));
    for (const Case &k : cases) {
        const PgResult r = PgParams::exec(c, QStringLiteral("SELECT * FROM api.register($1, $2, $3, 'test')"), {k.email, k.username, k.password});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.value(QStringLiteral("status")), k.expected);
        QCOMPARE(r.columns, (QStringList{QStringLiteral("status"), QStringLiteral("retry_after")})); // never a session
    }
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users WHERE email LIKE 'new1%'")).toInt(), 0);
    // The default cost is a real one; passwords are bcrypt hashes, never the password.
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users WHERE password_hash NOT LIKE '$2a$04$%' AND email NOT LIKE 'free%'")).toInt(), 0);
}

void TestAccountAttacks::wrongPasswordsAreThrottledThenTheRightOneWorksAfterTheWindow()
{
    m_fx.setSetting(QStringLiteral("throttle_base_seconds"), 1);
    m_fx.setSetting(QStringLiteral("throttle_max_seconds"), 2);
    QCOMPARE(registerUser(QStringLiteral("erin@example.org"), QStringLiteral("erin-password")).status, QStringLiteral("ok"));
    QStringList statuses;
    for (int i = 0; i < 20; ++i)
        statuses << signIn(QStringLiteral("erin@example.org"), QStringLiteral("wrong-%1").arg(i)).status;
    QCOMPARE(statuses.count(QStringLiteral("ok")), 0);
    QVERIFY2(statuses.count(QStringLiteral("throttled")) >= 10, qPrintable(statuses.join(QLatin1Char(','))));
    QCOMPARE(statuses.mid(0, 5), QStringList(5, QStringLiteral("invalid_credentials")));
    // Locked out: even the right password is refused until the window passes.
    const Login locked = signIn(QStringLiteral("erin@example.org"), QStringLiteral("erin-password"));
    QCOMPARE(locked.status, QStringLiteral("throttled"));
    QVERIFY(locked.retryAfter >= 1 && locked.retryAfter <= 2);
    QVERIFY(locked.access.isEmpty());
    QThread::msleep(locked.retryAfter * 1000 + 200);
    const Login ok = signIn(QStringLiteral("erin@example.org"), QStringLiteral("erin-password"));
    QCOMPARE(ok.status, QStringLiteral("ok"));
    QCOMPARE(ok.access.size(), 64);
    // Every failed attempt was recorded.
    QVERIFY(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM app.login_attempts WHERE email = 'erin@example.org' AND outcome = 'failed'")).toInt() >= 5);
    m_fx.setSetting(QStringLiteral("throttle_base_seconds"), 30);
    m_fx.setSetting(QStringLiteral("throttle_max_seconds"), 900);
}

void TestAccountAttacks::signInInsideATransactionCannotHideFailedAttempts()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("tx"));
    const auto failures = [&] {
        return m_fx.adminValue(QStringLiteral("SELECT count(*) FROM app.login_attempts WHERE email = 'bob@example.org' "
                                              "AND outcome IN ('failed', 'pending')")).toInt();
    };
    const int before = failures();
    // The procedure refuses to run inside the caller's transaction block.
    QVERIFY(PgParams::exec(c, QStringLiteral("BEGIN")).ok);
    PgResult r = PgParams::exec(c, QStringLiteral("CALL api.sign_in('bob@example.org', 'bob-password', 'x', NULL, NULL, NULL, NULL, NULL, NULL)"));
    QVERIFY(!r.ok);
    QCOMPARE(r.sqlState, QStringLiteral("2D000"));
    PgParams::exec(c, QStringLiteral("ROLLBACK"));
    // Calling the two steps by hand in one transaction: the uncommitted attempt does not count
    // as opened, so even the right password is refused.
    QVERIFY(PgParams::exec(c, QStringLiteral("BEGIN")).ok);
    r = PgParams::exec(c, QStringLiteral("SELECT ticket FROM api.sign_in_open('bob@example.org')"));
    const QString ticket = r.value(QStringLiteral("ticket"));
    r = PgParams::exec(c, QStringLiteral("SELECT status FROM api.sign_in_check($1, 'bob-password', 'x')"), {ticket});
    QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_credentials"));
    PgParams::exec(c, QStringLiteral("ROLLBACK"));
    // A committed attempt buys exactly one check, even when the check is rolled back.
    r = PgParams::exec(c, QStringLiteral("SELECT ticket FROM api.sign_in_open('bob@example.org')"));
    const QString committed = r.value(QStringLiteral("ticket"));
    QCOMPARE(failures(), before + 1);
    QVERIFY(PgParams::exec(c, QStringLiteral("BEGIN")).ok);
    r = PgParams::exec(c, QStringLiteral("SELECT status FROM api.sign_in_check($1, 'wrong-guess', 'x')"), {committed});
    QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_credentials"));
    PgParams::exec(c, QStringLiteral("ROLLBACK"));
    r = PgParams::exec(c, QStringLiteral("SELECT status FROM api.sign_in_check($1, 'bob-password', 'x')"), {committed});
    QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_credentials"));
    // The attempt stays on record as a failure.
    QCOMPARE(failures(), before + 1);
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM app.login_attempts")));
}

void TestAccountAttacks::tokensNeverShowInAnotherSessionsQueryText()
{
    // All app users share one database role, so pg_stat_activity shows them each other's last
    // statement. Tokens travel as protocol parameters, so the text holds only "$1".
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    QSqlDatabase bob = m_fx.client(QStringLiteral("bob"));
    QVERIFY(PgParams::exec(alice, QStringLiteral("BEGIN")).ok);
    QVERIFY(PgParams::exec(alice, QStringLiteral("SELECT user_id FROM api.whoami($1)"), {m_aToken}).ok);
    const PgResult seen = PgParams::exec(bob, QStringLiteral("SELECT string_agg(query, ' | ') FROM pg_stat_activity"));
    PgParams::exec(alice, QStringLiteral("ROLLBACK"));
    QVERIFY2(seen.ok, qPrintable(seen.error));
    const QString text = seen.rows.value(0).value(0);
    QVERIFY2(text.contains(QLatin1String("api.whoami($1)")), qPrintable(text));
    QVERIFY(!text.contains(m_aToken));
}

// The seed's three sample queries as API routines (015): Alice sees her own rows only; the
// same calls with Bob's token find Bob's rows, so an empty answer for Alice is the wall, not a
// query that matches nothing.
void TestAccountAttacks::libraryQueriesReturnOnlyTheCallersRows()
{
    QVERIFY(m_fx.adminExec(QStringLiteral(
        "WITH t AS (INSERT INTO music_tracks (user_id, title, artist, file_url) VALUES ('%1', 'Alice song', 'Alice', "
        "'file:///a.flac') RETURNING id), p AS (INSERT INTO playlists (user_id, name) VALUES ('%1', 'Alice list') RETURNING id) "
        "INSERT INTO playlist_tracks (user_id, playlist_id, track_id, position) SELECT '%1', p.id, t.id, 1 FROM p, t").arg(m_aId)));
    const QSqlDatabase db = m_fx.client(QStringLiteral("queries"));

    const PgResult aSum = PgParams::exec(db, QStringLiteral("SELECT * FROM api.library_summary($1)"), {m_aToken});
    QVERIFY2(aSum.ok, qPrintable(aSum.error));
    QCOMPARE(aSum.rows.size(), 1);
    QCOMPARE(aSum.value(QStringLiteral("user_id")), m_aId);
    QCOMPARE(aSum.value(QStringLiteral("email")), QStringLiteral("alice@example.org"));
    QCOMPARE(aSum.value(QStringLiteral("track_count")), QStringLiteral("1"));
    const PgResult bSum = PgParams::exec(db, QStringLiteral("SELECT * FROM api.library_summary($1)"), {m_bToken});
    QCOMPARE(bSum.value(QStringLiteral("email")), QStringLiteral("bob@example.org"));
    QCOMPARE(bSum.value(QStringLiteral("track_count")), QStringLiteral("1"));

    const QString search = QStringLiteral("SELECT title FROM api.search_tracks($1, '%song%', 50, 0)");
    const PgResult aSearch = PgParams::exec(db, search, {m_aToken});
    QVERIFY2(aSearch.ok, qPrintable(aSearch.error));
    QCOMPARE(aSearch.rows, (QList<QStringList>{{QStringLiteral("Alice song")}}));
    QCOMPARE(PgParams::exec(db, search, {m_bToken}).rows, (QList<QStringList>{{QStringLiteral("Bob song")}}));
    QCOMPARE(PgParams::exec(db, QStringLiteral("SELECT title FROM api.search_tracks($1, '%song%', 50, 1)"), {m_aToken}).rows.size(), 0);

    const QString bobList = m_fx.adminValue(QStringLiteral("SELECT id FROM playlists WHERE name = 'Bob list'")).toString();
    const QString aliceList = m_fx.adminValue(QStringLiteral("SELECT id FROM playlists WHERE name = 'Alice list'")).toString();
    const QString list = QStringLiteral("SELECT playlist_name, title, position FROM api.playlist_with_tracks($1, $2)");
    const PgResult aOwn = PgParams::exec(db, list, {m_aToken, aliceList});
    QVERIFY2(aOwn.ok, qPrintable(aOwn.error));
    QCOMPARE(aOwn.rows, (QList<QStringList>{{QStringLiteral("Alice list"), QStringLiteral("Alice song"), QStringLiteral("1")}}));
    const PgResult aBob = PgParams::exec(db, list, {m_aToken, bobList});
    QVERIFY2(aBob.ok, qPrintable(aBob.error));
    QCOMPARE(aBob.rows.size(), 0); // Bob's playlist by its id: nothing
    QCOMPARE(PgParams::exec(db, list, {m_bToken, bobList}).rows.size(), 1); // control: the id is right

    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM playlists WHERE user_id = '%1'").arg(m_aId)));
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM music_tracks WHERE user_id = '%1'").arg(m_aId)));
}

void TestAccountAttacks::libraryQueriesRefuseNoTokenAndBadArguments()
{
    const QSqlDatabase db = m_fx.client(QStringLiteral("queries"));
    const QString bobList = m_fx.adminValue(QStringLiteral("SELECT id FROM playlists WHERE name = 'Bob list'")).toString();
    for (const QString &sql : {QStringLiteral("SELECT * FROM api.library_summary(NULL)"),
                               QStringLiteral("SELECT * FROM api.search_tracks(NULL, '%', 10, 0)"),
                               QStringLiteral("SELECT * FROM api.playlist_with_tracks('', '%1')").arg(bobList),
                               QStringLiteral("SELECT * FROM api.search_tracks('%1', '%', 10, 0)").arg(QStringLiteral("f").repeated(64))}) {
        const PgResult r = PgParams::exec(db, sql);
        QVERIFY2(!r.ok && r.sqlState == QLatin1String("EK401"), qPrintable(sql + QLatin1String(" -> ") + r.sqlState + r.error));
        QVERIFY(r.rows.isEmpty());
    }
    const struct { QString args; QString says; } bad[] = {
        {QStringLiteral("'%', 0, 0"), QStringLiteral("p_limit must be 1 to 500, not 0")},
        {QStringLiteral("'%', 501, 0"), QStringLiteral("p_limit must be 1 to 500, not 501")},
        {QStringLiteral("'%', 10, -1"), QStringLiteral("p_offset must be 0 or more, not -1")},
        {QStringLiteral("repeat('x', 201), 10, 0"), QStringLiteral("p_pattern must be a text of at most 200 characters, not 201 characters")},
    };
    for (const auto &b : bad) {
        const PgResult r = PgParams::exec(db, QStringLiteral("SELECT * FROM api.search_tracks($1, %1)").arg(b.args), {m_aToken});
        QCOMPARE(r.sqlState, QStringLiteral("EK400"));
        QVERIFY2(r.error.contains(b.says), qPrintable(r.error));
    }
}

void TestAccountAttacks::everyApiRoutineIsADefinerWithAPinnedSearchPath()
{
    // migrations/SECURITY.md: every routine the client may call runs as its owner with
    // search_path = pg_catalog, pg_temp, except api.sign_in (a procedure that must COMMIT, so it
    // runs with the caller's rights and calls two definer steps).
    const PgResult r = PgParams::exec(m_fx.admin(), QStringLiteral(
        "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'api'::regnamespace "
        "AND p.proname NOT LIKE '\\_%' AND p.proname <> 'sign_in' AND NOT (p.prosecdef "
        "AND coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)) ORDER BY 1"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows, QList<QStringList>{});
    // The check sees the routines: push_plays (016) among them.
    const QVariant n = m_fx.adminValue(QStringLiteral(
        "SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'api'::regnamespace AND p.prosecdef "
        "AND p.proname IN ('push', 'pull', 'push_plays', 'whoami')"));
    QCOMPARE(n.toInt(), 4);
}

void TestAccountAttacks::playsPushCountsOnlyTheCallersTracks()
{
    const QSqlDatabase db = m_fx.client(QStringLiteral("plays"));
    const QString bobSong = m_fx.adminValue(QStringLiteral("SELECT id FROM music_tracks WHERE title = 'Bob song'")).toString();
    const QString device = QStringLiteral("11111111-2222-3333-4444-555555555555");
    const QString batch = QStringLiteral("[{\"id\": \"%1\", \"plays\": 1000, \"skips\": 0, \"last_played\": null}]").arg(bobSong);
    const QString push = QStringLiteral("SELECT id, outcome, detail->>'reason' FROM api.push_plays($1, 2, NULL, $2::uuid, $3::jsonb)");
    // No token, a forged one: refused before anything is read.
    for (const QString &token : {QString(), QStringLiteral("' OR 1=1 --"), QStringLiteral("f").repeated(64)}) {
        const PgResult r = PgParams::exec(db, push, {token, device, batch});
        QVERIFY2(!r.ok && r.sqlState == QLatin1String("EK401"), qPrintable(r.sqlState + r.error));
    }
    // Alice naming Bob's track: refused as a track she does not have; Bob's row is untouched.
    const PgResult alice = PgParams::exec(db, push, {m_aToken, device, batch});
    QVERIFY2(alice.ok, qPrintable(alice.error));
    QCOMPARE(alice.rows, (QList<QStringList>{{bobSong, QStringLiteral("refused"),
                                               QStringLiteral("its track is not on the server in this account")}}));
    QCOMPARE(victimSnapshot(), m_snapshot);
    // Malformed entries are refused by name, and injection strings are only data.
    const struct { QString entry; QString says; } bad[] = {
        {QStringLiteral("{\"id\": \"%1\", \"plays\": -1, \"skips\": 0}").arg(bobSong), QStringLiteral("plays and skips must be whole numbers")},
        {QStringLiteral("{\"id\": \"%1\", \"plays\": 1.5, \"skips\": 0}").arg(bobSong), QStringLiteral("plays and skips must be whole numbers")},
        {QStringLiteral("{\"id\": \"%1\", \"plays\": 1, \"skips\": 0, \"last_played\": \"'; DROP TABLE users; --\"}").arg(bobSong),
         QStringLiteral("last_played is not a timestamp")},
        {QStringLiteral("{\"id\": \"' OR 1=1 --\", \"plays\": 1, \"skips\": 0}"), QStringLiteral("malformed row")},
    };
    for (const auto &b : bad) {
        const PgResult r = PgParams::exec(db, push, {m_aToken, device, QLatin1Char('[') + b.entry + QLatin1Char(']')});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.rows.value(0).value(1), QStringLiteral("refused"));
        QVERIFY2(r.rows.value(0).value(2).contains(b.says), qPrintable(r.rows.value(0).value(2)));
    }
    QCOMPARE(PgParams::exec(db, push, {m_aToken, QString(), batch}).sqlState, QStringLiteral("EK400"));
    QCOMPARE(victimSnapshot(), m_snapshot);
    // Control: the same entry with Bob's own token is stored (the refusal above was about
    // whose track it is). That changes Bob's row on purpose: the snapshot follows.
    const PgResult bob = PgParams::exec(db, push, {m_bToken, device, batch});
    QVERIFY2(bob.ok, qPrintable(bob.error));
    QCOMPARE(bob.rows.value(0).value(1), QStringLiteral("stored"));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT play_count FROM music_tracks WHERE id = '%1'").arg(bobSong)).toInt(), 1000);
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE music_tracks SET play_tallies = '{}' WHERE id = '%1'").arg(bobSong)));
    m_snapshot = victimSnapshot();
}

// Alice (any other account, with her own valid token over the public login) opens Bob's
// playlist: refused while unpublished, readable once Bob publishes it (the control: same call,
// same id), and then only the entries' display fields; refused again once he unpublishes.
void TestAccountAttacks::sharedPlaylistIsReadableOnlyWhilePublishedAndOnlyItsDisplayFields()
{
    QVERIFY(m_fx.adminExec(QStringLiteral(
        "INSERT INTO music_tracks (user_id, title, artist, file_url, metadata) VALUES ('%1', 'Bob secret', 'Bob', "
        "'file:///home/bob/secret.flac', '{\"content_hash\": \"a1:secret\"}')").arg(m_bId)));
    QVERIFY(m_fx.adminExec(QStringLiteral(
        "UPDATE music_tracks SET metadata = '{\"content_hash\": \"a1:bobsong\"}' WHERE title = 'Bob song'")));
    const QString bobList = m_fx.adminValue(QStringLiteral("SELECT id FROM playlists WHERE name = 'Bob list'")).toString();
    const QSqlDatabase db = m_fx.client(QStringLiteral("shares"));
    const QString open = QStringLiteral("SELECT * FROM api.open_shared_playlist($1, $2)");

    const PgResult before = PgParams::exec(db, open, {m_aToken, bobList});
    QCOMPARE(before.sqlState, QStringLiteral("EK404"));
    QVERIFY(before.rows.isEmpty());
    const PgResult unknown = PgParams::exec(db, open, {m_aToken, QStringLiteral("00000000-0000-4000-8000-000000000001")});
    QCOMPARE(unknown.sqlState, QStringLiteral("EK404")); // the same answer: existence is not revealed
    // Alice cannot publish Bob's playlist for him.
    const PgResult hers = PgParams::exec(db, QStringLiteral("SELECT api.publish_playlist($1, $2)"), {m_aToken, bobList});
    QCOMPARE(hers.sqlState, QStringLiteral("EK404"));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT is_public FROM playlists WHERE id = '%1'").arg(bobList)).toBool(), false);

    const PgResult published = PgParams::exec(db, QStringLiteral("SELECT api.publish_playlist($1, $2)"), {m_bToken, bobList});
    QVERIFY2(published.ok, qPrintable(published.error));
    const PgResult read = PgParams::exec(db, open, {m_aToken, bobList});
    QVERIFY2(read.ok, qPrintable(read.error)); // the control: the same read works while published
    QCOMPARE(read.columns, (QStringList{QStringLiteral("playlist_name"), QStringLiteral("position"), QStringLiteral("title"),
                                        QStringLiteral("artist"), QStringLiteral("album"), QStringLiteral("duration"),
                                        QStringLiteral("audio_hash")}));
    QCOMPARE(read.rows.size(), 1);
    QCOMPARE(read.value(QStringLiteral("title")), QStringLiteral("Bob song"));
    QCOMPARE(read.value(QStringLiteral("audio_hash")), QStringLiteral("a1:bobsong"));
    const QString everything = read.rows.first().join(QLatin1Char('|'));
    QVERIFY2(!everything.contains(QStringLiteral("file:")) && !everything.contains(QStringLiteral("secret"))
                 && !everything.contains(QStringLiteral("bob@example.org")),
             qPrintable(everything));
    // Bob's other playlists and tracks stay closed: the routine takes one id, and a direct read
    // of the tables is still denied.
    QVERIFY(deniedAsClient(db, QStringLiteral("SELECT title FROM public.music_tracks")));
    QVERIFY(deniedAsClient(db, QStringLiteral("SELECT id FROM public.playlists WHERE is_public")));
    QCOMPARE(PgParams::exec(db, open, {QString(), bobList}).sqlState, QStringLiteral("EK401"));

    const PgResult unpublished = PgParams::exec(db, QStringLiteral("SELECT api.unpublish_playlist($1, $2)"), {m_bToken, bobList});
    QVERIFY2(unpublished.ok, qPrintable(unpublished.error));
    const PgResult after = PgParams::exec(db, open, {m_aToken, bobList});
    QCOMPARE(after.sqlState, QStringLiteral("EK404"));
    QVERIFY(after.rows.isEmpty());
    QVERIFY2(after.error.contains(QStringLiteral("no published playlist")), qPrintable(after.error));

    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM music_tracks WHERE title = 'Bob secret'")));
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE music_tracks SET metadata = '{}' WHERE title = 'Bob song'")));
    m_snapshot = victimSnapshot(); // Bob's own calls moved his playlist's version
}
