// Load generator: many simulated desktops syncing through a real PgBouncer (transaction
// pooling) to one PostgreSQL, each with its own account, its own token (sign-in), its own
// library (SQLite) and its own connection, running the real sync client (core/sync, no GUI).
//
// One command (a throwaway cluster, PgBouncer started here):
//   scripts/with-test-services.sh build/ci/tests/load/load_sync --devices 1000 --seconds 60
// The ramp (100, 250, 500, 1000, 1500 devices, one run each): tests/load/ramp.sh
//
// Sessions are kept in each device's own memory (test::MemorySecrets), not in the machine's
// keychain: one Secret Service holding a thousand secrets stalls, and a real desktop holds one.
// The rest is the apps' code path (AccountClient, Synchronizer) unchanged.
//
// Each device cycles: a no-op sync every --interval ms (default 5000, jittered), every 6th
// cycle a burst of 5 track edits then a sync, every 10th a playlist change then a sync, every
// 40th a first pull (a new empty library of the same account signs in and pulls everything).
// Devices are spread over --workers threads (default 32); a thread owns its devices' libraries
// and connections (Qt's rule) and runs one sync at a time, so a late start is reported as
// schedule lag, apart from the sync's own latency.
//
// Reports syncs/s, p50/p95/p99 latency per kind, errors by kind (the sync's own message),
// server CPU per sync (utime+stime of the postgres and pgbouncer processes from /proc),
// server connections in use (pg_stat_activity, sampled), and this generator's own CPU.
#include "library/library.h"
#include "memorysecrets.h"
#include "sync/sync.h"
#include "syncfixture.h"
#include "tst_pgbouncer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <map>
#include <sys/resource.h>
#include <unistd.h>

using namespace ekn;

namespace {

struct Options
{
    int devices = 100;
    int seconds = 60;
    int workers = 32;
    int intervalMs = 5000;
    int tracks = 20;
    int pool = 20;
    // PgBouncer's server_reset_query, run after every transaction (the README recipe; DISCARD
    // ALL for the figures before it, which replans every API call).
    QString reset = QStringLiteral("SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; CLOSE ALL; UNLISTEN *");
};

Options parse(const QStringList &args)
{
    Options o;
    for (int i = 1; i + 1 < args.size(); i += 2) {
        const int v = args[i + 1].toInt();
        if (args[i] == QLatin1String("--reset"))
            o.reset = args[i + 1];
        if (args[i] == QLatin1String("--devices"))
            o.devices = v;
        else if (args[i] == QLatin1String("--seconds"))
            o.seconds = v;
        else if (args[i] == QLatin1String("--workers"))
            o.workers = v;
        else if (args[i] == QLatin1String("--interval"))
            o.intervalMs = v;
        else if (args[i] == QLatin1String("--tracks"))
            o.tracks = v;
        else if (args[i] == QLatin1String("--pool"))
            o.pool = v;
    }
    o.workers = std::clamp(o.workers, 1, std::max(1, o.devices));
    return o;
}

// Where one sync's wall time went, on the thread that ran it (/proc/thread-self/schedstat:
// time on a CPU, time runnable but waiting for one), and how long it waited for the server.
struct SyncParts
{
    double wallMs = 0, cpuMs = 0, runQueueMs = 0, serverMs = 0;
};

// Everything the workers report, under one lock (a few thousand entries a second).
struct Stats
{
    QMutex lock;
    std::map<QString, std::vector<double>> latencyMs; // kind -> latencies
    std::map<QString, SyncParts> parts;               // kind -> sums over its syncs
    std::map<QString, int> errors;                    // kind: message -> count
    std::vector<double> lagMs;
    int setupFailures = 0;
    int setupRetries = 0;
    QString firstSetupError;

