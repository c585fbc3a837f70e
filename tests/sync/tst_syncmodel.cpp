// The sync model test: a seeded run of two or three devices (each its own SQLite library,
// music folder and signed-in session) against a real server (a PostgreSQL cluster of the
// test's own, so it can be restarted), doing random operations, checked against a model of
// what must be true:
//   - operations: edit any field, retag a file with TagLib directly then rescan, move /
//     rename / touch a file then rescan, copy the same audio onto another computer, delete
//     and restore a track, playlist edits (create, rename, add, reorder, remove), sync, and
//     `eknmusic-cli sync` run as a child that is killed with SIGKILL mid-sync, or meets a
//     server restart, pg_terminate_backend, pg_cancel_backend or rows held locked by another
//     writer;
//   - after everyone synced twice: every device equals the server (track fields, deleted
//     state, tag rows, playlists with their entry order), every edit a user made is either
//     there or in a device's conflict log (unless the same device knowingly replaced it
//     later), and no two live tracks of the account share one audio hash.
// A fault only delays: a faulted sync that ends as a permanent failure, or a set-aside row,
// fails the run.
//
// CI runs a fixed set of seeds. Replay one (the failure prints its seed and step log):
//   EKN_SYNC_MODEL_SEED=<seed> ./scripts/with-test-services.sh build/ci/tests/sync/test_syncmodel
// A long run (random seeds on top of the fixed ones, more steps each):
//   EKN_SYNC_MODEL_RUNS=50 EKN_SYNC_MODEL_STEPS=120 ./scripts/with-test-services.sh build/ci/tests/sync/test_syncmodel
#include "audiofixture.h"
#include "library/library.h"
#include "retag.h"
#include "scan/contenthash.h"
#include "scan/scan.h"
#include "sync/sync.h"
#include "syncfixture.h"
#include "testmain.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <map>

using namespace ekn;
using namespace ekn::test;

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QStringList kEditFields = {QStringLiteral("title"), QStringLiteral("artist"),
                                 QStringLiteral("album"), QStringLiteral("genre"),
                                 QStringLiteral("composer"), QStringLiteral("year")};
const QStringList kRetagFields = {QStringLiteral("title"), QStringLiteral("artist"),
                                  QStringLiteral("album"), QStringLiteral("genre")};
constexpr int kPool = 6; // distinct audio files the devices share

// The conflict log's name of a field.
QString logField(const QString &field)
{
    if (field == QLatin1String("title") || field == QLatin1String("artist") ||
        field == QLatin1String("album") || field == QLatin1String("name"))
        return field;
    if (field == QLatin1String("deleted"))
        return QStringLiteral("deleted_at");
    return QStringLiteral("metadata.") + field;
}

// One change a user made (an edit, a file retagged, a delete or restore, a playlist renamed):
// `subject` is the audio hash of the track (a track is its audio) or a playlist id.
struct Change
{
    QString subject;
    QString field; // kEditFields, "deleted" ("1"/"0"), "name"
    QString value;
    QString device;
    int step = 0;
    bool superseded = false; // the same device replaced it later, knowingly
};

// One row as both sides compare it.
using Rows = std::map<QString, QString>;

QString normalJson(const QString &text)
{
    const QJsonDocument d = QJsonDocument::fromJson(text.toUtf8());
    return d.isObject() ? QString::fromUtf8(d.toJson(QJsonDocument::Compact)) : text;
}

// A library's synced state, comparable with the server's.
struct Snapshot
{
    Rows tracks;                   // id -> fields
    Rows tags;                     // tag row id -> track|key|value
    Rows playlists;                // id -> name|deleted|entries
    QMap<QString, QString> hashOf; // track id -> audio hash
    QString error;
};

class ModelDevice
{
public:
    ModelDevice(const QString &name, const QUrl &server) : name(name), device(name, server) {}
    QString music() const { return device.dataDir() + QStringLiteral("/music"); }
    QString name;
    Device device;
    int files = 0;
};

class Run
{
public:
    Run(quint32 seed, OwnCluster &cluster, const QString &pool)
        : m_rng(seed), m_seed(seed), m_cluster(cluster), m_pool(pool)
    {
    }
    ~Run();
    // Empty when the model held, else what broke.
    QString run(int steps);
    QString log() const { return m_log.join(QLatin1Char('\n')); }

    // Controls: breaks what the check guards, behind sync's back, and checks again.
    enum class Break { LoseAnEdit, ChangeOneDevice, DuplicateAudio };
    QString breakAndCheck(Break what);

private:
    QString setUp();
    QString step(int n);
    QString converge();
    QString check();
    QString explain(const QStringList &trackIds);
    QString syncState(ModelDevice &d);

    // Operations (empty: fine).
    QString edit(ModelDevice &d, int n);
    QString retag(ModelDevice &d, int n);
    QString moveOrTouch(ModelDevice &d, int n);
    QString copyAudio(ModelDevice &d, int n);
    QString deleteOrRestore(ModelDevice &d, int n);
    QString playlistEdit(ModelDevice &d, int n);
    QString syncInProcess(ModelDevice &d);
    QString faultedSync(ModelDevice &d, int kind);

    QString scan(ModelDevice &d);
    QString value(ModelDevice &d, const QString &trackId, const QString &field);
    QStringList liveTracks(ModelDevice &d);
    QString hashOf(ModelDevice &d, const QString &trackId);
    QStringList filesOf(ModelDevice &d);
    void supersede(const QString &subject, const QString &field, const QString &replaced,
                   const QString &device);
    Snapshot local(ModelDevice &d);
    Snapshot server();
    QList<QStringList> admin(const QString &sql, QString *error = nullptr);
    bool adminOpen();
    QString pick(const QStringList &from) { return from.at(int(m_rng.bounded(int(from.size())))); }
    void note(const QString &line) { m_log << line; }

