#include "tst_searchindex.h"

#include "library/indexdeferral.h"
#include "library/searchdeferral.h"
#include "library/writetransaction.h"
#include "library/library.h"
#include "library/trackwriter.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QTest>
#include <csignal>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>

using namespace ekn;

namespace {

// Runs `work` in a child process that is killed (SIGKILL) where work calls dieHere(), as a
// crash or a power cut would end it: mid-transaction, every object still alive. False when
// the work failed (returned) before it got there.
bool killedMidWay(const std::function<void(const std::function<void()> &dieHere)> &work)
{
    int ready[2];
    if (::pipe(ready) != 0)
        return false;
    const pid_t child = ::fork();
    if (child < 0)
        return false;
    if (child == 0) {
        ::close(ready[0]);
        work([&ready] {
            const char byte = 'x';
            if (::write(ready[1], &byte, 1) != 1)
                ::_exit(3);
            for (;;)
                ::pause();
        });
        ::_exit(1);
    }
    ::close(ready[1]);
    char byte = 0;
    const bool childReady = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    return childReady && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

int count(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

ScannedFile fileFor(const QString &title, int n)
{
    ScannedFile f;
    f.path = QStringLiteral("/music/bulk/%1.flac").arg(n);
    f.nfcPath = f.path;
    f.size = 1000 + n;
    f.mtime = 1700000000000 + n;
    f.contentHash = QString::number(n);
    f.info.title = title;
    f.info.artist = QStringLiteral("Artist %1").arg(n % 7);
    f.info.album = QStringLiteral("Album %1").arg(n % 11);
    f.info.genre = QStringLiteral("Genre%1").arg(n % 3);
    f.info.year = 1970 + n % 30;
    f.info.format = QStringLiteral("flac");
    f.info.durationMs = 61000;
    f.info.sampleRate = 44100;
    return f;
}

// Writes tracks "Word <i>" for i in [from, to) through the scanner's writer, one transaction.
QStringList writeBatch(TrackWriter &writer, int from, int to)
{
    QStringList ids;
    if (!writer.begin())
        return ids;
    for (int i = from; i < to; ++i) {
        const Result<QString> id = writer.insertTrack(fileFor(QStringLiteral("Zephyr %1").arg(i), i));
        if (!id) {
            writer.rollback();
            return {};
        }
        ids << *id;
    }
    return writer.commit() ? ids : QStringList();
}

// Tracks written as a first pull's pages write them (WriteTransaction::Search::Later): listed in
// the search backlog, not indexed. Each is (title, artist, genre, year); returns their ids.
QStringList writeToBacklog(const LibraryDatabase &db, const QList<QStringList> &tracks)
{
    QStringList ids;
    Result<WriteTransaction> tx = WriteTransaction::begin(db.connection(), WriteTransaction::Search::Later);
    if (!tx)
        return {};
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("INSERT INTO music_tracks (id, title, artist, album, file_url, metadata, created_at, "
                             "updated_at) VALUES (?, ?, ?, 'Pulled album', 'file:///elsewhere.flac', "
                             "json_object('genre', ?, 'year', ?), '2025-01-01T00:00:00.000Z', "
                             "'2025-01-01T00:00:00.000Z')"));
    for (const QStringList &t : tracks) {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        q.addBindValue(id);
        q.addBindValue(t.value(0));
        q.addBindValue(t.value(1));
        q.addBindValue(t.value(2));
        q.addBindValue(t.value(3).toInt());
        if (!q.exec()) {
            qWarning() << q.lastError().text();
            return {};
        }
        ids << id;
    }
    return tx->commit() ? ids : QStringList();
}

QList<QStringList> numbered(int from, int to)
{
    QList<QStringList> tracks;
    for (int i = from; i < to; ++i)
        tracks << QStringList{QStringLiteral("Zephyr pulled %1").arg(i), QStringLiteral("Artist %1").arg(i % 5),
                              QStringLiteral("Genre%1").arg(i % 3), QString::number(1980 + i % 20)};
    return tracks;
}

// What a user would check: every live track is found by its title, nothing else is in the
// index, and FTS5's own consistency check passes.
void verifySearchMatchesTracks(const LibraryDatabase &db)
{
    QSqlDatabase c = db.connection();
    const int live =
        count(c, QStringLiteral("SELECT count(*) FROM music_tracks WHERE deleted_at IS NULL"));
    QCOMPARE(count(c, QStringLiteral("SELECT count(*) FROM track_search")), live);
    QCOMPARE(count(c, QStringLiteral("SELECT count(*) FROM search_pending")), 0);
    QCOMPARE(count(c, QStringLiteral("SELECT count(*) FROM search_defer")), 0);
    QSqlQuery check(c);
    QVERIFY2(check.exec(QStringLiteral(
                 "INSERT INTO track_search(track_search) VALUES ('integrity-check')")),
             qPrintable(check.lastError().text()));
    TrackStore store(db);
    QCOMPARE(store.search(QStringLiteral("zephyr"), -1).value().size() +
                 store.search(QStringLiteral("renamed"), -1).value().size() +
                 store.search(QStringLiteral("edited"), -1).value().size(),
             live);
    QSqlQuery q(c);
    q.setForwardOnly(true);
    QVERIFY(q.exec(QStringLiteral("SELECT title FROM music_tracks WHERE deleted_at IS NULL")));
    QStringList titles;
    while (q.next())
        titles << q.value(0).toString();
    q.finish();
    for (const QString &title : std::as_const(titles)) {
        const QList<Track> found = store.search(QLatin1Char('"') + title + QLatin1Char('"'), -1).value();
        bool hit = false;
        for (const Track &t : found)
            hit = hit || t.title == title;
        QVERIFY2(hit, qPrintable(title));
    }
}

} // namespace

void TestSearchIndex::init()
{
    delete m_dir;
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_path = LibraryDatabase::fileNameIn(m_dir->path());
}

void TestSearchIndex::bulkWriteIsSearchableAfterCommitWithEveryEditAndDelete()
{
    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    TrackWriter writer(db.connection());
    const QStringList ids = writeBatch(writer, 0, 300);
    QCOMPARE(ids.size(), 300);
    QCOMPARE(TrackStore(db).search(QStringLiteral("zephyr 42")).value().first().title,
             QStringLiteral("Zephyr 42"));
    verifySearchMatchesTracks(db);

    // A second bulk transaction re-reads some tracks (new titles), inserts others, and a
    // pulled page soft-deletes and hard-deletes some: each shows in search after commit.
    QVERIFY(writer.begin());
    for (int i = 0; i < 50; ++i)
        QVERIFY(writer.updateTrack(ids[i], fileFor(QStringLiteral("Renamed %1").arg(i), i)).ok());
    for (int i = 300; i < 350; ++i)
        QVERIFY(writer.insertTrack(fileFor(QStringLiteral("Zephyr %1").arg(i), i)).ok());
    {
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral(
            "UPDATE music_tracks SET deleted_at = '2025-01-01T00:00:00.000Z' WHERE title IN "
            "('Zephyr 100', 'Zephyr 101')")));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM music_tracks WHERE title = 'Zephyr 102'")));
    }
    QVERIFY(writer.commit());
    TrackStore store(db);
    QCOMPARE(store.search(QStringLiteral("renamed"), -1).value().size(), 50);
    QCOMPARE(store.search(QStringLiteral("title:zephyr"), -1).value().size(), 300 - 50 + 50 - 3);
    QVERIFY(store.search(QStringLiteral("\"zephyr 101\"")).value().isEmpty());
    QVERIFY(store.search(QStringLiteral("\"zephyr 102\"")).value().isEmpty());
    QCOMPARE(store.search(QStringLiteral("\"zephyr 349\"")).value().size(), 1);
    verifySearchMatchesTracks(db);

    // Single edits outside bulk writes still index per row.
    TrackEdit e;
    e.title = QStringLiteral("Edited by hand");
    QVERIFY(store.updateTrack(ids[200], e));
    QCOMPARE(store.search(QStringLiteral("edited hand")).value().size(), 1);
    verifySearchMatchesTracks(db);
}