    void sync(const QString &kind, const SyncParts &p, const SyncReport &r)
    {
        QMutexLocker l(&lock);
        if (r.ok) {
            latencyMs[kind].push_back(p.wallMs);
            SyncParts &sum = parts[kind];
            sum.wallMs += p.wallMs;
            sum.cpuMs += p.cpuMs;
            sum.runQueueMs += p.runQueueMs;
            sum.serverMs += p.serverMs;
        } else {
            ++errors[kind + QStringLiteral(": ") + r.error.left(90)];
        }
    }
};

// CPU time and run-queue wait of the calling thread so far, in ms.
std::pair<double, double> threadSchedMs()
{
    QFile f(QStringLiteral("/proc/thread-self/schedstat"));
    if (!f.open(QIODevice::ReadOnly))
        return {0, 0};
    const QList<QByteArray> v = f.readAll().split(' ');
    return {v.value(0).toDouble() / 1e6, v.value(1).toDouble() / 1e6};
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

// CPU seconds (user + system) of every process whose command is one of `names`, and the
// seconds they were runnable but waited for a CPU (schedstat; other sessions' compilers).
struct ProcessCpu
{
    double cpu = 0, runQueue = 0;
};

using Processes = std::map<QString, ProcessCpu>; // pid -> its CPU so far

Processes cpuOf(const QStringList &names, const QByteArray &titleHas = {})
{
    const long tick = sysconf(_SC_CLK_TCK);
    Processes all;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &pid : pids) {
        if (!pid.front().isDigit())
            continue;
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = f.readAll();
        const qsizetype open = s.indexOf('('), close = s.lastIndexOf(')');
        if (open < 0 || close < 0 || !names.contains(QString::fromUtf8(s.mid(open + 1, close - open - 1))))
            continue;
        if (!titleHas.isEmpty()) { // a backend's process title: "postgres: ROLE DB ADDRESS STATE"
            QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (!cmd.open(QIODevice::ReadOnly) || !cmd.readAll().contains(titleHas))
                continue;
        }
        ProcessCpu &p = all[pid];
        const QList<QByteArray> fields = s.mid(close + 2).split(' ');
        if (fields.size() > 12) // utime, stime: fields 14, 15 of stat (11, 12 after the name)
            p.cpu = double(fields[11].toLongLong() + fields[12].toLongLong()) / double(tick);
        QFile sched(QStringLiteral("/proc/%1/schedstat").arg(pid));
        if (sched.open(QIODevice::ReadOnly))
            p.runQueue = sched.readAll().split(' ').value(1).toDouble() / 1e9;
    }
    return all;
}

// What the processes alive at the end used since `before` (a process that ended in between is
// not counted: its CPU is gone from /proc; the pool's backends live for the whole run).
ProcessCpu since(const Processes &before, const Processes &after)
{
    ProcessCpu d;
    for (const auto &[pid, now] : after) {
        const auto was = before.find(pid);
        const ProcessCpu start = was == before.end() ? ProcessCpu{} : was->second;
        d.cpu += now.cpu - start.cpu;
        d.runQueue += now.runQueue - start.runQueue;
    }
    return d;
}

// The whole machine from /proc/stat: busy and steal seconds over all CPUs so far.
struct MachineCpu
{
    double busy = 0, steal = 0;
};

MachineCpu machineCpu()
{
    QFile f(QStringLiteral("/proc/stat"));
    MachineCpu m;
    if (!f.open(QIODevice::ReadOnly))
        return m;
    const QList<QByteArray> v = f.readLine().simplified().split(' '); // cpu user nice system idle iowait irq softirq steal
    const double tick = double(sysconf(_SC_CLK_TCK));
    for (int i : {1, 2, 3, 6, 7})
        m.busy += v.value(i).toDouble() / tick;
    m.steal = v.value(8).toDouble() / tick;
    return m;
}

double selfCpu()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct SimDevice
{
    QString email;
    std::shared_ptr<test::MemorySecrets> secrets = std::make_shared<test::MemorySecrets>();
    std::unique_ptr<Device> device;
    QStringList tracks;
    QString playlist;
    int cycle = 0;
    qint64 dueMs = 0;
};

// One worker thread: sets up its devices (register, sign in, a library with tracks, the first
// sync), waits for the start, then runs their cycles until the end.
class Worker
{
public:
    Worker(int index, const Options &o, const QUrl &url, Stats &stats)
        : m_index(index), m_opt(o), m_url(url), m_stats(stats)
    {
    }

    bool setUp(int first, int count, const QString &password);
    void run(const QElapsedTimer &clock, qint64 endMs);

private:
    void cycle(SimDevice &d);
    static bool sessionOnlyInMemory(SimDevice &d);
    void timedSync(Device &device, const QString &kind);
    bool step(SimDevice &d, const std::function<QString()> &run);

