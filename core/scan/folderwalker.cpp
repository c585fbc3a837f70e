#include "scan/folderwalker.h"

#include "tags/tagreader.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QStorageInfo>

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

} // namespace

bool FolderWalker::isAbsent(const QString &root)
{
    return !QFileInfo::exists(root);
}

QString FolderWalker::refusalReason(const QString &root)
{
    const QFileInfo fi(root);
    if (!fi.exists())
        return QStringLiteral("folder not found");
    if (!fi.isDir())
        return QStringLiteral("not a folder");
    const QString canonical = fi.canonicalFilePath();
    if (isVirtualFileSystem(canonical))
        return QStringLiteral("a virtual file system (like /proc), not music");
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
    QStringList stack{QDir::cleanPath(root)};
    while (!stack.isEmpty()) {
        if (m_cancel.load())
            return false;
        const QString folder = stack.takeLast();
        const QFileInfo folderInfo(folder);
        const QString canonical = folderInfo.canonicalFilePath();
        if (canonical.isEmpty() || m_visited.contains(canonical))
            continue; // a symlink loop, or two links to one folder: walk it once
        m_visited.insert(canonical);
        if (isVirtualFileSystem(canonical))
            continue;
        QDir dir(folder);
        if (!folderInfo.isReadable() || !folderInfo.isExecutable() || !dir.isReadable()) {
            m_onError(folder, QStringLiteral("folder cannot be read: permission denied"));
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
            f.size = fi.size();
            f.mtime = fi.lastModified().toMSecsSinceEpoch();
            m_onFile(f);
        }
        subfolders.sort();
        // Reverse so the stack pops them in name order (stable progress, stable batches).
        for (qsizetype i = subfolders.size() - 1; i >= 0; --i)
            stack << subfolders[i];
    }
    return true;
}

} // namespace ekn
