#pragma once

#include "scan/scansummary.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>
#include <thread>

namespace ekn {

class LibraryDatabase;

// Scans folders into the library off the calling thread: a walk, a diff against the library
// (size + mtime: unchanged files are not opened), tag reading on a pool of workers (all
// cores), and one writer committing batches (one transaction per batch, outbox rows
// included) so tracks appear while the scan runs. Signals are emitted from the scan thread;
// connect with the default (auto) connection and they arrive queued in the receiver's thread.
//
// Nothing is lost: a missing file marks its track unavailable; an absent root changes
// nothing; a moved file (same content hash) keeps its track id and playlist entries; a
// cancelled scan marks nothing missing.
class FolderScanner : public QObject
{
    Q_OBJECT
public:
    explicit FolderScanner(const LibraryDatabase &db, QObject *parent = nullptr);
    ~FolderScanner() override; // cancels a running scan and waits for it

    // Starts scanning `roots` (folders; each is remembered in library_roots). Returns false
    // when a scan is already running.
    bool start(const QStringList &roots);
    // Re-reads folders already in the library (roots, or folders under them) without adding
    // them as roots and without bringing back tracks removed from the library: what a
    // changed folder (FolderWatcher) or a start-up check asks for. False while a scan runs.
    bool rescan(const QStringList &folders);
    void cancel();
    bool isRunning() const;
    // Blocks until the running scan ended (for the CLI and tests; never on the GUI thread).
    void wait();

    void setWorkerCount(int n) { m_workers = n; }  // default: all cores
    void setBatchSize(int n) { m_batchSize = n; }  // default 200 files per transaction
    // A first scan of at least this many files into an empty library builds the secondary
    // indexes once at the end (IndexDeferral). Default 2000.
    void setBulkLoadThreshold(int files) { m_bulkLoadThreshold = files; }

Q_SIGNALS:
    void progress(int found, int done, const QString &currentFolder);
    void tracksAdded(const QStringList &ids);
    void tracksChanged(const QStringList &ids); // re-read, moved, came back or went missing
    void fileFailed(const QString &path, const QString &reason);
    void finished(const ekn::ScanSummary &summary);

private:
    friend class ScanRun;
    bool begin(const QStringList &roots, bool addRoots);
    void run(QStringList roots, bool addRoots);

    const LibraryDatabase &m_db;
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_cancel{false};
    int m_workers = 0;
    int m_batchSize = 200;
    int m_bulkLoadThreshold = 2000;
};

} // namespace ekn
