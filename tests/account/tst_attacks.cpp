#include "tst_attacks.h"

#include "remote/pgparams.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

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

} // namespace

TestAccountAttacks::Login TestAccountAttacks::registerUser(const QString &email, const QString &password)
{
    const PgResult r = PgParams::exec(m_fx.client(QStringLiteral("anon")),
                                      QStringLiteral("SELECT * FROM app.register($1, $2, $3, 'test')"),
                                      {email, QStringLiteral("user"), password});
    if (!r.ok)
        qWarning("register: %s", qPrintable(r.error));
    return {r.value(QStringLiteral("status")), r.value(QStringLiteral("user_id")), r.value(QStringLiteral("access_token")),
            r.value(QStringLiteral("refresh_token")), 0};
}

TestAccountAttacks::Login TestAccountAttacks::signIn(const QString &email, const QString &password)
{
    const PgResult r = PgParams::exec(
        m_fx.client(QStringLiteral("anon")),
        QStringLiteral("CALL app.sign_in($1, $2, 'test', NULL, NULL, NULL, NULL, NULL, NULL, NULL)"), {email, password});
    if (!r.ok)
        qWarning("sign_in: %s", qPrintable(r.error));
    return {r.value(QStringLiteral("status")), r.value(QStringLiteral("user_id")), r.value(QStringLiteral("access_token")),
            r.value(QStringLiteral("refresh_token")), r.value(QStringLiteral("retry_after")).toInt()};
}

QString TestAccountAttacks::victimSnapshot()
{
    QString all;
    for (const QString &t : kTables)
        all += m_fx.adminValue(QStringLiteral("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x.id)), '') "
                                              "FROM %1 x WHERE user_id = '%2'").arg(t, m_bId)).toString() + QLatin1Char(' ');
    all += m_fx.adminValue(QStringLiteral("SELECT md5(u::text) FROM users u WHERE id = '%1'").arg(m_bId)).toString();
    all += m_fx.adminValue(QStringLiteral("SELECT md5(string_agg(s::text, ',' ORDER BY s.id)) FROM user_sessions s "
                                          "WHERE user_id = '%1'").arg(m_bId)).toString();
    return all;
}

void TestAccountAttacks::initTestCase()
{
    QVERIFY2(m_fx.setUp(), qPrintable(m_fx.error()));
    // Many sign-ins here: a low bcrypt cost keeps the suite fast (the default stays 10).
    m_fx.setSetting(QStringLiteral("bcrypt_cost"), 4);
    const Login a = registerUser(QStringLiteral("alice@example.org"), QStringLiteral("alice-password"));
    const Login b = registerUser(QStringLiteral("bob@example.org"), QStringLiteral("bob-password"));
    QCOMPARE(a.status, QStringLiteral("ok"));
    QCOMPARE(b.status, QStringLiteral("ok"));
    m_aToken = a.access;
    m_aId = a.userId;
    m_bToken = b.access;
    m_bId = b.userId;

    QSqlDatabase bob = m_fx.client(QStringLiteral("bob"));
    ClientRun r = runAs(bob, m_bToken, QStringLiteral("INSERT INTO music_tracks (title, artist, file_url) "
                                                      "VALUES ('Bob song', 'Bob', 'file:///b.flac') RETURNING id"));
    QVERIFY2(r.ok, qPrintable(r.error));
    m_bTrack = r.rows.value(0).value(0);
    r = runAs(bob, m_bToken, QStringLiteral("INSERT INTO track_metadata (track_id, key, value) VALUES ($1, 'mood', 'calm') RETURNING id"),
              {m_bTrack});
    QVERIFY2(r.ok, qPrintable(r.error));
    m_bMeta = r.rows.value(0).value(0);
    r = runAs(bob, m_bToken, QStringLiteral("INSERT INTO playlists (name) VALUES ('Bob list') RETURNING id"));
    QVERIFY2(r.ok, qPrintable(r.error));
    m_bPlaylist = r.rows.value(0).value(0);
    r = runAs(bob, m_bToken, QStringLiteral("INSERT INTO playlist_tracks (playlist_id, track_id, position) VALUES ($1, $2, 1) RETURNING id"),
              {m_bPlaylist, m_bTrack});
    QVERIFY2(r.ok, qPrintable(r.error));
    m_bEntry = r.rows.value(0).value(0);

    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    r = runAs(alice, m_aToken, QStringLiteral("INSERT INTO music_tracks (title, file_url) VALUES ('Alice song', 'file:///a.mp3') RETURNING id"));
    QVERIFY2(r.ok, qPrintable(r.error));
    m_aTrack = r.rows.value(0).value(0);
    r = runAs(alice, m_aToken, QStringLiteral("INSERT INTO playlists (name) VALUES ('Alice list') RETURNING id"));
    QVERIFY2(r.ok, qPrintable(r.error));
    m_aPlaylist = r.rows.value(0).value(0);
    m_snapshot = victimSnapshot();
    QVERIFY(m_snapshot.startsWith(QStringLiteral("1:")));
}

