#include "tst_serverschema.h"

#include "remote/migrationrunner.h"
#include "serverfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlDriver>
#include <QSqlField>
#include <QSqlQuery>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

// The seed's sample queries, verbatim ($N placeholders).
const QString kUserWithTracks =
    QStringLiteral("SELECT u.*, COUNT(t.id) as track_count\n"
                   "FROM users u\n"
                   "LEFT JOIN music_tracks t ON t.user_id = u.id AND t.deleted_at IS NULL\n"
                   "WHERE u.id = $1 AND u.deleted_at IS NULL\n"
                   "GROUP BY u.id;");
const QString kSearchTracks = QStringLiteral("SELECT * FROM music_tracks\n"
                                             "WHERE user_id = $1\n"
                                             "  AND deleted_at IS NULL\n"
                                             "  AND (\n"
                                             "    title ILIKE $2 OR\n"
                                             "    artist ILIKE $2 OR\n"
                                             "    album ILIKE $2\n"
                                             "  )\n"
                                             "ORDER BY created_at DESC\n"
                                             "LIMIT $3 OFFSET $4;");
const QString kPlaylistWithTracks =
    QStringLiteral("SELECT p.*, t.*, pt.position\n"
                   "FROM playlists p\n"
                   "JOIN playlist_tracks pt ON pt.playlist_id = p.id\n"
                   "JOIN music_tracks t ON t.id = pt.track_id\n"
                   "WHERE p.id = $1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL\n"
                   "ORDER BY pt.position;");

// Puts the values in as SQL literals, the way QPSQL itself sends bound values, so the text
// the server plans is exactly the seed's query.
QString bind(QSqlDatabase db, QString sql, const QVariantList &values)
{
    for (int i = int(values.size()); i >= 1; --i) {
        QSqlField field(QStringLiteral("v"), values.at(i - 1).metaType());
        field.setValue(values.at(i - 1));
        sql.replace(QLatin1Char('$') + QString::number(i), db.driver()->formatValue(field));
    }
    return sql;
}

QString explain(QSqlDatabase db, const QString &sql)
{
    QString q = sql;
    if (q.endsWith(QLatin1Char(';')))
        q.chop(1);
    return column(db, QStringLiteral("EXPLAIN ") + q).join(QLatin1Char('\n'));
}

// Migrated database with a few rows, for the constraint tests.
//
// Migrated with the full built-in set, not just the seed's 001-003: the seed's constraints,
// cascades and sample queries (and their index use) must still hold after every later
// migration. The connection is the cluster superuser that ran the migrations, so it owns every
// table, and a superuser is not subject to the row-level security 004 enables (FORCE binds a
// non-superuser owner only): these tests see the schema's semantics across all users, as the
// seed describes them. What a signed-in client may see and do is tests/account's subject.
struct SmallLibrary
{
    TempDatabase temp;
    Connection conn{temp};
    QString userId;
    QString error;
    bool ready = false;

    SmallLibrary()
    {
        MigrationRunner runner(conn.db());
        if (const Status migrated = runner.migrate(); !migrated) {
            error = migrated.error();
            return;
        }
        userId = scalar(conn.db(),
                        QStringLiteral("INSERT INTO users (email, username, password_hash) "
                                       "VALUES ('ada@example.org', 'ada', 'h') RETURNING id"),
                        &error)
                     .toString();
        ready = !userId.isEmpty();
    }
    QSqlDatabase db() const { return conn.db(); }
    int count(const QString &table) const
    {
        return scalar(conn.db(), QStringLiteral("SELECT count(*) FROM ") + table).toInt();
    }
};

} // namespace

