#include "tst_migrations.h"

#include "remote/migrationrunner.h"
#include "serverfixture.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace ekn;
using namespace ekn::test;

namespace {

// The seed schema (001-003) and the runner's own table. Later migrations may add tables.
const QStringList kSeedTables = {
    QStringLiteral("music_tracks"),   QStringLiteral("playlist_tracks"),
    QStringLiteral("playlists"),      QStringLiteral("schema_migrations"),
    QStringLiteral("track_metadata"), QStringLiteral("user_sessions"),
    QStringLiteral("users")};
const QStringList kSeedIds = {QStringLiteral("001_initial_schema"),
                              QStringLiteral("002_add_playlists"),
                              QStringLiteral("003_add_metadata_indexes")};
constexpr int kSeedVersion = 3;

// 004 creates these cluster-wide roles; the probe below must see them before a rollback.
const QStringList kBuiltInRoles = {QStringLiteral("eknmusic_auth"),
                                   QStringLiteral("eknmusic_client"),
                                   QStringLiteral("eknmusic_push"),
                                   QStringLiteral("eknmusic_share")};

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

QStringList missingFrom(const QStringList &have, const QStringList &want)
{
    QStringList missing;
    for (const QString &w : want)
        if (!have.contains(w))
            missing << w;
    return missing;
}

QList<int> reversed(QList<int> list)
{
    std::reverse(list.begin(), list.end());
    return list;
}

} // namespace

void TestMigrations::builtInMigrationsAreTheSeedSchemaThenLaterPairs()
{
    MigrationRunner runner{QSqlDatabase()};
    const Status loaded = runner.load();
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QStringList ids;
    int previous = 0;
    for (const Migration &m : runner.migrations()) {
        ids << m.id();
        QVERIFY2(m.version > previous, qPrintable(m.id()));
        previous = m.version;
        QVERIFY(!m.upSql.isEmpty());
        QVERIFY(!m.downSql.isEmpty());
        QCOMPARE(m.checksum.size(), 64);
    }
    // The seed schema comes first, whatever later areas add after it.
    QVERIFY(ids.size() >= kSeedIds.size());
    QCOMPARE(ids.mid(0, kSeedIds.size()), kSeedIds);
    // The runner finds exactly the up files the resources hold, and each has its down: the
    // resources hold nothing else.
    QCOMPARE(ids, builtInIds());
    QCOMPARE(QDir(QStringLiteral(":/migrations/")).entryList(QDir::Files).size(), 2 * ids.size());
    // And exactly those of the source tree (a build configured before a new migration was
    // added would miss it).
    QStringList inTree = QDir(QStringLiteral(EKN_SOURCE_DIR "/migrations/versions"))
                             .entryList({QStringLiteral("*.up.sql")}, QDir::Files, QDir::Name);
    for (QString &f : inTree)
        f.chop(int(qstrlen(".up.sql")));
    QCOMPARE(inTree, ids);
}

void TestMigrations::allUpsApplyToAnEmptyDatabase()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    QVERIFY(conn.isOpen());
    QVERIFY(publicTables(conn.db()).isEmpty());

    MigrationRunner runner(conn.db());
    const Status migrated = runner.migrate();
    QVERIFY2(migrated, qPrintable(migrated.error()));
    QCOMPARE(runner.changedVersions(), builtInVersions());
    QCOMPARE(runner.currentVersion(), latestBuiltInVersion());
    const QStringList tables = publicTables(conn.db());
    QVERIFY2(missingFrom(tables, kSeedTables).isEmpty(),
             qPrintable(missingFrom(tables, kSeedTables).join(QLatin1String(", "))));
    QStringList recorded;
    for (const BuiltInMigration &m : builtInMigrationFiles())
        recorded << QString::number(m.version) + QLatin1Char(' ') +
                        m.id.mid(m.id.indexOf(u'_') + 1);
    QCOMPARE(column(conn.db(),
                    QStringLiteral(
                        "SELECT version || ' ' || name FROM schema_migrations ORDER BY version")),
             recorded);
    // Later migrations add indexes but keep the seed's.
    const QStringList indexes = column(
        conn.db(), QStringLiteral("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"));
    for (const char *expected :
         {"idx_users_email", "idx_sessions_token_hash", "idx_tracks_user_id", "idx_tracks_metadata",
          "idx_tracks_title_trgm", "idx_tracks_artist_trgm", "idx_tracks_album_trgm",
          "idx_playlist_tracks_position"})
        QVERIFY2(indexes.contains(QLatin1String(expected)), expected);

    // A second run has nothing to do.
    MigrationRunner again(conn.db());
    const Status secondRun = again.migrate();
    QVERIFY2(secondRun, qPrintable(secondRun.error()));
    QVERIFY(again.changedVersions().isEmpty());
    QCOMPARE(again.currentVersion(), latestBuiltInVersion());
}

