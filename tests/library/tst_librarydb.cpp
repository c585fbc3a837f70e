#include "tst_librarydb.h"

#include "library/library.h"
#include "library/trackwriter.h"
#include "library/writetransaction.h"
#include "scannedfiles.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <memory>
#include <type_traits>

using namespace ekn;

namespace {

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

QByteArray fileDigest(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QStringList titles(const QList<Track> &tracks)
{
    QStringList out;
    for (const Track &t : tracks)
        out << t.title;
    return out;
}

// A transaction is only handed out by the factory that checks BEGIN: writing through one whose
// BEGIN failed would run each statement on its own, outside any transaction. (Control: with
// the public constructors of before, these assertions stop the build.)
static_assert(!std::is_constructible_v<WriteTransaction, QSqlDatabase>);
static_assert(!std::is_constructible_v<WriteTransaction, QSqlDatabase, WriteTransaction::Search>);
static_assert(!std::is_constructible_v<ScopedTransaction, QSqlDatabase>);
static_assert(!std::is_constructible_v<ScopedTransaction, QSqlDatabase, ScopedTransaction::Begin>);

} // namespace

void TestLibraryDatabase::init()
{
    delete m_dir;
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_path = LibraryDatabase::fileNameIn(m_dir->path());
}

// Tracks go in through the scanner's own writer, as a scan would put them.
QString TestLibraryDatabase::addTrack(const QString &title, const QString &artist, const QString &album,
                                      const QString &genre, int year, const QString &albumArtist)
{
    LibraryDatabase db(m_path);
    if (!db.open())
        return {};
    ScannedFile f;
    f.path = m_dir->filePath(QStringLiteral("music/%1.mp3").arg(++m_counter));
    f.nfcPath = f.path;
    f.size = 1000 + m_counter;
    f.mtime = 1700000000000 + m_counter;
    f.contentHash = QString::number(m_counter);
    f.info.title = title;
    f.info.artist = artist;
    f.info.album = album;
    f.info.genre = genre;
    f.info.year = year;
    f.info.albumArtist = albumArtist;
    f.info.format = QStringLiteral("mp3");
    f.info.durationMs = 61000;
    f.info.sampleRate = 44100;
    const Result<QStringList> ids = test::insertScanned(db.connection(), {f});
    if (!ids) {
        qWarning("cannot add a track: %s", qPrintable(ids.error()));
        return {};
    }
    return ids->constFirst();
}

void TestLibraryDatabase::newLibraryHasWalForeignKeysAndLatestSchema()
{
    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    QVERIFY(QFile::exists(m_path));
    QCOMPARE(db.schemaVersion(), LibraryDatabase::latestSchemaVersion());
    QVERIFY(LibraryDatabase::latestSchemaVersion() >= 1);
    QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    for (const char *table : {"music_tracks", "track_metadata", "playlists", "playlist_tracks", "track_files",
                              "outbox", "scan_errors", "library_roots", "track_search"}) {
        QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = '%1'")
                                             .arg(QLatin1String(table)))
                     .toInt(),
                 1);
    }
}

void TestLibraryDatabase::reopeningKeepsTracksAndDoesNotMigrateAgain()
{
    const QString id = addTrack(QStringLiteral("Kept"), QStringLiteral("A"), QStringLiteral("B"));
    QVERIFY(!id.isEmpty());
    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    const auto t = TrackStore(db).track(id).value();
    QVERIFY(t.has_value());
    QCOMPARE(t->title, QStringLiteral("Kept"));
    QCOMPARE(TrackStore(db).trackCount().value(), 1);
}

void TestLibraryDatabase::olderLibraryIsUpgradedInPlaceKeepingTracks()
{
    const QString id = addTrack(QStringLiteral("Old library"), QStringLiteral("A"), QStringLiteral("B"));
    QVERIFY(LibraryDatabase::latestSchemaVersion() >= 2);
    // Turn the file back into a schema-1 library: 002 only configured search ranking.
    const QString conn = QStringLiteral("downgrade");
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        raw.setDatabaseName(m_path);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("DELETE FROM track_search_config WHERE k = 'rank'")));
        // ... and 010 (sync) added columns and tables that a schema-1 file does not have; 013
        // (what each file said at its last read) goes first, while the schema still parses.
        for (const char *sql : {"DROP TABLE search_backlog", // 022 (search indexed after a first pull)
                                "DROP TABLE track_edited_fields", // 021 (edited metadata keys)
                                "DROP INDEX idx_tracks_unsynced", // 019 (unsynced tracks, on sync_version)
                                "DROP TABLE track_play_tallies", // 016 (listening data), its triggers too
                                "DROP INDEX idx_tracks_rating", "DROP INDEX idx_tracks_last_played",
                                "DROP TABLE library_removals",  // 015 (folders and tracks removed)
                                "DROP TABLE sync_pull_waiting", // 014 (pages pulled out of order)
                                "DROP TRIGGER music_tracks_field_edits", "DROP TABLE track_field_edits",
                                "ALTER TABLE music_tracks DROP COLUMN rating", "ALTER TABLE music_tracks DROP COLUMN play_count",
                                "ALTER TABLE music_tracks DROP COLUMN skip_count",
                                "ALTER TABLE music_tracks DROP COLUMN last_played",
                                "ALTER TABLE track_files DROP COLUMN file_values",
                                "ALTER TABLE music_tracks DROP COLUMN sync_version",
                                "ALTER TABLE track_metadata DROP COLUMN sync_version",
                                "ALTER TABLE playlists DROP COLUMN sync_version", "DROP TABLE sync_state",
                                "DROP TABLE sync_conflicts", "DROP TABLE sync_playlist_base",
                                // ... and 012 (search indexed once per bulk transaction).
                                "DROP TRIGGER music_tracks_search_insert_deferred",
                                "DROP TRIGGER music_tracks_search_update_deferred",
                                "DROP TRIGGER music_tracks_search_delete_deferred", "DROP TABLE search_defer",
                                "DROP TABLE search_pending", "DROP TABLE deferred_indexes"})
            QVERIFY2(q.exec(QLatin1String(sql)), sql);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
    }
    QSqlDatabase::removeDatabase(conn);

    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    QCOMPARE(db.schemaVersion(), LibraryDatabase::latestSchemaVersion());
    QVERIFY(scalar(db.connection(), QStringLiteral("SELECT v FROM track_search_config WHERE k = 'rank'"))
                .toString()
                .startsWith(QStringLiteral("bm25(10.0, 6.0")));
    QCOMPARE(TrackStore(db).track(id).value()->title, QStringLiteral("Old library"));
    // The search index was rebuilt from the kept tracks.
    QCOMPARE(TrackStore(db).search(QStringLiteral("old lib")).value().size(), 1);
}