void TestServerSchema::emailIsUnique()
{
    SmallLibrary lib;
    QVERIFY2(lib.ready, qPrintable(lib.error));
    QString error;
    QVERIFY(!exec(lib.db(),
                  QStringLiteral("INSERT INTO users (email, username, password_hash) "
                                 "VALUES ('ada@example.org', 'other ada', 'h')"),
                  &error));
    QVERIFY2(error.contains(QLatin1String("users_email_key")) &&
                 error.contains(QLatin1String("23505")),
             qPrintable(error));
    QVERIFY2(exec(lib.db(),
                  QStringLiteral("INSERT INTO users (email, username, password_hash) "
                                 "VALUES ('grace@example.org', 'ada', 'h')"),
                  &error),
             qPrintable(error));
    QCOMPARE(lib.count(QStringLiteral("users")), 2);
}

void TestServerSchema::durationAndFileSizeMustBePositive()
{
    SmallLibrary lib;
    QVERIFY2(lib.ready, qPrintable(lib.error));
    const QString insert =
        QStringLiteral("INSERT INTO music_tracks (user_id, title, file_url, duration, file_size) "
                       "VALUES ('%1', 't', 'file:///t.flac', %2, %3)");
    QString error;
    QVERIFY(!exec(lib.db(), insert.arg(lib.userId, QStringLiteral("0"), QStringLiteral("100")),
                  &error));
    QVERIFY2(error.contains(QLatin1String("check_duration_positive")), qPrintable(error));
    QVERIFY(!exec(lib.db(), insert.arg(lib.userId, QStringLiteral("-5"), QStringLiteral("100")),
                  &error));
    QVERIFY2(error.contains(QLatin1String("check_duration_positive")), qPrintable(error));
    QVERIFY(!exec(lib.db(), insert.arg(lib.userId, QStringLiteral("200"), QStringLiteral("0")),
                  &error));
    QVERIFY2(error.contains(QLatin1String("check_file_size_positive")), qPrintable(error));
    QCOMPARE(lib.count(QStringLiteral("music_tracks")), 0);
    // Unknown is allowed: NULL passes.
    QVERIFY2(exec(lib.db(), insert.arg(lib.userId, QStringLiteral("NULL"), QStringLiteral("NULL")),
                  &error),
             qPrintable(error));
    QVERIFY2(
        exec(lib.db(), insert.arg(lib.userId, QStringLiteral("1"), QStringLiteral("1")), &error),
        qPrintable(error));
    QCOMPARE(lib.count(QStringLiteral("music_tracks")), 2);
}

void TestServerSchema::deletingAUserRemovesEverythingTheyOwn()
{
    SmallLibrary lib;
    QVERIFY2(lib.ready, qPrintable(lib.error));
    QString error;
    const QString track =
        scalar(lib.db(),
               QStringLiteral("INSERT INTO music_tracks (user_id, title, file_url) "
                              "VALUES ('%1', 'Song', 'file:///s.flac') RETURNING id")
                   .arg(lib.userId),
               &error)
            .toString();
    QVERIFY2(!track.isEmpty(), qPrintable(error));
    const QString playlist =
        scalar(
            lib.db(),
            QStringLiteral("INSERT INTO playlists (user_id, name) VALUES ('%1', 'P') RETURNING id")
                .arg(lib.userId))
            .toString();
    QVERIFY(!playlist.isEmpty());
    QVERIFY(
        exec(lib.db(),
             QStringLiteral(
                 "INSERT INTO track_metadata (track_id, key, value) VALUES ('%1', 'MOOD', 'calm')")
                 .arg(track),
             &error));
    QVERIFY(exec(
        lib.db(),
        QStringLiteral(
            "INSERT INTO playlist_tracks (playlist_id, track_id, position) VALUES ('%1', '%2', 1)")
            .arg(playlist, track),
        &error));
    QVERIFY(exec(lib.db(),
                 QStringLiteral("INSERT INTO user_sessions (user_id, token_hash, expires_at) "
                                "VALUES ('%1', 'abc', now() + interval '1 hour')")
                     .arg(lib.userId),
                 &error));

    // Deleting the track alone takes its tags and playlist entries with it.
    const QString other =
        scalar(lib.db(), QStringLiteral("INSERT INTO music_tracks (user_id, title, file_url) "
                                        "VALUES ('%1', 'Other', 'file:///o.flac') RETURNING id")
                             .arg(lib.userId))
            .toString();
    QVERIFY(
        exec(lib.db(),
             QStringLiteral(
                 "INSERT INTO track_metadata (track_id, key, value) VALUES ('%1', 'MOOD', 'loud')")
                 .arg(other),
             &error));
    QVERIFY(exec(
        lib.db(),
        QStringLiteral(
            "INSERT INTO playlist_tracks (playlist_id, track_id, position) VALUES ('%1', '%2', 2)")
            .arg(playlist, other),
        &error));
    QVERIFY(exec(lib.db(), QStringLiteral("DELETE FROM music_tracks WHERE id = '%1'").arg(other),
                 &error));
    QCOMPARE(lib.count(QStringLiteral("track_metadata")), 1);
    QCOMPARE(lib.count(QStringLiteral("playlist_tracks")), 1);

    QVERIFY2(
        exec(lib.db(), QStringLiteral("DELETE FROM users WHERE id = '%1'").arg(lib.userId), &error),
        qPrintable(error));
    for (const char *table :
         {"music_tracks", "track_metadata", "playlists", "playlist_tracks", "user_sessions"})
        QVERIFY2(lib.count(QLatin1String(table)) == 0, table);
}

