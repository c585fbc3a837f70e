#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace ekn {

// Notices changes under the library's folders while the app runs. Watches every folder of
// each root (a file added, deleted, renamed or moved in or out of a folder changes the
// folder); bursts of changes (a copy of an album) are collected for `debounce` ms and then
// reported once as the outermost changed folders, for an incremental rescan of only those.
// Folders created later are watched as soon as their parent reports them.
//
// When the system runs out of watches (inotify's max_user_watches, or setMaxWatches), the
// folders already watched stay watched and every root is also reported every `pollInterval`
// ms: pollingStarted() says why, once. Lives on the thread that created it (needs its event
// loop); walking the folders touches the disk, so never create it on the GUI thread.
class FolderWatcher : public QObject
{
    Q_OBJECT
public:
    explicit FolderWatcher(QObject *parent = nullptr);

    // Watches exactly these roots from now on (folders of removed roots are let go).
    void setRoots(const QStringList &roots);
    QStringList roots() const { return m_roots; }
    void setPollInterval(int ms) { m_poll.setInterval(ms); }       // default 5 minutes
    // At most this many folders are watched (0: as many as the system allows); past it the
    // watcher polls, as it does when the system refuses a watch.
    void setMaxWatches(int n) { m_maxWatches = n; }

Q_SIGNALS:
    void foldersChanged(const QStringList &folders);
    void pollingStarted(const QString &reason);

private:
    void onDirectoryChanged(const QString &path);
    void flush();
    void watchTree(const QString &folder);
    void startPolling(int refused);

    QFileSystemWatcher m_fs;
    QTimer m_debounce;
    QTimer m_poll;
    QStringList m_roots;
    QSet<QString> m_watched;
    QSet<QString> m_pending;
    int m_maxWatches = 0;
};

} // namespace ekn