    QRandomGenerator m_rng;
    quint32 m_seed;
    OwnCluster &m_cluster;
    QString m_pool;
    QString m_email;
    QString m_userId;
    QString m_adminName;
    std::vector<std::unique_ptr<ModelDevice>> m_devices;
    QList<Change> m_changes;
    QStringList m_playlists;
    QStringList m_log;
};

Run::~Run()
{
    if (!m_adminName.isEmpty()) {
        QSqlDatabase::database(m_adminName, false).close();
        QSqlDatabase::removeDatabase(m_adminName);
    }
}

bool Run::adminOpen()
{
    if (m_adminName.isEmpty())
        m_adminName = QStringLiteral("model-admin-") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase db = QSqlDatabase::database(m_adminName, false);
    if (db.isValid() && db.isOpen()) {
        QSqlQuery ping(db);
        if (ping.exec(QStringLiteral("SELECT 1")))
            return true;
        db.close();
    }
    if (!db.isValid())
        db = openPostgres(m_cluster.adminUrl(), m_adminName);
    return db.isOpen() || db.open();
}

QList<QStringList> Run::admin(const QString &sql, QString *error)
{
    QList<QStringList> rows;
    if (!adminOpen()) {
        if (error)
            *error = QStringLiteral("cannot connect to the server as its owner");
        return rows;
    }
    QSqlQuery q(QSqlDatabase::database(m_adminName, false));
    if (!q.exec(sql)) {
        if (error)
            *error = q.lastError().text();
        return rows;
    }
    while (q.next()) {
        QStringList row;
        for (int i = 0; i < q.record().count(); ++i)
            row << q.value(i).toString();
        rows << row;
    }
    return rows;
}

QString Run::scan(ModelDevice &d)
{
    FolderScanner scanner(d.device.library());
    QSignalSpy finished(&scanner, &FolderScanner::finished);
    if (!scanner.start({d.music()}) || !finished.wait(120000) || finished.isEmpty())
        return QStringLiteral("the scan of %1 did not finish").arg(d.name);
    return {};
}

QString Run::setUp()
{
    m_email = QStringLiteral("model-%1-%2@example.org")
                  .arg(m_seed)
                  .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    AccountClient reg(ServerConnection::fromUrl(m_cluster.clientUrl()),
                      TokenStore(QStringLiteral("EKNMusic-test-reg-") +
                                 QUuid::createUuid().toString(QUuid::Id128)));
    if (!reg.registerAccount(m_email, QStringLiteral("model"), kPassword).ok())
        return QStringLiteral("cannot register ") + m_email;
    reg.signOut();
    const ProcessResult login = runCli({QStringLiteral("account"), QStringLiteral("login"),
                                        QStringLiteral("--server"), m_cluster.clientUrl().toString(),
                                        QStringLiteral("--email"), m_email},
                                       kPassword.toUtf8() + '\n');
    if (login.exitCode != 0)
        return QStringLiteral("cli login: ") + login.err;
    const int count = 2 + int(m_rng.bounded(2));
    for (int i = 0; i < count; ++i) {
        auto d = std::make_unique<ModelDevice>(QString(QLatin1Char('a' + i)), m_cluster.clientUrl());
        if (!d->device.signIn(m_email, kPassword))
            return QStringLiteral("device %1 cannot sign in").arg(d->name);
        m_userId = d->device.account().session().userId;
        m_devices.push_back(std::move(d));
    }
    // The same music on several computers: every pool file on one device at least, about
    // half on two or more, each scanned before its first sync.
    QStringList placed;
    for (int p = 0; p < kPool; ++p) {
        const int first = int(m_rng.bounded(count));
        for (int i = 0; i < count; ++i) {
            if (i != first && m_rng.bounded(2) == 0)
                continue;
            ModelDevice &d = *m_devices[size_t(i)];
            const QString from = m_pool + QStringLiteral("/p%1").arg(p);
            const QString suffix = QFileInfo(QDir(m_pool)
                                                 .entryList({QStringLiteral("p%1.*").arg(p)})
                                                 .value(0))
                                       .suffix();
            const QString to = d.music() + QStringLiteral("/start/p%1.%2").arg(p).arg(suffix);
            if (!copyFile(from + QLatin1Char('.') + suffix, to))
                return QStringLiteral("cannot copy ") + from;
            placed << QStringLiteral("p%1->%2").arg(p).arg(d.name);
        }
    }
    note(QStringLiteral("setup: %1 devices, %2").arg(count).arg(placed.join(QLatin1Char(' '))));
    for (auto &d : m_devices)
        if (const QString e = scan(*d); !e.isEmpty())
            return e;
    return {};
}

