#include "tst_migrations.h"

#include "remote/migrationrunner.h"
#include "serverfixture.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

const QStringList kSeedTables = {
    QStringLiteral("music_tracks"),   QStringLiteral("playlist_tracks"),
    QStringLiteral("playlists"),      QStringLiteral("schema_migrations"),
    QStringLiteral("track_metadata"), QStringLiteral("user_sessions"),
    QStringLiteral("users")};

QStringList publicTables(QSqlDatabase db)
{
    return column(db, QStringLiteral("SELECT table_name FROM information_schema.tables "
                                     "WHERE table_schema = 'public' ORDER BY 1"));
}

int appliedVersion(QSqlDatabase db)
{
    return scalar(db, QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations"))
        .toInt();
}

} // namespace

void TestMigrations::builtInMigrationsAreThePairsOfTheSeedSchema()
{
    MigrationRunner runner{QSqlDatabase()};
    QVERIFY2(runner.load(), qPrintable(runner.error()));
    QStringList ids;
    for (const Migration &m : runner.migrations()) {
        ids << m.id();
        QVERIFY(!m.upSql.isEmpty());
        QVERIFY(!m.downSql.isEmpty());
        QCOMPARE(m.checksum.size(), 64);
    }
    QCOMPARE(ids,
             (QStringList{QStringLiteral("001_initial_schema"), QStringLiteral("002_add_playlists"),
                          QStringLiteral("003_add_metadata_indexes")}));
}

void TestMigrations::allUpsApplyToAnEmptyDatabase()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    QVERIFY(conn.isOpen());
    QVERIFY(publicTables(conn.db()).isEmpty());

    MigrationRunner runner(conn.db());
    QVERIFY2(runner.migrate(), qPrintable(runner.error()));
    QCOMPARE(runner.changedVersions(), (QList<int>{1, 2, 3}));
    QCOMPARE(runner.currentVersion(), 3);
    QCOMPARE(publicTables(conn.db()), kSeedTables);
    QCOMPARE(column(conn.db(),
                    QStringLiteral(
                        "SELECT version || ' ' || name FROM schema_migrations ORDER BY version")),
             (QStringList{QStringLiteral("1 initial_schema"), QStringLiteral("2 add_playlists"),
                          QStringLiteral("3 add_metadata_indexes")}));
    // track_metadata as the seed's diagram draws it.
    QCOMPARE(
        column(conn.db(),
               QStringLiteral("SELECT column_name FROM information_schema.columns "
                              "WHERE table_name = 'track_metadata' ORDER BY ordinal_position")),
        (QStringList{QStringLiteral("id"), QStringLiteral("track_id"), QStringLiteral("key"),
                     QStringLiteral("value"), QStringLiteral("created_at")}));
    const QStringList indexes = column(
        conn.db(), QStringLiteral("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"));
    for (const char *expected :
         {"idx_users_email", "idx_sessions_token_hash", "idx_tracks_user_id", "idx_tracks_metadata",
          "idx_tracks_title_trgm", "idx_tracks_artist_trgm", "idx_tracks_album_trgm",
          "idx_playlist_tracks_position"})
        QVERIFY2(indexes.contains(QLatin1String(expected)), expected);

    // A second run has nothing to do.
    MigrationRunner again(conn.db());
    QVERIFY2(again.migrate(), qPrintable(again.error()));
    QVERIFY(again.changedVersions().isEmpty());
    QCOMPARE(again.currentVersion(), 3);
}