    int m_index;
    Options m_opt;
    QUrl m_url;
    Stats &m_stats;
    std::vector<SimDevice> m_devices;
    QString m_password;
};

// The device's session is in its memory store, and its keychain service holds nothing.
bool Worker::sessionOnlyInMemory(SimDevice &d)
{
    if (d.secrets->size() != 1)
        return false;
    const auto secret = TokenStore(d.device->keychainService()).read(d.device->account().keychainKey());
    return secret && !*secret; // read, and nothing there
}

// One step of a device's setup (`run` answers an error, empty when it worked), tried up to
// five times with backoff, as the app does: a connect that timed out in the setup's storm of
// sign-ups (libpq's connect_timeout, 5 s, on the way into PgBouncer) is, for a first sync,
// retryable ("cannot reach the server", SyncEngine's 1 s, 2 s, 4 s ... backoff), and for a
// sign-up or sign-in a message the person acts on by trying again. Retrying at once, as this
// generator did, sent the retry into the same storm. Retries are reported; a step that fails
// five times drops the device.
bool Worker::step(SimDevice &d, const std::function<QString()> &run)
{
    constexpr int kAttempts = 5;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const QString error = run();
        if (error.isEmpty())
            return true;
        {
            QMutexLocker l(&m_stats.lock);
            if (m_stats.firstSetupError.isEmpty())
                m_stats.firstSetupError = d.email + QStringLiteral(": ") + error;
            ++m_stats.setupRetries;
        }
        if (attempt + 1 < kAttempts) {
            // 1 s, 2 s, 4 s, 8 s, each with +-20 % jitter so that retries do not come back together
            const quint64 ms = 1000ull << attempt;
            QThread::msleep(ms * 8 / 10 + QRandomGenerator::global()->bounded(ms * 4 / 10 + 1));
        }
    }
    QMutexLocker l(&m_stats.lock);
    ++m_stats.setupFailures;
    return false;
}

bool Worker::setUp(int first, int count, const QString &password)
{
    m_password = password;
    for (int i = first; i < first + count; ++i) {
        SimDevice d;
        d.email = QStringLiteral("load%1@example.org").arg(i);
        d.device = std::make_unique<Device>(QStringLiteral("load%1").arg(i), m_url, d.secrets);
        AccountClient &account = d.device->account();
        auto failure = [](const AccountResult &r) { return r.ok() ? QString() : r.message(); };
        if (!step(d, [&] { return failure(account.registerAccount(d.email, QStringLiteral("load%1").arg(i), password)); }) ||
            !step(d, [&] { return failure(account.signIn(d.email, password)); }))
            continue;
        if (i == 0 && !sessionOnlyInMemory(d)) {
            QMutexLocker l(&m_stats.lock);
            m_stats.firstSetupError = QStringLiteral("the session of %1 reached the keychain").arg(d.email);
            ++m_stats.setupFailures;
            return false;
        }
        d.tracks = d.device->addTracks(m_opt.tracks, QStringLiteral("Load %1").arg(i));
        d.playlist = PlaylistStore(d.device->library()).create(QStringLiteral("Mix %1").arg(i)).value();
        if (!step(d, [&] {
                const SyncReport r = d.device->sync();
                return r.ok ? QString() : QStringLiteral("first sync: ") + r.error;
            }))
            continue;
        m_devices.push_back(std::move(d));
    }
    return !m_devices.empty();
}

void Worker::timedSync(Device &device, const QString &kind)
{
    QElapsedTimer t;
    const auto [cpu0, queue0] = threadSchedMs();
    t.start();
    const SyncReport r = device.sync();
    SyncParts p;
    p.wallMs = double(t.nsecsElapsed()) / 1e6;
    const auto [cpu1, queue1] = threadSchedMs();
    p.cpuMs = cpu1 - cpu0;
    p.runQueueMs = queue1 - queue0;
    p.serverMs = double(r.serverWaitMs);
    m_stats.sync(kind, p, r);
}