void TestAccountAttacks::cleanup()
{
    QCOMPARE(victimSnapshot(), m_snapshot);
}

void TestAccountAttacks::cleanupTestCase() {}

void TestAccountAttacks::userSeesOnlyTheirOwnRowsInEveryTable()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    for (const QString &t : kTables) {
        const ClientRun r = runAs(alice, m_aToken, QStringLiteral("SELECT count(*) FILTER (WHERE user_id <> $1), count(*) FROM ") + t, {m_aId});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.rows.value(0).value(0), QStringLiteral("0"));
    }
    ClientRun r = runAs(alice, m_aToken, QStringLiteral("SELECT id FROM users"));
    QCOMPARE(r.rows.size(), 1);
    QCOMPARE(r.rows.value(0).value(0), m_aId);
    // Without a token: nothing at all.
    r = runAs(alice, QString(), QStringLiteral("SELECT (SELECT count(*) FROM music_tracks) + (SELECT count(*) FROM users)"));
    QCOMPARE(r.rows.value(0).value(0), QStringLiteral("0"));
}

void TestAccountAttacks::userCannotReadAnotherUsersRowsById()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    const QStringList ids = {m_bTrack, m_bMeta, m_bPlaylist, m_bEntry};
    for (int i = 0; i < kTables.size(); ++i) {
        const ClientRun r = runAs(alice, m_aToken, QStringLiteral("SELECT * FROM ") + kTables[i] + QStringLiteral(" WHERE id = $1"), {ids[i]});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.rows.size(), 0);
    }
    ClientRun r = runAs(alice, m_aToken, QStringLiteral("SELECT id FROM users WHERE id = $1 OR email = 'bob@example.org'"), {m_bId});
    QCOMPARE(r.rows.size(), 0);
    r = runAs(alice, m_aToken, QStringLiteral("SELECT id FROM user_sessions WHERE user_id = $1"), {m_bId});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows.size(), 0);
}

void TestAccountAttacks::userCannotUpdateAnotherUsersRows()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    const QStringList updates = {
        QStringLiteral("UPDATE music_tracks SET title = 'pwned', deleted_at = now() WHERE id = '%1'").arg(m_bTrack),
        QStringLiteral("UPDATE track_metadata SET value = 'pwned' WHERE id = '%1'").arg(m_bMeta),
        QStringLiteral("UPDATE playlists SET name = 'pwned' WHERE id = '%1'").arg(m_bPlaylist),
        QStringLiteral("UPDATE playlist_tracks SET position = 99 WHERE id = '%1'").arg(m_bEntry),
        QStringLiteral("UPDATE users SET username = 'pwned' WHERE id = '%1'").arg(m_bId),
        QStringLiteral("UPDATE music_tracks SET title = 'pwned'"),
    };
    for (const QString &sql : updates) {
        const ClientRun r = runAs(alice, m_aToken, sql);
        QVERIFY2(r.ok, qPrintable(sql + QStringLiteral(": ") + r.error));
        if (sql.contains(QLatin1String("WHERE")))
            QCOMPARE(r.affected, 0);
    }
    // Upsert onto B's id: refused by the policy instead of overwriting.
    const ClientRun r = runAs(alice, m_aToken, QStringLiteral("INSERT INTO music_tracks (id, title, file_url) VALUES ($1, 'x', 'file:///x') "
                                                            "ON CONFLICT (id) DO UPDATE SET title = 'pwned'"), {m_bTrack});
    QVERIFY(!r.ok);
    // B's session rows: the client has no UPDATE on sessions at all.
    QVERIFY(!runAs(alice, m_aToken, QStringLiteral("UPDATE user_sessions SET expires_at = now() + interval '10 years'")).ok);
    // Put A's title back: the broad UPDATE renamed A's own track.
    QVERIFY(runAs(alice, m_aToken, QStringLiteral("UPDATE music_tracks SET title = 'Alice song'")).ok);
}

