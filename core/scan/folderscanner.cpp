#include "scan/folderscanner.h"

#include "common/cputime.h"
#include "common/logging.h"
#include "library/indexdeferral.h"
#include "library/librarydatabase.h"
#include "library/trackwriter.h"
#include "scan/contenthash.h"
#include "scan/folderwalker.h"
#include "scan/scanqueue.h"
#include "tags/tagreader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QScopeGuard>
#include <QThread>

#include <mutex>
#include <tuple>
#include <vector>

namespace ekn {

namespace {

constexpr int kProgressIntervalMs = 100;
constexpr int kBatchIntervalMs = 250;

} // namespace

// One scan, from walk to summary, on the scanner's own thread (which is the only writer).
class ScanRun
{
public:
    ScanRun(FolderScanner &scanner, QStringList roots, bool addRoots)
        : s(scanner)
        , m_roots(std::move(roots))
        , m_addRoots(addRoots)
    {
    }

    ScanSummary run();

private:
    void emitProgress(const QString &folder, bool force = false);
    bool writeBatch(std::vector<ReadOutcome> &batch);
    void notStored(const QString &path, const QString &why);
    void fail(const QString &path, const QString &nfcPath, const QString &reason, qint64 size, qint64 mtime,
              bool store = true);

    void addRoots(const QStringList &roots);
    void checkRoots();
    void sortFound(const FoundFile &f);
    void walk();
    void writeWalkFindings();
    bool underScannedRoot(const QString &nfcPath) const;
    QStringList goneAndMoveCandidates();
    void readJobs(std::atomic<size_t> &next, ResultQueue &queue);
    void collect(std::vector<ReadOutcome> &ready, std::vector<ReadOutcome> &pending);
    bool readAndWrite(int workerCount);
    void markGone(const QStringList &gone);

