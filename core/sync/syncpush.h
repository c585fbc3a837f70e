#pragma once

#include "sync/conflictlog.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <functional>

namespace ekn {

class RemoteSession;

// Push: the outbox, coalesced per row (the union of the changed fields, values taken from the
// row as it is now), sent in batches of idempotent upserts by id. Per batch: lock the server's
// rows (FOR UPDATE), merge field by field against the version the local edit was based on,
// upsert, commit; only then, in one local transaction, the batch's outbox entries go, the
// rows' base versions move to what the server now holds, and lost values go to the conflict
// log. A crash between the server commit and the local one re-sends the batch: the upserts
// are by id, so the second run changes nothing and logs nothing.
class SyncPush
{
public:
    SyncPush(QSqlDatabase local, RemoteSession &remote);

    int batchSize = 500;
    std::function<void(int done, int total)> progress;

    bool run();
    // A playlist's entries when both sides changed them since `base` (the list last synced
    // here): this device's order, less tracks removed elsewhere, plus tracks added elsewhere.
    static QStringList mergeEntries(const QStringList &mine, const QStringList &theirs,
                                    const QStringList &base, bool haveBase);
    QString error() const { return m_error; }
    int pushed() const { return m_pushed; }
    int conflicts() const { return m_conflicts; }

    // One row's pending change, coalesced.
    struct Pending
    {
        QString table;
        QString id;
        bool inserted = false;
        bool entries = false; // playlists: membership or order changed
        QSet<QString> columns;
        QSet<QString> metaKeys; // music_tracks: metadata keys changed
        bool allMeta = false;
        QList<qint64> outboxIds;
    };

private:
    bool loadOutbox();
    bool pushOrIsolate(const QList<Pending *> &batch,
                       bool (SyncPush::*fn)(const QList<Pending *> &));
    bool pushTracks(const QList<Pending *> &batch);
    bool pushMetadata(const QList<Pending *> &batch);
    bool pushPlaylists(const QList<Pending *> &batch);
    bool finishLocally(const QList<Pending *> &batch, const QString &table,
                       const QHash<QString, qint64> &versions, const QList<Conflict> &conflicts);
    bool fail(const QString &message);
    bool failRemote();

    QSqlDatabase m_local;
    RemoteSession &m_remote;
    QHash<QString, Pending> m_pending;      // "table/id"
    QHash<QString, QStringList> m_newBases; // playlists pushed in this batch -> their list
    QList<qint64> m_orphans;                // outbox rows of entries that no longer exist anywhere
    QString m_error;
    bool m_refusedByServer = false;
    int m_pushed = 0;
    int m_conflicts = 0;
    int m_total = 0;
};

} // namespace ekn
