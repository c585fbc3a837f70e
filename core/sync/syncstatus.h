#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ekn {

// What the UI shows about sync: offline, syncing (n of m), synced at, or an error with its
// reason (one plain line).
struct SyncStatus
{
    enum class State { Idle, Offline, Syncing, Synced, Error };
    State state = State::Idle;
    int done = 0;       // while Syncing: rows handled so far
    int total = 0;      // while Syncing: rows known to be coming (0 when not yet known)
    QDateTime syncedAt; // last successful sync (UTC)
    QString message;    // Offline / Error: why
    QString text() const;
};

// The outcome of one sync run.
struct SyncReport
{
    bool ok = false;
    bool retryable = false;    // offline or a dropped connection: try again later
    QString error;             // one plain line when !ok
    int pushed = 0;            // rows sent
    int pulled = 0;            // rows received and applied
    int conflicts = 0;         // values that lost and were logged
    int setAside = 0;          // rows the server refused: in the conflict log, to send again
    int retrying = 0;          // rows the server could not take now: still in the outbox
    int skipped = 0;           // rows the pull passed over because this device wrote them
    bool resynced = false;     // the server's counters were reset: pulled everything again
    bool pulledFromReadServer = false; // the last pull came from the read server (a standby)
    bool searchBacklog = false; // a first pull left search indexing for after it (SearchDeferral)
    int roundTrips = 0;        // statements sent to the server
    qint64 serverWaitMs = 0;   // time spent waiting for the server's answers
    qint64 cursor = -1;        // server version this device has seen everything up to
    QStringList changedTracks; // ids changed here by the pull (models refresh these)
    QStringList changedPlaylists;
};

} // namespace ekn

Q_DECLARE_METATYPE(ekn::SyncStatus)
Q_DECLARE_METATYPE(ekn::SyncReport)