void TestAccountAttacks::clientRoleCannotDeleteAnything()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    for (const QString &t : kTables + QStringList{QStringLiteral("users"), QStringLiteral("user_sessions")}) {
        const ClientRun r = runAs(alice, m_aToken, QStringLiteral("DELETE FROM ") + t);
        QVERIFY2(!r.ok, qPrintable(t));
        QCOMPARE(r.sqlState, QStringLiteral("42501"));
        const ClientRun tr = runAs(alice, m_aToken, QStringLiteral("TRUNCATE ") + t);
        QVERIFY2(!tr.ok, qPrintable(t));
    }
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM music_tracks WHERE user_id = '%1'").arg(m_aId)).toInt(), 1);
}

void TestAccountAttacks::insertedRowsAlwaysBelongToTheSignedInUser()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    ClientRun r = runAs(alice, m_aToken, QStringLiteral("INSERT INTO music_tracks (user_id, title, file_url) VALUES ($1, 'planted', 'file:///p') "
                                                      "RETURNING user_id"), {m_bId});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows.value(0).value(0), m_aId);
    r = runAs(alice, m_aToken, QStringLiteral("INSERT INTO playlists (user_id, name) VALUES ($1, 'planted') RETURNING user_id"), {m_bId});
    QCOMPARE(r.rows.value(0).value(0), m_aId);
    // Without a valid token the client can insert nothing.
    r = runAs(alice, randomToken(), QStringLiteral("INSERT INTO music_tracks (user_id, title, file_url) VALUES ($1, 'x', 'file:///x')"), {m_bId});
    QVERIFY(!r.ok);
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM music_tracks WHERE title = 'planted'; DELETE FROM playlists WHERE name = 'planted'")));
}

void TestAccountAttacks::childRowsCannotHangOnAnotherUsersParents()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    QVERIFY(!runAs(alice, m_aToken, QStringLiteral("INSERT INTO track_metadata (track_id, key, value) VALUES ($1, 'k', 'v')"), {m_bTrack}).ok);
    QVERIFY(!runAs(alice, m_aToken, QStringLiteral("INSERT INTO playlist_tracks (playlist_id, track_id, position) VALUES ($1, $2, 1)"),
                   {m_bPlaylist, m_aTrack}).ok);
    QVERIFY(!runAs(alice, m_aToken, QStringLiteral("INSERT INTO playlist_tracks (playlist_id, track_id, position) VALUES ($1, $2, 1)"),
                   {m_aPlaylist, m_bTrack}).ok);
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM playlist_tracks WHERE user_id = '%1'").arg(m_aId)).toInt(), 0);
}

void TestAccountAttacks::rowsCannotBeMovedToAnotherUser()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    const ClientRun r = runAs(alice, m_aToken, QStringLiteral("UPDATE music_tracks SET user_id = $1 WHERE id = $2"), {m_bId, m_aTrack});
    QVERIFY(!r.ok);
    // Not even the owner moves rows between users.
    QString error;
    QVERIFY(!m_fx.adminExec(QStringLiteral("UPDATE music_tracks SET user_id = '%1' WHERE id = '%2'").arg(m_bId, m_aTrack), &error));
    QVERIFY2(error.contains(QLatin1String("user_id_immutable")), qPrintable(error));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT user_id FROM music_tracks WHERE id = '%1'").arg(m_aTrack)).toString(), m_aId);
}

