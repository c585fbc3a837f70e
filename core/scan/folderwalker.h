#pragma once

#include <QSet>
#include <QString>

#include <atomic>
#include <functional>

namespace ekn {

// An audio file found by the walk.
struct FoundFile
{
    QString path;    // as the file system spells it
    QString nfcPath; // NFC form, compared with the library
    qint64 size = 0;
    qint64 mtime = 0; // ms since epoch
};

// Recursive walk of one root: follows symlinked folders once (a loop is walked once), skips
// hidden files and folders, keeps audio files only (by suffix), never enters /proc-like
// file systems. Unreadable folders are reported, not fatal.
class FolderWalker
{
public:
    using FileFn = std::function<void(const FoundFile &)>;
    using FolderFn = std::function<void(const QString &folder)>;
    using ErrorFn = std::function<void(const QString &path, const QString &reason)>;

    // Why `root` cannot be scanned ("not found", "not a folder", "a virtual file system
    // (proc)"), or an empty string when it can.
    static QString refusalReason(const QString &root);
    // True when `root` does not exist at all (an unplugged drive): nothing under it changes.
    static bool isAbsent(const QString &root);

    FolderWalker(FileFn onFile, FolderFn onFolder, ErrorFn onError, const std::atomic<bool> &cancel);
    // False when cancelled before the end.
    bool walk(const QString &root);

private:
    FileFn m_onFile;
    FolderFn m_onFolder;
    ErrorFn m_onError;
    const std::atomic<bool> &m_cancel;
    QSet<QString> m_visited; // canonical folder paths
};

} // namespace ekn
