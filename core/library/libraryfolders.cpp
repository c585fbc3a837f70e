#include "library/libraryfolders.h"

#include "library/librarydatabase.h"
#include "library/trackwriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace ekn {

LibraryFolders::LibraryFolders(const LibraryDatabase &db)
    : m_db(db)
{
}

QString LibraryFolders::normalized(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath()).normalized(QString::NormalizationForm_C);
}

bool LibraryFolders::list(QList<LibraryFolder> *folders)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    // Counted per root over the path index: the paths under "root/" sort between "root/" and
    // "root0" (see TrackWriter).
    if (!q.exec(QStringLiteral(
            R"sql(SELECT r.path, r.last_scan_at,
            (SELECT count(*) FROM track_files f JOIN music_tracks t ON t.id = f.track_id
            WHERE t.deleted_at IS NULL AND f.path >= r.path || '/'
            AND f.path < r.path || '0'),
            (SELECT count(*) FROM track_files f JOIN music_tracks t ON t.id = f.track_id
            WHERE t.deleted_at IS NULL AND f.available = 0 AND f.path >= r.path || '/'
            AND f.path < r.path || '0')
            FROM library_roots r
            ORDER BY r.path)sql"))) {
        m_error = q.lastError().text();
        return false;
    }
    while (q.next()) {
        LibraryFolder f;
        f.path = q.value(0).toString();
        f.lastScan = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        f.tracks = q.value(2).toInt();
        f.unavailable = q.value(3).toInt();
        folders->append(f);
    }
    return true;
}

bool LibraryFolders::remove(const QString &path, QStringList *ids)
{
    m_error.clear();
    QList<LibraryFolder> folders;
    if (!list(&folders))
        return false;
    const QString wanted = normalized(path);
    const auto it = std::find_if(folders.cbegin(), folders.cend(), [&](const LibraryFolder &f) { return f.path == wanted; });
    if (it == folders.cend()) {
        m_error = QCoreApplication::translate("ekn::LibraryFolders", "%1 is not one of the library's folders").arg(path);
        return false;
    }
    TrackWriter writer(m_db.connection());
    QStringList removed;
    if (!writer.begin() || !writer.removeRoot(wanted, &removed) || !writer.commit()) {
        m_error = writer.errorString();
        writer.rollback();
        return false;
    }
    *ids << removed;
    return true;
}

bool LibraryFolders::removeTracks(const QStringList &trackIds, QStringList *ids)
{
    m_error.clear();
    TrackWriter writer(m_db.connection());
    QStringList removed;
    if (!writer.begin() || !writer.removeTracks(trackIds, &removed) || !writer.commit()) {
        m_error = writer.errorString();
        writer.rollback();
        return false;
    }
    *ids << removed;
    return true;
}

bool LibraryFolders::restoreTracks(const QStringList &trackIds, QStringList *ids)
{
    m_error.clear();
    TrackWriter writer(m_db.connection());
    QStringList restored;
    if (!writer.begin() || !writer.restoreTracks(trackIds, &restored) || !writer.commit()) {
        m_error = writer.errorString();
        writer.rollback();
        return false;
    }
    *ids << restored;
    return true;
}

} // namespace ekn