void TestServerSchema::deletingAPlaylistKeepsItsTracks()
{
    SmallLibrary lib;
    QVERIFY2(lib.ready, qPrintable(lib.error));
    QString error;
    QVERIFY(exec(
        lib.db(),
        QStringLiteral(
            "INSERT INTO music_tracks (user_id, title, file_url) "
            "SELECT '%1', 'Song ' || g, 'file:///' || g || '.flac' FROM generate_series(1, 3) g")
            .arg(lib.userId),
        &error));
    const QString playlist =
        scalar(
            lib.db(),
            QStringLiteral("INSERT INTO playlists (user_id, name) VALUES ('%1', 'P') RETURNING id")
                .arg(lib.userId))
            .toString();
    QVERIFY(exec(lib.db(),
                 QStringLiteral("INSERT INTO playlist_tracks (playlist_id, track_id, position) "
                                "SELECT '%1', id, row_number() OVER () FROM music_tracks")
                     .arg(playlist),
                 &error));
    QCOMPARE(lib.count(QStringLiteral("playlist_tracks")), 3);
    // The same track twice in one playlist is refused.
    QVERIFY(!exec(lib.db(),
                  QStringLiteral("INSERT INTO playlist_tracks (playlist_id, track_id, position) "
                                 "SELECT '%1', id, 9 FROM music_tracks LIMIT 1")
                      .arg(playlist),
                  &error));
    QVERIFY2(error.contains(QLatin1String("23505")), qPrintable(error));
    QVERIFY(exec(lib.db(), QStringLiteral("DELETE FROM playlists WHERE id = '%1'").arg(playlist),
                 &error));
    QCOMPARE(lib.count(QStringLiteral("playlist_tracks")), 0);
    QCOMPARE(lib.count(QStringLiteral("music_tracks")), 3);
}