void TestLibraryDatabase::fileFromNewerVersionIsRefusedAndLeftUntouched()
{
    addTrack(QStringLiteral("From the future"), QStringLiteral("A"), QStringLiteral("B"));
    {
        const QString conn = QStringLiteral("newer-version");
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
            raw.setDatabaseName(m_path);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(LibraryDatabase::latestSchemaVersion() + 5)));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")));
        }
        QSqlDatabase::removeDatabase(conn);
    }
    const QByteArray before = fileDigest(m_path);
    LibraryDatabase db(m_path);
    const Status opened = db.open();
    QVERIFY(!opened);
    QVERIFY2(opened.error().contains(QStringLiteral("newer EKNMusic")), qPrintable(opened.error()));
    QVERIFY(opened.error().contains(m_path));
    QVERIFY(!opened.error().contains(QLatin1Char('\n')));
    QCOMPARE(fileDigest(m_path), before);
    QVERIFY(!db.connection().isValid());
}

void TestLibraryDatabase::foreignSqliteFileIsRefused()
{
    const QString conn = QStringLiteral("foreign-file");
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        raw.setDatabaseName(m_path);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE contacts (name TEXT)")));
    }
    QSqlDatabase::removeDatabase(conn);
    const QByteArray before = fileDigest(m_path);
    LibraryDatabase db(m_path);
    const Status opened = db.open();
    QVERIFY(!opened);
    QVERIFY2(opened.error().contains(QStringLiteral("not an EKNMusic library")), qPrintable(opened.error()));
    QCOMPARE(fileDigest(m_path), before);

    QFile junk(m_dir->filePath(QStringLiteral("junk/library.sqlite")));
    QDir().mkpath(m_dir->filePath(QStringLiteral("junk")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'x'));
    junk.close();
    LibraryDatabase junkDb(junk.fileName());
    const Status junkOpened = junkDb.open();
    QVERIFY(!junkOpened);
    QVERIFY2(junkOpened.error().contains(QStringLiteral("not an EKNMusic library")), qPrintable(junkOpened.error()));
}

void TestLibraryDatabase::damagedLibrarySaysWhatToDoAndIsLeftAsItIs()
{
    for (int i = 0; i < 300; ++i)
        addTrack(QStringLiteral("Track %1").arg(i), QStringLiteral("Artist %1").arg(i % 7), QStringLiteral("Album"));
    {
        const QString conn = QStringLiteral("damage");
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
            raw.setDatabaseName(m_path);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        QSqlDatabase::removeDatabase(conn);
    }
    // Half of the file lost (a disk full, a copy cut short).
    QFile f(m_path);
    QVERIFY(f.size() > 64 * 1024);
    QVERIFY(f.resize(f.size() / 2));
    const QByteArray before = fileDigest(m_path);
    LibraryDatabase db(m_path);
    const Status opened = db.open();
    QVERIFY(!opened);
    QVERIFY2(opened.error().startsWith(m_path + QStringLiteral(" is damaged")), qPrintable(opened.error()));
    QVERIFY2(opened.error().contains(QStringLiteral("restore it from a backup")), qPrintable(opened.error()));
    QVERIFY(!opened.error().contains(QStringLiteral("not an EKNMusic library")));
    QVERIFY(!opened.error().contains(QLatin1Char('\n')));
    QCOMPARE(fileDigest(m_path), before);
}

void TestLibraryDatabase::dataDirComesFromEnvironment()
{
    const QByteArray old = qgetenv("EKN_DATA_DIR");
    qputenv("EKN_DATA_DIR", m_dir->path().toUtf8());
    QCOMPARE(LibraryDatabase::defaultDataDir(), m_dir->path());
    qunsetenv("EKN_DATA_DIR");
    QVERIFY(!LibraryDatabase::defaultDataDir().isEmpty());
    QVERIFY(LibraryDatabase::defaultDataDir() != m_dir->path());
    if (!old.isEmpty())
        qputenv("EKN_DATA_DIR", old);
}