QStringList Run::liveTracks(ModelDevice &d)
{
    QStringList ids;
    QSqlQuery q(d.device.library().connection());
    q.exec(QStringLiteral("SELECT id FROM music_tracks WHERE deleted_at IS NULL ORDER BY id"));
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

QString Run::hashOf(ModelDevice &d, const QString &trackId)
{
    return d.device.scalar(
        QStringLiteral("SELECT json_extract(metadata, '$.content_hash') FROM music_tracks WHERE id = '%1'")
            .arg(trackId));
}

QStringList Run::filesOf(ModelDevice &d)
{
    QStringList files;
    QDirIterator it(d.music(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

QString Run::value(ModelDevice &d, const QString &trackId, const QString &field)
{
    if (field == QLatin1String("title") || field == QLatin1String("artist") ||
        field == QLatin1String("album"))
        return d.device.scalar(
            QStringLiteral("SELECT %1 FROM music_tracks WHERE id = '%2'").arg(field, trackId));
    if (field == QLatin1String("deleted"))
        return d.device.scalar(
            QStringLiteral("SELECT deleted_at IS NOT NULL FROM music_tracks WHERE id = '%1'")
                .arg(trackId));
    return d.device.scalar(QStringLiteral("SELECT json_extract(metadata, '$.%1') FROM "
                                          "music_tracks WHERE id = '%2'")
                               .arg(field, trackId));
}

void Run::supersede(const QString &subject, const QString &field, const QString &replaced,
                    const QString &device)
{
    // A user who replaces a value they see has seen it: it needs no conflict entry.
    for (Change &c : m_changes)
        if (c.subject == subject && c.field == field && c.value == replaced)
            c.superseded = true;
    Q_UNUSED(device);
}

QString Run::edit(ModelDevice &d, int n)
{
    const QStringList live = liveTracks(d);
    if (live.isEmpty())
        return {};
    const QString id = pick(live);
    const QString field = pick(kEditFields);
    const QString hash = hashOf(d, id);
    const bool year = field == QLatin1String("year");
    const QString v = year ? QString::number(1900 + n) : QStringLiteral("E%1%2").arg(n).arg(d.name);
    TrackEdit e;
    setEditValue(e, *trackField(field), year ? QJsonValue(1900 + n) : QJsonValue(v));
    const QString before = value(d, id, field);
    if (!TrackStore(d.device.library()).updateTrack(id, e))
        return QStringLiteral("edit failed on %1").arg(d.name);
    supersede(hash, field, before, d.name);
    m_changes << Change{hash, field, v, d.name, n};
    note(QStringLiteral("%1: %2 edits %3 of %4 (%5) to %6").arg(n).arg(d.name, field, id.left(8),
                                                                        hash.right(6), v));
    return {};
}

QString Run::retag(ModelDevice &d, int n)
{
    const QStringList files = filesOf(d);
    if (files.isEmpty())
        return {};
    const QString path = pick(files);
    const QString field = pick(kRetagFields);
    const QString id = d.device.scalar(
        QStringLiteral("SELECT track_id FROM track_files WHERE path = '%1'").arg(path));
    const QString hash = hashOf(d, id);
    const QString before = value(d, id, field);
    const QString v = QStringLiteral("R%1%2").arg(n).arg(d.name);
    Retag r;
    if (field == QLatin1String("title"))
        r.title = v;
    else if (field == QLatin1String("artist"))
        r.artist = v;
    else if (field == QLatin1String("album"))
        r.album = v;
    else
        r.genre = v;
    if (const QString e = retagWithTagLib(path, r); !e.isEmpty())
        return e;
    setMtime(path, QDateTime::currentMSecsSinceEpoch());
    if (const QString e = scan(d); !e.isEmpty())
        return e;
    // The file's value reached the library: what it replaced was seen there.
    const QString nowId = d.device.scalar(
        QStringLiteral("SELECT track_id FROM track_files WHERE path = '%1'").arg(path));
    if (value(d, nowId, field) == v)
        supersede(hash, field, before, d.name);
    m_changes << Change{hash, field, v, d.name, n};
    note(QStringLiteral("%1: %2 retags %3 (%4, track %5) %6 = %7, rescan")
             .arg(n)
             .arg(d.name, QFileInfo(path).fileName(), hash.right(6), id.left(8), field, v));
    return {};
}

QString Run::moveOrTouch(ModelDevice &d, int n)
{
    const QStringList files = filesOf(d);
    if (files.isEmpty())
        return {};
    const QString path = pick(files);
    QString what;
    if (m_rng.bounded(3) == 0) {
        setMtime(path, QDateTime::currentMSecsSinceEpoch());
        what = QStringLiteral("touches");
    } else {
        const QString to = d.music() + QStringLiteral("/moved%1/n%2.%3")
                                           .arg(m_rng.bounded(3))
                                           .arg(n)
                                           .arg(QFileInfo(path).suffix());
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::rename(path, to))
            return QStringLiteral("cannot move ") + path;
        what = QStringLiteral("moves");
    }
    note(QStringLiteral("%1: %2 %3 %4, rescan").arg(n).arg(d.name, what, QFileInfo(path).fileName()));
    return scan(d);
}

QString Run::copyAudio(ModelDevice &d, int n)
{
    // Music this computer does not have a file of yet, with the same audio as elsewhere.
    const int p = int(m_rng.bounded(kPool));
    const QString name = QDir(m_pool).entryList({QStringLiteral("p%1.*").arg(p)}).value(0);
    const Result<QString> hashed = audioHash(m_pool + QLatin1Char('/') + name);
    if (!hashed)
        return hashed.error();
    const QString hash = *hashed;
    if (d.device.scalar(QStringLiteral("SELECT count(*) FROM track_files WHERE content_hash = '%1'")
                            .arg(hash)) != QLatin1String("0"))
        return {};
    if (!copyFile(m_pool + QLatin1Char('/') + name,
                  d.music() + QStringLiteral("/copied/c%1-%2").arg(n).arg(name)))
        return QStringLiteral("cannot copy ") + name;
    note(QStringLiteral("%1: %2 gets a copy of %3 (%4), rescan").arg(n).arg(d.name, name, hash.right(6)));
    return scan(d);
}

QString Run::deleteOrRestore(ModelDevice &d, int n)
{
    QStringList all;
    QSqlQuery q(d.device.library().connection());
    q.exec(QStringLiteral("SELECT id FROM music_tracks ORDER BY id"));
    while (q.next())
        all << q.value(0).toString();
    q.finish();
    if (all.isEmpty())
        return {};
    const QString id = pick(all);
    const QString hash = hashOf(d, id);
    const bool deleted = value(d, id, QStringLiteral("deleted")) == QLatin1String("1");
    // Restoring a track while another track of the same audio is live would make two: a user
    // restores the music, which is the live one then (nothing to do).
    if (deleted && d.device.scalar(QStringLiteral("SELECT count(*) FROM music_tracks WHERE "
                                                  "deleted_at IS NULL AND json_extract(metadata, "
                                                  "'$.content_hash') = '%1'")
                                       .arg(hash)) != QLatin1String("0"))
        return {};
    if (!TrackStore(d.device.library()).setTrackDeleted(id, !deleted))
        return QStringLiteral("delete/restore failed on ") + d.name;
    supersede(hash, QStringLiteral("deleted"), deleted ? QStringLiteral("1") : QStringLiteral("0"),
              d.name);
    // A toggle that leaves the track as the server holds it (a restore that undoes this
    // device's own delete before any sync took it) changes nothing there: sync has nothing
    // to carry or to log for it, and a delete pushed later by another device simply wins
    // (seed 3133847995: such a restore counted as lost).
    const QStringList onServer =
        admin(QStringLiteral("SELECT CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM music_tracks "
                             "WHERE id = '%1'")
                  .arg(id))
            .value(0);
    const QString now = deleted ? QStringLiteral("0") : QStringLiteral("1");
    const bool noChange = onServer.value(0) == now;
    if (!noChange)
        m_changes << Change{hash, QStringLiteral("deleted"), now, d.name, n};
    note(QStringLiteral("%1: %2 %3 %4 (%5)%6")
             .arg(n)
             .arg(d.name, deleted ? QStringLiteral("restores") : QStringLiteral("deletes"),
                  id.left(8), hash.right(6),
                  noChange ? QStringLiteral(" (as the server has it)") : QString()));
    return {};
}

QString Run::playlistEdit(ModelDevice &d, int n)
{
    PlaylistStore store(d.device.library());
    QStringList mine;
    for (const auto read = store.playlists().value(); const Playlist &p : read)
        mine << p.id;
    const int op = mine.isEmpty() ? 0 : int(m_rng.bounded(5));
    if (op == 0) {
        const QString name = QStringLiteral("P%1%2").arg(n).arg(d.name);
        const Result<QString> made = store.create(name);
        if (!made)
            return QStringLiteral("cannot create a playlist: ") + made.error();
        const QString id = *made;
        m_playlists << id;
        m_changes << Change{id, QStringLiteral("name"), name, d.name, n};
        note(QStringLiteral("%1: %2 creates playlist %3 %4").arg(n).arg(d.name, id.left(8), name));
        return {};
    }
    const QString id = pick(mine);
    const int count = int(store.entries(id).value().size());
    if (op == 1) {
        const QString name = QStringLiteral("N%1%2").arg(n).arg(d.name);
        const QString before = store.playlist(id).value() ? store.playlist(id).value()->name : QString();
        if (const Status renamed = store.rename(id, name); !renamed)
            return QStringLiteral("cannot rename a playlist: ") + renamed.error();
        supersede(id, QStringLiteral("name"), before, d.name);
        m_changes << Change{id, QStringLiteral("name"), name, d.name, n};
        note(QStringLiteral("%1: %2 renames %3 to %4").arg(n).arg(d.name, id, name));
    } else if (op == 2 || count < 2) {
        const QStringList live = liveTracks(d);
        if (live.isEmpty())
            return {};
        const QString track = pick(live);
        const int at = int(m_rng.bounded(count + 1));
        if (const Result<int> added = store.addTracks(id, {track}, at); !added)
            return QStringLiteral("cannot add an entry: ") + added.error();
        note(QStringLiteral("%1: %2 adds %3 to %4 at %5").arg(n).arg(d.name, track.left(8), id.left(8)).arg(at));
    } else if (op == 3) {
        const int from = int(m_rng.bounded(count)), to = int(m_rng.bounded(count));
        if (const Status moved = store.moveEntry(id, from, to); !moved)
            return QStringLiteral("cannot move an entry: ") + moved.error();
        note(QStringLiteral("%1: %2 moves %3 entry %4 to %5").arg(n).arg(d.name, id.left(8)).arg(from).arg(to));
    } else {
        const int at = int(m_rng.bounded(count));
        if (const Status removed = store.removeEntry(id, at); !removed)
            return QStringLiteral("cannot remove an entry: ") + removed.error();
        note(QStringLiteral("%1: %2 removes entry %3 of %4").arg(n).arg(d.name).arg(at).arg(id.left(8)));
    }
    return {};
}

QString Run::syncInProcess(ModelDevice &d)
{
    static const int batches[] = {1, 2, 500};
    static const int pages[] = {1, 3, 5000};
    const int batch = batches[m_rng.bounded(3)], page = pages[m_rng.bounded(3)];
    const SyncReport r = d.device.sync(batch, page);
    note(QStringLiteral("   %1 syncs (batch %2, page %3): ok=%4 sent %5 received %6 conflicts %7 "
                        "retrying %8 set aside %9 %10")
             .arg(d.name)
             .arg(batch)
             .arg(page)
             .arg(r.ok)
             .arg(r.pushed)
             .arg(r.pulled)
             .arg(r.conflicts)
             .arg(r.retrying)
             .arg(r.setAside)
             .arg(r.error));
    if (!r.ok && !r.retryable)
        return QStringLiteral("sync of %1 failed for good: %2").arg(d.name, r.error);
    if (r.setAside > 0)
        return QStringLiteral("sync of %1 set %2 rows aside").arg(d.name).arg(r.setAside);
    return {};
}

QString Run::faultedSync(ModelDevice &d, int kind)
{
    static const char *const names[] = {"SIGKILL", "server restart", "pg_terminate_backend",
                                        "rows locked", "pg_cancel_backend"};
    QString lockError;
    if (kind == 3) { // another writer holds the account's rows
        admin(QStringLiteral("BEGIN"), &lockError);
        admin(QStringLiteral("SELECT 1 FROM music_tracks WHERE user_id = '%1' FOR UPDATE")
                  .arg(m_userId),
              &lockError);
    }
    const QString before = syncState(d);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("EKN_SYNC_BATCH_SIZE"), QString::number(1 + m_rng.bounded(3)));
    env.insert(QStringLiteral("EKN_SYNC_PAGE_SIZE"), QString::number(1 + m_rng.bounded(3)));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(EKN_CLI_PATH),
            {QStringLiteral("sync"), QStringLiteral("--server"), m_cluster.clientUrl().toString(),
             QStringLiteral("--email"), m_email, QStringLiteral("--data-dir"), d.device.dataDir()});
    if (!p.waitForStarted())
        return QStringLiteral("cannot start eknmusic-cli");
    const int delay = int(m_rng.bounded(400));
    QString detail;
    if (kind == 0) {
        p.waitForFinished(delay);
        if (p.state() == QProcess::Running)
            ::kill(pid_t(p.processId()), SIGKILL);
    } else if (kind == 1) {
        p.waitForFinished(delay);
        if (!m_cluster.stop() || !m_cluster.start())
            return QStringLiteral("cannot restart the server: ") + m_cluster.error();
    } else if (kind == 2) {
        p.waitForFinished(delay);
        detail = QString::number(
            admin(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE usename = 'ekn_client'"))
                .size());
    } else if (kind == 4) {
        QElapsedTimer t;
        t.start();
        int cancelled = 0;
        while (cancelled == 0 && p.state() == QProcess::Running && t.elapsed() < 10000) {
            cancelled = int(admin(QStringLiteral("SELECT pg_cancel_backend(pid) FROM pg_stat_activity "
                                                 "WHERE application_name = 'eknmusic-cli-sync' AND "
                                                 "state = 'active' AND query LIKE '%api.%'"))
                                .size());
            QTest::qWait(1);
        }
        detail = QString::number(cancelled);
    }
    p.waitForFinished(60000);
    if (kind == 3)
        admin(QStringLiteral("ROLLBACK"));
    const bool killed = p.exitStatus() == QProcess::CrashExit;
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())
                            .simplified();
    note(QStringLiteral("   %1 cli sync with %2 after %3 ms (%4): %5 %6 [%7 -> %8]")
             .arg(d.name, QLatin1String(names[kind]))
             .arg(delay)
             .arg(detail + lockError)
             .arg(killed ? QStringLiteral("killed") : QString::number(p.exitCode()), out.left(300), before,
                  syncState(d)));
    if (!killed && p.exitCode() != 0 && p.exitCode() != 3)
        return QStringLiteral("a %1 mid-sync ended the sync of %2 for good (exit %3): %4")
            .arg(QLatin1String(names[kind]), d.name)
            .arg(p.exitCode())
            .arg(out);
    return {};
}

QString Run::step(int n)
{
    ModelDevice &d = *m_devices[size_t(m_rng.bounded(int(m_devices.size())))];
    const int r = int(m_rng.bounded(100));
    if (r < 20)
        return edit(d, n);
    if (r < 30)
        return retag(d, n);
    if (r < 38)
        return moveOrTouch(d, n);
    if (r < 43)
        return copyAudio(d, n);
    if (r < 50)
        return deleteOrRestore(d, n);
    if (r < 62)
        return playlistEdit(d, n);
    if (r < 82)
        return syncInProcess(d);
    if (r < 88)
        return faultedSync(d, 0);
    if (r < 90)
        return faultedSync(d, 1);
    if (r < 93)
        return faultedSync(d, 2);
    if (r < 96)
        return faultedSync(d, 3);
    return faultedSync(d, 4);
}

// Everyone syncs twice, in turn; every sync must succeed and leave nothing behind.
QString Run::converge()
{
    for (int round = 1; round <= 2; ++round) {
        for (auto &d : m_devices) {
            const SyncReport r = d->device.sync();
            note(QStringLiteral("   final round %1: %2 syncs: ok=%3 sent %4 received %5 "
                                "conflicts %6 retrying %7 set aside %8 %9")
                     .arg(round)
                     .arg(d->name)
                     .arg(r.ok)
                     .arg(r.pushed)
                     .arg(r.pulled)
                     .arg(r.conflicts)
                     .arg(r.retrying)
                     .arg(r.setAside)
                     .arg(r.error));
            if (!r.ok || r.retrying || r.setAside)
                return QStringLiteral("the final sync %1 of %2 did not finish cleanly")
                    .arg(round)
                    .arg(d->name);
        }
    }
    return {};
}

Snapshot Run::local(ModelDevice &d)
{
    Snapshot s;
    QSqlDatabase db = d.device.library().connection();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral(
            "SELECT id, title, artist, album, duration, file_size, format, bitrate, metadata, "
            "deleted_at IS NOT NULL, json_extract(metadata, '$.content_hash') FROM music_tracks"))) {
        s.error = q.lastError().text();
        return s;
    }
    while (q.next()) {
        QStringList f;
        for (int i = 1; i < 8; ++i)
            f << q.value(i).toString();
        f << normalJson(q.value(8).toString()) << q.value(9).toString();
        s.tracks[q.value(0).toString()] = f.join(QLatin1Char('|'));
        s.hashOf[q.value(0).toString()] = q.value(10).toString();
    }
    q.exec(QStringLiteral("SELECT id, track_id, key, value FROM track_metadata"));
    while (q.next())
        s.tags[q.value(0).toString()] = QStringList{q.value(1).toString(), q.value(2).toString(),
                                                    q.value(3).toString()}
                                            .join(QLatin1Char('|'));
    q.exec(QStringLiteral(
        "SELECT p.id, p.name, p.deleted_at IS NOT NULL, (SELECT group_concat(track_id, ',') FROM "
        "(SELECT track_id FROM playlist_tracks e WHERE e.playlist_id = p.id ORDER BY position, "
        "added_at)) FROM playlists p"));
    while (q.next())
        s.playlists[q.value(0).toString()] =
            QStringList{q.value(1).toString(), q.value(2).toString(), q.value(3).toString()}.join(
                QLatin1Char('|'));
    return s;
}