void TestSearchIndex::rolledBackBulkWriteLeavesNoTraceInSearch()
{
    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    TrackWriter writer(db.connection());
    QCOMPARE(writeBatch(writer, 0, 20).size(), 20);
    QVERIFY(writer.begin());
    for (int i = 20; i < 40; ++i)
        QVERIFY(writer.insertTrack(fileFor(QStringLiteral("Zephyr %1").arg(i), i)).ok());
    writer.rollback();
    QCOMPARE(TrackStore(db).trackCount().value(), 20);
    verifySearchMatchesTracks(db);
    // The next bulk write and a single edit both index as usual.
    QCOMPARE(writeBatch(writer, 40, 60).size(), 20);
    verifySearchMatchesTracks(db);
}

void TestSearchIndex::processKilledInsideABulkWriteLeavesSearchInStepWithTracks()
{
    {
        LibraryDatabase db(m_path);
        if (const Status opened = db.open(); !opened)
            QFAIL(qPrintable(opened.error()));
    }
    QVERIFY2(killedMidWay([&](const std::function<void()> &dieHere) {
                 // The writer: one committed batch, then a second one killed before its COMMIT,
                 // with its rows (and the deferral row) written to the WAL's uncommitted pages.
                 LibraryDatabase db(m_path);
                 if (!db.open())
                     return;
                 TrackWriter writer(db.connection());
                 if (writeBatch(writer, 0, 500).size() != 500)
                     return;
                 // A small page cache makes SQLite spill the open transaction's pages to the WAL,
                 // as a big batch does: the reopened library must ignore those uncommitted frames.
                 QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA cache_size = 8"));
                 if (!writer.begin())
                     return;
                 for (int i = 500; i < 3000; ++i)
                     if (!writer.insertTrack(fileFor(QStringLiteral("Zephyr %1").arg(i), i)))
                         return;
                 dieHere();
             }),
             "the writer process failed before its bulk write");

    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    QCOMPARE(TrackStore(db).trackCount().value(), 500);
    verifySearchMatchesTracks(db);
    // The library goes on: the next bulk write lands and is searchable.
    TrackWriter writer(db.connection());
    QCOMPARE(writeBatch(writer, 500, 700).size(), 200);
    QCOMPARE(TrackStore(db).trackCount().value(), 700);
    verifySearchMatchesTracks(db);
}

