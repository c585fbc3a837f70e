#pragma once

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
    // Number of tracks linked; -1 on error (error()).
    int run();
    QString error() const { return m_error; }

private:
    QSqlDatabase m_local;
    QString m_error;
};

} // namespace ekn
