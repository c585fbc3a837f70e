// Sync throughput against a plain COPY of the same rows, measured in the same run: the first
// pull through api.pull (one call per page), a no-op sync, a push, one edit end to end.
//   scripts/with-test-services.sh build/ci/tests/bench/bench_sync [TRACKS_TO_PULL] [TRACKS_TO_PUSH]
// EKN_BENCH_SERVER_SCHEMA=N migrates the server to N only (27: the pull before api.pull_page).
// EKN_BENCH_PUSH_ROUNDS=N: pushes (each against its own COPY) of which the median is the figure (3).
#include "library/indexdeferral.h"
#include "library/library.h"
#include "sync/remotesession.h"
#include "sync/sync.h"
#include "sync/syncpush.h"
#include "syncfixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <libpq-fe.h>
#include <unistd.h>

using namespace ekn;

namespace {

PGconn *connectAdmin(const QUrl &admin)
{
    const QByteArray conninfo = QStringLiteral("host=%1 port=%2 user=%3 password=%4 dbname=%5")
                                    .arg(admin.host())
                                    .arg(admin.port())
                                    .arg(admin.userName(), admin.password(), admin.path().mid(1))
                                    .toUtf8();
    return PQconnectdb(conninfo.constData());
}

// This run's cluster: its postmaster (learnt from the first COPY's backend), so that the CPU of
// other sessions' PostgreSQL clusters on the machine is not counted as this server's.
long g_postmaster = 0;
// The server's CPU of the last COPY: its backend's, read before the connection closes (an
// exited backend's CPU is gone from /proc).
double g_copyServerCpu = 0;

// /proc/PID/stat after the command name: state, ppid, ... (empty when the process is gone).
QList<QByteArray> statFields(const QString &pid, QByteArray *comm = nullptr)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray s = f.readAll();
    const qsizetype open = s.indexOf('('), close = s.lastIndexOf(')');
    if (open < 0 || close < 0)
        return {};
    if (comm)
        *comm = s.mid(open + 1, close - open - 1);
    return s.mid(close + 2).split(' ');
}

double cpuSeconds(const QList<QByteArray> &fields)
{
    return fields.size() > 12 ? double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK))
                              : 0;
}

// The end of a timed COPY on `c`: its seconds so far; the server CPU its backend used goes to
// g_copyServerCpu (and the postmaster's pid, once, to g_postmaster). Closes `c`.
double finishCopy(PGconn *c, const QElapsedTimer &t)
{
    const double s = t.nsecsElapsed() / 1e9;
    const QList<QByteArray> backend = statFields(QString::number(PQbackendPID(c)));
    g_copyServerCpu = cpuSeconds(backend);
    if (!g_postmaster && backend.size() > 1)
        g_postmaster = backend[1].toLong();
    PQfinish(c);
    return s;
}

// Seconds to COPY the user's rows of `table` to the client (as text, like a dump); the rows
// themselves in `data` when given.
double copySeconds(const QUrl &admin, const QString &select, qint64 *rows,
                   QByteArray *data = nullptr)
{
    PGconn *c = connectAdmin(admin);
    QElapsedTimer t;
    t.start();
    PGresult *r = PQexec(
        c,
        (QStringLiteral("COPY (") + select + QStringLiteral(") TO STDOUT")).toUtf8().constData());
    *rows = 0;
    if (PQresultStatus(r) == PGRES_COPY_OUT) {
        char *buf = nullptr;
        int n = 0;
        while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
            ++*rows;
            if (data)
                data->append(buf, n);
            PQfreemem(buf);
        }
    } else {
        std::fprintf(stderr, "COPY failed: %s\n", PQerrorMessage(c));
    }
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    return finishCopy(c, t);
}

// Seconds to COPY FROM STDIN `data` (text COPY rows) into `table`: the fastest way rows get
// into PostgreSQL, the baseline of the push.
double copyInSeconds(const QUrl &admin, const QString &table, const QByteArray &data,
                     const char *setup = nullptr)
{
    PGconn *c = connectAdmin(admin);
    if (setup)
        PQclear(PQexec(c, setup));
    QElapsedTimer t;
    t.start();
    PGresult *r = PQexec(c, (QStringLiteral("COPY ") + table + QStringLiteral(" FROM STDIN"))
                                .toUtf8()
                                .constData());
    if (PQresultStatus(r) == PGRES_COPY_IN) {
        PQputCopyData(c, data.constData(), int(data.size()));
        PQputCopyEnd(c, nullptr);
    } else {
        std::fprintf(stderr, "COPY FROM STDIN failed: %s\n", PQerrorMessage(c));
    }
    PQclear(r);
    while ((r = PQgetResult(c))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            std::fprintf(stderr, "COPY FROM STDIN failed: %s\n", PQerrorMessage(c));
        PQclear(r);
    }
    return finishCopy(c, t);
}