void TestServerSchema::seedSampleQueriesUseIndexesWith50kTracks()
{
    SmallLibrary lib;
    QVERIFY2(lib.ready, qPrintable(lib.error));
    QString error;
    QVERIFY(exec(lib.db(), QStringLiteral("DELETE FROM users"), &error));
    QFile script(QStringLiteral(EKN_SOURCE_DIR "/tests/server/data/generate_library.sql"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(execScript(lib.db(), QString::fromUtf8(script.readAll()), &error), qPrintable(error));
    qInfo("generated 100 users, 50k tracks, 1000 playlists, VACUUM ANALYZE in %lld ms",
          clock.elapsed());
    QCOMPARE(lib.count(QStringLiteral("music_tracks")), 50000);
    QCOMPARE(lib.count(QStringLiteral("playlist_tracks")), 20000);

    const QString user =
        scalar(lib.db(), QStringLiteral("SELECT id FROM users ORDER BY email LIMIT 1")).toString();
    const QString playlist =
        scalar(lib.db(),
               QStringLiteral("SELECT id FROM playlists WHERE user_id = '%1' LIMIT 1").arg(user))
            .toString();
    QVERIFY(!user.isEmpty() && !playlist.isEmpty());

    // 1. A user with their track count.
    const QString q1 = bind(lib.db(), kUserWithTracks, {user});
    QCOMPARE(scalar(lib.db(), QStringLiteral("SELECT track_count FROM (") + q1.chopped(1) +
                                  QStringLiteral(") r"))
                 .toInt(),
             500);
    const QString plan1 = explain(lib.db(), q1);
    QVERIFY2(plan1.contains(QLatin1String("Index Scan")) &&
                 plan1.contains(QLatin1String("idx_tracks_user_id")),
             qPrintable(plan1));
    QVERIFY2(!plan1.contains(QLatin1String("Seq Scan on music_tracks")), qPrintable(plan1));

    // 2. The search: ILIKE '%shadow%' over title, artist and album of one user.
    const QString q2 = bind(lib.db(), kSearchTracks, {user, QStringLiteral("%shadow%"), 1000, 0});
    const int expected =
        scalar(lib.db(),
               QStringLiteral(
                   "SELECT count(*) FROM music_tracks WHERE user_id = '%1' AND deleted_at IS NULL "
                   "AND (strpos(lower(title), 'shadow') > 0 OR strpos(lower(artist), 'shadow') > 0 "
                   "OR strpos(lower(album), 'shadow') > 0)")
                   .arg(user))
            .toInt();
    QVERIFY(expected > 10);
    QCOMPARE(column(lib.db(), q2).size(), expected);
    const QString plan2 =
        explain(lib.db(), bind(lib.db(), kSearchTracks, {user, QStringLiteral("%shadow%"), 50, 0}));
    for (const char *index :
         {"idx_tracks_title_trgm", "idx_tracks_artist_trgm", "idx_tracks_album_trgm"})
        QVERIFY2(plan2.contains(QStringLiteral("Bitmap Index Scan on ") + QLatin1String(index)),
                 qPrintable(plan2));
    QVERIFY2(!plan2.contains(QLatin1String("Seq Scan")), qPrintable(plan2));
    // A rarer phrase too.
    const QString plan2b = explain(
        lib.db(), bind(lib.db(), kSearchTracks, {user, QStringLiteral("%electric dream%"), 50, 0}));
    QVERIFY2(plan2b.contains(QLatin1String("Bitmap Index Scan on idx_tracks_title_trgm")),
             qPrintable(plan2b));

    // 3. A playlist with its tracks, in order.
    const QString q3 = bind(lib.db(), kPlaylistWithTracks, {playlist});
    QSqlQuery rows(lib.db());
    QVERIFY2(rows.exec(q3), qPrintable(rows.lastError().text()));
    int n = 0;
    while (rows.next())
        QCOMPARE(rows.value(QStringLiteral("position")).toInt(), ++n);
    QCOMPARE(n, 20);
    const QString plan3 = explain(lib.db(), q3);
    QVERIFY2(plan3.contains(QLatin1String("idx_playlist_tracks")) &&
                 plan3.contains(QLatin1String("music_tracks_pkey")),
             qPrintable(plan3));
    QVERIFY2(!plan3.contains(QLatin1String("Seq Scan")), qPrintable(plan3));

    // The seed's GIN index on metadata serves containment queries.
    const QString plan4 =
        explain(lib.db(), QStringLiteral("SELECT id FROM music_tracks WHERE metadata @> "
                                         "'{\"genre\": \"shadow\", \"year\": 1968}'"));
    QVERIFY2(plan4.contains(QLatin1String("Bitmap Index Scan on idx_tracks_metadata")),
             qPrintable(plan4));
    qInfo("%s", qPrintable(QStringLiteral("search plan:\n") + plan2));
}