void Worker::cycle(SimDevice &d)
{
    ++d.cycle;
    auto *rng = QRandomGenerator::global();
    if (d.cycle % 40 == 0) {
        // A new computer of the same account: an empty library pulls everything.
        Device fresh(QStringLiteral("fresh-") + d.email, m_url, std::make_shared<test::MemorySecrets>());
        if (!fresh.signIn(d.email, m_password)) {
            QMutexLocker l(&m_stats.lock);
            ++m_stats.errors[QStringLiteral("first pull: sign-in failed")];
            return;
        }
        timedSync(fresh, QStringLiteral("first pull"));
        return;
    }
    if (d.cycle % 10 == 0 && !d.playlist.isEmpty()) {
        PlaylistStore playlists(d.device->library());
        const QString track = d.tracks.value(int(rng->bounded(qsizetype(d.tracks.size()))));
        if (playlists.entries(d.playlist).value().size() > 10 && !playlists.removeEntry(d.playlist, 0))
            ++m_stats.errors[QStringLiteral("playlist entry not removed")];
        if (!playlists.addTracks(d.playlist, {track}))
            ++m_stats.errors[QStringLiteral("playlist entry not added")];
        timedSync(*d.device, QStringLiteral("playlist"));
        return;
    }
    if (d.cycle % 6 == 0) {
        TrackStore store(d.device->library());
        for (int e = 0; e < 5 && !d.tracks.isEmpty(); ++e) {
            TrackEdit edit;
            edit.title = QStringLiteral("Edited %1.%2").arg(d.cycle).arg(e);
            if (const Status saved = store.updateTrack(d.tracks.value(int(rng->bounded(qsizetype(d.tracks.size())))), edit);
                !saved)
                qWarning() << "edit not saved:" << saved.error();
        }
        timedSync(*d.device, QStringLiteral("edits"));
        return;
    }
    timedSync(*d.device, QStringLiteral("no-op"));
}

void Worker::run(const QElapsedTimer &clock, qint64 endMs)
{
    auto *rng = QRandomGenerator::global();
    for (SimDevice &d : m_devices) // spread the first cycles over one interval
        d.dueMs = clock.elapsed() + rng->bounded(m_opt.intervalMs);
    while (!m_devices.empty()) {
        auto next = std::min_element(m_devices.begin(), m_devices.end(),
                                     [](const SimDevice &a, const SimDevice &b) { return a.dueMs < b.dueMs; });
        const qint64 now = clock.elapsed();
        if (next->dueMs >= endMs)
            break;
        if (next->dueMs > now) {
            QThread::msleep(quint64(std::min<qint64>(next->dueMs - now, 50)));
            continue;
        }
        {
            QMutexLocker l(&m_stats.lock);
            m_stats.lagMs.push_back(double(now - next->dueMs));
        }
        cycle(*next);
        // Jittered +-20 % so that devices do not march in step.
        next->dueMs = clock.elapsed() + m_opt.intervalMs * 8 / 10 + rng->bounded(m_opt.intervalMs * 4 / 10 + 1);
    }
}

// Server connections of the clients (PgBouncer's pool), and how many of them run a statement.
struct Connections
{
    int open = 0, maxOpen = 0, maxActive = 0, samples = 0;
    double activeSum = 0;

    void sample(SyncServer &server)
    {
        QSqlQuery q(server.admin(QStringLiteral("load-monitor")));
        if (!q.exec(QStringLiteral("SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND usename <> current_user")) ||
            !q.next())
            return;
        maxOpen = std::max(maxOpen, q.value(0).toInt());
        maxActive = std::max(maxActive, q.value(1).toInt());
        activeSum += q.value(1).toDouble();
        ++samples;
    }
};

// What the run cost, from outside the syncs.
struct Measured
{
    double seconds = 0;
    ProcessCpu postgres, bouncer;
    double backends = 0; // of postgres: the backends serving the devices (PgBouncer's pool)
    QStringList functions; // the API's PL/pgSQL functions by time (pg_stat_user_functions)
    double ownCpu = 0;
    MachineCpu machine;
    Connections connections;
    int devices = 0;
};

void reportKinds(Stats &s)
{
    for (const auto &[kind, v] : s.latencyMs) {
        std::printf("  %-10s n=%6zu  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms\n", qPrintable(kind),
                    v.size(), percentile(v, 0.5), percentile(v, 0.95), percentile(v, 0.99),
                    v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()));
        const SyncParts &p = s.parts[kind];
        const double n = double(std::max<size_t>(1, v.size()));
        std::printf("  %-10s mean %.1f ms = generator CPU %.1f + generator waiting for a CPU %.1f + waiting for "
                    "the server %.1f + rest %.1f\n",
                    "", p.wallMs / n, p.cpuMs / n, p.runQueueMs / n, p.serverMs / n,
                    (p.wallMs - p.cpuMs - p.runQueueMs - p.serverMs) / n);
    }
}

