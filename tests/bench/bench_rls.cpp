// Row-level security cost: the seed's three sample queries as the client role under RLS next
// to the same queries as the owner (who bypasses RLS), on 1,000,000 tracks over 1,000 users,
// and sign-in latency at the configured bcrypt cost. Run under scripts/with-test-services.sh:
//   ./scripts/with-test-services.sh build/ci/tests/bench/bench_rls [tracks] [iterations]
#include "remote/pgparams.h"
#include "remote/migrationrunner.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace ekn;

namespace {

QSqlDatabase connect(const QUrl &url, const QString &name)
{
    QSqlDatabase db = ekn::test::openPostgres(url, name);
    if (!db.isOpen())
        std::fprintf(stderr, "connect %s: %s\n", qPrintable(name), qPrintable(db.lastError().text()));
    return db;
}

bool run(const QSqlDatabase &db, const QString &sql, const QStringList &params = {})
{
    const PgResult r = PgParams::exec(db, sql, params);
    if (!r.ok)
        std::fprintf(stderr, "SQL failed: %s\n  %s\n", qPrintable(r.error), qPrintable(sql.left(200)));
    return r.ok;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Query
{
    const char *name;
    QString sql;
    QStringList params;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int tracks = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const int iterations = argc > 2 ? std::atoi(argv[2]) : 200;
    const int users = 1000;

    test::TempDatabase temp;
    if (!temp.isValid()) {
        std::fprintf(stderr, "%s\n", qPrintable(temp.error()));
        return 2;
    }
    QSqlDatabase owner = connect(temp.url(), QStringLiteral("owner"));
    {
        MigrationRunner runner(owner);
        if (!runner.load() || !runner.migrate()) {
            std::fprintf(stderr, "migrate: %s\n", qPrintable(runner.error()));
            return 2;
        }
    }
    const QString role = QStringLiteral("ekn_bench_client_") + QString::number(QCoreApplication::applicationPid());
    run(owner, QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'bench-password' IN ROLE eknmusic_client").arg(role));

    QElapsedTimer clock;
    clock.start();
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    std::printf("generating %d tracks over %d users ...\n", tracks, users);
    std::fflush(stdout);
    // Bulk load as the owner with triggers off (also the FK triggers): the values are consistent.
    const QStringList load = {
        QStringLiteral("SET session_replication_role = replica"),
        QStringLiteral("INSERT INTO users (id, email, username, password_hash) SELECT gen_random_uuid(), 'u' || i || "
                       "'@bench.example', 'user ' || i, 'x' FROM generate_series(0, %1 - 1) i").arg(users),
        QStringLiteral("CREATE TEMP TABLE bench_users AS SELECT id, (row_number() OVER (ORDER BY email)) - 1 AS n FROM users"),
        QStringLiteral("INSERT INTO music_tracks (user_id, title, artist, album, duration, file_url, file_size, format, "
                       "bitrate, metadata, created_at, updated_at) "
                       "SELECT u.id, 'Title ' || g, 'Artist ' || (g % 7919), 'Album ' || (g % 30011), 120 + g % 300, "
                       "'file:///music/' || g || '.flac', 3000000 + g, 'flac', 900, jsonb_build_object('year', 1960 + g % 60), "
                       "now() - make_interval(secs => g), now() - make_interval(secs => g) "
                       "FROM generate_series(0, %1 - 1) g JOIN bench_users u ON u.n = g % %2").arg(tracks).arg(users),
        QStringLiteral("INSERT INTO playlists (user_id, name) SELECT u.id, 'List ' || k FROM bench_users u, generate_series(1, 10) k"),
        QStringLiteral("INSERT INTO playlist_tracks (playlist_id, track_id, user_id, position) "
                       "SELECT p.id, t.id, p.user_id, t.rn FROM playlists p "
                       "JOIN LATERAL (SELECT id, row_number() OVER () AS rn FROM music_tracks mt WHERE mt.user_id = p.user_id "
                       "  LIMIT 30) t ON true WHERE p.name = 'List 1'"),
        QStringLiteral("SET session_replication_role = origin"),
        QStringLiteral("VACUUM ANALYZE"),
        QStringLiteral("SET search_path = public, app"), // pgcrypto may live in schema app
    };
    for (const QString &sql : load) {
        if (!run(owner, sql))
            return 2;
    }
    std::printf("generated in %.1f s\n", clock.elapsed() / 1000.0);

    // A session for one user in the middle, made the way the server makes them.
    const QString token = QStringLiteral("b1e55ed0").repeated(8);
    const PgResult who = PgParams::exec(owner, QStringLiteral("SELECT id FROM bench_users WHERE n = %1").arg(users / 2));
    const QString userId = who.value(QStringLiteral("id"));
    run(owner, QStringLiteral("INSERT INTO user_sessions (user_id, token_hash, expires_at) VALUES ($1, encode(sha256($2::bytea), 'hex'), "
                              "now() + interval '1 day')"), {userId, token});
    const QString playlistId = PgParams::exec(owner, QStringLiteral("SELECT id FROM playlists WHERE user_id = $1 AND name = 'List 1'"), {userId})
                                   .value(QStringLiteral("id"));

    QUrl clientUrl = temp.url();
    clientUrl.setUserName(role);
    clientUrl.setPassword(QStringLiteral("bench-password"));
    QSqlDatabase client = connect(clientUrl, QStringLiteral("client"));

    // The seed's queries; `u.*` is spelled out because the client may not read password_hash.
    const QList<Query> queries = {
        {"user with track count",
         QStringLiteral("SELECT u.id, u.email, u.username, u.email_verified, u.created_at, u.updated_at, u.deleted_at, "
                        "COUNT(t.id) AS track_count FROM users u LEFT JOIN music_tracks t ON t.user_id = u.id AND t.deleted_at IS NULL "
                        "WHERE u.id = $1 AND u.deleted_at IS NULL GROUP BY u.id"),
         {userId}},
        {"search tracks (ILIKE)",
         QStringLiteral("SELECT * FROM music_tracks WHERE user_id = $1 AND deleted_at IS NULL AND "
                        "(title ILIKE $2 OR artist ILIKE $2 OR album ILIKE $2) ORDER BY created_at DESC LIMIT $3 OFFSET $4"),
         {userId, QStringLiteral("%Artist 12%"), QStringLiteral("50"), QStringLiteral("0")}},
        {"playlist with tracks",
         QStringLiteral("SELECT p.*, t.*, pt.position FROM playlists p JOIN playlist_tracks pt ON pt.playlist_id = p.id "
                        "JOIN music_tracks t ON t.id = pt.track_id WHERE p.id = $1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL "
                        "ORDER BY pt.position"),
         {playlistId}},
    };

    run(owner, QStringLiteral("BEGIN"));
    run(client, QStringLiteral("BEGIN"));
    run(client, QStringLiteral("SELECT set_config('eknmusic.token', $1, true)"), {token});
    std::printf("\n%-24s %12s %12s %8s %8s\n", "query (median of runs)", "owner ms", "client ms", "ratio", "rows");
    bool allOk = true;
    for (const Query &q : queries) {
        const PgResult o = PgParams::exec(owner, q.sql, q.params);
        const PgResult c = PgParams::exec(client, q.sql, q.params);
        if (!o.ok || !c.ok || o.rows != c.rows) {
            std::fprintf(stderr, "%s: owner and client disagree (%s %s)\n", q.name, qPrintable(o.error), qPrintable(c.error));
            allOk = false;
        }
        std::vector<double> ownerMs, clientMs;
        for (int i = 0; i < iterations + 10; ++i) {
            QElapsedTimer t;
            t.start();
            PgParams::exec(owner, q.sql, q.params);
            const double a = t.nsecsElapsed() / 1e6;
            t.restart();
            PgParams::exec(client, q.sql, q.params);
            const double b = t.nsecsElapsed() / 1e6;
            if (i >= 10) { // warm-up
                ownerMs.push_back(a);
                clientMs.push_back(b);
            }
        }
        const double om = median(ownerMs), cm = median(clientMs);
        std::printf("%-24s %12.3f %12.3f %7.2fx %8lld\n", q.name, om, cm, cm / om, qlonglong(c.rows.size()));

        // The same as prepared statements (plan cached), as the app runs its queries.
        const QString stmt = QStringLiteral("bench_q") + QString::number(&q - queries.data());
        run(owner, QStringLiteral("PREPARE ") + stmt + QStringLiteral(" AS ") + q.sql);
        run(client, QStringLiteral("PREPARE ") + stmt + QStringLiteral(" AS ") + q.sql);
        QStringList literals;
        for (const QString &p : q.params)
            literals << QLatin1Char('\'') + p + QLatin1Char('\'');
        const QString exec = QStringLiteral("EXECUTE ") + stmt + QLatin1Char('(') + literals.join(QLatin1Char(',')) + QLatin1Char(')');
        ownerMs.clear();
        clientMs.clear();
        for (int i = 0; i < iterations + 10; ++i) {
            QElapsedTimer t;
            t.start();
            PgParams::exec(owner, exec);
            const double a = t.nsecsElapsed() / 1e6;
            t.restart();
            PgParams::exec(client, exec);
            const double b = t.nsecsElapsed() / 1e6;
            if (i >= 10) {
                ownerMs.push_back(a);
                clientMs.push_back(b);
            }
        }
        const double op = median(ownerMs), cp = median(clientMs);
        std::printf("%-24s %12.3f %12.3f %7.2fx\n", "  (prepared)", op, cp, cp / op);
    }
    run(client, QStringLiteral("COMMIT"));
    run(owner, QStringLiteral("COMMIT"));

    // What a client transaction pays once for its token: BEGIN + set_config + COMMIT.
    std::vector<double> setMs;
    for (int i = 0; i < iterations; ++i) {
        QElapsedTimer t;
        t.start();
        run(client, QStringLiteral("BEGIN"));
        run(client, QStringLiteral("SELECT set_config('eknmusic.token', $1, true)"), {token});
        run(client, QStringLiteral("COMMIT"));
        setMs.push_back(t.nsecsElapsed() / 1e6);
    }
    std::printf("%-24s %12s %12.3f\n", "BEGIN+set_config+COMMIT", "-", median(setMs));

    // Sign-in latency at the configured (default) bcrypt cost, next to a bare crypt() call.
    const int cost = PgParams::exec(owner, QStringLiteral("SELECT value FROM app.settings WHERE key = 'bcrypt_cost'")).rows.value(0).value(0).toInt();
    const PgResult reg = PgParams::exec(client, QStringLiteral("SELECT status FROM app.register('bench@example.org', 'bench', 'bench-password-1', 'bench')"));
    if (reg.value(QStringLiteral("status")) != QLatin1String("ok"))
        allOk = false;
    std::vector<double> loginMs, cryptMs;
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer t;
        t.start();
        const PgResult r = PgParams::exec(client, QStringLiteral("CALL app.sign_in('bench@example.org', 'bench-password-1', 'bench', "
                                                                 "NULL, NULL, NULL, NULL, NULL, NULL, NULL)"));
        loginMs.push_back(t.nsecsElapsed() / 1e6);
        if (r.value(QStringLiteral("status")) != QLatin1String("ok"))
            allOk = false;
        t.restart();
        run(owner, QStringLiteral("SELECT crypt('bench-password-1', gen_salt('bf', %1))").arg(cost));
        cryptMs.push_back(t.nsecsElapsed() / 1e6);
    }
    std::printf("\nsign-in (CALL app.sign_in), bcrypt cost %d: median %.1f ms (bare crypt(): %.1f ms)\n", cost,
                median(loginMs), median(cryptMs));
    for (int c : {8, 12}) {
        QElapsedTimer t;
        t.start();
        run(owner, QStringLiteral("SELECT crypt('bench-password-1', gen_salt('bf', %1))").arg(c));
        std::printf("  for comparison, one crypt() at cost %d: %.1f ms\n", c, t.nsecsElapsed() / 1e6);
    }

    client.close();
    owner.close();
    client = QSqlDatabase();
    owner = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("client"));
    QSqlDatabase::removeDatabase(QStringLiteral("owner"));
    {
        // The role outlives the database (TempDatabase drops that): drop it by hand.
        QSqlDatabase admin = connect(test::adminServerUrl(), QStringLiteral("drop"));
        QSqlQuery(admin).exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(temp.name()));
        QSqlQuery(admin).exec(QStringLiteral("DROP ROLE ") + role);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("drop"));
    return allOk ? 0 : 1;
}