void TestLibraryDatabase::eachThreadGetsItsOwnConnection()
{
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    const QString mine = db.connection().connectionName();
    QString theirs;
    int theirCount = -1;
    QString theirJournal;
    std::unique_ptr<QThread> t(QThread::create([&] {
        QSqlDatabase c = db.connection();
        theirs = c.connectionName();
        theirCount = TrackStore(db).trackCount().value();
        theirJournal = scalar(c, QStringLiteral("PRAGMA journal_mode")).toString();
    }));
    t->start();
    QVERIFY(t->wait(10000));
    QVERIFY(!theirs.isEmpty());
    QVERIFY(theirs != mine);
    QCOMPARE(theirCount, 0);
    QCOMPARE(theirJournal, QStringLiteral("wal"));
    // The worker's connection goes away with its thread (thread-local cleanup runs just
    // after QThread reports finished).
    QTRY_VERIFY(!QSqlDatabase::contains(theirs));
    QVERIFY(QSqlDatabase::contains(mine));
}

// Another program (a second window, the CLI, a sync) holds the write lock: every write stops
// at BEGIN with a sentence that says the library is busy, and nothing changes: no entry, no
// rename, no soft delete, no outbox row. Once the lock is gone the same writes work (the
// lock was the only reason they failed).
void TestLibraryDatabase::aWriteWhoseBeginFailsStopsWithTheReasonAndChangesNothing()
{
    const QString a = addTrack(QStringLiteral("One"), QStringLiteral("X"), QStringLiteral("Y"));
    const QString b = addTrack(QStringLiteral("Two"), QStringLiteral("X"), QStringLiteral("Y"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    PlaylistStore playlists(db);
    TrackStore tracks(db);
    const QString id = playlists.create(QStringLiteral("Mix")).value();
    QCOMPARE(playlists.addTracks(id, {a}).value(), 1);
    QSqlDatabase conn = db.connection();
    QVERIFY(QSqlQuery(conn).exec(QStringLiteral("PRAGMA busy_timeout = 100"))); // not 10 s per try
    const int outboxBefore = scalar(conn, QStringLiteral("SELECT count(*) FROM outbox")).toInt();

    const QString holderName = QStringLiteral("write-lock-holder");
    {
        QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), holderName);
        holder.setDatabaseName(m_path);
        QVERIFY(holder.open());
        QSqlQuery lock(holder);
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        const auto saysBusy = [](const QString &error) {
            return error.startsWith(QStringLiteral("the library is busy")) && !error.contains(QStringLiteral("Unable to fetch row"));
        };
        const Result<int> added = playlists.addTracks(id, {b});
        QVERIFY(!added);
        QVERIFY2(saysBusy(added.error()), qPrintable(added.error()));
        const Status renamed = playlists.rename(id, QStringLiteral("Renamed"));
        QVERIFY(!renamed);
        QVERIFY2(saysBusy(renamed.error()), qPrintable(renamed.error()));
        const Status removed = playlists.removeEntry(id, 0);
        QVERIFY(!removed);
        QVERIFY2(saysBusy(removed.error()), qPrintable(removed.error()));
        const Result<QString> created = playlists.create(QStringLiteral("Other"));
        QVERIFY(!created);
        QVERIFY2(saysBusy(created.error()), qPrintable(created.error()));
        const Status deleted = tracks.setTrackDeleted(a, true);
        QVERIFY(!deleted);
        QVERIFY2(saysBusy(deleted.error()), qPrintable(deleted.error()));
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
    }
    QSqlDatabase::removeDatabase(holderName);

    QCOMPARE(scalar(conn, QStringLiteral("SELECT count(*) FROM outbox")).toInt(), outboxBefore);
    QCOMPARE(playlists.playlist(id).value()->name, QStringLiteral("Mix"));
    QCOMPARE(playlists.playlists().value().size(), 1);
    const QList<PlaylistEntry> entries = playlists.entries(id).value();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().track.id, a);
    QVERIFY(tracks.track(a).value().has_value()); // live tracks only: not soft-deleted

    QCOMPARE(playlists.addTracks(id, {b}).value(), 1);
    QVERIFY(playlists.rename(id, QStringLiteral("Renamed")));
    QVERIFY(tracks.setTrackDeleted(a, true));
    QVERIFY(!tracks.track(a).value().has_value());
}

