#include "scan/folderwatcher.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace ekn {

namespace {

bool isUnder(const QString &path, const QString &folder)
{
    return path.size() > folder.size() && path.startsWith(folder)
        && (folder.endsWith(QLatin1Char('/')) || path.at(folder.size()) == QLatin1Char('/'));
}

// The changed folders without those inside another changed one (its rescan covers them).
QStringList outermost(QStringList folders)
{
    std::sort(folders.begin(), folders.end());
    QStringList out;
    for (const QString &f : std::as_const(folders))
        if (out.isEmpty() || (f != out.last() && !isUnder(f, out.last())))
            out << f;
    return out;
}

} // namespace

FolderWatcher::FolderWatcher(QObject *parent)
    : QObject(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(700);
    m_poll.setInterval(5 * 60 * 1000);
    connect(&m_fs, &QFileSystemWatcher::directoryChanged, this, &FolderWatcher::onDirectoryChanged);
    connect(&m_debounce, &QTimer::timeout, this, &FolderWatcher::flush);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (!m_roots.isEmpty())
            Q_EMIT foldersChanged(m_roots);
    });
}

void FolderWatcher::setRoots(const QStringList &roots)
{
    QStringList cleaned;
    for (const QString &r : roots)
        cleaned << QDir::cleanPath(r);
    cleaned = outermost(cleaned);
    if (cleaned == m_roots)
        return;
    m_roots = cleaned;
    const QStringList dirs = m_fs.directories();
    if (!dirs.isEmpty())
        m_fs.removePaths(dirs);
    m_watched.clear();
    m_poll.stop();
    for (const QString &root : std::as_const(m_roots))
        watchTree(root);
    qCDebug(lcScan) << "watching" << m_watched.size() << "folders under" << m_roots;
}

void FolderWatcher::onDirectoryChanged(const QString &path)
{
    m_pending.insert(path);
    m_debounce.start(); // a burst (an album being copied) ends up as one rescan
}

void FolderWatcher::flush()
{
    QStringList changed = outermost(QStringList(m_pending.cbegin(), m_pending.cend()));
    m_pending.clear();
    // Folders that are gone were let go by the system; their parent reported the change.
    const QStringList stillWatched = m_fs.directories();
    m_watched = QSet<QString>(stillWatched.cbegin(), stillWatched.cend());
    QStringList existing;
    for (const QString &folder : std::as_const(changed)) {
        if (!QFileInfo(folder).isDir())
            continue; // a removed folder, or a root that went away: its parent (if any) covers it
        watchTree(folder); // folders created inside it since
        existing << folder;
    }
    if (!existing.isEmpty())
        Q_EMIT foldersChanged(existing);
}

void FolderWatcher::watchTree(const QString &root)
{
    // Each folder once, also when symlinks lead to it twice; watched by the path the scanner
    // sees (through the link), so reported paths are under a root.
    QSet<QString> visited;
    QStringList toWatch;
    QStringList stack{root};
    while (!stack.isEmpty()) {
        const QString folder = stack.takeLast();
        const QFileInfo info(folder);
        if (!info.isDir())
            continue;
        const QString canonical = info.canonicalFilePath();
        if (canonical.isEmpty() || visited.contains(canonical) || canonical.startsWith(QLatin1String("/proc")))
            continue;
        visited.insert(canonical);
        if (!m_watched.contains(folder))
            toWatch << folder;
        const QStringList subs = QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString &sub : subs)
            stack << folder + QLatin1Char('/') + sub;
    }
    int refused = 0;
    if (m_maxWatches > 0 && m_watched.size() + toWatch.size() > m_maxWatches) {
        const qsizetype room = std::max<qsizetype>(0, m_maxWatches - m_watched.size());
        refused = int(toWatch.size() - room);
        toWatch = toWatch.mid(0, room);
    }
    if (!toWatch.isEmpty()) {
        const QStringList failed = m_fs.addPaths(toWatch);
        for (const QString &f : toWatch)
            if (!failed.contains(f))
                m_watched.insert(f);
        for (const QString &f : failed)
            if (QFileInfo(f).isDir()) // not one that vanished meanwhile
                ++refused;
    }
    if (refused > 0)
        startPolling(refused);
}

void FolderWatcher::startPolling(int refused)
{
    if (m_poll.isActive())
        return;
    m_poll.start();
    const QString reason = QCoreApplication::translate("ekn::FolderWatcher",
                                                       "The system allows no more folder watches: changes in the "
                                                       "library folders are looked for every %1 min instead.")
                               .arg(std::max(1, m_poll.interval() / 60000));
    qCDebug(lcScan) << refused << "folders could not be watched";
    qCWarning(lcScan) << reason;
    Q_EMIT pollingStarted(reason);
}

} // namespace ekn
