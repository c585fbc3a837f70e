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

// Everything the workers report, under one lock (a few thousand entries a second).
struct Stats
{
    QMutex lock;
    std::map<QString, std::vector<double>> latencyMs; // kind -> latencies
    std::map<QString, int> errors;                    // kind: message -> count
    std::vector<double> lagMs;
    int setupFailures = 0;
    QString firstSetupError;

    void sync(const QString &kind, double ms, const SyncReport &r)
    {
        QMutexLocker l(&lock);
        if (r.ok)
            latencyMs[kind].push_back(ms);
        else
            ++errors[kind + QStringLiteral(": ") + r.error.left(90)];
    }
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

// CPU seconds (user + system) of every process whose command is one of `names`.
double cpuOf(const QStringList &names)
{
    const long tick = sysconf(_SC_CLK_TCK);
    double total = 0;
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
        const QList<QByteArray> fields = s.mid(close + 2).split(' ');
        if (fields.size() > 12) // utime, stime: fields 14, 15 of stat (11, 12 after the name)
            total += double(fields[11].toLongLong() + fields[12].toLongLong()) / double(tick);
    }
    return total;
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
    void timedSync(SimDevice &d, const QString &kind);

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
    QByteArray secret;
    return d.secrets->size() == 1 &&
           TokenStore(d.device->keychainService()).read(d.device->account().keychainKey(), &secret) ==
               TokenStore::Result::NotFound;
}

bool Worker::setUp(int first, int count, const QString &password)
{
    m_password = password;
    for (int i = first; i < first + count; ++i) {
        SimDevice d;
        d.email = QStringLiteral("load%1@example.org").arg(i);
        d.device = std::make_unique<Device>(QStringLiteral("load%1").arg(i), m_url, d.secrets);
        const AccountResult reg =
            d.device->account().registerAccount(d.email, QStringLiteral("load%1").arg(i), password);
        if (!reg.ok() || !d.device->signIn(d.email, password)) {
            QMutexLocker l(&m_stats.lock);
            if (m_stats.firstSetupError.isEmpty())
                m_stats.firstSetupError = d.email + QStringLiteral(": ") + reg.message();
            ++m_stats.setupFailures;
            continue;
        }
        if (i == 0 && !sessionOnlyInMemory(d)) {
            QMutexLocker l(&m_stats.lock);
            m_stats.firstSetupError = QStringLiteral("the session of %1 reached the keychain").arg(d.email);
            ++m_stats.setupFailures;
            return false;
        }
        d.tracks = d.device->addTracks(m_opt.tracks, QStringLiteral("Load %1").arg(i));
        d.playlist = PlaylistStore(d.device->library()).create(QStringLiteral("Mix %1").arg(i));
        const SyncReport r = d.device->sync();
        if (!r.ok) {
            QMutexLocker l(&m_stats.lock);
            if (m_stats.firstSetupError.isEmpty())
                m_stats.firstSetupError = d.email + QStringLiteral(": ") + r.error;
            ++m_stats.setupFailures;
            continue;
        }
        m_devices.push_back(std::move(d));
    }
    return !m_devices.empty();
}

void Worker::timedSync(SimDevice &d, const QString &kind)
{
    QElapsedTimer t;
    t.start();
    const SyncReport r = d.device->sync();
    m_stats.sync(kind, double(t.nsecsElapsed()) / 1e6, r);
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
        QElapsedTimer t;
        t.start();
        const SyncReport r = fresh.sync();
        m_stats.sync(QStringLiteral("first pull"), double(t.nsecsElapsed()) / 1e6, r);
        return;
    }
    if (d.cycle % 10 == 0 && !d.playlist.isEmpty()) {
        PlaylistStore playlists(d.device->library());
        const QString track = d.tracks.value(int(rng->bounded(qsizetype(d.tracks.size()))));
        if (playlists.entries(d.playlist).size() > 10)
            playlists.removeEntry(d.playlist, 0);
        playlists.addTracks(d.playlist, {track});
        timedSync(d, QStringLiteral("playlist"));
        return;
    }
    if (d.cycle % 6 == 0) {
        TrackStore store(d.device->library());
        for (int e = 0; e < 5 && !d.tracks.isEmpty(); ++e) {
            TrackEdit edit;
            edit.title = QStringLiteral("Edited %1.%2").arg(d.cycle).arg(e);
            store.updateTrack(d.tracks.value(int(rng->bounded(qsizetype(d.tracks.size())))), edit);
        }
        timedSync(d, QStringLiteral("edits"));
        return;
    }
    timedSync(d, QStringLiteral("no-op"));
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