Snapshot Run::server()
{
    Snapshot s;
    QString error;
    for (const QStringList &r : admin(
             QStringLiteral("SELECT id, title, artist, album, duration, file_size, format, bitrate, "
                            "metadata::text, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, "
                            "metadata->>'content_hash' FROM music_tracks WHERE user_id = '%1'")
                 .arg(m_userId),
             &error)) {
        QStringList f = r.mid(1, 7);
        f << normalJson(r[8]) << r[9];
        s.tracks[r[0]] = f.join(QLatin1Char('|'));
        s.hashOf[r[0]] = r[10];
    }
    for (const QStringList &r :
         admin(QStringLiteral("SELECT id, track_id, key, value FROM track_metadata WHERE user_id = "
                              "'%1' AND deleted_at IS NULL")
                   .arg(m_userId),
               &error))
        s.tags[r[0]] = r.mid(1).join(QLatin1Char('|'));
    for (const QStringList &r : admin(
             QStringLiteral("SELECT p.id, p.name, CASE WHEN p.deleted_at IS NULL THEN 0 ELSE 1 END, "
                            "coalesce((SELECT string_agg(e.track_id::text, ',' ORDER BY e.position, "
                            "e.id) FROM playlist_tracks e WHERE e.playlist_id = p.id AND "
                            "e.deleted_at IS NULL), '') FROM playlists p WHERE p.user_id = '%1'")
                 .arg(m_userId),
             &error))
        s.playlists[r[0]] = r.mid(1).join(QLatin1Char('|'));
    s.error = error;
    return s;
}

