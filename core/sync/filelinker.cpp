#include "sync/filelinker.h"

#include "common/logging.h"
#include "library/trackmerger.h"
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
    QStringList synced; // synced tracks without a file here whose audio a local track has
    if (!q.exec(QStringLiteral(
            "SELECT t.id, json_extract(t.metadata, '$.content_hash') FROM music_tracks t "
            "WHERE t.sync_version IS NOT NULL AND t.deleted_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM track_files f WHERE f.track_id = t.id)"))) {
        m_error = q.lastError().text();
        return -1;
    }
    while (q.next())
        if (localByHash.contains(q.value(1).toString()))
            synced << q.value(0).toString();
    q.finish();
    if (synced.isEmpty())
        return 0;

    Result<WriteTransaction> tx = WriteTransaction::begin(m_local);
    if (!tx) {
        m_error = tx.error();
        return -1;
    }
    // The same rule as a first pull's: the local track's edits, delete, playlist places and
    // file go to the synced track, and the local one goes before it ever reaches the server.
    int linked = 0;
    for (const QString &id : std::as_const(synced)) {
        const Result<QStringList> merged = TrackMerger::linkByAudioHash(m_local, id);
        if (!merged) {
            m_error = QCoreApplication::translate("ekn::FileLinker",
                                                  "cannot link a file to its synced track: %1")
                          .arg(merged.error());
            return -1;
        }
        linked += int(merged->size());
        qCDebug(lcSync) << "linked local tracks" << *merged << "to synced track" << id;
    }
    if (!tx->commit()) {
        m_error = tx->errorString();
        return -1;
    }
    return linked;
}

} // namespace ekn