void TestAccountAttacks::serverControlledTimestampsIgnoreTheClient()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    ClientRun r = runAs(alice, m_aToken, QStringLiteral("INSERT INTO playlists (name, created_at, updated_at) VALUES ('ts', '2001-01-01', '2001-01-01') "
                                                      "RETURNING created_at > now() - interval '1 hour', updated_at > now() - interval '1 hour', id"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows.value(0).value(0), QStringLiteral("t"));
    QCOMPARE(r.rows.value(0).value(1), QStringLiteral("t"));
    const QString id = r.rows.value(0).value(2);
    const QString created = m_fx.adminValue(QStringLiteral("SELECT created_at::text FROM playlists WHERE id = '%1'").arg(id)).toString();
    r = runAs(alice, m_aToken, QStringLiteral("UPDATE playlists SET created_at = '2001-01-01', updated_at = '2001-01-01' WHERE id = $1"), {id});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT created_at::text FROM playlists WHERE id = '%1'").arg(id)).toString(), created);
    QVERIFY(m_fx.adminValue(QStringLiteral("SELECT updated_at > now() - interval '1 hour' FROM playlists WHERE id = '%1'").arg(id)).toBool());
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM playlists WHERE id = '%1'").arg(id)));
}

void TestAccountAttacks::settingAnotherUsersIdInAnySettingGainsNothing()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    const QString bHash = m_fx.adminValue(QStringLiteral("SELECT token_hash FROM user_sessions WHERE user_id = '%1' LIMIT 1").arg(m_bId)).toString();
    const QStringList values = {m_bId, bHash, QStringLiteral("bob@example.org")};
    const QStringList settings = {QStringLiteral("eknmusic.token"), QStringLiteral("eknmusic.user_id"), QStringLiteral("app.user_id"),
                                  QStringLiteral("app.current_user_id"), QStringLiteral("request.jwt.claim.sub")};
    for (const QString &setting : settings) {
        for (const QString &v : values) {
            // With no token of their own, and then on top of A's valid token.
            for (const QString &token : {QString(), m_aToken}) {
                const ClientRun r = runAs(alice, token,
                                          QStringLiteral("SELECT set_config($1, $2, true), (SELECT count(*) FROM music_tracks WHERE user_id = $3), "
                                                         "(SELECT count(*) FROM users WHERE id = $3)"),
                                          {setting, v, m_bId});
                if (setting == QLatin1String("eknmusic.token") && !token.isEmpty())
                    QVERIFY(r.ok); // replaces A's own token: then A sees nothing either
                QVERIFY2(r.ok, qPrintable(r.error));
                QCOMPARE(r.rows.value(0).value(1), QStringLiteral("0"));
                QCOMPARE(r.rows.value(0).value(2), QStringLiteral("0"));
            }
        }
    }
    // row_security off is an error for the client, not a bypass.
    QVERIFY(!runAs(alice, m_aToken, QStringLiteral("SELECT set_config('row_security', 'off', true), (SELECT count(*) FROM music_tracks)")).ok);
    // Becoming another role is refused.
    QVERIFY(!runAs(alice, m_aToken, QStringLiteral("SET LOCAL ROLE eknmusic_auth")).ok);
}

void TestAccountAttacks::noHashIsReadableByTheClient()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    const QStringList reads = {
        QStringLiteral("SELECT password_hash FROM users"),
        QStringLiteral("SELECT * FROM users"),
        QStringLiteral("SELECT token_hash FROM user_sessions"),
        QStringLiteral("SELECT refresh_token_hash FROM user_sessions"),
        QStringLiteral("SELECT * FROM app.spent_refresh_tokens"),
        QStringLiteral("SELECT * FROM app.login_attempts"),
        QStringLiteral("SELECT * FROM app.settings"),
        QStringLiteral("SELECT count(*) FROM users WHERE password_hash LIKE '$2%'"),
        QStringLiteral("SELECT count(*) FROM user_sessions WHERE token_hash > ''"),
    };
    for (const QString &sql : reads) {
        const ClientRun r = runAs(alice, m_aToken, sql);
        QVERIFY2(!r.ok, qPrintable(sql));
        QCOMPARE(r.sqlState, QStringLiteral("42501"));
    }
    // What the client may read of its own account and sessions works.
    const ClientRun own = runAs(alice, m_aToken, QStringLiteral("SELECT u.*, s.user_agent, host(s.ip_address) FROM users u JOIN user_sessions s ON s.user_id = u.id"));
    QVERIFY(!own.ok); // u.* includes password_hash: refused as a whole
    const ClientRun cols = runAs(alice, m_aToken, QStringLiteral("SELECT u.email, s.user_agent, host(s.ip_address) FROM users u "
                                                               "JOIN user_sessions s ON s.user_id = u.id"));
    QVERIFY2(cols.ok, qPrintable(cols.error));
    QCOMPARE(cols.rows.value(0).value(0), QStringLiteral("alice@example.org"));
    QCOMPARE(cols.rows.value(0).value(2), QStringLiteral("127.0.0.1"));
}