QString differences(const QString &what, const Rows &mine, const Rows &theirs)
{
    QStringList out;
    for (const auto &[id, v] : mine) {
        const auto t = theirs.find(id);
        if (t == theirs.end())
            out << QStringLiteral("%1 %2 only on the device: %3").arg(what, id, v);
        else if (t->second != v)
            out << QStringLiteral("%1 %2 device: %3\n        server: %4").arg(what, id, v, t->second);
    }
    for (const auto &[id, v] : theirs)
        if (mine.find(id) == mine.end())
            out << QStringLiteral("%1 %2 only on the server: %3").arg(what, id, v);
    return out.join(QStringLiteral("\n      "));
}

QString Run::check()
{
    const Snapshot s = server();
    if (!s.error.isEmpty())
        return QStringLiteral("cannot read the server: ") + s.error;
    QStringList problems;
    QList<Conflict> logged;
    for (auto &d : m_devices) {
        const Snapshot l = local(*d);
        if (!l.error.isEmpty())
            return QStringLiteral("cannot read %1: %2").arg(d->name, l.error);
        for (const QString &diff : {differences(QStringLiteral("track"), l.tracks, s.tracks),
                                    differences(QStringLiteral("tag"), l.tags, s.tags),
                                    differences(QStringLiteral("playlist"), l.playlists, s.playlists)})
            if (!diff.isEmpty())
                problems << QStringLiteral("%1 differs from the server:\n      %2").arg(d->name, diff);
        logged += ConflictLog(d->device.library()).conflicts(true).value();
    }
    // One live track per audio.
    QMap<QString, QStringList> live;
    for (const auto &[id, fields] : s.tracks)
        if (fields.endsWith(QLatin1String("|0")))
            live[s.hashOf.value(id)] << id;
    for (auto it = live.begin(); it != live.end(); ++it)
        if (it->size() > 1)
            problems << QStringLiteral("%1 live tracks share the audio hash %2: %3")
                            .arg(it->size())
                            .arg(it.key(), it->join(QLatin1Char(' ')));
    // Every change there or in a conflict log.
    for (const Change &c : std::as_const(m_changes)) {
        if (c.superseded)
            continue;
        QString now;
        if (c.field == QLatin1String("name")) {
            now = QString(s.playlists.count(c.subject) ? s.playlists.at(c.subject) : QString())
                      .section(QLatin1Char('|'), 0, 0);
        } else {
            QStringList ids = live.value(c.subject);
            if (ids.isEmpty())
                for (auto it = s.hashOf.begin(); it != s.hashOf.end(); ++it)
                    if (it.value() == c.subject)
                        ids << it.key();
            for (const QString &id : std::as_const(ids)) {
                const QString v = c.field == QLatin1String("deleted")
                                      ? (live.value(c.subject).isEmpty() ? QStringLiteral("1")
                                                                         : QStringLiteral("0"))
                                      : admin(QStringLiteral(
                                                  "SELECT CASE WHEN '%1' IN ('title','artist','album') "
                                                  "THEN (to_jsonb(t)->>'%1') ELSE metadata->>'%1' END "
                                                  "FROM music_tracks t WHERE id = '%2'")
                                                  .arg(c.field, id))
                                            .value(0)
                                            .value(0);
                if (v == c.value)
                    now = v;
            }
        }
        if (now == c.value)
            continue;
        bool inLog = false;
        for (const Conflict &x : std::as_const(logged)) {
            if (x.field != logField(c.field) && x.field != QLatin1String("*"))
                continue;
            if (c.field == QLatin1String("deleted"))
                inLog = inLog || s.hashOf.value(x.rowId) == c.subject;
            else
                inLog = inLog || x.lostValue.contains(c.value) || x.winnerValue.contains(c.value);
        }
        if (!inLog)
            problems << QStringLiteral("the change of step %1 on %2 (%3 of %4 = %5) is lost: "
                                       "neither there (\"%6\") nor in a conflict log")
                            .arg(c.step)
                            .arg(c.device, c.field, c.subject.right(8), c.value, now);
    }
    if (!problems.isEmpty() && qEnvironmentVariableIsEmpty("EKN_SYNC_MODEL_QUIET")) {
        // What each device knows of the tracks involved, to find the step that lost it.
        QStringList involved;
        for (const QString &p : std::as_const(problems)) {
            static const QRegularExpression id(QStringLiteral("track ([0-9a-f-]{36})"));
            for (auto m = id.globalMatch(p); m.hasNext();)
                involved << m.next().captured(1);
        }
        QStringList playlists;
        for (const Change &c : std::as_const(m_changes))
            for (const QString &p : std::as_const(problems))
                if (!c.superseded && p.contains(QStringLiteral("step %1 on %2 ").arg(c.step).arg(c.device))) {
                    if (c.field == QLatin1String("name"))
                        playlists << c.subject;
                    for (auto it = s.hashOf.begin(); it != s.hashOf.end(); ++it)
                        if (it.value() == c.subject)
                            involved << it.key();
                }
        involved.removeDuplicates();
        for (const QString &id : std::as_const(playlists)) {
            for (const QStringList &r : admin(QStringLiteral("SELECT sync_version, name, field_versions, updated_at "
                                                             "FROM playlists WHERE id = '%1'")
                                                  .arg(id)))
                problems << QStringLiteral("  playlist %1 server: %2").arg(id, r.join(QStringLiteral(" | ")));
            for (auto &d : m_devices) {
                QSqlQuery q(d->device.library().connection());
                QStringList lines;
                q.exec(QStringLiteral("SELECT 'row', sync_version || ' ' || name FROM playlists WHERE id = '%1' "
                                      "UNION ALL SELECT 'outbox', id || ' ' || op || ' ' || changed_fields FROM outbox "
                                      "WHERE table_name = 'playlists' AND row_id = '%1' UNION ALL SELECT 'conflict', "
                                      "field || ' ' || winner_value || ' over ' || lost_value || ' ' || reason FROM "
                                      "sync_conflicts WHERE row_id = '%1'")
                           .arg(id));
                while (q.next())
                    lines << q.value(0).toString() + QLatin1String(": ") + q.value(1).toString();
                problems << QStringLiteral("    %1 %2").arg(d->name, lines.join(QStringLiteral("; ")));
            }
        }
        problems << explain(involved);
    }
    return problems.join(QLatin1Char('\n'));
}