void report(const Options &o, Stats &s, const Measured &m)
{
    int syncs = 0;
    for (const auto &[kind, v] : s.latencyMs)
        syncs += int(v.size());
    int errors = 0;
    for (const auto &[kind, n] : s.errors)
        errors += n;
    const double perSync = syncs ? 1000.0 / syncs : 0.0, cores = 100 / m.seconds;
    std::printf("\n%d devices (%d asked), %d workers, pool %d, interval %d ms, %.0f s measured, reset: %s\n",
                m.devices, o.devices, o.workers, o.pool, o.intervalMs, m.seconds, qPrintable(o.reset));
    std::printf("syncs: %d ok, %d failed = %.1f syncs/s\n", syncs, errors, syncs / m.seconds);
    reportKinds(s);
    std::printf("schedule lag (a sync started late because its thread was busy): p50 %.0f ms, p95 %.0f ms, "
                "p99 %.0f ms\n",
                percentile(s.lagMs, 0.5), percentile(s.lagMs, 0.95), percentile(s.lagMs, 0.99));
    std::printf("errors by kind:%s\n", s.errors.empty() ? " none" : "");
    for (const auto &[kind, n] : s.errors)
        std::printf("  %5d  %s\n", n, qPrintable(kind));
    const double server = m.postgres.cpu + m.bouncer.cpu;
    std::printf("server CPU: postgres %.1f s, pgbouncer %.1f s = %.2f ms per sync (%.0f %% of one core); "
                "postgres waited %.1f s for a CPU (%.2f ms per sync)\n",
                m.postgres.cpu, m.bouncer.cpu, server * perSync, server * cores, m.postgres.runQueue,
                m.postgres.runQueue * perSync);
    std::printf("  of postgres: the pool's backends %.1f s = %.2f ms per sync; autovacuum, WAL, checkpoints and "
                "other background processes %.1f s\n",
                m.backends, m.backends * perSync, m.postgres.cpu - m.backends);
    std::printf("server time in the API's functions (track_functions = pl; total/self ms per sync):\n");
    for (const QString &f : m.functions)
        std::printf("  %s\n", qPrintable(f));
    std::printf("load generator CPU: %.1f s (%.0f %% of one core) = %.2f ms per sync\n", m.ownCpu,
                m.ownCpu * cores, m.ownCpu * perSync);
    std::printf("machine (2 cores shared with other sessions): busy %.0f %% of one core, of which server %.0f %%, "
                "generator %.0f %%, other processes %.0f %%; steal %.0f %%\n",
                m.machine.busy * cores, server * cores, m.ownCpu * cores,
                (m.machine.busy - server - m.ownCpu) * cores, m.machine.steal * cores);
    std::printf("server connections (pg_stat_activity, sampled each second): %d open for %d client connections, "
                "running a statement: max %d, mean %.1f\n",
                m.connections.maxOpen, m.devices, m.connections.maxActive,
                m.connections.samples ? m.connections.activeSum / m.connections.samples : 0.0);
}

// Runs the event loop (not a busy loop: the generator's own CPU is a figure) until done(),
// calling every() once a second.
void waitFor(const std::function<bool()> &done, const std::function<void()> &every)
{
    QEventLoop loop;
    QTimer poll;
    int ticks = 0;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (every && ++ticks % 5 == 0)
            every();
        if (done())
            loop.quit();
    });
    poll.start(200);
    loop.exec();
}

} // namespace

