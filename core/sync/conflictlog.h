#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace ekn {

class LibraryDatabase;

// One value that lost a conflict: a field changed on this device and on another since the
// version the edit was based on (the later push wins), or an edit that met a delete.
struct Conflict
{
    qint64 id = 0;
    QDateTime at;
    QString table; // music_tracks | playlists
    QString rowId;
    QString field; // column, "metadata.<key>", "tag.<KEY>" (a track_metadata row), "entries"
                   // (a playlist's track ids) or "deleted_at"; each restorable
    QString winnerValue; // JSON text of what the row holds now
    QString lostValue;   // JSON text of the value that lost
    QString lostFrom;    // "server" (another device's value) or "device" (this device's)
    QString reason;
    QDateTime restoredAt;
    QString itemName; // the title of the track or name of the playlist it is about, when known
};

// The local conflict log (table sync_conflicts): the sync engine writes it inside its own
// transactions; the user reads it and may restore a lost value, which becomes an ordinary
// local edit (with its outbox row) that the next sync pushes.
class ConflictLog
{
public:
    explicit ConflictLog(const LibraryDatabase &db);

    // Inside the caller's transaction on `db`. A failure ("cannot write the conflict log:
    // <SQLite's reason>") must stop the caller's transaction: a conflict that is not logged
    // would lose the value without a trace.
    static Status record(QSqlDatabase &db, const Conflict &c);

    Result<QList<Conflict>> conflicts(bool includeRestored = false) const;
    // Puts the lost value back. A Failure when the row or entry is unknown.
    Status restore(qint64 conflictId);

private:
    const LibraryDatabase &m_db;
};

} // namespace ekn