void TestSearchIndex::indexMissedByACommittedWriterIsRepairedAtOpen()
{
    {
        LibraryDatabase db(m_path);
        if (const Status opened = db.open(); !opened)
            QFAIL(qPrintable(opened.error()));
        TrackWriter writer(db.connection());
        QCOMPARE(writeBatch(writer, 0, 10).size(), 10);
        // A writer that committed its rows without indexing them (what a bug, or a build
        // without WriteTransaction's flush, would leave): the rows are noted, not indexed.
        QSqlDatabase c = db.connection();
        QSqlQuery q(c);
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO search_defer (active) VALUES (1)")));
        QVERIFY(q.exec(QStringLiteral(
            "UPDATE music_tracks SET title = 'Zephyr unseen' WHERE title = 'Zephyr 3'")));
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
        QVERIFY(TrackStore(db).search(QStringLiteral("unseen")).value().isEmpty());
    }
    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    QCOMPARE(TrackStore(db).search(QStringLiteral("unseen")).value().size(), 1);
    QVERIFY(TrackStore(db).search(QStringLiteral("\"zephyr 3\"")).value().isEmpty());
    verifySearchMatchesTracks(db);
}

void TestSearchIndex::bulkLoadKilledBeforeItsIndexesWereBuiltGetsThemAtOpen()
{
    const QString indexCount =
        QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                       "NULL AND tbl_name IN ('music_tracks', 'track_files')");
    int before = 0;
    {
        LibraryDatabase db(m_path);
        if (const Status opened = db.open(); !opened)
            QFAIL(qPrintable(opened.error()));
        before = count(db.connection(), indexCount);
        QVERIFY(before >= 5);
    }
    QVERIFY2(killedMidWay([&](const std::function<void()> &dieHere) {
                 // A first scan of an empty library: indexes dropped, two batches committed, then
                 // the process dies before building them.
                 LibraryDatabase db(m_path);
                 if (!db.open() || !IndexDeferral::deferIfEmpty(db.connection()))
                     return;
                 TrackWriter writer(db.connection());
                 if (writeBatch(writer, 0, 200).size() != 200 ||
                     writeBatch(writer, 200, 400).size() != 200)
                     return;
                 dieHere();
             }),
             "the writer process failed before its bulk load");
    {
        // Looked at without opening it as a library: the load really left without its indexes.
        QSqlDatabase raw =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-look"));
        raw.setDatabaseName(m_path);
        QVERIFY(raw.open());
        QCOMPARE(count(raw, indexCount), 0);
        QCOMPARE(count(raw, QStringLiteral("SELECT count(*) FROM deferred_indexes")), before);
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw-look"));

    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    QCOMPARE(count(db.connection(), indexCount), before);
    QCOMPARE(count(db.connection(), QStringLiteral("SELECT count(*) FROM deferred_indexes")), 0);
    QCOMPARE(TrackStore(db).trackCount().value(), 400);
    QCOMPARE(TrackStore(db).tracksByArtist(QStringLiteral("Artist 3")).value().size(),
             57); // n % 7 == 3 below 400
    verifySearchMatchesTracks(db);
}