void TestAccountAttacks::internalFunctionsAndTablesAreOffLimits()
{
    QSqlDatabase alice = m_fx.client(QStringLiteral("alice"));
    const QStringList calls = {
        QStringLiteral("SELECT * FROM app.new_session('%1', 'x')").arg(m_bId),
        QStringLiteral("SELECT app.token_hash('x')"),
        QStringLiteral("UPDATE app.settings SET value = 4"),
        QStringLiteral("INSERT INTO user_sessions (user_id, token_hash, expires_at) VALUES ('%1', 'x', now() + interval '1 day')").arg(m_bId),
        QStringLiteral("INSERT INTO users (email, username, password_hash) VALUES ('x@y.z', 'x', 'x')"),
        QStringLiteral("UPDATE users SET email = 'new@example.org'"),
        QStringLiteral("CREATE TABLE public.evil (id int)"),
        QStringLiteral("CREATE FUNCTION app.evil() RETURNS int LANGUAGE sql AS 'SELECT 1'"),
    };
    for (const QString &sql : calls) {
        const ClientRun r = runAs(alice, m_aToken, sql);
        QVERIFY2(!r.ok, qPrintable(sql));
    }
}

void TestAccountAttacks::forgedExpiredAndRevokedTokensSeeNothing()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("carol"));
    const Login carol = registerUser(QStringLiteral("carol@example.org"), QStringLiteral("carol-password"));
    QCOMPARE(carol.status, QStringLiteral("ok"));
    auto visible = [&](const QString &token) {
        return runAs(c, token, QStringLiteral("SELECT app.current_user_id()")).rows.value(0).value(0);
    };
    QCOMPARE(visible(carol.access), carol.userId);
    QCOMPARE(visible(randomToken()), QString());
    QCOMPARE(visible(carol.access.toUpper()), QString());
    QCOMPARE(visible(carol.refresh), QString()); // a refresh token is not an access token
    // Forged refresh tokens.
    for (const QString &forged : {randomToken(), QString(), QStringLiteral("' OR 1=1 --"), carol.access}) {
        const PgResult r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.refresh($1)"), {forged});
        QVERIFY(r.ok);
        QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_token"));
    }
    // Expired access token: nothing; expired refresh token: refused.
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = '%1'").arg(carol.userId)));
    QCOMPARE(visible(carol.access), QString());
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE user_sessions SET refresh_expires_at = now() - interval '1 second' WHERE user_id = '%1'").arg(carol.userId)));
    PgResult r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.refresh($1)"), {carol.refresh});
    QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("token_expired"));
    // Revoked: sign in again, log out, then the token and its refresh token are dead.
    const Login again = signIn(QStringLiteral("carol@example.org"), QStringLiteral("carol-password"));
    QCOMPARE(again.status, QStringLiteral("ok"));
    QCOMPARE(visible(again.access), carol.userId);
    QCOMPARE(runAs(c, again.access, QStringLiteral("SELECT app.logout()")).rows.value(0).value(0), QStringLiteral("ok"));
    QCOMPARE(visible(again.access), QString());
    r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.refresh($1)"), {again.refresh});
    QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_token"));
    // A deleted account's sessions die with it.
    const Login third = signIn(QStringLiteral("carol@example.org"), QStringLiteral("carol-password"));
    QCOMPARE(visible(third.access), carol.userId);
    QVERIFY(m_fx.adminExec(QStringLiteral("UPDATE users SET deleted_at = now() WHERE id = '%1'").arg(carol.userId)));
    QCOMPARE(visible(third.access), QString());
    QCOMPARE(signIn(QStringLiteral("carol@example.org"), QStringLiteral("carol-password")).status, QStringLiteral("invalid_credentials"));
}