// The rows behind a failure: the server's row and version, and on each device its row, file,
// field edit times, outbox entries and conflict log entries for it.
QString Run::explain(const QStringList &trackIds)
{
    QStringList out{QStringLiteral("state of the tracks involved:")};
    for (const QString &id : trackIds) {
        for (const QStringList &r :
             admin(QStringLiteral("SELECT sync_version, updated_at, deleted_at, title, artist, album, "
                                  "metadata - 'content_hash' - 'source_device' - 'cover' - 'channels' - "
                                  "'sample_rate' - 'duration_ms', field_versions, origin_device FROM "
                                  "music_tracks WHERE id = '%1'")
                       .arg(id)))
            out << QStringLiteral("  %1 server: %2").arg(id, r.join(QStringLiteral(" | ")));
        for (auto &d : m_devices) {
            QSqlQuery q(d->device.library().connection());
            const auto rows = [&](const QString &sql) {
                QStringList lines;
                if (!q.exec(sql.arg(id)))
                    return QStringList{q.lastError().text()};
                while (q.next()) {
                    QStringList f;
                    for (int i = 0; i < q.record().count(); ++i)
                        f << q.value(i).toString();
                    lines << f.join(QStringLiteral(" | "));
                }
                return lines;
            };
            out << QStringLiteral("    %1 row: %2").arg(d->name, rows(QStringLiteral(
                "SELECT sync_version, updated_at, deleted_at, title, artist, album, json_remove(metadata, "
                "'$.content_hash', '$.source_device', '$.cover', '$.channels', '$.sample_rate', "
                "'$.duration_ms') FROM music_tracks WHERE id = '%1'")).join(QStringLiteral("; ")));
            for (const QString &l : rows(QStringLiteral("SELECT path, file_values FROM track_files WHERE track_id = '%1'")))
                out << QStringLiteral("      file: ") + l;
            out << QStringLiteral("      edited: ") + rows(QStringLiteral(
                "SELECT field || '@' || edited_at FROM track_field_edits WHERE track_id = '%1' ORDER BY field"))
                                                         .join(QStringLiteral(", "));
            for (const QString &l : rows(QStringLiteral("SELECT id, op, changed_fields FROM outbox WHERE "
                                                        "table_name = 'music_tracks' AND row_id = '%1' ORDER BY id")))
                out << QStringLiteral("      outbox: ") + l;
            for (const QString &l : rows(QStringLiteral("SELECT at, field, winner_value, lost_value, lost_from, "
                                                        "restored_at, reason FROM sync_conflicts WHERE row_id = '%1'")))
                out << QStringLiteral("      conflict: ") + l;
        }
    }
    return out.join(QLatin1Char('\n'));
}

