#pragma once

#include "common/result.h"
#include "library/smartplaylist.h"
#include "library/track.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace ekn {

class LibraryDatabase;

// Playlists at the store level. Each change writes its outbox rows in the same transaction;
// any change to a playlist's entries also bumps the playlist's updated_at (a playlist and its
// entries sync as one unit). Delete is soft (deleted_at) and can be undone with restore().
// Runs on the calling thread's connection: keep it off the GUI thread. Reads and edits return
// a Result (docs/ARCHITECTURE.md "Errors"): a failed read is a Failure naming what could not
// be read, never an empty list, and a failed edit a Failure naming why, with nothing changed.
class PlaylistStore
{
public:
    explicit PlaylistStore(const LibraryDatabase &db);

    // The new playlist's id; a Failure for an empty or too long name, or a write that failed.
    Result<QString> create(const QString &name, const QString &description = {});
    // A smart playlist: its tracks are the rule's, worked out whenever entries() is read
    // (its rule travels in the description). A Failure names a bad rule.
    Result<QString> createSmart(const QString &name, const SmartRule &rule);
    Status setSmartRule(const QString &playlistId, const SmartRule &rule);
    // The playlist's rule, or nothing for an ordinary (or unknown) playlist.
    Result<std::optional<SmartRule>> smartRule(const QString &playlistId) const;
    Status rename(const QString &playlistId, const QString &name);
    // Marks a playlist published or not on this device only (no outbox row): the server has
    // it already (SharedPlaylists), and every device pulls it from there.
    Status setPublishedHere(const QString &playlistId, bool published);
    Status remove(const QString &playlistId);  // soft delete
    Status restore(const QString &playlistId); // undo a soft delete

    // Live playlists by name; includeDeleted lists soft-deleted ones too.
    Result<QList<Playlist>> playlists(bool includeDeleted = false) const;
    // The playlist (deleted ones too), or nothing when there is no playlist with that id.
    Result<std::optional<Playlist>> playlist(const QString &playlistId) const;

    // Entry edits below refuse a smart playlist (its rule decides what is in it).
    // Appends tracks (or inserts them at position; -1 appends). A track already in the
    // playlist is left where it is (a track appears once per playlist, as on the server).
    // Returns how many entries were added (0 when all were there already).
    Result<int> addTracks(const QString &playlistId, const QStringList &trackIds, int position = -1);
    // Moves the entry at position `from` to position `to` (0-based).
    Status moveEntry(const QString &playlistId, int from, int to);
    // Removes the entry at `position` from the playlist (the track itself stays).
    Status removeEntry(const QString &playlistId, int position);
    // A smart playlist's entries are its rule's tracks now (entry id empty, positions 0..n-1).
    Result<QList<PlaylistEntry>> entries(const QString &playlistId) const;

private:
    Status touchPlaylist(const QString &playlistId, const QString &field, const QVariant &value);
    Status refuseSmart(const QString &playlistId) const;
    // One edit of an ordinary playlist's entries: changes `order` (the entry ids by position)
    // and the rows it adds or deletes, with their outbox rows; true when something changed.
    using EntryEdit = std::function<Result<bool>(QSqlDatabase &db, QStringList &order)>;
    // What every entry edit shares: a smart playlist is refused; in one write transaction the
    // entries are read and `edit` runs; when it changed something, positions are written dense,
    // the playlist's updated_at is bumped and all is committed. A Failure (of `edit` too)
    // leaves the playlist as it was.
    Status editEntries(const QString &playlistId, const EntryEdit &edit);
    Result<QList<PlaylistEntry>> smartEntries(const SmartRule &rule) const;
    Status countSmart(Playlist &p) const;

    const LibraryDatabase &m_db;
};

} // namespace ekn