void TestAccountAttacks::reusedRefreshTokenEndsTheSession()
{
    QSqlDatabase c = m_fx.client(QStringLiteral("dave"));
    const Login d = registerUser(QStringLiteral("dave@example.org"), QStringLiteral("dave-password"));
    PgResult first = PgParams::exec(c, QStringLiteral("SELECT * FROM app.refresh($1)"), {d.refresh});
    QCOMPARE(first.value(QStringLiteral("status")), QStringLiteral("ok"));
    const QString newAccess = first.value(QStringLiteral("access_token"));
    const QString newRefresh = first.value(QStringLiteral("refresh_token"));
    QVERIFY(newRefresh != d.refresh);
    QCOMPARE(runAs(c, d.access, QStringLiteral("SELECT app.current_user_id()")).rows.value(0).value(0), QString()); // old access gone
    QCOMPARE(runAs(c, newAccess, QStringLiteral("SELECT app.current_user_id()")).rows.value(0).value(0), d.userId);
    // The spent token comes back (a thief's copy): the whole session ends.
    PgResult reuse = PgParams::exec(c, QStringLiteral("SELECT * FROM app.refresh($1)"), {d.refresh});
    QCOMPARE(reuse.value(QStringLiteral("status")), QStringLiteral("refresh_reused"));
    QCOMPARE(runAs(c, newAccess, QStringLiteral("SELECT app.current_user_id()")).rows.value(0).value(0), QString());
    PgResult after = PgParams::exec(c, QStringLiteral("SELECT * FROM app.refresh($1)"), {newRefresh});
    QCOMPARE(after.value(QStringLiteral("status")), QStringLiteral("invalid_token"));
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT revoked_reason FROM user_sessions WHERE user_id = '%1'").arg(d.userId)).toString(),
             QStringLiteral("refresh_reused"));
}

void TestAccountAttacks::injectionStringsInEveryFunctionInputAreJustData()
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
            const PgResult r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.register($1, $2, $3, $1)"), args);
            QVERIFY2(r.ok, qPrintable(r.error));
            QVERIFY2(r.value(QStringLiteral("status")) != QLatin1String("ok") || args[0] == asEmail || args[0].startsWith(QLatin1String("ok@")),
                     qPrintable(s));
        }
        for (const QString &email : {s, QStringLiteral("bob@example.org"), asEmail}) {
            const PgResult r = PgParams::exec(c, QStringLiteral("CALL app.sign_in($1, $2, $2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"), {email, s});
            QVERIFY2(r.ok, qPrintable(r.error));
            QVERIFY(r.value(QStringLiteral("status")) != QLatin1String("ok"));
            QVERIFY(r.isNull(QStringLiteral("access_token")));
        }
        PgResult r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.refresh($1)"), {s});
        QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_token"));
        r = PgParams::exec(c, QStringLiteral("SELECT app.logout($1)"), {s});
        QCOMPARE(r.rows.value(0).value(0), QStringLiteral("not_signed_in"));
        ClientRun run = runAs(alice, s, QStringLiteral("SELECT count(*) FROM music_tracks"));
        QCOMPARE(run.rows.value(0).value(0), QStringLiteral("0"));
        // Stored verbatim as data.
        run = runAs(alice, m_aToken, QStringLiteral("INSERT INTO playlists (name, description) VALUES ($1, $2) RETURNING name"), {s, s});
        QVERIFY2(run.ok, qPrintable(run.error));
        QCOMPARE(run.rows.value(0).value(0), s);
    }
    QVERIFY2(timer.elapsed() < 60000, "an injected pg_sleep ran");
    // Exactly the injected emails that are valid addresses were registered; nothing else changed.
    QVERIFY(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users")).toInt() >= usersBefore);
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users WHERE deleted_at IS NOT NULL AND email LIKE '%example.org' "
                                            "AND email <> 'carol@example.org'")).toInt(), 0);
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM playlists WHERE user_id = '%1'").arg(m_aId)).toInt(), 1 + injections.size());
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM playlists WHERE user_id = '%1' AND name <> 'Alice list'").arg(m_aId)));
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
        {QStringLiteral("  BOB@Example.org "), QStringLiteral("u"), QStringLiteral("password1"), QStringLiteral("email_taken")},
    };
    QSqlDatabase c = m_fx.client(QStringLiteral("anon"));
    for (const Case &k : cases) {
        const PgResult r = PgParams::exec(c, QStringLiteral("SELECT * FROM app.register($1, $2, $3, 'test')"), {k.email, k.username, k.password});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.value(QStringLiteral("status")), k.expected);
        QVERIFY(r.isNull(QStringLiteral("access_token")));
    }
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users WHERE email LIKE 'new1%'")).toInt(), 0);
    // The default cost is a real one; passwords are bcrypt hashes, never the password.
    QCOMPARE(m_fx.adminValue(QStringLiteral("SELECT count(*) FROM users WHERE password_hash NOT LIKE '$2a$04$%'")).toInt(), 0);
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