// Exactly the seed's tables and track_metadata columns: checked at version 3 (001-003 of the
// built-in set), because later migrations legitimately add to them (004 gives track_metadata
// a user_id for row-level security, 010 sync columns).
void TestMigrations::seedVersionIsExactlyTheSeedSchema()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    MigrationRunner runner(conn.db());
    const Status migrated = runner.migrate(kSeedVersion);
    QVERIFY2(migrated, qPrintable(migrated.error()));
    QCOMPARE(runner.changedVersions(), (QList<int>{1, 2, 3}));
    QCOMPARE(publicTables(conn.db()), kSeedTables);
    // track_metadata as the seed's diagram draws it.
    const QString columnsOf =
        QStringLiteral("SELECT column_name FROM information_schema.columns "
                       "WHERE table_schema = 'public' AND table_name = 'track_metadata' "
                       "ORDER BY ordinal_position");
    const QStringList seedColumns = {QStringLiteral("id"), QStringLiteral("track_id"),
                                     QStringLiteral("key"), QStringLiteral("value"),
                                     QStringLiteral("created_at")};
    QCOMPARE(column(conn.db(), columnsOf), seedColumns);

    // What later migrations add comes after the seed's columns; none of them goes away.
    MigrationRunner rest(conn.db());
    const Status restMigrated = rest.migrate();
    QVERIFY2(restMigrated, qPrintable(restMigrated.error()));
    QCOMPARE(column(conn.db(), columnsOf).mid(0, seedColumns.size()), seedColumns);
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
    const Status migratedAll = runner.migrate();
    QVERIFY2(migratedAll, qPrintable(migratedAll.error()));
    // The probe sees what the migrations made, so an empty result below means something.
    const QStringList migrated = objectsOfOurs(conn.db());
    for (const char *expected :
         {"relation music_tracks", "relation idx_tracks_title_trgm", "extension pg_trgm",
          "extension btree_gin", "function similarity", "type users", "relation schema_migrations",
          "schema app", "function current_user_id", "role reference eknmusic_client (a)",
          "role reference eknmusic_client (r)", "role reference eknmusic_auth (o)"})
        QVERIFY2(migrated.contains(QLatin1String(expected)), expected);
    const QStringList roles = rolesReferencedHere(conn.db());
    QVERIFY2(missingFrom(roles, kBuiltInRoles).isEmpty(), qPrintable(roles.join(u',')));

    const Status rolledBack = runner.rollback(0);
    QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
    QCOMPARE(runner.changedVersions(), reversed(builtInVersions()));
    QCOMPARE(runner.currentVersion(), 0);
    // Nothing of ours in the database: no object, and no grant, policy or ownership that
    // names one of our roles.
    const QStringList after = objectsOfOurs(conn.db(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(after.isEmpty(), qPrintable(after.join(QLatin1String(", "))));
    // The roles are the cluster's, not this database's: other databases on the same server
    // may use them, so 004's down keeps a role exactly while something elsewhere still
    // depends on it and drops it otherwise. None may be left behind unused.
    const QStringList unused = rolesKeptWithoutAnyUse(conn.db(), roles, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(unused.isEmpty(), qPrintable(unused.join(u',')));
}

void TestMigrations::eachDownRestoresTheSchemaOfTheVersionBefore()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    const QList<int> versions = builtInVersions();
    QVERIFY(versions.size() >= kSeedIds.size());
    QString error;
    // dumps[i] = schema after the first i built-in migrations, reached going up one at a time.
    QStringList dumps;
    dumps << schemaDump(temp.url(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (qsizetype i = 0; i < versions.size(); ++i) {
        MigrationRunner runner(conn.db());
        const Status migrated = runner.migrate(versions[i]);
        QVERIFY2(migrated, qPrintable(migrated.error()));
        QCOMPARE(runner.changedVersions(), QList<int>{versions[i]});
        QCOMPARE(runner.currentVersion(), versions[i]);
        dumps << schemaDump(temp.url(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(dumps.last() != dumps[i], qPrintable(QString::number(versions[i])));
    }
    QVERIFY(dumps[kSeedIds.size()].contains(QLatin1String("CREATE INDEX idx_tracks_title_trgm")));

    // Down one version at a time, comparing with the way up at every step.
    for (qsizetype i = versions.size() - 1; i >= 1; --i) {
        MigrationRunner runner(conn.db());
        const Status rolledBack = runner.rollback(versions[i - 1]);
        QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
        QCOMPARE(runner.changedVersions(), QList<int>{versions[i]});
        QCOMPARE(runner.currentVersion(), versions[i - 1]);
        const QString dump = schemaDump(temp.url(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(dump == dumps[i], qPrintable(QStringLiteral("down of %1 left a schema that "
                                                             "differs from version %2's")
                                                  .arg(versions[i])
                                                  .arg(versions[i - 1])));
    }
    // Down to nothing and up again: the same schema as the first time.
    MigrationRunner down(conn.db());
    const Status rolledBack = down.rollback(0);
    QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
    QCOMPARE(schemaDump(temp.url(), &error), dumps[0]);
    MigrationRunner up(conn.db());
    const Status migrated = up.migrate();
    QVERIFY2(migrated, qPrintable(migrated.error()));
    QCOMPARE(schemaDump(temp.url(), &error), dumps.last());
}

// A server from before 020 may hold two live tracks of one audio (two first syncs that
// raced). 020 keeps one track per audio from then on without a unique index, so it applies
// over them and leaves them for the client's duplicate merge (which keeps playlist places).
void TestMigrations::migration020AppliesOverDuplicateTracksAnOldServerHolds()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    MigrationRunner old(conn.db());
    const Status migrated = old.migrate(19);
    QVERIFY2(migrated, qPrintable(migrated.error()));
    QString error;
    QVERIFY2(exec(conn.db(),
                  QStringLiteral("INSERT INTO users (id, email, username, password_hash) VALUES "
                                 "('7b2d5a40-0000-4000-8000-000000000001', 'twice@example.org', 'twice', 'x');"
                                 "INSERT INTO music_tracks (user_id, title, file_url, metadata) "
                                 "SELECT '7b2d5a40-0000-4000-8000-000000000001', 'Twice', 'file:///m/' || g, "
                                 "'{\"content_hash\": \"a1:0123456789abcdef0123456789abcdef\"}' "
                                 "FROM generate_series(1, 2) g"),
                  &error),
             qPrintable(error));
    // The control: these rows are what a unique index on the live audio would refuse.
    QVERIFY(!exec(conn.db(), QStringLiteral("CREATE UNIQUE INDEX would_fail ON music_tracks "
                                            "(user_id, (metadata ->> 'content_hash')) WHERE deleted_at IS NULL")));
    MigrationRunner runner(conn.db());
    const Status to20 = runner.migrate(20);
    QVERIFY2(to20, qPrintable(to20.error()));
    QCOMPARE(scalar(conn.db(), QStringLiteral("SELECT count(*) FROM music_tracks WHERE deleted_at IS NULL")).toInt(), 2);
    QCOMPARE(scalar(conn.db(), QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                              "'idx_tracks_live_audio'"))
                 .toInt(),
             1);
    // 023 drops that index again (under forced RLS no lookup can use it) and keeps the rows.
    const Status toLatest = runner.migrate();
    QVERIFY2(toLatest, qPrintable(toLatest.error()));
    QCOMPARE(runner.currentVersion(), latestBuiltInVersion());
    QCOMPARE(scalar(conn.db(), QStringLiteral("SELECT count(*) FROM music_tracks WHERE deleted_at IS NULL")).toInt(), 2);
}

void TestMigrations::statusListsAppliedAndPendingWithoutCreatingAnything()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    const QStringList ids = builtInIds();
    {
        MigrationRunner runner(conn.db());
        const Result<MigrationStatus> s = runner.status();
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->currentVersion, 0);
        QCOMPARE(s->latestVersion, latestBuiltInVersion());
        QCOMPARE(s->pending.size(), ids.size());
        QVERIFY(s->applied.isEmpty());
        QVERIFY(objectsOfOurs(conn.db()).isEmpty());
    }
    MigrationRunner runner(conn.db());
    const Status migrated = runner.migrate(2);
    QVERIFY2(migrated, qPrintable(migrated.error()));
    const Result<MigrationStatus> s = runner.status();
    QVERIFY2(s, qPrintable(s.error()));
    QCOMPARE(s->currentVersion, 2);
    QCOMPARE(s->latestVersion, latestBuiltInVersion());
    QCOMPARE(s->applied.size(), 2);
    QCOMPARE(s->applied.at(1).name, QStringLiteral("add_playlists"));
    QVERIFY(qAbs(s->applied.at(1).appliedAt.secsTo(QDateTime::currentDateTime())) < 120);
    QStringList pending;
    for (const Migration &m : s->pending)
        pending << m.id();
    QCOMPARE(pending, ids.mid(2));
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
    QString error;
    const QString migrated = schemaDump(temp.url(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

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
    // Nothing was rolled back, nothing changed.
    Connection conn(temp);
    QCOMPARE(appliedVersion(conn.db()), latestBuiltInVersion());
    QCOMPARE(schemaDump(temp.url(), &error), migrated);
}

void TestMigrations::failingMigrationLeavesTheLastGoodVersion()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    QTemporaryDir dir;
    QVERIFY(copyBuiltInMigrations(dir.path()));
    // Numbered above every built-in migration, so all of those apply first. Its first
    // statement works, its second does not: none of it may stay.
    const QString broken = migrationAboveBuiltIns(1, QStringLiteral("add_broken_column"));
    QVERIFY(writeFile(dir.filePath(broken + QLatin1String(".up.sql")),
                      "CREATE TABLE half_done (id integer);\n"
                      "ALTER TABLE music_tracks ADD COLUMN broken_column no_such_type;\n"));
    QVERIFY(
        writeFile(dir.filePath(broken + QLatin1String(".down.sql")), "DROP TABLE half_done;\n"));

    const ProcessResult r =
        runCli({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--server"),
                urlText(temp.url()), QStringLiteral("--migrations"), dir.path()});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("eknmusic-cli db: migration ") + broken +
                              QStringLiteral(" failed: type \"no_such_type\" does not exist")),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("the database stays at version ") +
                            QString::number(latestBuiltInVersion())),
             qPrintable(r.err));
    // Every built-in one was applied before, in order.
    qsizetype at = 0;
    for (const QString &id : builtInIds()) {
        at = r.out.indexOf(QStringLiteral("applying ") + id, at);
        QVERIFY2(at >= 0, qPrintable(id + QLatin1String(" in: ") + r.out));
    }

    Connection conn(temp);
    QCOMPARE(appliedVersion(conn.db()), latestBuiltInVersion());
    const QStringList tables = publicTables(conn.db());
    QVERIFY(missingFrom(tables, kSeedTables).isEmpty());
    QVERIFY(!tables.contains(QLatin1String("half_done")));
}

// Later migrations (accounts, sync) bring plpgsql functions whose bodies hold ';'.
void TestMigrations::functionBodiesAndLaterStatementErrorsAreHandled()
{
    TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    Connection conn(temp);
    QTemporaryDir dir;
    QVERIFY(copyBuiltInMigrations(dir.path()));
    const int latest = latestBuiltInVersion();
    const QString counter = migrationAboveBuiltIns(1, QStringLiteral("add_track_counter"));
    const QString badView = migrationAboveBuiltIns(2, QStringLiteral("add_bad_view"));
    QVERIFY(
        writeFile(dir.filePath(counter + QLatin1String(".up.sql")),
                  "-- a function with ';' in its body\n"
                  "CREATE FUNCTION track_count(uid uuid) RETURNS bigint LANGUAGE plpgsql AS $$\n"
                  "DECLARE n bigint;\n"
                  "BEGIN\n"
                  "    SELECT count(*) INTO n FROM music_tracks WHERE user_id = uid;\n"
                  "    RETURN n;\n"
                  "END;\n"
                  "$$;\n"
                  "COMMENT ON FUNCTION track_count(uuid) IS 'tracks of one user; for tests';\n"));
    QVERIFY(writeFile(dir.filePath(counter + QLatin1String(".down.sql")),
                      "DROP FUNCTION track_count(uuid);\n"));
    // The second one's third statement fails: its first two must not survive.
    QVERIFY(writeFile(dir.filePath(badView + QLatin1String(".up.sql")),
                      "CREATE TABLE t5 (id int);\nINSERT INTO t5 VALUES (1);\nCREATE VIEW v5 AS "
                      "SELECT nope FROM t5;\n"));
    QVERIFY(writeFile(dir.filePath(badView + QLatin1String(".down.sql")),
                      "DROP VIEW v5;\nDROP TABLE t5;\n"));

    MigrationRunner runner(conn.db(), dir.path());
    const Status migrated = runner.migrate();
    QVERIFY(!migrated);
    QCOMPARE(runner.failedVersion(), latest + 2);
    QCOMPARE(runner.currentVersion(), latest + 1);
    QVERIFY2(migrated.error().startsWith(QStringLiteral("migration ") + badView +
                                         QStringLiteral(" failed: column \"nope\" does not exist")),
             qPrintable(migrated.error()));
    QVERIFY2(migrated.error().endsWith(QStringLiteral("(%1.up.sql line 3); the database stays at "
                                                      "version %2")
                                           .arg(badView)
                                           .arg(latest + 1)),
             qPrintable(migrated.error()));
    QCOMPARE(appliedVersion(conn.db()), latest + 1);
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
    const Status rolledBack = back.rollback(latest);
    QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
    QCOMPARE(back.changedVersions(), QList<int>{latest + 1});
    QVERIFY(scalar(conn.db(), QStringLiteral("SELECT to_regprocedure('track_count(uuid)') IS NULL"))
                .toBool());
}

void TestMigrations::folderWithAnUpButNoDownIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(copyBuiltInMigrations(dir.path()));
    const QString ratings = migrationAboveBuiltIns(1, QStringLiteral("add_ratings"));
    QVERIFY(writeFile(dir.filePath(ratings + QLatin1String(".up.sql")), "SELECT 1;\n"));
    MigrationRunner runner(QSqlDatabase(), dir.path());
    const Status loaded = runner.load();
    QVERIFY(!loaded);
    QCOMPARE(loaded.error(),
             QStringLiteral("migration %1 has no %1.down.sql: every up needs a down").arg(ratings));
}