void TestMigrations::fullRollbackLeavesNothingOfOursBehind()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    QString error;
    const QStringList before = objectsOfOurs(conn.db(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(before.isEmpty(), qPrintable(before.join(QLatin1String(", "))));

    MigrationRunner runner(conn.db());
    QVERIFY2(runner.migrate(), qPrintable(runner.error()));
    // The probe sees what the migrations made, so an empty result below means something.
    const QStringList migrated = objectsOfOurs(conn.db());
    for (const char *expected :
         {"relation music_tracks", "relation idx_tracks_title_trgm", "extension pg_trgm",
          "extension btree_gin", "function similarity", "type users", "relation schema_migrations"})
        QVERIFY2(migrated.contains(QLatin1String(expected)), expected);

    QVERIFY2(runner.rollback(0), qPrintable(runner.error()));
    QCOMPARE(runner.changedVersions(), (QList<int>{3, 2, 1}));
    QCOMPARE(runner.currentVersion(), 0);
    const QStringList after = objectsOfOurs(conn.db(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(after.isEmpty(), qPrintable(after.join(QLatin1String(", "))));
}

void TestMigrations::eachDownRestoresTheSchemaOfTheVersionBefore()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    QString error;
    QStringList dumps; // dumps[v] = schema at version v, reached going up
    dumps << schemaDump(temp.url(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (int v = 1; v <= 3; ++v) {
        MigrationRunner runner(conn.db());
        QVERIFY2(runner.migrate(v), qPrintable(runner.error()));
        QCOMPARE(runner.currentVersion(), v);
        dumps << schemaDump(temp.url(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(dumps[v] != dumps[v - 1]);
    }
    QVERIFY(dumps[3].contains(QLatin1String("CREATE INDEX idx_tracks_title_trgm")));

    for (int v = 2; v >= 1; --v) {
        MigrationRunner runner(conn.db());
        QVERIFY2(runner.rollback(v), qPrintable(runner.error()));
        QCOMPARE(runner.currentVersion(), v);
        const QString dump = schemaDump(temp.url(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(dump, dumps[v]);
    }
    // Down to nothing and up again: the same schema as the first time.
    MigrationRunner down(conn.db());
    QVERIFY2(down.rollback(0), qPrintable(down.error()));
    QCOMPARE(schemaDump(temp.url(), &error), dumps[0]);
    MigrationRunner up(conn.db());
    QVERIFY2(up.migrate(), qPrintable(up.error()));
    QCOMPARE(schemaDump(temp.url(), &error), dumps[3]);
}

void TestMigrations::statusListsAppliedAndPendingWithoutCreatingAnything()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    {
        MigrationRunner runner(conn.db());
        const std::optional<MigrationStatus> s = runner.status();
        QVERIFY2(s.has_value(), qPrintable(runner.error()));
        QCOMPARE(s->currentVersion, 0);
        QCOMPARE(s->latestVersion, 3);
        QCOMPARE(s->pending.size(), 3);
        QVERIFY(s->applied.isEmpty());
        QVERIFY(objectsOfOurs(conn.db()).isEmpty());
    }
    MigrationRunner runner(conn.db());
    QVERIFY2(runner.migrate(2), qPrintable(runner.error()));
    const std::optional<MigrationStatus> s = runner.status();
    QVERIFY(s.has_value());
    QCOMPARE(s->currentVersion, 2);
    QCOMPARE(s->applied.size(), 2);
    QCOMPARE(s->applied.at(1).name, QStringLiteral("add_playlists"));
    QVERIFY(qAbs(s->applied.at(1).appliedAt.secsTo(QDateTime::currentDateTime())) < 120);
    QCOMPARE(s->pending.size(), 1);
    QCOMPARE(s->pending.at(0).id(), QStringLiteral("003_add_metadata_indexes"));
    QVERIFY(s->mismatches.isEmpty());
}

void TestMigrations::editedAppliedMigrationIsRefused()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    QTemporaryDir dir;
    QVERIFY(copyBuiltInMigrations(dir.path()));
    const QString server = urlText(temp.url());
    ProcessResult r =
        runCli({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--server"), server,
                QStringLiteral("--migrations"), dir.path()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    // Someone "fixes" a shipped migration in place.
    const QString edited = dir.filePath(QStringLiteral("002_add_playlists.up.sql"));
    QFile f(edited);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray sql = f.readAll();
    f.close();
    QVERIFY(sql.contains("name VARCHAR(255) NOT NULL"));
    sql.replace("name VARCHAR(255) NOT NULL", "name VARCHAR(500) NOT NULL");
    QVERIFY(writeFile(edited, sql));

    for (const QStringList &action :
         {QStringList{QStringLiteral("migrate")},
          QStringList{QStringLiteral("rollback"), QStringLiteral("--to"), QStringLiteral("0")},
          QStringList{QStringLiteral("status")}}) {
        r = runCli(QStringList{QStringLiteral("db")} + action +
                   QStringList{QStringLiteral("--server"), server, QStringLiteral("--migrations"),
                               dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("migration 002 file ")) && r.err.contains(edited) &&
                     r.err.contains(QLatin1String("was changed after it was applied")),
                 qPrintable(r.err));
        if (action.first() != QLatin1String("status")) {
            QVERIFY2(r.err.startsWith(QStringLiteral("eknmusic-cli db: refusing to")),
                     qPrintable(r.err));
            QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        }
    }
    // Nothing was rolled back.
    Connection conn(temp);
    QCOMPARE(appliedVersion(conn.db()), 3);
    QCOMPARE(publicTables(conn.db()), kSeedTables);
}

void TestMigrations::failingMigrationLeavesTheLastGoodVersion()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    QTemporaryDir dir;
    QVERIFY(copyBuiltInMigrations(dir.path()));
    // Its first statement works, its second does not: none of it may stay.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("004_add_broken_column.up.sql")),
                      "CREATE TABLE half_done (id integer);\n"
                      "ALTER TABLE music_tracks ADD COLUMN rating no_such_type;\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("004_add_broken_column.down.sql")),
                      "DROP TABLE half_done;\n"));

    const ProcessResult r =
        runCli({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--server"),
                urlText(temp.url()), QStringLiteral("--migrations"), dir.path()});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(
        r.err.startsWith(QLatin1String("eknmusic-cli db: migration 004_add_broken_column failed: "
                                       "type \"no_such_type\" does not exist")),
        qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("the database stays at version 3")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("applying 003_add_metadata_indexes")), qPrintable(r.out));

    Connection conn(temp);
    QCOMPARE(appliedVersion(conn.db()), 3);
    QCOMPARE(publicTables(conn.db()), kSeedTables);
    QVERIFY(!publicTables(conn.db()).contains(QLatin1String("half_done")));
}

// Later migrations (accounts, sync) bring plpgsql functions whose bodies hold ';'.
void TestMigrations::functionBodiesAndLaterStatementErrorsAreHandled()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    QTemporaryDir dir;
    QVERIFY(copyBuiltInMigrations(dir.path()));
    QVERIFY(
        writeFile(dir.filePath(QStringLiteral("004_add_track_counter.up.sql")),
                  "-- a function with ';' in its body\n"
                  "CREATE FUNCTION track_count(uid uuid) RETURNS bigint LANGUAGE plpgsql AS $$\n"
                  "DECLARE n bigint;\n"
                  "BEGIN\n"
                  "    SELECT count(*) INTO n FROM music_tracks WHERE user_id = uid;\n"
                  "    RETURN n;\n"
                  "END;\n"
                  "$$;\n"
                  "COMMENT ON FUNCTION track_count(uuid) IS 'tracks of one user; for tests';\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("004_add_track_counter.down.sql")),
                      "DROP FUNCTION track_count(uuid);\n"));
    // 005's third statement fails: its first two must not survive.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("005_add_bad_view.up.sql")),
                      "CREATE TABLE t5 (id int);\nINSERT INTO t5 VALUES (1);\nCREATE VIEW v5 AS "
                      "SELECT nope FROM t5;\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("005_add_bad_view.down.sql")),
                      "DROP VIEW v5;\nDROP TABLE t5;\n"));

    MigrationRunner runner(conn.db(), dir.path());
    QVERIFY(!runner.migrate());
    QCOMPARE(runner.failedVersion(), 5);
    QCOMPARE(runner.currentVersion(), 4);
    QVERIFY2(runner.error().startsWith(QLatin1String(
                 "migration 005_add_bad_view failed: column \"nope\" does not exist")),
             qPrintable(runner.error()));
    QVERIFY2(runner.error().endsWith(QLatin1String(
                 "(005_add_bad_view.up.sql line 3); the database stays at version 4")),
             qPrintable(runner.error()));
    QCOMPARE(appliedVersion(conn.db()), 4);
    QVERIFY(!publicTables(conn.db()).contains(QLatin1String("t5")));
    QString error;
    const QString user = scalar(conn.db(),
                                QStringLiteral("INSERT INTO users (email, username, password_hash) "
                                               "VALUES ('a@b.c', 'a', 'h') RETURNING id"),
                                &error)
                             .toString();
    QVERIFY2(!user.isEmpty(), qPrintable(error));
    QCOMPARE(scalar(conn.db(), QStringLiteral("SELECT track_count('%1')").arg(user)).toInt(), 0);

    MigrationRunner back(conn.db(), dir.path());
    QVERIFY2(back.rollback(3), qPrintable(back.error()));
    QVERIFY(scalar(conn.db(), QStringLiteral("SELECT to_regprocedure('track_count(uuid)') IS NULL"))
                .toBool());
}

void TestMigrations::folderWithAnUpButNoDownIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(copyBuiltInMigrations(dir.path()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("004_add_ratings.up.sql")), "SELECT 1;\n"));
    MigrationRunner runner(QSqlDatabase(), dir.path());
    QVERIFY(!runner.load());
    QCOMPARE(
        runner.error(),
        QStringLiteral(
            "migration 004_add_ratings has no 004_add_ratings.down.sql: every up needs a down"));
}

void TestMigrations::emptyFolderIsRefusedAndParentOfVersionsIsAccepted()
{
    QTemporaryDir dir;
    MigrationRunner empty(QSqlDatabase(), dir.path());
    QVERIFY(!empty.load());
    QVERIFY2(empty.error().startsWith(QStringLiteral("no migrations in ") + dir.path()),
             qPrintable(empty.error()));

    // The layout of the source tree and of the installed share/eknmusic/migrations.
    MigrationRunner tree(QSqlDatabase(), QStringLiteral(EKN_SOURCE_DIR "/migrations"));
    QVERIFY2(tree.load(), qPrintable(tree.error()));
    MigrationRunner builtIn{QSqlDatabase()};
    QVERIFY(builtIn.load());
    QCOMPARE(tree.migrations().size(), builtIn.migrations().size());
    for (qsizetype i = 0; i < tree.migrations().size(); ++i)
        QCOMPARE(tree.migrations().at(i).checksum, builtIn.migrations().at(i).checksum);
}
