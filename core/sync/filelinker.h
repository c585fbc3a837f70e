#pragma once

#include "common/result.h"
#include "library/trackmerger.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace ekn {

// Links files found on this device to tracks synced from another device: when a scan here
// made a new track (never synced) for a file whose content hash equals that of a track that
// came from another device and has no file here, the file, its playlist entries, its local
// file URL, its edits and its delete move to the synced track (TrackMerger::linkByAudioHash)
// and the duplicate goes, with its outbox rows, before it ever reaches the server. Runs in
// one local transaction before each push.
class FileLinker
{
public:
    explicit FileLinker(QSqlDatabase local);
    // Number of tracks linked, or why none could be.
    Result<int> run();
    // After run(): never-synced tracks with a file here that are still not linked (a sync
    // pulls before it pushes them, so that the same audio links instead of duplicating).
    int unsynced() const { return m_unsynced; }

private:
    struct Target
    {
        QString id;
        TrackMerger::Deleted deleted;
    };
    Status loadLocal(QHash<QString, QString> &byHash);
    Status pickSynced(const QHash<QString, QString> &byHash, QList<Target> &out);

    QSqlDatabase m_local;
    int m_unsynced = 0;
};

} // namespace ekn