int serverConnections(SyncServer &server)
{
    QSqlQuery q(server.admin(QStringLiteral("load-monitor")));
    if (!q.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND usename <> current_user")) ||
        !q.next())
        return -1;
    return q.value(0).toInt();
}

void report(const Options &o, Stats &s, double seconds, double serverCpu, double bouncerCpu, double ownCpu,
            int maxConnections, int devices)
{
    int syncs = 0;
    for (const auto &[kind, v] : s.latencyMs)
        syncs += int(v.size());
    int errors = 0;
    for (const auto &[kind, n] : s.errors)
        errors += n;
    std::printf("\n%d devices (%d asked), %d workers, pool %d, interval %d ms, %.0f s measured, reset: %s\n",
                devices, o.devices, o.workers, o.pool, o.intervalMs, seconds, qPrintable(o.reset));
    std::printf("syncs: %d ok, %d failed = %.1f syncs/s\n", syncs, errors, syncs / seconds);
    for (const auto &[kind, v] : s.latencyMs)
        std::printf("  %-10s n=%6zu  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms\n", qPrintable(kind),
                    v.size(), percentile(v, 0.5), percentile(v, 0.95), percentile(v, 0.99),
                    v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()));
    std::printf("schedule lag (a sync started late because its thread was busy): p50 %.0f ms, p95 %.0f ms, "
                "p99 %.0f ms\n",
                percentile(s.lagMs, 0.5), percentile(s.lagMs, 0.95), percentile(s.lagMs, 0.99));
    std::printf("errors by kind:%s\n", s.errors.empty() ? " none" : "");
    for (const auto &[kind, n] : s.errors)
        std::printf("  %5d  %s\n", n, qPrintable(kind));
    std::printf("server CPU: postgres %.1f s, pgbouncer %.1f s = %.2f ms per sync (%.0f %% of one core)\n",
                serverCpu, bouncerCpu, syncs ? (serverCpu + bouncerCpu) * 1000 / syncs : 0.0,
                (serverCpu + bouncerCpu) * 100 / seconds);
    std::printf("server connections in use (pg_stat_activity, max sampled): %d for %d client connections\n",
                maxConnections, devices);
    std::printf("load generator CPU: %.1f s (%.0f %% of one core) = %.2f ms per sync\n", ownCpu,
                ownCpu * 100 / seconds, syncs ? ownCpu * 1000 / syncs : 0.0);
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
    std::printf("set up %d devices in %.1f s (%d failed%s%s)\n", o.devices - stats.setupFailures,
                setupTime.elapsed() / 1000.0, stats.setupFailures, stats.firstSetupError.isEmpty() ? "" : ": ",
                qPrintable(stats.firstSetupError));
    const QStringList pg = {QStringLiteral("postgres")}, pgb = {QStringLiteral("pgbouncer")};
    const double pg0 = cpuOf(pg), pgb0 = cpuOf(pgb), own0 = selfCpu();
    clock.start();
    endMs = qint64(o.seconds) * 1000;
    go = true;
    int maxConnections = 0;
    waitFor([&] { return std::all_of(threads.begin(), threads.end(), [](QThread *t) { return t->isFinished(); }); },
            [&] { maxConnections = std::max(maxConnections, serverConnections(server)); });
    const double seconds = clock.elapsed() / 1000.0;
    report(o, stats, seconds, cpuOf(pg) - pg0, cpuOf(pgb) - pgb0, selfCpu() - own0, maxConnections,
           o.devices - stats.setupFailures);
    for (QThread *t : threads)
        delete t;
    // Devices sign out and close their libraries on the thread that owns them: they were made
    // there, and that thread has ended; leaving them to process exit is what a crash would do.
    bouncer.reset(); // stops pgbouncer
    std::fflush(stdout);
    _exit(0);
}
