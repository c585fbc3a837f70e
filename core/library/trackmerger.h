#pragma once

#include "common/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace ekn {

class LibraryDatabase;

// Tracks that turned out to be one and the same music.
struct MergedGroup
{
    QString audioHash;
    QString survivorId;
    QStringList mergedIds; // soft-deleted (or, when never synced and linked, removed)
};

struct MergeReport
{
    QList<MergedGroup> groups;
    int conflicts = 0; // edits of the same field on two of the tracks: the earlier is in the log
    int tracksMerged() const
    {
        int n = 0;
        for (const MergedGroup &g : groups)
            n += int(g.mergedIds.size());
        return n;
    }
};

// One track per audio (a track is its audio, not its tags or path): merges tracks that share
// an audio hash (metadata.content_hash, "a1:..."), keeping every playlist place and every
// edit. The survivor is the synced track (the oldest when several are), its fields merged
// with the others' edits: a field edited on one track is taken, one edited on two: the later
// edit wins and the other is in the conflict log. Playlist entries move to the survivor (a
// playlist that holds both keeps the survivor's place); the file moves to it when it has none.
class TrackMerger
{
public:
    explicit TrackMerger(const LibraryDatabase &db);

    // Merges every group of live tracks sharing an audio hash, in one transaction; the merged
    // tracks are soft-deleted with their outbox rows, so sync propagates the merge.
    Result<MergeReport> mergeDuplicates();

    // For sync's first pull, inside the caller's transaction on `db`, after the pulled row of
    // `serverTrackId` was written: a local track that never reached the server (sync_version
    // NULL) with the same audio hash is merged into the server's track and removed with its
    // outbox rows instead of being pushed as a duplicate; its edits become local edits of the
    // server's track (outbox rows), its playlist places and its file move over. Returns the ids
    // of the local tracks merged (usually none or one). With no live local copy, one deleted
    // here is taken and its delete carried over. A server track that is deleted is linked only
    // when asked (Deleted::Link: the caller knows no live track of that audio exists); it comes
    // back when the music was added here after it was deleted, else the local copy joins it
    // deleted (a restore made here of the copy lost to that delete, and is logged).
    enum class Deleted { Skip, Link };
    static Result<QStringList> linkByAudioHash(QSqlDatabase &db, const QString &serverTrackId,
                                               Deleted deleted = Deleted::Skip);

private:
    const LibraryDatabase &m_db;
};

} // namespace ekn