// What a sync that ended without a report (killed) left: outbox size and pull cursor.
QString Run::syncState(ModelDevice &d)
{
    return QStringLiteral("outbox %1, cursor %2")
        .arg(d.device.outboxSize())
        .arg(d.device.scalar(QStringLiteral("SELECT value FROM sync_state WHERE key = 'cursor'")));
}

QString Run::breakAndCheck(Break what)
{
    ModelDevice &d = *m_devices.front();
    const QString id = liveTracks(d).value(0);
    const QString hash = hashOf(d, id);
    if (what == Break::LoseAnEdit) {
        // An edit made and synced everywhere, then overwritten on the server and on every
        // device without a trace (what a sync that drops an edit leaves behind).
        TrackEdit e;
        e.title = QStringLiteral("Control edit");
        if (!TrackStore(d.device.library()).updateTrack(id, e))
            return QStringLiteral("control edit failed");
        m_changes << Change{hash, QStringLiteral("title"), *e.title, d.name, 9999};
        if (const QString error = converge(); !error.isEmpty())
            return error;
        admin(QStringLiteral("UPDATE music_tracks SET title = 'Overwritten' WHERE id = '%1'").arg(id));
        for (auto &other : m_devices) {
            QSqlQuery q(other->device.library().connection());
            q.exec(QStringLiteral("UPDATE music_tracks SET title = 'Overwritten' WHERE id = '%1'").arg(id));
        }
    } else if (what == Break::ChangeOneDevice) {
        QSqlQuery q(m_devices.back()->device.library().connection());
        q.exec(QStringLiteral("UPDATE music_tracks SET album = 'Only here' WHERE id = '%1'").arg(id));
    } else {
        admin(QStringLiteral("INSERT INTO music_tracks (id, user_id, title, file_url, metadata) SELECT "
                             "gen_random_uuid(), user_id, title, file_url, metadata FROM music_tracks "
                             "WHERE id = '%1'")
                  .arg(id));
    }
    return check();
}

