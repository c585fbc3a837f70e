#include "sync/filelinker.h"

#include "common/logging.h"
#include "library/trackmerger.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

FileLinker::FileLinker(QSqlDatabase local) : m_local(std::move(local)) {}

// Never-synced local tracks with a file here, by content hash.
Status FileLinker::loadLocal(QHash<QString, QString> &byHash)
{
    QSqlQuery q(m_local);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(R"sql(SELECT f.content_hash, t.id
                               FROM track_files f
                               JOIN music_tracks t ON t.id = f.track_id
                               WHERE t.sync_version IS NULL
                               AND f.content_hash IS NOT NULL AND f.content_hash <> '')sql")))
        return Failure{q.lastError().text()};
    while (q.next())
        byHash.insert(q.value(0).toString(), q.value(1).toString());
    if (q.lastError().isValid())
        return Failure{q.lastError().text()};
    return Done{};
}

// Per audio, the synced track a local copy joins: a live one without a file here (when a live
// one has a file here already, none), else the newest deleted one, which the link may bring
// back.
Status FileLinker::pickSynced(const QHash<QString, QString> &byHash, QList<Target> &out)
{
    QSet<QString> decided;
    QSqlQuery q(m_local);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            R"sql(SELECT t.id, json_extract(t.metadata, '$.content_hash'),
            t.deleted_at IS NOT NULL,
            EXISTS (SELECT 1 FROM track_files f WHERE f.track_id = t.id)
            FROM music_tracks t
            WHERE t.sync_version IS NOT NULL
            ORDER BY t.deleted_at IS NOT NULL, t.sync_version DESC)sql")))
        return Failure{q.lastError().text()};
    while (q.next()) {
        const QString hash = q.value(1).toString();
        if (!byHash.contains(hash) || decided.contains(hash))
            continue;
        decided.insert(hash);
        if (!q.value(3).toBool())
            out.append({q.value(0).toString(), q.value(2).toBool() ? TrackMerger::Deleted::Link
                                                                   : TrackMerger::Deleted::Skip});
    }
    if (q.lastError().isValid())
        return Failure{q.lastError().text()};
    return Done{};
}

Result<int> FileLinker::run()
{
    QHash<QString, QString> byHash;
    QList<Target> synced;
    m_unsynced = 0;
    if (const Status local = loadLocal(byHash); !local)
        return Failure{local.error()};
    if (!byHash.isEmpty())
        if (const Status picked = pickSynced(byHash, synced); !picked)
            return Failure{picked.error()};
    m_unsynced = int(byHash.size());
    if (synced.isEmpty())
        return 0;
    Result<WriteTransaction> tx = WriteTransaction::begin(m_local);
    if (!tx)
        return Failure{tx.error()};
    // The same rule as a first pull's: the local track's edits, delete, playlist places and
    // file go to the synced track, and the local one goes before it ever reaches the server.
    int linked = 0;
    for (const auto &[id, deleted] : std::as_const(synced)) {
        const Result<QStringList> merged = TrackMerger::linkByAudioHash(m_local, id, deleted);
        if (!merged)
            return Failure{QCoreApplication::translate("ekn::FileLinker",
                                                       "cannot link a file to its synced track: %1")
                               .arg(merged.error())};
        linked += int(merged->size());
        qCDebug(lcSync) << "linked local tracks" << *merged << "to synced track" << id;
    }
    if (const Status committed = tx->commit(); !committed)
        return Failure{committed.error()};
    m_unsynced -= linked;
    return linked;
}

} // namespace ekn