// CPU time of this process (the server's work is in its own processes): on shared cores the
// wall-clock ratio depends on what else runs, the client's CPU per row does not.
double processCpuSec()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// This thread's time on a CPU and its time runnable but waiting for one (another process had
// the core), in seconds so far: what the wall clock of a step is made of, apart from waiting
// for the server and for the disk.
struct ThreadTime
{
    double cpu = 0, runQueue = 0;
};

ThreadTime threadTime()
{
    QFile f(QStringLiteral("/proc/thread-self/schedstat"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> v = f.readAll().split(' ');
    return {v.value(0).toDouble() / 1e9, v.value(1).toDouble() / 1e9};
}

// CPU seconds of this run's PostgreSQL server processes so far (the server's side of a step):
// the postmaster and its children, once the first COPY has named it.
double serverCpuSec()
{
    double total = 0;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &pid : pids) {
        if (!pid.front().isDigit())
            continue;
        QByteArray comm;
        const QList<QByteArray> fields = statFields(pid, &comm);
        if (comm != "postgres" || fields.size() < 2)
            continue;
        if (g_postmaster && pid.toLong() != g_postmaster && fields[1].toLong() != g_postmaster)
            continue;
        total += cpuSeconds(fields);
    }
    return total;
}

// Where a step's wall clock went: this thread on a CPU, waiting for a CPU, waiting for the
// server's answers, and the rest (the disk, locks); and the server's CPU meanwhile.
void printParts(const char *step, double wallS, const ThreadTime &a, const ThreadTime &b, double serverWaitS,
                double serverCpuS)
{
    const double cpu = b.cpu - a.cpu, queue = b.runQueue - a.runQueue;
    std::printf("%s: wall %.2f s = client on a CPU %.2f + client waiting for a CPU %.2f + waiting for the "
                "server %.2f + rest (disk, locks) %.2f; server processes' CPU meanwhile %.2f s\n",
                step, wallS, cpu, queue, serverWaitS, wallS - cpu - queue - serverWaitS, serverCpuS);
}

// EKN_BENCH_FUNCTIONS=1: the server's time per PL/pgSQL function since the last reset.
void printFunctions(SyncServer &server, int limit)
{
    QSqlQuery f(server.admin(QStringLiteral("bench-functions")));
    QThread::msleep(1500); // the calling backend flushes its counters when idle
    f.exec(QStringLiteral("SELECT schemaname || '.' || funcname, calls, round(total_time), "
                          "round(self_time) FROM pg_stat_user_functions ORDER BY self_time DESC "
                          "LIMIT %1")
               .arg(limit));
    while (f.next())
        std::printf("  server function %-36s calls %8lld total %7lld ms self %7lld ms\n",
                    qPrintable(f.value(0).toString()), f.value(1).toLongLong(), f.value(2).toLongLong(),
                    f.value(3).toLongLong());
}

const char kTrackColumns[] = "id, title, artist, album, duration, file_url, file_size, format, "
                             "bitrate, metadata, created_at, updated_at, "
                             "deleted_at, sync_version";

// One push round: a first push of `pushN` new tracks (and their tag rows) from a new device of
// a new account (pusherN@example.org), then COPY FROM STDIN of the rows it stored into new
// scratch tables with the same columns, defaults and indexes (bench_scratch_tracks_N,
// bench_scratch_metadata_N): no triggers, RLS or merge.
struct PushRound
{
    int round = 0;
    QString user, error;
    double pushS = 0, pushCpu = 0; // client + server CPU seconds
    int outbox = 0, pushed = 0, trips = 0;
    qint64 copyTrackRows = 0, copyTagRows = 0;
    double copyTracksS = 0, copyTagsS = 0, copyCpu = 0;
    double mergeS = 0; // the scratch tables' GIN pending entries merged after the COPY
    double ratio() const { return (copyTracksS + copyTagsS) / pushS; }
    double ratioMerged() const { return (copyTracksS + copyTagsS + mergeS) / pushS; }
};

PushRound pushRound(SyncServer &server, int round, int pushN, int batch)
{
    PushRound out;
    out.round = round;
    const QString email = QStringLiteral("pusher%1@example.org").arg(round);
    server.registerUser(email);
    Device a(QStringLiteral("bench-a%1").arg(round), server.clientUrl());
    a.signIn(email, server.password());
    a.addTracks(pushN, QStringLiteral("Pushed"));
    out.outbox = a.outboxSize();
    {
        RemoteSession remote(a.account());
        if (const Status connected = remote.connect(); !connected) {
            out.error = QStringLiteral("connect failed: ") + connected.error();
            return out;
        }
        SyncPush push(a.library().connection(), remote);
        push.batchSize = batch;
        const ThreadTime pushStart = threadTime();
        const double serverStart = serverCpuSec(), cpuStart = processCpuSec();
        QElapsedTimer t;
        t.start();
        if (const Status pushed = push.run(); !pushed) {
            out.error = QStringLiteral("push failed: ") + pushed.error();
            return out;
        }
        out.pushS = t.nsecsElapsed() / 1e9;
        out.pushCpu = processCpuSec() - cpuStart + serverCpuSec() - serverStart;
        printParts("push", out.pushS, pushStart, threadTime(), remote.serverMs() / 1000.0,
                   serverCpuSec() - serverStart);
        out.pushed = push.pushed();
        out.trips = remote.roundTrips();
        if (out.pushed != out.outbox) { // a rate for part of the rows would be no rate
            out.error = QStringLiteral("the push stored %1 of the %2 rows to send").arg(out.pushed).arg(out.outbox);
            return out;
        }
    }
    out.user = server.adminValue(QStringLiteral("SELECT id FROM users WHERE email = '%1'").arg(email)).toString();
    QByteArray tracksText, tagsText;
    copySeconds(server.adminUrl(),
                QStringLiteral("SELECT user_id, %1 FROM music_tracks WHERE user_id = '%2'")
                    .arg(QLatin1String(kTrackColumns), out.user),
                &out.copyTrackRows, &tracksText);
    copySeconds(server.adminUrl(),
                QStringLiteral("SELECT id, track_id, user_id, key, value FROM track_metadata WHERE user_id = '%1'")
                    .arg(out.user),
                &out.copyTagRows, &tagsText);
    server.adminExec(QStringLiteral("CREATE TABLE bench_scratch_tracks_%1 (LIKE music_tracks "
                                    "INCLUDING DEFAULTS INCLUDING INDEXES)").arg(round));
    server.adminExec(QStringLiteral("CREATE TABLE bench_scratch_metadata_%1 (LIKE track_metadata "
                                    "INCLUDING DEFAULTS INCLUDING INDEXES)").arg(round));
    const double cpuStart = processCpuSec() + serverCpuSec();
    out.copyTracksS = copyInSeconds(
        server.adminUrl(),
        QStringLiteral("bench_scratch_tracks_%1 (user_id, %2)").arg(round).arg(QLatin1String(kTrackColumns)),
        tracksText);
    double cpu = g_copyServerCpu;
    out.copyTagsS = copyInSeconds(
        server.adminUrl(),
        QStringLiteral("bench_scratch_metadata_%1 (id, track_id, user_id, key, value)").arg(round), tagsText);
    out.copyCpu = cpu + processCpuSec() + serverCpuSec() - cpuStart + g_copyServerCpu;
    // A COPY into empty GIN indexes leaves its entries in their pending lists (fastupdate: each
    // index's list stays under gin_pending_list_limit), to be merged later by whoever crosses
    // it or by vacuum: 40 % of the COPY's time, measured. The push's inserts pay those merges
    // as they come (the real tables' lists carry over from call to call). Timed apart.
    QElapsedTimer merge;
    merge.start();
    server.adminExec(QStringLiteral("SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
                                    "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                                    "WHERE i.indrelid = 'bench_scratch_tracks_%1'::regclass AND a.amname = 'gin'")
                         .arg(round));
    out.mergeS = merge.nsecsElapsed() / 1e9;
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // each figure shows as soon as it is measured
    const int pullN = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 100000;
    const int pushN = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 10000;
    SyncServer server;
    // EKN_BENCH_SERVER_SCHEMA=27: a server before api.pull_page (028), which this client pulls
    // from through api.pull (JSON per track): the before of docs/SCALING.md, in the same session.
    const int schema = qEnvironmentVariableIsSet("EKN_BENCH_SERVER_SCHEMA")
                           ? qEnvironmentVariableIntValue("EKN_BENCH_SERVER_SCHEMA")
                           : -1;
    if (schema >= 0)
        std::printf("server migrated to schema %d only\n", schema);
    if (!server.setUpServer(schema)) {
        std::fprintf(stderr, "setup failed: %s\n", qPrintable(server.error()));
        return 1;
    }
    const QString user =
        server.adminValue(QStringLiteral("SELECT id FROM users WHERE email = 'sync@example.org'"))
            .toString();
    // 100,000 tracks with realistic metadata, written as another device would have pushed them.
    server.adminExec(
        QStringLiteral("INSERT INTO music_tracks (id, user_id, title, artist, album, duration, "
                       "file_url, file_size, format, bitrate, metadata) "
                       "SELECT gen_random_uuid(), '%1', 'Title number ' || i, 'Artist ' || (i % "
                       "997), 'Album ' || (i % 4001), "
                       "120 + i % 300, 'file:///home/someone/Music/Artist%20' || (i % 997) || '/' "
                       "|| i || '.flac', 3000000 + i, 'flac', 900, "
                       "jsonb_build_object('album_artist', 'Artist ' || (i % 997), 'track_number', "
                       "1 + i % 12, 'year', 1960 + i % 60, "
                       "'genre', 'Genre ' || (i % 40), 'sample_rate', 44100, 'channels', 2, "
                       "'duration_ms', (120 + i % 300) * 1000, "
                       "'cover', jsonb_build_object('present', false), 'content_hash', "
                       "md5(i::text), 'source_device', 'abcdef0123456789') "
                       "FROM generate_series(1, %2) i")
            .arg(user)
            .arg(pullN));
    // As autovacuum leaves a table after a bulk insert (its insert threshold): visibility map
    // set, and the GIN indexes' pending lists merged. Without it the first push call paid for
    // merging the seed's pending trigram entries (130-140 ms instead of 80-100).
    server.adminExec(QStringLiteral("VACUUM ANALYZE"));
    // EKN_BENCH_FUNCTIONS=1: where the server's time goes, per PL/pgSQL function (self time).
    const bool functions = qEnvironmentVariableIntValue("EKN_BENCH_FUNCTIONS") == 1;
    if (functions) {
        server.adminExec(QStringLiteral("ALTER DATABASE \"%1\" SET track_functions = 'pl'")
                             .arg(server.databaseName()));
        server.adminExec(QStringLiteral("ALTER DATABASE \"%1\" SET session_preload_libraries = 'auto_explain'").arg(server.databaseName()));
        server.adminExec(QStringLiteral("ALTER DATABASE \"%1\" SET auto_explain.log_min_duration = 50").arg(server.databaseName()));
        server.adminExec(QStringLiteral("ALTER DATABASE \"%1\" SET auto_explain.log_nested_statements = on").arg(server.databaseName()));
    }

    // Pull.
    qint64 copyRows = 0;
    copySeconds(server.adminUrl(), QStringLiteral("SELECT 1"), &copyRows); // names this run's postmaster
    const double copyCpuStart = processCpuSec() + serverCpuSec();
    const double copyPull =
        copySeconds(server.adminUrl(),
                    QStringLiteral("SELECT %1 FROM music_tracks WHERE user_id = '%2'")
                        .arg(QLatin1String(kTrackColumns), user),
                    &copyRows);
    // The COPY's backend has exited by now: its CPU as read before it closed.
    const double copyCpu = processCpuSec() + serverCpuSec() - copyCpuStart + g_copyServerCpu;
    Device b(QStringLiteral("bench-b"), server.clientUrl());
    b.signIn(server.email(), server.password());
    if (functions)
        server.adminExec(QStringLiteral("SELECT pg_stat_reset()"));
    QElapsedTimer t;
    t.start();
    const double pullCpuStart = processCpuSec(), pullServerStart = serverCpuSec();
    const ThreadTime pullStart = threadTime();
    const int page = argc > 3 ? QString::fromLocal8Bit(argv[3]).toInt() : 5000;
    const SyncReport pulled = b.sync(500, page);
    const double pullS = t.nsecsElapsed() / 1e9;
    const double pullCpu = processCpuSec() - pullCpuStart;
    const double pullServerCpu = serverCpuSec() - pullServerStart;
    printParts("initial pull", pullS, pullStart, threadTime(), pulled.serverWaitMs / 1000.0, pullServerCpu);
    // The same ratio in CPU seconds (client + server), which other sessions on the cores do not move.
    std::printf("initial pull in CPU: %.2f s (client %.2f + server %.2f) against COPY's %.2f s: ratio %.2f\n",
                pullCpu + pullServerCpu, pullCpu, pullServerCpu, copyCpu,
                (pulled.pulled / (pullCpu + pullServerCpu)) / (copyRows / copyCpu));
    if (!pulled.ok) {
        std::fprintf(stderr, "pull failed: %s\n", qPrintable(pulled.error));
        return 1;
    }
    std::printf("initial pull: %d tracks in %.2f s = %.0f rows/s; COPY TO STDOUT of the same %lld "
                "rows: %.2f s = %.0f "
                "rows/s; ratio %.2f (goal >= 0.25); %d round trips\n",
                pulled.pulled, pullS, pulled.pulled / pullS, copyRows, copyPull,
                copyRows / copyPull, (pulled.pulled / pullS) / (copyRows / copyPull),
                pulled.roundTrips);
    std::printf("initial pull: %.1f us of this process's CPU per row (fetch, convert, write, index); "
                "%.2f s of the %.2f s spent waiting for api.pull pages (the next page is asked "
                "for before the last is applied)\n",
                pullCpu / pulled.pulled * 1e6, pulled.serverWaitMs / 1000.0, pullS);
    if (functions)
        printFunctions(server, 3);

    // What the pull left for after it (the app does it on its sync thread once the pull has
    // committed; search reads the waiting tracks meanwhile): the search index and the
    // secondary indexes. Measured apart, and the ratio with it included.
    {
        QElapsedTimer after;
        after.start();
        const double cpuStart = processCpuSec();
        QSqlDatabase local = b.library().connection();
        const Status finishedIndexing = IndexDeferral::finishDeferred(local);
        const bool indexed = finishedIndexing.ok();
        const QString error = finishedIndexing.error();
        const double afterS = after.nsecsElapsed() / 1e9, afterCpu = processCpuSec() - cpuStart;
        std::printf("after the pull, off its clock: search index and indexes built in %.2f s (%.2f s CPU)%s%s; "
                    "pull + this against COPY: ratio %.2f wall, %.2f CPU\n",
                    afterS, afterCpu, indexed ? "" : ", FAILED: ", qPrintable(error),
                    (pulled.pulled / (pullS + afterS)) / (copyRows / copyPull),
                    (pulled.pulled / (pullCpu + afterCpu + pullServerCpu)) / (copyRows / copyCpu));
    }

    // A sync with nothing to do: api.server_info + one api.pull (the contract: at most 2).
    {
        constexpr int kRuns = 20;
        int trips = 0;
        t.restart();
        for (int i = 0; i < kRuns; ++i) {
            const SyncReport idle = b.sync(500, page);
            if (!idle.ok || idle.pulled != 0) {
                std::fprintf(stderr, "no-op sync failed: %s\n", qPrintable(idle.error));
                return 1;
            }
            trips = idle.roundTrips;
        }
        std::printf("no-op sync: %.1f ms each (mean of %d, connection reused), %d round trips\n",
                    t.nsecsElapsed() / 1e6 / kRuns, kRuns, trips);
    }

    // Push, in rounds (EKN_BENCH_PUSH_ROUNDS, default 3): each a first push of new tracks as a
    // new account, then COPY FROM STDIN of the rows it stored into new scratch tables. One push
    // and one COPY are single samples a second apart, and the machine's speed moves between
    // them (a COPY took 0.16-0.26 s in one hour): each round's ratio pairs a push with the COPY
    // right after it, and the median round is the figure.
    const int rounds = std::max(1, qEnvironmentVariableIsSet("EKN_BENCH_PUSH_ROUNDS")
                                       ? qEnvironmentVariableIntValue("EKN_BENCH_PUSH_ROUNDS")
                                       : 3);
    const int batch = argc > 4 ? QString::fromLocal8Bit(argv[4]).toInt() : SyncPush::kMaxBatch;
    if (functions)
        server.adminExec(QStringLiteral("SELECT pg_stat_reset()"));
    QList<PushRound> done;
    for (int r = 1; r <= rounds; ++r) {
        PushRound round = pushRound(server, r, pushN, batch);
        if (!round.error.isEmpty()) {
            std::fprintf(stderr, "push round %d: %s\n", r, qPrintable(round.error));
            return 1;
        }
        if (r == 1 && functions)
            printFunctions(server, 15);
        std::printf("push round %d: %.2f s; COPY FROM STDIN of its rows into scratch tables %.3f s "
                    "(%lld tracks %.3f s + %lld tag rows %.3f s): ratio %.3f wall, %.2f CPU; with the "
                    "GIN entries that COPY left pending merged (%.3f s): %.3f\n",
                    r, round.pushS, round.copyTracksS + round.copyTagsS, round.copyTrackRows,
                    round.copyTracksS, round.copyTagRows, round.copyTagsS, round.ratio(),
                    round.copyCpu / round.pushCpu, round.mergeS, round.ratioMerged());
        done << round;
    }
    std::sort(done.begin(), done.end(),
              [](const PushRound &a, const PushRound &b) { return a.ratio() < b.ratio(); });
    const PushRound &median = done[done.size() / 2];
    QStringList each;
    for (const PushRound &round : done)
        each << QString::number(round.ratio(), 'f', 3);
    const double pushS = median.pushS, pushCpu = median.pushCpu, copyPush = median.copyTracksS;
    const int outbox = median.outbox, pushedRows = median.pushed, pushTrips = median.trips;
    const QString pusher = median.user;
    copyRows = median.copyTrackRows;
    std::printf("push in CPU: %.2f s (client + server) against COPY FROM STDIN's %.2f s: ratio %.2f "
                "(the median round)\n",
                pushCpu, median.copyCpu, median.copyCpu / pushCpu);
    std::printf("push against COPY FROM STDIN of the same rows into scratch tables (no triggers, "
                "foreign keys or RLS, empty indexes): ratio %.3f wall, the median of %d rounds (%s) "
                "(goal >= 0.25); that round: push %.2f s, COPY %.3f s\n",
                median.ratio(), int(done.size()), qPrintable(each.join(QStringLiteral(", "))), pushS,
                median.copyTracksS + median.copyTagsS);
    QList<double> merged;
    for (const PushRound &round : done)
        merged << round.ratioMerged();
    std::sort(merged.begin(), merged.end());
    double pushes = 0, copies = 0, merges = 0;
    for (const PushRound &round : done) {
        pushes += round.pushS;
        copies += round.copyTracksS + round.copyTagsS;
        merges += round.mergeS;
    }
    // The push's inserts merge pending entries whenever a list crosses the limit (round 1 after
    // the vacuum usually none, the next one most): over the rounds together it pays its share.
    std::printf("push against the same COPY with the GIN entries it left pending merged: ratio %.3f, "
                "the median of %d rounds (%.3f-%.3f); all rounds together: %.2f s of pushes against "
                "%.3f s of COPY (ratio %.3f) + %.3f s of merges (ratio %.3f)\n",
                merged[merged.size() / 2], int(merged.size()), merged.first(), merged.last(), pushes,
                copies, copies / pushes, merges, (copies + merges) / pushes);
    // And COPY FROM STDIN of the same rows into the tables themselves (another account, ids
    // derived from the pushed ones), whose indexes already hold every other account's rows:
    // once as the owner's bulk load pays it (triggers, foreign keys), once with triggers and
    // foreign-key checks off (session_replication_role = replica): the storage alone.
    const auto copyIntoTables = [&](const QString &email, const char *setup, const char *what) {
        server.registerUser(email);
        const QString copier =
            server.adminValue(QStringLiteral("SELECT id FROM users WHERE email = '%1'").arg(email)).toString();
        QByteArray tracksText, tagsText;
        qint64 trackRows = 0, tagRowsHere = 0;
        copySeconds(server.adminUrl(),
                    QStringLiteral("SELECT md5(id::text || '%1')::uuid, '%1'::uuid, title, artist, album, "
                                   "duration, file_url, file_size, format, bitrate, metadata, sync_version "
                                   "FROM music_tracks WHERE user_id = '%2'")
                        .arg(copier, pusher),
                    &trackRows, &tracksText);
        copySeconds(server.adminUrl(),
                    QStringLiteral("SELECT md5(id::text || '%1')::uuid, md5(track_id::text || '%1')::uuid, "
                                   "'%1'::uuid, key, value, sync_version FROM track_metadata WHERE user_id = '%2'")
                        .arg(copier, pusher),
                    &tagRowsHere, &tagsText);
        const double cpuStart = processCpuSec() + serverCpuSec();
        const double trackS = copyInSeconds(
            server.adminUrl(),
            QStringLiteral("music_tracks (id, user_id, title, artist, album, duration, file_url, "
                           "file_size, format, bitrate, metadata, sync_version)"),
            tracksText, setup);
        double cpu = g_copyServerCpu;
        const double tagS = copyInSeconds(
            server.adminUrl(), QStringLiteral("track_metadata (id, track_id, user_id, key, value, sync_version)"),
            tagsText, setup);
        cpu += processCpuSec() + serverCpuSec() - cpuStart + g_copyServerCpu;
        const qint64 landed =
            server.adminValue(QStringLiteral("SELECT (SELECT count(*) FROM music_tracks WHERE user_id = '%1') + "
                                             "(SELECT count(*) FROM track_metadata WHERE user_id = '%1')")
                                  .arg(copier))
                .toLongLong();
        std::printf("push against COPY FROM STDIN of the same rows into music_tracks and track_metadata, %s "
                    "(%lld tracks %.3f s + %lld tag rows %.3f s, %lld rows landed): ratio %.3f wall, "
                    "%.2f CPU\n",
                    what, trackRows, trackS, tagRowsHere, tagS, landed, (trackS + tagS) / pushS, cpu / pushCpu);
    };
    copyIntoTables(QStringLiteral("copier@example.org"), nullptr, "as the owner's bulk load (triggers, foreign keys)");
    copyIntoTables(QStringLiteral("copier2@example.org"), "SET session_replication_role = replica",
                   "storage alone (no triggers or foreign-key checks)");
    // And the table's own write path (its triggers and indexes), as one INSERT ... SELECT of
    // the same rows under new ids: what any way of storing them pays at least.
    QElapsedTimer plain;
    plain.start();
    server.adminExec(QStringLiteral(
        "INSERT INTO music_tracks (id, user_id, title, artist, album, duration, file_url, "
        "file_size, format, bitrate, metadata) SELECT gen_random_uuid(), user_id, title, artist, "
        "album, duration, file_url, file_size, format, bitrate, metadata FROM "
        "bench_scratch_tracks_%1").arg(median.round));
    const double plainS = plain.nsecsElapsed() / 1e9;
    std::printf("push baseline: one INSERT ... SELECT of the same %lld track rows into "
                "music_tracks (triggers, indexes): %.3f s; api.push / this = %.1f (tracks and "
                "their tag rows against tracks only)\n",
                copyRows, plainS, pushS / plainS);
    std::printf(
        "push through api.push: %d local tracks (+ their tag rows: %d outbox rows, %d stored) "
        "in %.2f s = %.0f tracks/s, %d round trips; COPY FROM STDIN of the same %lld track rows "
        "into a scratch table: %.3f s = %.0f rows/s; ratio (push time / COPY time, tracks only) "
        "%.1f\n",
        pushN, outbox, pushedRows, pushS, pushN / pushS, pushTrips, copyRows, copyPush,
        copyRows / copyPush, pushS / copyPush);

    // One edit, end to end: B edits and syncs, A' (another device of the same account) syncs.
    Device c(QStringLiteral("bench-c"), server.clientUrl());
    c.signIn(server.email(), server.password());
    c.sync();
    const QString id = b.scalar(QStringLiteral("SELECT id FROM music_tracks LIMIT 1"));
    TrackEdit e;
    e.title = QStringLiteral("Edited for the benchmark");
    if (const Status saved = TrackStore(b.library()).updateTrack(id, e); !saved)
        qFatal("cannot edit a track for the benchmark: %s", qPrintable(saved.error()));
    t.restart();
    const SyncReport up = b.sync();
    const double upMs = t.nsecsElapsed() / 1e6;
    t.restart();
    const SyncReport down = c.sync();
    const double downMs = t.nsecsElapsed() / 1e6;
    std::printf("one edit: sending device %.1f ms, %d round trips (pushed %d, pulled back %d); "
                "receiving device %.1f ms, "
                "%d round trips (pulled %d); title arrived: %s\n",
                upMs, up.roundTrips, up.pushed, up.pulled, downMs, down.roundTrips, down.pulled,
                c.trackTitle(id) == e.title ? "yes" : "NO");
    return 0;
}