QString Run::run(int steps)
{
    if (const QString e = setUp(); !e.isEmpty())
        return e;
    for (int n = 1; n <= steps; ++n)
        if (const QString e = step(n); !e.isEmpty())
            return QStringLiteral("step %1: %2").arg(n).arg(e);
    if (const QString e = converge(); !e.isEmpty())
        return e;
    return check();
}

} // namespace

class TestSyncModel : public QObject
{
    Q_OBJECT

    OwnCluster m_cluster;
    QTemporaryDir m_pool;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.init(), qPrintable(m_cluster.error()));
        // One registration per run: a long run registers more than the throttle allows.
        QString error;
        QSqlDatabase db = openPostgres(m_cluster.adminUrl(), QStringLiteral("model-setup"));
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral(
                     "UPDATE app.settings SET value = 1000000 WHERE key = 'throttle_register_address'")),
                 qPrintable(q.lastError().text()));
        q.finish();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("model-setup"));
        static const char *const formats[] = {"mp3", "flac", "ogg"};
        for (int p = 0; p < kPool; ++p) {
            ToneTags tags = toneTags(QStringLiteral("Song %1").arg(p), QStringLiteral("Artist %1").arg(p % 2),
                                     QStringLiteral("Album"), {}, QStringLiteral("Genre"));
            tags.extra = {{QStringLiteral("MOOD"), QStringLiteral("calm")}};
            const QString path =
                m_pool.filePath(QStringLiteral("p%1.%2").arg(p).arg(QLatin1String(formats[p % 3])));
            QCOMPARE(makeTone(path, tags, 1.0, 300 + 60 * p), QString());
        }
    }

    void randomOperationsOnSeveralDevicesMatchTheModel_data()
    {
        QTest::addColumn<quint32>("seed");
        const QByteArray replay = qgetenv("EKN_SYNC_MODEL_SEED");
        if (!replay.isEmpty()) {
            QTest::newRow(replay.constData()) << quint32(replay.toUInt());
            return;
        }
        for (quint32 seed : {1u, 2u, 3u})
            QTest::newRow(QByteArray::number(seed).constData()) << seed;
        const int more = qEnvironmentVariableIntValue("EKN_SYNC_MODEL_RUNS");
        for (int i = 0; i < more; ++i) {
            const quint32 seed = QRandomGenerator::global()->generate();
            QTest::newRow(QByteArray::number(seed).constData()) << seed;
        }
    }

    void randomOperationsOnSeveralDevicesMatchTheModel()
    {
        QFETCH(quint32, seed);
        const int steps = qEnvironmentVariableIsSet("EKN_SYNC_MODEL_STEPS")
                              ? qEnvironmentVariableIntValue("EKN_SYNC_MODEL_STEPS")
                              : 30;
        QElapsedTimer t;
        t.start();
        Run run(seed, m_cluster, m_pool.path());
        const QString failure = run.run(steps);
        if (!failure.isEmpty()) {
            // Qt Test cuts long messages: the whole story goes to stderr first.
            const QString replay = QStringLiteral("replay: EKN_SYNC_MODEL_SEED=%1 EKN_SYNC_MODEL_STEPS=%2 "
                                                  "./scripts/with-test-services.sh "
                                                  "build/ci/tests/sync/test_syncmodel")
                                       .arg(seed)
                                       .arg(steps);
            fprintf(stderr, "seed %u failed:\n%s\nsteps:\n%s\n%s\n", seed, qPrintable(failure),
                    qPrintable(run.log()), qPrintable(replay));
            QFAIL(qPrintable(QStringLiteral("seed %1: %2 (%3)").arg(seed).arg(failure.left(300), replay)));
        }
        if (!qEnvironmentVariableIsEmpty("EKN_SYNC_MODEL_LOG"))
            fprintf(stderr, "seed %u steps:\n%s\n", seed, qPrintable(run.log()));
        qInfo("seed %u: %d steps in %lld ms", seed, steps, t.elapsed());
    }

    // The control: the check fails when an edit is lost, a device differs from the server, or
    // two live tracks have one audio.
    void theCheckFailsWhenAnEditIsLostADeviceDiffersOrAudioIsDuplicated()
    {
        Run run(7, m_cluster, m_pool.path());
        const QString clean = run.run(4);
        QVERIFY2(clean.isEmpty(), qPrintable(clean + QLatin1Char('\n') + run.log()));
        const QString lost = run.breakAndCheck(Run::Break::LoseAnEdit);
        QVERIFY2(lost.contains(QStringLiteral("title of")) && lost.contains(QStringLiteral("Control edit")) &&
                     lost.contains(QStringLiteral("is lost")),
                 qPrintable(lost));
        const QString differs = run.breakAndCheck(Run::Break::ChangeOneDevice);
        QVERIFY2(differs.contains(QStringLiteral("differs from the server")) &&
                     differs.contains(QStringLiteral("Only here")),
                 qPrintable(differs));
        const QString twice = run.breakAndCheck(Run::Break::DuplicateAudio);
        QVERIFY2(twice.contains(QStringLiteral("live tracks share the audio hash")), qPrintable(twice));
    }
};

EKN_TEST_MAIN(QCoreApplication, TestSyncModel)
#include "tst_syncmodel.moc"