void TestSearchIndex::tracksWaitingForTheSearchIndexAreFoundMeanwhile()
{
    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    TrackWriter writer(db.connection());
    QCOMPARE(writeBatch(writer, 0, 10).size(), 10); // scanned here, indexed as usual
    QList<QStringList> pulled = numbered(0, 200);
    pulled << QStringList{QStringLiteral("Zephyr Crazy in Love"), QStringLiteral("Beyoncé"), QStringLiteral("R&B"),
                          QStringLiteral("2003")}
           << QStringList{QStringLiteral("Zephyr Thunderstruck"), QStringLiteral("AC/DC"), QStringLiteral("Rock"),
                          QStringLiteral("1990")};
    const QStringList ids = writeToBacklog(db, pulled);
    QCOMPARE(ids.size(), 202);
    QSqlDatabase c = db.connection();
    QCOMPARE(SearchDeferral::backlogSize(c).value(), 202);
    // The control: the index alone does not know them yet.
    QCOMPARE(count(c, QStringLiteral("SELECT count(*) FROM track_search")), 10);
    QCOMPARE(count(c, QStringLiteral("SELECT count(*) FROM track_search WHERE track_search MATCH 'beyonce'")), 0);

    // What a user types finds them all the same, folded as the index folds.
    TrackStore store(db);
    const auto titles = [&store](const QString &query) {
        QStringList out;
        for (const auto read = store.search(query, -1).value(); const Track &t : read)
            out << t.title;
        return out;
    };
    QCOMPARE(titles(QStringLiteral("beyonce")), QStringList{QStringLiteral("Zephyr Crazy in Love")});
    QCOMPARE(titles(QStringLiteral("BEYONCÉ lov")), QStringList{QStringLiteral("Zephyr Crazy in Love")});
    QCOMPARE(titles(QStringLiteral("artist:beyon")).size(), 1);
    QVERIFY(titles(QStringLiteral("title:beyonce")).isEmpty());
    QCOMPARE(titles(QStringLiteral("ac/dc")), QStringList{QStringLiteral("Zephyr Thunderstruck")});
    QCOMPARE(titles(QStringLiteral("year:1990 thunder")).size(), 1);
    QVERIFY(titles(QStringLiteral("year:1991 thunder")).isEmpty());
    QCOMPARE(titles(QStringLiteral("zephyr")).size(), 212); // indexed and waiting together
    QCOMPARE(titles(QStringLiteral("pulled genre:genre1")).size(), 67);
    QCOMPARE(store.searchCount(QStringLiteral("zephyr")).value(), 212);
    QCOMPARE(store.searchRowids(QStringLiteral("zephyr"), 50).value().size(), 50);
    QCOMPARE(store.searchTrackIds(QStringLiteral("beyonce")).value(), QSet<QString>{ids[200]});
    SmartRule rule;
    rule.query = QStringLiteral("thunderstruck");
    const Result<QList<Track>> smart = SmartPlaylist(db).tracks(rule);
    QVERIFY2(smart.ok(), qPrintable(smart.error()));
    QCOMPARE(smart->size(), 1);

    // Edits while the tracks wait: found by their new words only, a deleted one not at all.
    TrackEdit e;
    e.title = QStringLiteral("Edited Halo");
    QVERIFY(store.updateTrack(ids[200], e));
    QVERIFY(store.setTrackDeleted(ids[201], true));
    QCOMPARE(titles(QStringLiteral("halo")), QStringList{QStringLiteral("Edited Halo")});
    QVERIFY(titles(QStringLiteral("crazy")).isEmpty());
    QVERIFY(titles(QStringLiteral("thunderstruck")).isEmpty());

    // Indexed afterwards, a chunk at a time: then the index alone holds every live track.
    QCOMPARE(SearchDeferral::indexBacklog(c, 150).value(), 52);
    QCOMPARE(titles(QStringLiteral("zephyr")).size(), 210);
    QCOMPARE(SearchDeferral::finishBacklog(c).value(), 52);
    QCOMPARE(SearchDeferral::backlogSize(c).value(), 0);
    QCOMPARE(count(c, QStringLiteral("SELECT count(*) FROM track_search WHERE track_search MATCH 'beyonce'")), 1);
    QCOMPARE(titles(QStringLiteral("halo")), QStringList{QStringLiteral("Edited Halo")});
    verifySearchMatchesTracks(db);
}

