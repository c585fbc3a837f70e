// The server API's cost: the seed's three sample queries called by the public login through
// the API routines of migration 015 (api.library_summary, api.search_tracks,
// api.playlist_with_tracks: token check, RLS, definer call) next to the same SQL run directly
// by a superuser (no API, no RLS), in the same run, as ratios. The schema is migrated by a
// non-superuser owner with CREATEROLE, as migrations/SECURITY.md recommends, so the definer
// routines run under FORCE ROW LEVEL SECURITY as they do in production. Also sign-in latency
// at the configured bcrypt cost. Run under scripts/with-test-services.sh:
//   ./scripts/with-test-services.sh build/ci/tests/bench/bench_rls [tracks] [iterations] [users]
// EKN_BENCH_EXPLAIN=1 also prints the direct queries' plans.
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
    const int users = argc > 3 ? std::atoi(argv[3]) : 1000;

    test::TempDatabase temp;
    if (!temp.isValid()) {
        std::fprintf(stderr, "%s\n", qPrintable(temp.error()));
        return 2;
    }
    const QString pid = QString::number(QCoreApplication::applicationPid());
    const QString role = QStringLiteral("ekn_bench_client_") + pid;
    const QString ownerRole = QStringLiteral("ekn_bench_owner_") + pid;
    QSqlDatabase super = connect(temp.url(), QStringLiteral("super"));
    run(super, QStringLiteral("CREATE ROLE %1 LOGIN CREATEROLE PASSWORD 'bench-owner-password'").arg(ownerRole));
    run(super, QStringLiteral("ALTER DATABASE %1 OWNER TO %2").arg(temp.name(), ownerRole));
    QUrl ownerUrl = temp.url();
    ownerUrl.setUserName(ownerRole);
    ownerUrl.setPassword(QStringLiteral("bench-owner-password"));
    {
        QSqlDatabase owner = connect(ownerUrl, QStringLiteral("owner"));
        MigrationRunner runner(owner);
        if (const Status migrated = runner.migrate(); !migrated) {
            std::fprintf(stderr, "migrate: %s\n", qPrintable(migrated.error()));
            return 2;
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("owner"));
    run(super, QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'bench-password' IN ROLE eknmusic_client").arg(role));

    QElapsedTimer clock;
    clock.start();
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    std::printf("generating %d tracks over %d users ...\n", tracks, users);
    std::fflush(stdout);
    // Bulk load as the superuser with triggers off (also the FK triggers): the values are consistent.
    const QStringList load = {
        QStringLiteral("SET session_replication_role = replica"),
        QStringLiteral("INSERT INTO users (id, email, username, password_hash) SELECT gen_random_uuid(), 'u' || i || "
                       "'@bench.example', 'user ' || i, 'x' FROM generate_series(0, %1 - 1) i").arg(users),
        QStringLiteral("CREATE TEMP TABLE bench_users AS SELECT id, email, (row_number() OVER (ORDER BY email)) - 1 AS n FROM users"),
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
        if (!run(super, sql))
            return 2;
    }
    std::printf("generated in %.1f s\n", clock.elapsed() / 1000.0);

    // One user in the middle signs in through the API, as the app does (bcrypt cost 4 for the
    // bench user's hash; the sign-in timing below uses the configured cost).
    const PgResult who = PgParams::exec(super, QStringLiteral("SELECT id, email FROM bench_users WHERE n = %1").arg(users / 2));
    const QString userId = who.value(QStringLiteral("id"));
    const QString email = who.value(QStringLiteral("email"));
    run(super, QStringLiteral("UPDATE users SET password_hash = crypt('bench-password-1', gen_salt('bf', 4)) WHERE id = $1"), {userId});
    const QString playlistId = PgParams::exec(super, QStringLiteral("SELECT id FROM playlists WHERE user_id = $1 AND name = 'List 1'"), {userId})
                                   .value(QStringLiteral("id"));

    QUrl clientUrl = temp.url();
    clientUrl.setUserName(role);
    clientUrl.setPassword(QStringLiteral("bench-password"));
    QSqlDatabase client = connect(clientUrl, QStringLiteral("client"));
    const QString signIn = QStringLiteral("CALL api.sign_in($1, $2, 'bench', NULL, NULL, NULL, NULL, NULL, NULL)");
    const PgResult login = PgParams::exec(client, signIn, {email, QStringLiteral("bench-password-1")});
    const QString token = login.value(QStringLiteral("access_token"));
    if (token.isEmpty()) {
        std::fprintf(stderr, "sign-in failed: %s %s\n", qPrintable(login.error), qPrintable(login.value(QStringLiteral("status"))));
        return 2;
    }

    // Each query: the seed's SQL run directly (superuser), and the API call that answers it.
    struct Pair
    {
        Query direct;
        Query api;
    };
    const QString pattern = QStringLiteral("%Artist 12%");
    const QList<Pair> queries = {
        {{"user with track count",
          QStringLiteral("SELECT u.id, u.email, u.username, u.email_verified, u.created_at, COUNT(t.id) AS track_count "
                         "FROM users u LEFT JOIN music_tracks t ON t.user_id = u.id AND t.deleted_at IS NULL "
                         "WHERE u.id = $1 AND u.deleted_at IS NULL GROUP BY u.id"),
          {userId}},
         {"", QStringLiteral("SELECT * FROM api.library_summary($1)"), {token}}},
        {{"search tracks (ILIKE)",
          QStringLiteral("SELECT id, title, artist, album, duration, file_url, file_size, format, bitrate, metadata, created_at, "
                         "updated_at FROM music_tracks WHERE user_id = $1 AND deleted_at IS NULL AND "
                         "(title ILIKE $2 OR artist ILIKE $2 OR album ILIKE $2) ORDER BY created_at DESC LIMIT $3 OFFSET $4"),
          {userId, pattern, QStringLiteral("50"), QStringLiteral("0")}},
         {"", QStringLiteral("SELECT * FROM api.search_tracks($1, $2, $3, $4)"),
          {token, pattern, QStringLiteral("50"), QStringLiteral("0")}}},
        {{"playlist with tracks",
          QStringLiteral("SELECT p.id, p.name, p.description, pt.position, t.id, t.title, t.artist, t.album, t.duration, t.file_url "
                         "FROM playlists p JOIN playlist_tracks pt ON pt.playlist_id = p.id "
                         "JOIN music_tracks t ON t.id = pt.track_id WHERE p.id = $1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL "
                         "ORDER BY pt.position"),
          {playlistId}},
         {"", QStringLiteral("SELECT * FROM api.playlist_with_tracks($1, $2)"), {token, playlistId}}},
    };

    std::printf("\n%-24s %12s %12s %8s %8s\n", "query (median of runs)", "direct ms", "API ms", "ratio", "rows");
    bool allOk = true;
    for (const Pair &q : queries) {
        const PgResult o = PgParams::exec(super, q.direct.sql, q.direct.params);
        const PgResult c = PgParams::exec(client, q.api.sql, q.api.params);
        if (!o.ok || !c.ok || o.rows.size() != c.rows.size() || c.rows.isEmpty()) {
            std::fprintf(stderr, "%s: direct and API disagree (%lld vs %lld rows; %s %s)\n", q.direct.name,
                         qlonglong(o.rows.size()), qlonglong(c.rows.size()), qPrintable(o.error), qPrintable(c.error));
            allOk = false;
        }
        std::vector<double> directMs, apiMs;
        for (int i = 0; i < iterations + 10; ++i) {
            QElapsedTimer t;
            t.start();
            PgParams::exec(super, q.direct.sql, q.direct.params);
            const double a = t.nsecsElapsed() / 1e6;
            t.restart();
            PgParams::exec(client, q.api.sql, q.api.params);
            const double b = t.nsecsElapsed() / 1e6;
            if (i >= 10) { // warm-up
                directMs.push_back(a);
                apiMs.push_back(b);
            }
        }
        const double om = median(directMs), cm = median(apiMs);
        std::printf("%-24s %12.3f %12.3f %7.2fx %8lld\n", q.direct.name, om, cm, cm / om, qlonglong(c.rows.size()));

        // The direct SQL as a prepared statement too: a PL/pgSQL routine caches its plans, so
        // this is the baseline with the same planning cost.
        const QString stmt = QStringLiteral("bench_q") + QString::number(&q - queries.data());
        run(super, QStringLiteral("PREPARE ") + stmt + QStringLiteral(" AS ") + q.direct.sql);
        QStringList literals;
        for (const QString &p : q.direct.params)
            literals << QLatin1Char('\'') + p + QLatin1Char('\'');
        const QString exec = QStringLiteral("EXECUTE ") + stmt + QLatin1Char('(') + literals.join(QLatin1Char(',')) + QLatin1Char(')');
        std::vector<double> preparedMs;
        for (int i = 0; i < iterations + 10; ++i) {
            QElapsedTimer t;
            t.start();
            PgParams::exec(super, exec);
            if (i >= 10)
                preparedMs.push_back(t.nsecsElapsed() / 1e6);
        }
        const double pm = median(preparedMs);
        if (qEnvironmentVariableIsSet("EKN_BENCH_EXPLAIN")) { // why a ratio is what it is
            const PgResult plan = PgParams::exec(super, QStringLiteral("EXPLAIN (ANALYZE, COSTS OFF) ") + q.direct.sql, q.direct.params);
            for (const QStringList &line : plan.rows)
                std::printf("    %s\n", qPrintable(line.value(0)));
        }
        std::printf("%-24s %12.3f %12.3f %7.2fx\n", "  (direct prepared)", pm, cm, cm / pm);
    }

    // The floor of any API call: one token check (api.whoami), next to a bare round trip.
    {
        std::vector<double> whoMs, bareMs;
        for (int i = 0; i < iterations + 10; ++i) {
            QElapsedTimer t;
            t.start();
            PgParams::exec(client, QStringLiteral("SELECT user_id FROM api.whoami($1)"), {token});
            const double a = t.nsecsElapsed() / 1e6;
            t.restart();
            PgParams::exec(client, QStringLiteral("SELECT $1::text"), {token});
            if (i >= 10) {
                whoMs.push_back(a);
                bareMs.push_back(t.nsecsElapsed() / 1e6);
            }
        }
        std::printf("%-24s %12.3f %12.3f  (bare round trip, token check alone)\n", "api.whoami", median(bareMs), median(whoMs));
    }

    // Sign-in latency at the configured (default) bcrypt cost, next to a bare crypt() call.
    const int cost = PgParams::exec(super, QStringLiteral("SELECT value FROM app.settings WHERE key = 'bcrypt_cost'")).rows.value(0).value(0).toInt();
    const PgResult reg = PgParams::exec(client, QStringLiteral("SELECT status FROM api.register('bench@example.org', 'bench', 'bench-password-1', 'bench')"));
    if (reg.value(QStringLiteral("status")) != QLatin1String("ok")) {
        std::fprintf(stderr, "register: %s %s\n", qPrintable(reg.error), qPrintable(reg.value(QStringLiteral("status"))));
        allOk = false;
    }
    std::vector<double> loginMs, cryptMs;
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer t;
        t.start();
        const PgResult r = PgParams::exec(client, signIn, {QStringLiteral("bench@example.org"), QStringLiteral("bench-password-1")});
        loginMs.push_back(t.nsecsElapsed() / 1e6);
        if (r.value(QStringLiteral("status")) != QLatin1String("ok"))
            allOk = false;
        t.restart();
        run(super, QStringLiteral("SELECT crypt('bench-password-1', gen_salt('bf', %1))").arg(cost));
        cryptMs.push_back(t.nsecsElapsed() / 1e6);
    }
    std::printf("\nsign-in (CALL api.sign_in), bcrypt cost %d: median %.1f ms (bare crypt(): %.1f ms)\n", cost,
                median(loginMs), median(cryptMs));

    client.close();
    super.close();
    client = QSqlDatabase();
    super = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("client"));
    QSqlDatabase::removeDatabase(QStringLiteral("super"));
    {
        // The roles outlive the database (TempDatabase drops that): drop them by hand.
        QSqlDatabase admin = connect(test::adminServerUrl(), QStringLiteral("drop"));
        QSqlQuery(admin).exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(temp.name()));
        QSqlQuery(admin).exec(QStringLiteral("DROP ROLE ") + role);
        QSqlQuery(admin).exec(QStringLiteral("DROP ROLE ") + ownerRole);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("drop"));
    return allOk ? 0 : 1;
}