void TestLibraryDatabase::playlistLifecycleWritesOutboxRows()
{
    const QString a = addTrack(QStringLiteral("One"), QStringLiteral("X"), QStringLiteral("Y"));
    const QString b = addTrack(QStringLiteral("Two"), QStringLiteral("X"), QStringLiteral("Y"));
    const QString c = addTrack(QStringLiteral("Three"), QStringLiteral("X"), QStringLiteral("Y"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    PlaylistStore store(db);
    QSqlDatabase conn = db.connection();
    const int outboxBefore = scalar(conn, QStringLiteral("SELECT count(*) FROM outbox")).toInt();

    const QString id = store.create(QStringLiteral("Road trip")).value();
    QCOMPARE(store.addTracks(id, {a, b, c}).value(), 3);
    auto names = [&] {
        QStringList out;
        for (const auto read = store.entries(id).value(); const PlaylistEntry &e : read)
            out << e.track.title + QLatin1Char('@') + QString::number(e.position);
        return out;
    };
    QCOMPARE(names(), QStringList({QStringLiteral("One@0"), QStringLiteral("Two@1"), QStringLiteral("Three@2")}));
    QVERIFY(store.moveEntry(id, 2, 0));
    QCOMPARE(names(), QStringList({QStringLiteral("Three@0"), QStringLiteral("One@1"), QStringLiteral("Two@2")}));
    QVERIFY(store.removeEntry(id, 1));
    QCOMPARE(names(), QStringList({QStringLiteral("Three@0"), QStringLiteral("Two@1")}));
    QVERIFY(store.rename(id, QStringLiteral("Road trip 2026")));
    QCOMPARE(store.playlist(id).value()->name, QStringLiteral("Road trip 2026"));
    QCOMPARE(store.playlist(id).value()->trackCount, 2);

    QVERIFY(store.remove(id));
    QVERIFY(store.playlists().value().isEmpty());
    QCOMPARE(store.playlists(true).value().size(), 1);
    QVERIFY(store.playlists(true).value().first().isDeleted());
    QCOMPARE(store.entries(id).value().size(), 2); // soft delete keeps the entries
    QVERIFY(store.restore(id));
    QCOMPARE(store.playlists().value().size(), 1);
    QVERIFY(!store.playlists().value().first().isDeleted());
    const Status unknown = store.rename(QStringLiteral("no-such-id"), QStringLiteral("x"));
    QCOMPARE(unknown.error(), QStringLiteral("no playlist with id no-such-id"));

    // Every change left its outbox rows, in order.
    QSqlQuery q(conn);
    QVERIFY(q.exec(QStringLiteral("SELECT table_name, op, changed_fields FROM outbox WHERE id > %1 ORDER BY id").arg(outboxBefore)));
    QStringList ops;
    bool sawDeletedAt = false;
    while (q.next()) {
        ops << q.value(0).toString() + QLatin1Char(':') + q.value(1).toString();
        const QJsonObject fields = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        sawDeletedAt = sawDeletedAt || fields.contains(QStringLiteral("deleted_at"));
    }
    QCOMPARE(ops.first(), QStringLiteral("playlists:insert"));
    QCOMPARE(ops.count(QStringLiteral("playlist_tracks:insert")), 3);
    QCOMPARE(ops.count(QStringLiteral("playlist_tracks:delete")), 1);
    QVERIFY(ops.count(QStringLiteral("playlist_tracks:update")) >= 2); // positions after the move
    QVERIFY(sawDeletedAt);
    QCOMPARE(ops.last(), QStringLiteral("playlists:update")); // the restore
}

void TestLibraryDatabase::playlistSurvivesUnknownTrackAndDuplicateAdds()
{
    const QString a = addTrack(QStringLiteral("One"), QStringLiteral("X"), QStringLiteral("Y"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    PlaylistStore store(db);
    QCOMPARE(store.create(QStringLiteral("  ")).error(), QStringLiteral("a playlist needs a name"));
    const QString id = store.create(QStringLiteral("Mix")).value();
    QCOMPARE(store.addTracks(id, {a}).value(), 1);
    QCOMPARE(store.addTracks(id, {a}).value(), 0); // once per playlist, like the server's UNIQUE
    const Result<int> unknown = store.addTracks(id, {QStringLiteral("not-a-track")});
    QVERIFY(!unknown);
    QVERIFY2(unknown.error().contains(QStringLiteral("FOREIGN KEY")), qPrintable(unknown.error()));
    QCOMPARE(store.entries(id).value().size(), 1); // the failed add rolled back as a whole
}

// A playlist edit that cannot be stored (the outbox table renamed away, as in a damaged or
// half-migrated library: SQLite refuses the edit's outbox row) fails with a message naming
// the missing table, and the playlist is as it was: its name, its entries in their order,
// not deleted, no new playlist. The same edits on the intact library work (the control), and
// work again once the table is back (the table was the only reason).
void TestLibraryDatabase::aPlaylistEditThatCannotBeStoredSaysWhyAndChangesNothing()
{
    const QString a = addTrack(QStringLiteral("One"), QStringLiteral("X"), QStringLiteral("Y"));
    const QString b = addTrack(QStringLiteral("Two"), QStringLiteral("X"), QStringLiteral("Y"));
    const QString c = addTrack(QStringLiteral("Three"), QStringLiteral("X"), QStringLiteral("Y"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    PlaylistStore store(db);
    const QString list = store.create(QStringLiteral("Mix")).value();
    QCOMPARE(store.addTracks(list, {a, b}).value(), 2);
    // Control: every edit works on the intact library.
    const QString control = store.create(QStringLiteral("Control")).value();
    QCOMPARE(store.addTracks(control, {a, b, c}).value(), 3);
    QVERIFY(store.moveEntry(control, 2, 0));
    QVERIFY(store.removeEntry(control, 0));
    QVERIFY(store.rename(control, QStringLiteral("Control 2")));
    QVERIFY(store.remove(control));
    QVERIFY(store.restore(control));
    auto shown = [&](const QString &id) {
        const std::optional<Playlist> p = store.playlist(id).value();
        QStringList out{p ? p->name + (p->isDeleted() ? QStringLiteral(" (deleted)") : QString()) : QStringLiteral("gone")};
        for (const auto read = store.entries(id).value(); const PlaylistEntry &e : read)
            out << e.track.title + QLatin1Char('@') + QString::number(e.position);
        return out;
    };
    const QStringList before = shown(list);
    QCOMPARE(before, QStringList({QStringLiteral("Mix"), QStringLiteral("One@0"), QStringLiteral("Two@1")}));

    QSqlDatabase conn = db.connection();
    QVERIFY(QSqlQuery(conn).exec(QStringLiteral("ALTER TABLE outbox RENAME TO outbox_gone")));
    const auto namesTheTable = [](const QString &error) {
        return error.contains(QStringLiteral("cannot record the change for sync: no such table: outbox"));
    };
    const QList<QPair<const char *, QString>> failures = {
        {"rename", store.rename(list, QStringLiteral("Renamed")).error()},
        {"addTracks", store.addTracks(list, {c}).error()},
        {"moveEntry", store.moveEntry(list, 1, 0).error()},
        {"removeEntry", store.removeEntry(list, 0).error()},
        {"remove", store.remove(list).error()},
        {"create", store.create(QStringLiteral("New")).error()},
    };
    for (const auto &[edit, error] : failures)
        QVERIFY2(namesTheTable(error), qPrintable(QString::fromLatin1(edit) + QStringLiteral(": ") + error));
    QCOMPARE(shown(list), before);
    QCOMPARE(store.playlists().value().size(), 2); // no "New"

    QVERIFY(QSqlQuery(conn).exec(QStringLiteral("ALTER TABLE outbox_gone RENAME TO outbox")));
    QVERIFY(store.rename(list, QStringLiteral("Renamed")));
    QCOMPARE(shown(list).first(), QStringLiteral("Renamed"));
}

void TestLibraryDatabase::trackEditUpdatesFieldsAndOutboxTogether()
{
    const QString id = addTrack(QStringLiteral("Old title"), QStringLiteral("Old artist"), QStringLiteral("Album"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    const int outboxBefore = scalar(db.connection(), QStringLiteral("SELECT count(*) FROM outbox")).toInt();
    TrackEdit edit;
    edit.title = QStringLiteral("New title");
    edit.genre = QStringLiteral("Jazz");
    edit.year = 1999;
    const Status saved = store.updateTrack(id, edit);
    QVERIFY2(saved, qPrintable(saved.error()));
    const Track t = *store.track(id).value();
    QCOMPARE(t.title, QStringLiteral("New title"));
    QCOMPARE(t.artist, QStringLiteral("Old artist"));
    QCOMPARE(t.genre, QStringLiteral("Jazz"));
    QCOMPARE(t.year, 1999);
    QVERIFY(t.updatedAt >= t.createdAt);

    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT table_name, row_id, op, changed_fields FROM outbox WHERE id > %1").arg(outboxBefore)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("music_tracks"));
    QCOMPARE(q.value(1).toString(), id);
    QCOMPARE(q.value(2).toString(), QStringLiteral("update"));
    const QJsonObject fields = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    QCOMPARE(fields.value(QStringLiteral("title")).toString(), QStringLiteral("New title"));
    QVERIFY(!fields.contains(QStringLiteral("artist"))); // unchanged fields are not sent
    QCOMPARE(fields.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("genre")).toString(),
             QStringLiteral("Jazz"));
    QVERIFY(!q.next());

    // An edit that changes nothing writes nothing.
    TrackEdit same;
    same.title = QStringLiteral("New title");
    QVERIFY(store.updateTrack(id, same));
    QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM outbox")).toInt(), outboxBefore + 1);
    QVERIFY(!store.updateTrack(QStringLiteral("missing-id"), edit));
}

void TestLibraryDatabase::trackEditRejectsEmptyTitle()
{
    const QString id = addTrack(QStringLiteral("Keep me"), QStringLiteral("A"), QStringLiteral("B"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    TrackEdit edit;
    edit.title = QStringLiteral("   ");
    const Status refused = store.updateTrack(id, edit);
    QVERIFY(!refused);
    QVERIFY(refused.error().contains(QStringLiteral("title")));
    QCOMPARE(store.track(id).value()->title, QStringLiteral("Keep me"));
}

void TestLibraryDatabase::namesTooLongForTheServerAreRefusedWithTheLimit()
{
    // The server's VARCHAR(500) / VARCHAR(255) would refuse these at every sync.
    const QString id = addTrack(QStringLiteral("Keep me"), QStringLiteral("A"), QStringLiteral("B"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore tracks(db);
    TrackEdit edit;
    edit.artist = QString(501, QLatin1Char('a'));
    const Status refused = tracks.updateTrack(id, edit);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QStringLiteral("the artist can have at most 500 characters (this one has 501)"));
    QCOMPARE(tracks.track(id).value()->artist, QStringLiteral("A"));
    // Characters, not UTF-16 units: 300 notes are 600 units and fit.
    QString notes;
    for (int i = 0; i < 300; ++i)
        notes += QString::fromUcs4(U"\U0001F3B5", 1);
    edit.artist = notes;
    const Status saved = tracks.updateTrack(id, edit);
    QVERIFY2(saved, qPrintable(saved.error()));
    QCOMPARE(tracks.track(id).value()->artist, notes);

    PlaylistStore playlists(db);
    QCOMPARE(playlists.create(QString(256, QLatin1Char('p'))).error(),
             QStringLiteral("a playlist name can have at most 255 characters (this one has 256)"));
    QVERIFY(playlists.playlists().value().isEmpty());
    const QString list = playlists.create(QString(255, QLatin1Char('p'))).value();
    QVERIFY(playlists.rename(list, QString(300, QLatin1Char('q'))).error().contains(QStringLiteral("at most 255 characters")));
    QCOMPARE(playlists.playlist(list).value()->name, QString(255, QLatin1Char('p')));
}

void TestLibraryDatabase::namesWithLineBreaksOrEscapesAreRefused()
{
    // They split rows and drive terminals in listings (`eknmusic-cli tracks`, playlist list).
    const QString id = addTrack(QStringLiteral("Keep me"), QStringLiteral("A"), QStringLiteral("B"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore tracks(db);
    PlaylistStore playlists(db);
    const QString list = playlists.create(QStringLiteral("Road trip")).value();
    QVERIFY(!list.isEmpty());
    TrackEdit edit;
    edit.title = QStringLiteral("New\nLine\x1b[2J");
    const Status refused = tracks.updateTrack(id, edit);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QStringLiteral("the title cannot contain line breaks or control characters"));
    QCOMPARE(tracks.track(id).value()->title, QStringLiteral("Keep me"));
    QVERIFY(playlists.rename(list, QStringLiteral("A\nB")).error().contains(QStringLiteral("line breaks")));
    QVERIFY(playlists.create(QStringLiteral("A\tB")).error().contains(QStringLiteral("line breaks")));
}

void TestLibraryDatabase::searchFindsDiacriticsInsensitively()
{
    addTrack(QStringLiteral("Halo"), QStringLiteral("Beyoncé"), QStringLiteral("I Am... Sasha Fierce"));
    addTrack(QStringLiteral("Ça plane pour moi"), QStringLiteral("Plastic Bertrand"), QStringLiteral("AN1"));
    addTrack(QStringLiteral("Other"), QStringLiteral("Someone"), QStringLiteral("Else"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    QCOMPARE(titles(store.search(QStringLiteral("beyonce")).value()), QStringList{QStringLiteral("Halo")});
    QCOMPARE(titles(store.search(QStringLiteral("BEYONCÉ")).value()), QStringList{QStringLiteral("Halo")});
    QCOMPARE(titles(store.search(QStringLiteral("ca plane")).value()), QStringList{QStringLiteral("Ça plane pour moi")});
    QVERIFY(store.search(QStringLiteral("nothing-like-this")).value().isEmpty());
    QVERIFY(store.search(QStringLiteral("\"unbalanced")).value().isEmpty()); // no error either
    QCOMPARE(store.search(QStringLiteral("---")).value().size(), 0); // no words: nothing, and no error
}

void TestLibraryDatabase::searchMatchesPrefixesAsYouType()
{
    addTrack(QStringLiteral("Get Lucky"), QStringLiteral("Daft Punk"), QStringLiteral("Random Access Memories"));
    addTrack(QStringLiteral("Lucid"), QStringLiteral("Someone"), QStringLiteral("Dreams"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    QCOMPARE(titles(store.search(QStringLiteral("d")).value()).size(), 2); // Daft, Dreams
    QCOMPARE(titles(store.search(QStringLiteral("da")).value()), QStringList{QStringLiteral("Get Lucky")});
    QCOMPARE(titles(store.search(QStringLiteral("luc")).value()).size(), 2);
    QCOMPARE(titles(store.search(QStringLiteral("luck")).value()), QStringList{QStringLiteral("Get Lucky")});
    QCOMPARE(titles(store.search(QStringLiteral("daft luc")).value()), QStringList{QStringLiteral("Get Lucky")});
    QCOMPARE(titles(store.search(QStringLiteral("\"random access\"")).value()), QStringList{QStringLiteral("Get Lucky")});
}

void TestLibraryDatabase::searchFieldFilters()
{
    addTrack(QStringLiteral("Paris"), QStringLiteral("Rock Band"), QStringLiteral("Jazz Nights"), QStringLiteral("Rock"), 1999);
    addTrack(QStringLiteral("Rome"), QStringLiteral("Jazz Trio"), QStringLiteral("Cities"), QStringLiteral("Jazz"), 2005);
    addTrack(QStringLiteral("Rock Song"), QStringLiteral("Jazz Trio"), QStringLiteral("Rocks"), QStringLiteral("Jazz"), 2010,
             QStringLiteral("Compilations Inc"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    QCOMPARE(titles(store.search(QStringLiteral("artist:rock")).value()), QStringList{QStringLiteral("Paris")});
    QCOMPARE(titles(store.search(QStringLiteral("album:jazz")).value()), QStringList{QStringLiteral("Paris")});
    QCOMPARE(titles(store.search(QStringLiteral("genre:jazz")).value()).size(), 2);
    QCOMPARE(titles(store.search(QStringLiteral("genre:jazz year:2005")).value()), QStringList{QStringLiteral("Rome")});
    QCOMPARE(titles(store.search(QStringLiteral("year:2000-2010")).value()).size(), 2);
    QCOMPARE(titles(store.search(QStringLiteral("year:1999")).value()), QStringList{QStringLiteral("Paris")});
    QCOMPARE(titles(store.search(QStringLiteral("artist:\"jazz trio\" title:rock")).value()), QStringList{QStringLiteral("Rock Song")});
    QCOMPARE(titles(store.search(QStringLiteral("album_artist:compil")).value()), QStringList{QStringLiteral("Rock Song")});
}

void TestLibraryDatabase::searchYearRangeTakesBothSpellings()
{
    addTrack(QStringLiteral("Paris"), QStringLiteral("Rock Band"), QStringLiteral("Jazz Nights"), QStringLiteral("Rock"), 1999);
    addTrack(QStringLiteral("Rome"), QStringLiteral("Jazz Trio"), QStringLiteral("Cities"), QStringLiteral("Jazz"), 2005);
    addTrack(QStringLiteral("Oslo"), QStringLiteral("Jazz Trio"), QStringLiteral("Cities"), QStringLiteral("Jazz"), 2012);
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    const QStringList expected{QStringLiteral("Paris"), QStringLiteral("Rome")};
    auto sorted = [](QStringList l) { l.sort(); return l; };
    QCOMPARE(sorted(titles(store.search(QStringLiteral("year:1990-2009")).value())), expected);
    QCOMPARE(sorted(titles(store.search(QStringLiteral("year:1990..2009")).value())), expected); // as the README writes it
    QCOMPARE(sorted(titles(store.search(QStringLiteral("year:2009..1990")).value())), expected);
    QCOMPARE(store.searchCount(QStringLiteral("year:1990..2009")).value(), 2);
    QCOMPARE(titles(store.search(QStringLiteral("jazz year:2010..2019")).value()), QStringList{QStringLiteral("Oslo")});
}

void TestLibraryDatabase::searchKeepsTheTracksItsListeningFiltersPass()
{
    const QString paris = addTrack(QStringLiteral("Paris"), QStringLiteral("Rock Band"), QStringLiteral("Cities"));
    const QString rome = addTrack(QStringLiteral("Rome"), QStringLiteral("Rock Band"), QStringLiteral("Cities"));
    addTrack(QStringLiteral("Oslo"), QStringLiteral("Jazz Trio"), QStringLiteral("Cities")); // never rated
    const QString lima = addTrack(QStringLiteral("Lima"), QStringLiteral("Jazz Trio"), QStringLiteral("Cities"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    auto rate = [&](const QString &id, int halfStars) {
        TrackEdit e;
        e.rating = halfStars;
        QVERIFY(store.updateTrack(id, e));
    };
    rate(paris, 10); // five stars
    rate(rome, 8);   // four
    rate(lima, 4);   // two
    auto sorted = [](QStringList l) { l.sort(); return l; };
    // A filter alone, a filter narrowing words, two filters: what a person types in the box.
    const Result<QList<Track>> rated = store.search(QStringLiteral("rating:>=4"));
    QVERIFY2(rated, qPrintable(rated.error()));
    QCOMPARE(sorted(titles(store.search(QStringLiteral("rating:>=4")).value())),
             (QStringList{QStringLiteral("Paris"), QStringLiteral("Rome")}));
    QCOMPARE(titles(store.search(QStringLiteral("jazz rating:>=1")).value()), QStringList{QStringLiteral("Lima")});
    QCOMPARE(titles(store.search(QStringLiteral("rock rating:>4 rating:<=5")).value()), QStringList{QStringLiteral("Paris")});
    QCOMPARE(sorted(titles(store.search(QStringLiteral("rating:<1")).value())), QStringList{QStringLiteral("Oslo")});
    // The paged search, its count and a search inside a view agree with it.
    QCOMPARE(store.searchRowids(QStringLiteral("rating:>=4"), -1).value().size(), 2);
    QCOMPARE(store.searchCount(QStringLiteral("rating:>=4")).value(), 2);
    QCOMPARE(store.searchCount(QStringLiteral("jazz")).value(), 2); // no filter: the index's count
    QCOMPARE(store.searchTrackIds(QStringLiteral("cities rating:>=4")).value(), (QSet<QString>{paris, rome}));
    // A deleted track is not found by its rating.
    QVERIFY(store.setTrackDeleted(rome, true));
    QCOMPARE(titles(store.search(QStringLiteral("rating:>=4")).value()), QStringList{QStringLiteral("Paris")});
    QCOMPARE(store.searchCount(QStringLiteral("rating:>=4")).value(), 1);
}

void TestLibraryDatabase::searchWithAFilterItCannotReadSaysWhichAndWhy()
{
    addTrack(QStringLiteral("Paris"), QStringLiteral("Rock Band"), QStringLiteral("Cities"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    // Not "no match" (an empty list), and not the words alone with the filter dropped.
    for (const QString &typed : {QStringLiteral("rating:9"), QStringLiteral("paris rating:9"), QStringLiteral("played:30d")}) {
        const Result<QList<Track>> found = store.search(typed);
        QVERIFY2(!found, qPrintable(typed));
        QVERIFY2(found.error().contains(typed.section(QLatin1Char(' '), -1)), qPrintable(found.error()));
        QVERIFY(!store.searchRowids(typed, 50));
        QVERIFY(!store.searchCount(typed));
        QVERIFY(!store.searchTrackIds(typed));
    }
    QVERIFY(store.search(QStringLiteral("rating:9")).error().contains(QStringLiteral("is not a rating")));
    // Control: the same words with a filter it can read find the track.
    QCOMPARE(titles(store.search(QStringLiteral("paris rating:<=5")).value()), QStringList{QStringLiteral("Paris")});
}

void TestLibraryDatabase::searchRanksTitleMatchesFirst()
{
    addTrack(QStringLiteral("Something else"), QStringLiteral("Love Inc"), QStringLiteral("Love Songs"));
    addTrack(QStringLiteral("Love"), QStringLiteral("Nobody"), QStringLiteral("Other"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    const QStringList found = titles(TrackStore(db).search(QStringLiteral("love")).value());
    QCOMPARE(found, QStringList({QStringLiteral("Love"), QStringLiteral("Something else")}));
}

void TestLibraryDatabase::searchFollowsEdits()
{
    const QString id = addTrack(QStringLiteral("Before"), QStringLiteral("Artist"), QStringLiteral("Album"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    TrackEdit edit;
    edit.title = QStringLiteral("Afterglow");
    edit.genre = QStringLiteral("Shoegaze");
    QVERIFY(store.updateTrack(id, edit));
    QVERIFY(store.search(QStringLiteral("before")).value().isEmpty());
    QCOMPARE(titles(store.search(QStringLiteral("afterg")).value()), QStringList{QStringLiteral("Afterglow")});
    QCOMPARE(titles(store.search(QStringLiteral("genre:shoe")).value()), QStringList{QStringLiteral("Afterglow")});
}

void TestLibraryDatabase::queriesByArtistAlbumGenreAndPaging()
{
    addTrack(QStringLiteral("B1"), QStringLiteral("Beta"), QStringLiteral("Second"), QStringLiteral("Pop"));
    addTrack(QStringLiteral("A1"), QStringLiteral("Alpha"), QStringLiteral("First"), QStringLiteral("Rock"));
    addTrack(QStringLiteral("A2"), QStringLiteral("Guest"), QStringLiteral("First"), QStringLiteral("Rock"), 0,
             QStringLiteral("Alpha"));
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackStore store(db);
    QCOMPARE(titles(store.allTracks().value()), QStringList({QStringLiteral("A1"), QStringLiteral("A2"), QStringLiteral("B1")}));
    QCOMPARE(titles(store.allTracks(1, 1).value()), QStringList{QStringLiteral("A2")});
    QCOMPARE(titles(store.tracksByArtist(QStringLiteral("alpha")).value()), QStringList({QStringLiteral("A1"), QStringLiteral("A2")}));
    QCOMPARE(titles(store.tracksByAlbum(QStringLiteral("First")).value()).size(), 2);
    QCOMPARE(titles(store.tracksByGenre(QStringLiteral("Pop")).value()), QStringList{QStringLiteral("B1")});
    QCOMPARE(store.artists().value(), QStringList({QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Guest")}));
    QCOMPARE(store.albums().value(), QStringList({QStringLiteral("First"), QStringLiteral("Second")}));
    QCOMPARE(store.genres().value(), QStringList({QStringLiteral("Pop"), QStringLiteral("Rock")}));
    QVERIFY(store.unavailableTracks().value().isEmpty());
    const QList<Track> two = store.tracks({store.allTracks().value().at(2).id, store.allTracks().value().at(0).id}).value();
    QCOMPARE(titles(two), QStringList({QStringLiteral("B1"), QStringLiteral("A1")}));
}

void TestLibraryDatabase::broadSearchInABigLibraryPutsTitleMatchesFirst()
{
    // More matches than TrackStore ranks with bm25: the broad path must still list title
    // matches before artist-only ones, and stop at the limit.
    LibraryDatabase db(m_path);
    QVERIFY(db.open());
    TrackWriter writer(db.connection());
    QVERIFY(writer.begin());
    for (int i = 0; i < 1500; ++i) {
        ScannedFile f;
        f.path = QStringLiteral("/big/%1.mp3").arg(i);
        f.nfcPath = f.path;
        f.size = i + 1;
        f.contentHash = QString::number(i);
        const bool title = i % 300 == 7; // 5 tracks titled "Fire ...", the rest by "Fink"
        f.info.title = title ? QStringLiteral("Fire %1").arg(i) : QStringLiteral("Song %1").arg(i);
        f.info.artist = title ? QStringLiteral("Somebody") : QStringLiteral("Fink");
        f.info.format = QStringLiteral("mp3");
        QVERIFY(writer.insertTrack(f).ok());
    }
    QVERIFY(writer.commit().ok());
    TrackStore store(db);
    const QList<Track> found = store.search(QStringLiteral("fi"), 50).value();
    QCOMPARE(found.size(), 50);
    for (int i = 0; i < 5; ++i)
        QVERIFY2(found[i].title.startsWith(QStringLiteral("Fire")), qPrintable(found[i].title));
    for (int i = 5; i < found.size(); ++i)
        QCOMPARE(found[i].artist, QStringLiteral("Fink"));
    QCOMPARE(store.search(QStringLiteral("fire")).value().size(), 5); // narrow: ranked as usual
}
