#include "scan/folderwalker.h"

#include "tags/tagreader.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>

#ifndef Q_OS_WIN
#include <sys/stat.h>
#endif

namespace ekn {

namespace {

bool isVirtualFileSystem(const QString &canonicalPath)
{
    static const QStringList kVirtual = {
        QStringLiteral("proc"),   QStringLiteral("sysfs"),      QStringLiteral("devtmpfs"),
        QStringLiteral("devpts"), QStringLiteral("debugfs"),    QStringLiteral("tracefs"),
        QStringLiteral("cgroup"), QStringLiteral("cgroup2"),    QStringLiteral("securityfs"),
        QStringLiteral("pstore"), QStringLiteral("configfs"),   QStringLiteral("bpf"),
        QStringLiteral("mqueue"), QStringLiteral("binfmt_misc"), QStringLiteral("fusectl"),
        QStringLiteral("hugetlbfs")};
    const QString type = QString::fromLatin1(QStorageInfo(canonicalPath).fileSystemType());
    if (kVirtual.contains(type))
        return true;
    // Belt and braces for systems where the type is not reported.
    for (const char *prefix : {"/proc", "/sys", "/dev"}) {
        const QString p = QLatin1String(prefix);
        if (canonicalPath == p || canonicalPath.startsWith(p + QLatin1Char('/')))
            return true;
    }
    return false;
}

// Modification time in ms since the epoch. On Unix straight from stat(): QFileInfo's
// lastModified() goes through local time, and glibc re-reads /etc/localtime on every
// conversion, which made that one call a quarter of a no-change rescan.
qint64 modificationMs(const QFileInfo &fi, qint64 *size)
{
#ifndef Q_OS_WIN
    struct stat st;
    if (::stat(QFile::encodeName(fi.filePath()).constData(), &st) == 0) {
        *size = qint64(st.st_size);
        return qint64(st.st_mtim.tv_sec) * 1000 + qint64(st.st_mtim.tv_nsec) / 1000000;
    }
#endif
    *size = fi.size();
    return fi.lastModified().toMSecsSinceEpoch();
}

// Device of a folder, so the file system type is looked up only where it can change (a
// mount point); QStorageInfo parses the mount table on every call.
quint64 deviceOf(const QString &path)
{
#ifndef Q_OS_WIN
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) == 0)
        return quint64(st.st_dev);
#else
    Q_UNUSED(path);
#endif
    return 0;
}

} // namespace

bool FolderWalker::isAbsent(const QString &root)
{
    return !QFileInfo::exists(root);
}

QString FolderWalker::refusalReason(const QString &root)
{
    const QFileInfo fi(root);
    if (!fi.exists())
        return QCoreApplication::translate("ekn::FolderWalker", "folder not found");
    if (!fi.isDir())
        return QCoreApplication::translate("ekn::FolderWalker", "not a folder");
    const QString canonical = fi.canonicalFilePath();
    if (isVirtualFileSystem(canonical))
        return QCoreApplication::translate("ekn::FolderWalker",
                                           "a virtual file system (like /proc), not music");
    return {};
}

FolderWalker::FolderWalker(FileFn onFile, FolderFn onFolder, ErrorFn onError, const std::atomic<bool> &cancel)
    : m_onFile(std::move(onFile))
    , m_onFolder(std::move(onFolder))
    , m_onError(std::move(onError))
    , m_cancel(cancel)
{
}

bool FolderWalker::walk(const QString &root)
{
    // (folder, device of its parent): the file system type is checked when the device changes.
    QList<QPair<QString, quint64>> stack{{QDir::cleanPath(root), quint64(-1)}};
    while (!stack.isEmpty()) {
        if (m_cancel.load())
            return false;
        const auto [folder, parentDevice] = stack.takeLast();
        const QFileInfo folderInfo(folder);
        const QString canonical = folderInfo.canonicalFilePath();
        if (canonical.isEmpty() || m_visited.contains(canonical))
            continue; // a symlink loop, or two links to one folder: walk it once
        m_visited.insert(canonical);
        const quint64 device = deviceOf(canonical);
        if ((device != parentDevice || device == 0) && isVirtualFileSystem(canonical))
            continue;
        QDir dir(folder);
        if (!folderInfo.isReadable() || !folderInfo.isExecutable() || !dir.isReadable()) {
            m_onError(folder, QCoreApplication::translate(
                                  "ekn::FolderWalker", "folder cannot be read: permission denied"));
            continue;
        }
        m_onFolder(folder);
        QStringList subfolders;
        // No QDir::Hidden: hidden files and folders (.git, .Trash, ._AppleDouble) are skipped.
        QDirIterator it(folder, QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot | QDir::System);
        while (it.hasNext()) {
            it.next();
            const QFileInfo fi = it.fileInfo();
            if (fi.isDir()) {
                subfolders << fi.filePath();
                continue;
            }
            if (!fi.isFile() || !TagReader::isAudioFile(fi.fileName()))
                continue;
            FoundFile f;
            f.path = fi.filePath();
            f.nfcPath = f.path.normalized(QString::NormalizationForm_C);
            f.mtime = modificationMs(fi, &f.size);
            m_onFile(f);
        }
        subfolders.sort();
        // Reverse so the stack pops them in name order (stable progress, stable batches).
        for (qsizetype i = subfolders.size() - 1; i >= 0; --i)
            stack.append({subfolders[i], device});
    }
    return true;
}

} // namespace ekn
