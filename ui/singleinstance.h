#pragma once

#include <QObject>
#include <QStringList>

#include <memory>

class QLocalServer;
class QLockFile;

namespace ekn {

// One window per user and library. The first launch holds a lock file in the data folder and
// listens on a local socket named after the user and that folder; a later launch on the same
// library finds the lock taken, hands its arguments (paths or file:// URIs, made absolute
// against its own working folder) to the running window and exits. The handshake is a single
// JSON message answered with "ok", so a launch never exits before the window has its files.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True when this process is the one instance (it now listens); false when another one
    // runs on this library. `error` says why listening failed (the app then runs alone).
    bool claim(QString *error = nullptr);
    // Hands `arguments` to the running instance; false (with *error) when none answered within
    // timeoutMs. Blocks: call it before any window exists.
    bool forward(const QStringList &arguments, int timeoutMs, QString *error = nullptr);

    // Paths and file:// URIs (as a file manager's %U gives them) to absolute local paths;
    // other URLs are left out.
    static QStringList localPaths(const QStringList &arguments, const QString &workingDir);
    static QString serverName(const QString &dataDir);

Q_SIGNALS:
    // What a later launch handed over, as absolute local paths (may be empty: just raise).
    void pathsReceived(const QStringList &paths);

private:
    void readConnection();

    QString m_dataDir;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
};

} // namespace ekn