// The API functions that took the most server time since the stats were reset, per sync.
QStringList functionTimes(SyncServer &server, int syncs)
{
    QSqlQuery q(server.admin(QStringLiteral("load-monitor")));
    QStringList out;
    if (!q.exec(QStringLiteral("SELECT schemaname || '.' || funcname, calls, total_time, self_time "
                               "FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 8")))
        return {QStringLiteral("(cannot read pg_stat_user_functions)")};
    const double n = std::max(1, syncs);
    while (q.next())
        out << QStringLiteral("%1: %2 calls (%3 per sync), %4 / %5 ms per sync")
                   .arg(q.value(0).toString(), -24)
                   .arg(q.value(1).toLongLong())
                   .arg(q.value(1).toDouble() / n, 0, 'f', 2)
                   .arg(q.value(2).toDouble() / n, 0, 'f', 3)
                   .arg(q.value(3).toDouble() / n, 0, 'f', 3);
    return out;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QLoggingCategory::setFilterRules(QStringLiteral("eknmusic.*.info=false"));
    const Options o = parse(app.arguments());
    SyncServer server;
    if (!server.setUpServer()) {
        std::fprintf(stderr, "setup failed: %s\n", qPrintable(server.error()));
        return 1;
    }
    // Time per API function (a clock read per PL/pgSQL call: small next to a call's own cost).
    server.adminExec(QStringLiteral("ALTER SYSTEM SET track_functions = 'pl'"));
    server.adminExec(QStringLiteral("SELECT pg_reload_conf()"));
    // Every device registers and signs in from 127.0.0.1: the per-address throttles are for
    // attackers, not for this.
    server.setSetting(QStringLiteral("throttle_register_address"), 1000000);
    server.setSetting(QStringLiteral("throttle_free_failures_address"), 1000000);
    auto bouncer = std::make_unique<Bouncer>(server, QStringLiteral("default_pool_size = %1\nmax_client_conn = %2\n"
                                           "server_reset_query = %3\nserver_reset_query_always = 1\n")
                                .arg(o.pool)
                                .arg(o.devices * 2 + 100)
                                .arg(o.reset));
    if (!bouncer->isRunning()) {
        std::fprintf(stderr, "pgbouncer did not start: %s\n", qPrintable(bouncer->error()));
        return 1;
    }
    Stats stats;
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<QThread *> threads;
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    QElapsedTimer clock;
    qint64 endMs = 0;
    for (int w = 0; w < o.workers; ++w) {
        workers.push_back(std::make_unique<Worker>(w, o, bouncer->url(), stats));
        const int first = o.devices * w / o.workers, last = o.devices * (w + 1) / o.workers;
        Worker *worker = workers.back().get();
        threads.push_back(QThread::create([&, worker, first, last] {
            worker->setUp(first, last - first, server.password());
            ++ready;
            while (!go)
                QThread::msleep(20);
            worker->run(clock, endMs);
        }));
        threads.back()->start();
    }
    QElapsedTimer setupTime;
    setupTime.start();
    // The main thread runs the event loop (a keychain job of a worker would run on it: only the
    // check that the first device's session stayed out of the keychain makes one).
    waitFor([&] { return ready == o.workers; }, {});
    std::printf("set up %d devices in %.1f s (%d failed, %d steps retried%s%s)\n", o.devices - stats.setupFailures,
                setupTime.elapsed() / 1000.0, stats.setupFailures, stats.setupRetries,
                stats.firstSetupError.isEmpty() ? "" : "; first: ", qPrintable(stats.firstSetupError));
    const QStringList pg = {QStringLiteral("postgres")}, pgb = {QStringLiteral("pgbouncer")};
    const QByteArray backendTitle = QByteArrayLiteral("postgres: ") + server.clientRole().toUtf8() + ' ';
    QThread::msleep(1500); // the setup's function statistics reach the stats before the reset
    server.adminExec(QStringLiteral("SELECT pg_stat_reset()"));
    const Processes pg0 = cpuOf(pg), pgb0 = cpuOf(pgb), backends0 = cpuOf(pg, backendTitle);
    const double own0 = selfCpu();
    const MachineCpu machine0 = machineCpu();
    clock.start();
    endMs = qint64(o.seconds) * 1000;
    go = true;
    Measured m;
    waitFor([&] { return std::all_of(threads.begin(), threads.end(), [](QThread *t) { return t->isFinished(); }); },
            [&] { m.connections.sample(server); });
    m.seconds = clock.elapsed() / 1000.0;
    m.postgres = since(pg0, cpuOf(pg));
    m.bouncer = since(pgb0, cpuOf(pgb));
    m.backends = since(backends0, cpuOf(pg, backendTitle)).cpu;
    const MachineCpu machine1 = machineCpu();
    m.ownCpu = selfCpu() - own0;
    m.machine = {machine1.busy - machine0.busy, machine1.steal - machine0.steal};
    m.devices = o.devices - stats.setupFailures;
    QThread::msleep(1500); // idle backends flush their function statistics within a second
    int syncs = 0;
    for (const auto &[kind, v] : stats.latencyMs)
        syncs += int(v.size());
    m.functions = functionTimes(server, syncs);
    report(o, stats, m);
    for (QThread *t : threads)
        delete t;
    // Devices sign out and close their libraries on the thread that owns them: they were made
    // there, and that thread has ended; leaving them to process exit is what a crash would do.
    bouncer.reset(); // stops pgbouncer
    std::fflush(stdout);
    _exit(0);
}