void TestAccountAttacks::failedSignInsAreThrottledPerClientAddress()
{
    m_fx.setSetting(QStringLiteral("throttle_free_failures_address"), 3);
    m_fx.setSetting(QStringLiteral("throttle_base_seconds"), 1);
    m_fx.setSetting(QStringLiteral("throttle_max_seconds"), 2);
    QStringList statuses;
    for (int i = 0; i < 5; ++i)
        statuses << signIn(QStringLiteral("spray%1@example.org").arg(i), QStringLiteral("Password1")).status;
    // A fresh email from the same address is throttled too.
    const Login other = signIn(QStringLiteral("alice@example.org"), QStringLiteral("alice-password"));
    QCOMPARE(other.status, QStringLiteral("throttled"));
    QVERIFY2(statuses.contains(QStringLiteral("throttled")), qPrintable(statuses.join(QLatin1Char(','))));
    QThread::msleep(other.retryAfter * 1000 + 200);
    QCOMPARE(signIn(QStringLiteral("alice@example.org"), QStringLiteral("alice-password")).status, QStringLiteral("ok"));
    m_fx.setSetting(QStringLiteral("throttle_free_failures_address"), 30);
    m_fx.setSetting(QStringLiteral("throttle_base_seconds"), 30);
    m_fx.setSetting(QStringLiteral("throttle_max_seconds"), 900);
    QVERIFY(m_fx.adminExec(QStringLiteral("DELETE FROM app.login_attempts")));
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
    PgResult r = PgParams::exec(c, QStringLiteral("CALL app.sign_in('bob@example.org', 'bob-password', 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL)"));
    QVERIFY(!r.ok);
    QCOMPARE(r.sqlState, QStringLiteral("2D000"));
    PgParams::exec(c, QStringLiteral("ROLLBACK"));
    // Calling the two steps by hand in one transaction: the uncommitted attempt does not count
    // as opened, so even the right password is refused.
    QVERIFY(PgParams::exec(c, QStringLiteral("BEGIN")).ok);
    r = PgParams::exec(c, QStringLiteral("SELECT ticket FROM app.sign_in_open('bob@example.org')"));
    const QString ticket = r.value(QStringLiteral("ticket"));
    r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.sign_in_check($1, 'bob-password', 'x')"), {ticket});
    QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_credentials"));
    PgParams::exec(c, QStringLiteral("ROLLBACK"));
    // A committed attempt buys exactly one check, even when the check is rolled back.
    r = PgParams::exec(c, QStringLiteral("SELECT ticket FROM app.sign_in_open('bob@example.org')"));
    const QString committed = r.value(QStringLiteral("ticket"));
    QCOMPARE(failures(), before + 1);
    QVERIFY(PgParams::exec(c, QStringLiteral("BEGIN")).ok);
    r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.sign_in_check($1, 'wrong-guess', 'x')"), {committed});
    QCOMPARE(r.value(QStringLiteral("status")), QStringLiteral("invalid_credentials"));
    PgParams::exec(c, QStringLiteral("ROLLBACK"));
    r = PgParams::exec(c, QStringLiteral("SELECT status FROM app.sign_in_check($1, 'bob-password', 'x')"), {committed});
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
    QVERIFY(PgParams::exec(alice, QStringLiteral("SELECT set_config('eknmusic.token', $1, true)"), {m_aToken}).ok);
    const PgResult seen = PgParams::exec(bob, QStringLiteral("SELECT string_agg(query, ' | ') FROM pg_stat_activity"));
    PgParams::exec(alice, QStringLiteral("ROLLBACK"));
    QVERIFY2(seen.ok, qPrintable(seen.error));
    const QString text = seen.rows.value(0).value(0);
    QVERIFY2(text.contains(QLatin1String("set_config('eknmusic.token', $1, true)")), qPrintable(text));
    QVERIFY(!text.contains(m_aToken));
}
