#pragma once

#include "libraryworker.h"

#include <QObject>
#include <QThread>

namespace ekn {

// Owns the library thread and the LibraryWorker on it. The GUI calls post() with what to do;
// the work runs on the library thread and answers through the worker's signals, which arrive
// queued on the GUI thread. Nothing here ever blocks the GUI, except the destructor waiting
// for the thread at shutdown.
class LibraryService : public QObject
{
    Q_OBJECT
public:
    explicit LibraryService(const QString &dataDir, QObject *parent = nullptr);
    ~LibraryService() override;

    // Opens the library on its thread; connect to worker()'s signals before calling it.
    void start();

    LibraryWorker *worker() const { return m_worker; }
    QString dataDir() const { return m_dataDir; }

    // Runs f(worker) on the library thread.
    template <typename F>
    void post(F &&f)
    {
        LibraryWorker *w = m_worker;
        QMetaObject::invokeMethod(m_worker, [w, f = std::forward<F>(f)]() mutable { f(w); }, Qt::QueuedConnection);
    }

private:
    QString m_dataDir;
    QThread m_thread;
    LibraryWorker *m_worker;
};

} // namespace ekn