void TestMigrations::emptyFolderIsRefusedAndParentOfVersionsIsAccepted()
{
    QTemporaryDir dir;
    MigrationRunner empty(QSqlDatabase(), dir.path());
    const Status none = empty.load();
    QVERIFY(!none);
    QVERIFY2(none.error().startsWith(QStringLiteral("no migrations in ") + dir.path()),
             qPrintable(none.error()));

    // The layout of the source tree and of the installed share/eknmusic/migrations.
    MigrationRunner tree(QSqlDatabase(), QStringLiteral(EKN_SOURCE_DIR "/migrations"));
    const Status loaded = tree.load();
    QVERIFY2(loaded, qPrintable(loaded.error()));
    MigrationRunner builtIn{QSqlDatabase()};
    QVERIFY(builtIn.load());
    QCOMPARE(tree.migrations().size(), builtIn.migrations().size());
    for (qsizetype i = 0; i < tree.migrations().size(); ++i)
        QCOMPARE(tree.migrations().at(i).checksum, builtIn.migrations().at(i).checksum);
}

void TestMigrations::migrationsFolderThatIsAFileSaysSo()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("001_initial_schema.up.sql"));
    QVERIFY(writeFile(file, "SELECT 1;\n"));
    MigrationRunner runner(QSqlDatabase(), file);
    const Status loaded = runner.load();
    QVERIFY(!loaded);
    QCOMPARE(loaded.error(), QStringLiteral("migrations folder %1 is a file, not a folder").arg(file));
}
