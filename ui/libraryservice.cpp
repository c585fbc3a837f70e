#include "libraryservice.h"

namespace ekn {

LibraryService::LibraryService(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
    , m_worker(new LibraryWorker(dataDir))
{
    m_thread.setObjectName(QStringLiteral("library"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

void LibraryService::start()
{
    post([](LibraryWorker *w) { w->open(); });
}

LibraryService::~LibraryService()
{
    // The worker (and its database connection and scanner) must die on its own thread.
    LibraryWorker *w = m_worker;
    QMetaObject::invokeMethod(w, [w] { delete w; }, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace ekn