void TestSearchIndex::processKilledWhileIndexingTheBacklogFinishesAtNextOpen()
{
    {
        LibraryDatabase db(m_path);
        if (const Status opened = db.open(); !opened)
            QFAIL(qPrintable(opened.error()));
    }
    QVERIFY2(killedMidWay([&](const std::function<void()> &dieHere) {
                 // A first pull's 3,000 tracks wait for search; one chunk is indexed, the next
                 // is killed half-way through its transaction.
                 LibraryDatabase db(m_path);
                 if (!db.open() || writeToBacklog(db, numbered(0, 3000)).size() != 3000)
                     return;
                 QSqlDatabase c = db.connection();
                 if (SearchDeferral::indexBacklog(c, 1000).value() != 2000)
                     return;
                 QSqlQuery(c).exec(QStringLiteral("PRAGMA cache_size = 8"));
                 Result<WriteTransaction> tx = WriteTransaction::begin(c);
                 QSqlQuery q(c);
                 if (!tx
                     || !q.exec(QStringLiteral("INSERT INTO track_search (rowid, title) SELECT t.rowid, t.title FROM "
                                               "music_tracks t JOIN search_backlog b ON b.track_rowid = t.rowid")))
                     return;
                 dieHere();
             }),
             "the indexing process failed before it was killed");
    {
        // Looked at without opening it as a library: the kill left a backlog.
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-look"));
        raw.setDatabaseName(m_path);
        QVERIFY(raw.open());
        QCOMPARE(count(raw, QStringLiteral("SELECT count(*) FROM search_backlog")), 2000);
        QCOMPARE(count(raw, QStringLiteral("SELECT count(*) FROM track_search")), 1000);
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw-look"));

    LibraryDatabase db(m_path);
    if (const Status opened = db.open(); !opened)
        QFAIL(qPrintable(opened.error()));
    QCOMPARE(SearchDeferral::backlogSize(db.connection()).value(), 0);
    QCOMPARE(TrackStore(db).trackCount().value(), 3000);
    verifySearchMatchesTracks(db);
}