    FolderScanner &s;
    QStringList m_roots;
    bool m_addRoots = true;
    // What the walk found (filled by walk(); the jobs do not move while readers run).
    QStringList m_usableRoots; // roots that exist and may be scanned
    std::vector<Job> m_jobs;   // files to read
    QSet<QString> m_seen;      // NFC paths found
    QStringList m_cameBack;    // unavailable tracks whose file is back unchanged
    std::vector<std::pair<FoundFile, QString>> m_cachedFailures; // still broken, not reopened
    bool m_walkComplete = true;
    ScanSummary m_summary;
    std::unique_ptr<TrackWriter> m_writer;
    QHash<QString, KnownFile> m_known;
    QHash<QString, KnownError> m_knownErrors;
    QMultiHash<QString, QString> m_moveCandidates; // content hash -> track id of a missing file
    QSet<QString> m_relinked;                      // track ids found again at another path
    int m_done = 0;
    QString m_currentFolder;
    QElapsedTimer m_progressTimer;
    QSet<QString> m_failedNow; // NFC paths that failed in this scan
    QString m_batchError;      // why the last batch that could not be stored was not
    QString m_stepError;       // "path: why" of the first file of a stored batch that was not stored
    qint64 m_writeNs = 0; // time the writer spent in transactions (debug log)
};

void ScanRun::emitProgress(const QString &folder, bool force)
{
    if (!folder.isEmpty())
        m_currentFolder = folder;
    if (force || !m_progressTimer.isValid() || m_progressTimer.elapsed() >= kProgressIntervalMs) {
        m_progressTimer.restart();
        Q_EMIT s.progress(m_summary.found, m_done, m_currentFolder);
    }
}

void ScanRun::fail(const QString &path, const QString &nfcPath, const QString &reason, qint64 size, qint64 mtime,
                   bool store)
{
    ++m_summary.failed;
    m_failedNow.insert(nfcPath);
    // Not noted (the writer logs why): the file is reported now, and read again next time.
    if (store)
        std::ignore = m_writer->recordError(nfcPath, reason, size, mtime);
    qCDebug(lcScan) << "cannot read" << path << reason;
    Q_EMIT s.fileFailed(path, reason);
}

// A file of a batch whose step failed: the library keeps what it had of it (the writer's steps
// change all or nothing), the rest of the batch is stored, and the next scan reads it again. The
// first such reason goes to the summary's writeError.
void ScanRun::notStored(const QString &path, const QString &why)
{
    qCWarning(lcScan) << "cannot store" << path << why;
    if (m_stepError.isEmpty())
        m_stepError = QDir::toNativeSeparators(path) + QStringLiteral(": ") + why;
}

bool ScanRun::writeBatch(std::vector<ReadOutcome> &batch)
{
    if (batch.empty())
        return true;
    const qint64 cpuStart = threadCpuNs();
    const auto accountTime = qScopeGuard([&] { m_writeNs += threadCpuNs() - cpuStart; });
    QStringList added;
    QStringList changed;
    int changedCount = 0;
    int movedCount = 0;
    QSet<QString> relinked;
    if (const Status begun = m_writer->begin(); !begun) {
        m_batchError = begun.error();
        return false;
    }
    for (ReadOutcome &r : batch) {
        const Job &job = *r.job;
        ++m_done;
        if (!r.tags.ok) {
            fail(job.file.path, job.file.nfcPath, r.tags.error, job.file.size, job.file.mtime);
            continue;
        }
        const ScannedFile &file = r.file;
        // A step that fails leaves its file as the library had it (the writer logs why); the
        // rest of the batch is stored, and the next scan reads that file again.
        if (m_knownErrors.contains(job.file.nfcPath))
            std::ignore = m_writer->clearError(job.file.nfcPath); // readable now
        if (!job.knownTrackId.isEmpty()) {
            if (const Result<bool> updated = m_writer->updateTrack(job.knownTrackId, file); updated) {
                ++changedCount;
                changed << job.knownTrackId;
            } else {
                notStored(job.file.path, updated.error());
            }
            continue;
        }
        // A new path whose bytes match a track whose file is gone: the file was moved.
        QString movedFrom;
        const QList<QString> candidates = m_moveCandidates.values(r.hash);
        for (const QString &id : candidates) {
            if (!m_relinked.contains(id) && !relinked.contains(id)) {
                movedFrom = id;
                break;
            }
        }
        if (!movedFrom.isEmpty()) {
            if (const Result<bool> updated = m_writer->updateTrack(movedFrom, file); updated) {
                relinked.insert(movedFrom);
                ++movedCount;
                changed << movedFrom;
            } else {
                notStored(job.file.path, updated.error());
            }
            continue;
        }
        if (const Result<QString> id = m_writer->insertTrack(file); id)
            added << *id;
        else
            notStored(job.file.path, id.error());
    }
    if (const Status committed = m_writer->commit(); !committed) {
        // Nothing of this batch is in the library; the next scan reads these files again.
        m_batchError = committed.error();
        qCWarning(lcScan) << "batch commit failed:" << m_batchError;
        return false;
    }
    // Counted only once committed, so the summary never claims what is not stored.
    m_summary.added += int(added.size());
    m_summary.changed += changedCount;
    m_summary.moved += movedCount;
    m_relinked.unite(relinked);
    if (!added.isEmpty())
        Q_EMIT s.tracksAdded(added);
    if (!changed.isEmpty())
        Q_EMIT s.tracksChanged(changed);
    return true;
}

// Remembers the roots; a folder added again brings back the tracks that were taken out of
// the library with it (same ids, edits and playlist places).
void ScanRun::addRoots(const QStringList &roots)
{
    if (!m_writer->begin().ok())
        return;
    QStringList returned;
    for (const QString &root : roots) {
        // Not remembered (the writer logs why): the files are scanned all the same.
        std::ignore = m_writer->addRoot(root.normalized(QString::NormalizationForm_C));
        const Result<QStringList> back = m_writer->restoreRemovedUnder(root);
        if (!back) {
            // The scan goes on (its files are read either way); the batch is not committed
            // half-done, and the summary says why the folder's old tracks did not come back.
            m_summary.writeError = QCoreApplication::translate(
                "ekn::FolderScanner", "the tracks taken out with %1 could not be brought back: %2")
                                       .arg(QDir::toNativeSeparators(root), back.error());
            qCWarning(lcScan) << "cannot bring back removed tracks under" << root << back.error();
            m_writer->rollback();
            return;
        }
        returned << *back;
    }
    if (!m_writer->commit().ok())
        return;
    m_summary.returned = int(returned.size());
    if (!returned.isEmpty())
        Q_EMIT s.tracksAdded(returned);
}

// Roots: an absent one (unplugged drive) is left alone entirely; a refused one (not a
// folder, /proc-like) is reported.
void ScanRun::checkRoots()
{
    for (const QString &given : std::as_const(m_roots)) {
        const QString root = QDir::cleanPath(QFileInfo(given).absoluteFilePath());
        if (FolderWalker::isAbsent(root)) {
            m_summary.absentRoots << root;
            continue;
        }
        const QString reason = FolderWalker::refusalReason(root);
        if (!reason.isEmpty()) {
            m_summary.refusedRoots << root + QStringLiteral(": ") + reason;
            continue;
        }
        m_usableRoots << root;
    }
}

// One file the walk found: unchanged, back again, still broken, or to read.
void ScanRun::sortFound(const FoundFile &f)
{
    if (m_seen.contains(f.nfcPath))
        return; // reached twice through a symlink
    m_seen.insert(f.nfcPath);
    ++m_summary.found;
    const auto known = m_known.constFind(f.nfcPath);
    if (known != m_known.constEnd() && known->size == f.size && known->mtime == f.mtime) {
        if (known->available) {
            ++m_summary.unchanged;
        } else {
            ++m_summary.restored;
            m_cameBack << known->trackId;
        }
        ++m_done;
        return;
    }
    const auto error = m_knownErrors.constFind(f.nfcPath);
    if (known == m_known.constEnd() && error != m_knownErrors.constEnd() && error->size == f.size
        && error->mtime == f.mtime) {
        m_cachedFailures.emplace_back(f, error->reason); // still broken: report, do not reopen
        return;
    }
    m_jobs.push_back(Job{f, known != m_known.constEnd() ? known->trackId : QString()});
    emitProgress({});
}

// 1. Walk, and decide per file without opening it.
void ScanRun::walk()
{
    FolderWalker walker([this](const FoundFile &f) { sortFound(f); },
                        [this](const QString &folder) { emitProgress(folder); },
                        [this](const QString &path, const QString &reason) {
                            ++m_summary.failed;
                            m_failedNow.insert(path.normalized(QString::NormalizationForm_C));
                            Q_EMIT s.fileFailed(path, reason);
                            // Best effort (the writer logs a failure): the path is reported either way.
                            if (m_writer->begin().ok()) {
                                std::ignore = m_writer->recordError(path.normalized(QString::NormalizationForm_C), reason, -1, -1);
                                std::ignore = m_writer->commit();
                            }
                        },
                        s.m_cancel);
    for (const QString &root : std::as_const(m_usableRoots))
        m_walkComplete = walker.walk(root) && m_walkComplete;
    emitProgress({}, true);
}

// What the walk settled without reading: files back where they were, files still broken.
void ScanRun::writeWalkFindings()
{
    if (!m_cameBack.isEmpty() && m_writer->begin().ok()) {
        for (const QString &id : std::as_const(m_cameBack))
            std::ignore = m_writer->setAvailable(id, true); // the writer logs a failure
        if (m_writer->commit().ok())
            Q_EMIT s.tracksChanged(m_cameBack);
    }
    if (!m_cachedFailures.empty() && m_writer->begin().ok()) {
        for (const auto &[f, reason] : m_cachedFailures) {
            ++m_done;
            fail(f.path, f.nfcPath, reason, f.size, f.mtime, false);
        }
        std::ignore = m_writer->commit();
    }
}

bool ScanRun::underScannedRoot(const QString &nfcPath) const
{
    for (const QString &root : m_usableRoots) {
        const QString r = root.normalized(QString::NormalizationForm_C);
        if (nfcPath.startsWith(r.endsWith(QLatin1Char('/')) ? r : r + QLatin1Char('/')))
            return true;
    }
    return false;
}

// Known files under a scanned root that the walk did not find are gone (or moved); files
// already unavailable anywhere may have been moved here too.
QStringList ScanRun::goneAndMoveCandidates()
{
    QStringList gone;
    for (const KnownFile &k : std::as_const(m_known)) {
        const bool missingNow = m_walkComplete && !m_seen.contains(k.path) && underScannedRoot(k.path);
        if (missingNow && k.available)
            gone << k.trackId;
        if ((missingNow || !k.available) && !k.contentHash.isEmpty())
            m_moveCandidates.insert(k.contentHash, k.trackId);
    }
    return gone;
}

// One reader thread: takes the next job until none is left (or the scan is cancelled).
void ScanRun::readJobs(std::atomic<size_t> &next, ResultQueue &queue)
{
    for (;;) {
        const size_t index = next.fetch_add(1);
        if (index >= m_jobs.size() || s.m_cancel.load())
            break;
        const Job &job = m_jobs[index];
        ReadOutcome r;
        r.job = &job;
        if (const Result<QString> hash = audioHash(job.file.path); !hash) {
            r.tags.error = hash.error();
        } else {
            r.hash = *hash;
            r.tags = TagReader::read(job.file.path);
        }
        if (r.tags.ok) {
            r.file = ScannedFile{job.file.path, job.file.nfcPath, job.file.size, job.file.mtime, r.hash,
                                 r.tags.info, {}, {}, {}, {}};
            TrackWriter::prepare(r.file);
        }
        queue.push(std::move(r));
    }
}

// Moves what the readers finished into `pending` (an empty ReadOutcome is a reader's end mark).
void ScanRun::collect(std::vector<ReadOutcome> &ready, std::vector<ReadOutcome> &pending)
{
    for (ReadOutcome &r : ready) {
        if (r.job) {
            ++m_summary.filesRead;
            pending.push_back(std::move(r));
        }
    }
}

// 2. Read tags on all cores; this thread writes the results in batches.
bool ScanRun::readAndWrite(int workerCount)
{
    std::atomic<size_t> next{0};
    std::atomic<int> running{workerCount};
    ResultQueue queue;
    std::vector<std::thread> workers;
    if (!m_jobs.empty()) {
        for (int i = 0; i < workerCount; ++i) {
            workers.emplace_back([&] {
                readJobs(next, queue);
                --running;
                queue.push(ReadOutcome{}); // wakes the writer so it notices the end
            });
        }
    }
    m_summary.filesRead = 0;
    std::vector<ReadOutcome> pending;
    QElapsedTimer batchTimer;
    batchTimer.start();
    bool writeOk = true;
    const size_t batchSize = size_t(std::max(1, s.m_batchSize));
    for (;;) {
        const bool workersDone = running.load() == 0;
        std::vector<ReadOutcome> ready;
        queue.popAll(ready, 50);
        collect(ready, pending);
        const bool last = workersDone && ready.empty();
        if (pending.size() >= batchSize || (!pending.empty() && (last || batchTimer.elapsed() >= kBatchIntervalMs))) {
            writeOk = writeBatch(pending) && writeOk;
            pending.clear();
            batchTimer.restart();
            emitProgress({}, last);
        } else {
            emitProgress({});
        }
        if (last || workers.empty())
            break;
    }
    for (std::thread &t : workers)
        t.join();
    // A worker may have pushed its last result between the final check and its exit.
    std::vector<ReadOutcome> rest;
    queue.popAll(rest, 0);
    collect(rest, pending);
    return writeBatch(pending) && writeOk;
}

// 3. Only a complete, uncancelled scan may say a file is gone.
void ScanRun::markGone(const QStringList &gone)
{
    QStringList nowMissing;
    for (const QString &id : gone) {
        if (!m_relinked.contains(id))
            nowMissing << id;
    }
    if (!nowMissing.isEmpty() && m_writer->begin().ok()) {
        for (const QString &id : std::as_const(nowMissing))
            std::ignore = m_writer->setAvailable(id, false); // the writer logs a failure
        if (m_writer->commit().ok()) {
            m_summary.missing = int(nowMissing.size());
            Q_EMIT s.tracksChanged(nowMissing);
        }
    }
    // Bookkeeping, best effort (the writer logs a failure): the next scan does it again.
    if (m_writer->begin().ok()) {
        for (const QString &root : std::as_const(m_usableRoots))
            std::ignore = m_writer->markRootScanned(root.normalized(QString::NormalizationForm_C));
        // Errors of files that are gone (deleted, or fixed and imported) are history.
        for (auto it = m_knownErrors.cbegin(); it != m_knownErrors.cend(); ++it) {
            if (underScannedRoot(it.key()) && !m_failedNow.contains(it.key()) && !m_seen.contains(it.key()))
                std::ignore = m_writer->clearError(it.key());
        }
        std::ignore = m_writer->commit();
    }
}

ScanSummary ScanRun::run()
{
    QElapsedTimer elapsed;
    elapsed.start();
    const qint64 processCpuStart = processCpuNs();
    QSqlDatabase db = s.m_db.connection();
    m_writer = std::make_unique<TrackWriter>(db);
    TagReader::warmUp();

    checkRoots();
    if (m_addRoots)
        addRoots(m_usableRoots);
    Result<QHash<QString, KnownFile>> known = m_writer->knownFiles();
    Result<QHash<QString, KnownError>> knownErrors = m_writer->knownErrors();
    if (!known || !knownErrors) {
        m_summary.error = known ? knownErrors.error() : known.error();
        qCWarning(lcScan) << "scan stopped:" << m_summary.error;
        return m_summary;
    }
    m_known = std::move(*known);
    m_knownErrors = std::move(*knownErrors);

    walk();
    const qint64 walkMs = elapsed.elapsed();
    writeWalkFindings();
    const QStringList gone = goneAndMoveCandidates();

    // A first scan of a big folder into an empty library: indexes built once, at the end.
    const bool indexesDeferred = m_jobs.size() >= size_t(std::max(1, s.m_bulkLoadThreshold))
        && IndexDeferral::deferIfEmpty(db);
    const int workerCount = std::max(1, s.m_workers > 0 ? s.m_workers : QThread::idealThreadCount());
    const bool writeOk = readAndWrite(workerCount);

    m_summary.cancelled = s.m_cancel.load();
    if (!m_summary.cancelled && m_walkComplete)
        markGone(gone);
    if (!writeOk || !m_stepError.isEmpty()) {
        const QString why = writeOk ? m_stepError : m_batchError;
        m_summary.writeError = QCoreApplication::translate("ekn::FolderScanner",
                                                           "files were read but could not be stored in the library: %1")
                                   .arg(why);
        qCWarning(lcScan) << "some files could not be written:" << why;
    }
    if (indexesDeferred) {
        if (const Status restored = IndexDeferral::restore(db); !restored)
            qCWarning(lcScan) << "cannot build the library's indexes (the next open retries):" << restored.error();
    }
    emitProgress({}, true);
    m_summary.elapsedMs = elapsed.elapsed();
    qCDebug(lcScan) << "scan took" << m_summary.elapsedMs << "ms (walk" << walkMs << "ms), using"
                    << (processCpuNs() - processCpuStart) / 1000000 << "ms of CPU; the writer used" << m_writeNs / 1000000
                    << "ms of CPU for" << m_summary.filesRead << "files read with" << workerCount << "workers";
    return m_summary;
}

FolderScanner::FolderScanner(const LibraryDatabase &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
    qRegisterMetaType<ekn::ScanSummary>();
}

FolderScanner::~FolderScanner()
{
    cancel();
    wait();
}

bool FolderScanner::start(const QStringList &roots)
{
    return begin(roots, true);
}

bool FolderScanner::rescan(const QStringList &folders)
{
    return begin(folders, false);
}

bool FolderScanner::begin(const QStringList &roots, bool addRoots)
{
    if (m_running.exchange(true))
        return false;
    if (m_thread.joinable())
        m_thread.join();
    m_cancel = false;
    m_thread = std::thread([this, roots, addRoots] { run(roots, addRoots); });
    return true;
}

void FolderScanner::run(QStringList roots, bool addRoots)
{
    ScanSummary summary;
    {
        ScanRun scan(*this, std::move(roots), addRoots);
        summary = scan.run();
    }
    m_running = false;
    Q_EMIT finished(summary);
}

void FolderScanner::cancel()
{
    m_cancel = true;
}

bool FolderScanner::isRunning() const
{
    return m_running.load();
}

void FolderScanner::wait()
{
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
        m_thread.join();
}

} // namespace ekn
