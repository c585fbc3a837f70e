#include "sync/filelinker.h"

#include "common/logging.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

FileLinker::FileLinker(QSqlDatabase local) : m_local(std::move(local)) {}

int FileLinker::run()
{
    // Unsynced local tracks with a file here, by content hash.
    QHash<QString, QString> localByHash;
    QSqlQuery q(m_local);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT f.content_hash, t.id FROM track_files f JOIN music_tracks t "
                               "ON t.id = f.track_id "
                               "WHERE t.sync_version IS NULL AND f.content_hash IS NOT NULL AND "
                               "f.content_hash <> ''"))) {
        m_error = q.lastError().text();
        return -1;
    }
    while (q.next())
        localByHash.insert(q.value(0).toString(), q.value(1).toString());
    q.finish();
    if (localByHash.isEmpty())
        return 0;
    // Synced tracks with no file on this device.
    QList<QPair<QString, QString>> links; // (duplicate, synced)
    if (!q.exec(QStringLiteral(
            "SELECT t.id, json_extract(t.metadata, '$.content_hash') FROM music_tracks t "
            "WHERE t.sync_version IS NOT NULL AND t.deleted_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM track_files f WHERE f.track_id = t.id)"))) {
        m_error = q.lastError().text();
        return -1;
    }
    while (q.next()) {
        const QString dup = localByHash.take(q.value(1).toString());
        if (!dup.isEmpty())
            links << qMakePair(dup, q.value(0).toString());
    }
    q.finish();
    if (links.isEmpty())
        return 0;

    WriteTransaction tx(m_local);
    const QStringList steps = {
        // The synced track takes this device's file URL (file_url is device-local) ...
        QStringLiteral("UPDATE music_tracks SET file_url = (SELECT file_url FROM music_tracks "
                       "WHERE id = :dup) "
                       "WHERE id = :synced"),
        // ... and playlist entries (skipping playlists that already hold the synced track) ...
        QStringLiteral(
            "UPDATE OR IGNORE playlist_tracks SET track_id = :synced WHERE track_id = :dup"),
        // ... and the file.
        QStringLiteral("UPDATE track_files SET track_id = :synced WHERE track_id = :dup"),
        QStringLiteral(
            "DELETE FROM outbox WHERE table_name IN ('music_tracks', 'track_metadata') AND "
            "(row_id = :dup OR row_id IN (SELECT id FROM track_metadata WHERE track_id = :dup))"),
        QStringLiteral("DELETE FROM music_tracks WHERE id = :dup"),
    };
    for (const auto &[dup, synced] : std::as_const(links)) {
        for (const QString &sql : steps) {
            QSqlQuery s(m_local);
            s.prepare(sql);
            s.bindValue(QStringLiteral(":dup"), dup);
            if (sql.contains(QLatin1String(":synced")))
                s.bindValue(QStringLiteral(":synced"), synced);
            if (!s.exec()) {
                m_error = QCoreApplication::translate("ekn::FileLinker",
                                                      "cannot link a file to its synced track: %1")
                              .arg(s.lastError().text());
                return -1;
            }
        }
        qCDebug(lcSync) << "linked local file of" << dup << "to synced track" << synced;
    }
    if (!tx.commit()) {
        m_error = m_local.lastError().text();
        return -1;
    }
    return int(links.size());
}

} // namespace ekn
