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

namespace {

// One TrackWriter batch around a step: committed when the step worked, rolled back (and its
// reason returned) when it or the BEGIN / COMMIT failed.
template <class Step>
Result<QStringList> inOneBatch(const LibraryDatabase &db, Step step)
{
    TrackWriter writer(db.connection());
    if (Status begun = writer.begin(); !begun)
        return Failure{begun.error()};
    Result<QStringList> ids = step(writer);
    if (!ids) {
        writer.rollback();
        return ids;
    }
    if (Status committed = writer.commit(); !committed)
        return Failure{committed.error()};
    return ids;
}

} // namespace

LibraryFolders::LibraryFolders(const LibraryDatabase &db)
    : m_db(db)
{
}

QString LibraryFolders::normalized(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath()).normalized(QString::NormalizationForm_C);
}

Result<QList<LibraryFolder>> LibraryFolders::list() const
{
    QList<LibraryFolder> folders;
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
            ORDER BY r.path)sql")))
        return Failure{QCoreApplication::translate("ekn::TrackStore", "cannot read the library's folders: %1")
                           .arg(q.lastError().text())};
    while (q.next()) {
        LibraryFolder f;
        f.path = q.value(0).toString();
        f.lastScan = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        f.tracks = q.value(2).toInt();
        f.unavailable = q.value(3).toInt();
        folders.append(f);
    }
    return folders;
}

Result<QStringList> LibraryFolders::remove(const QString &path)
{
    const Result<QList<LibraryFolder>> folders = list();
    if (!folders)
        return Failure{folders.error()};
    const QString wanted = normalized(path);
    const auto it = std::find_if(folders->cbegin(), folders->cend(), [&](const LibraryFolder &f) { return f.path == wanted; });
    if (it == folders->cend())
        return Failure{QCoreApplication::translate("ekn::LibraryFolders", "%1 is not one of the library's folders").arg(path)};
    return inOneBatch(m_db, [&](TrackWriter &writer) { return writer.removeRoot(wanted); });
}

Result<QStringList> LibraryFolders::removeTracks(const QStringList &trackIds)
{
    return inOneBatch(m_db, [&](TrackWriter &writer) { return writer.removeTracks(trackIds); });
}

Result<QStringList> LibraryFolders::restoreTracks(const QStringList &trackIds)
{
    return inOneBatch(m_db, [&](TrackWriter &writer) { return writer.restoreTracks(trackIds); });
}

} // namespace ekn
