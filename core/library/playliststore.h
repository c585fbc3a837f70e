#pragma once

#include "common/result.h"
#include "library/smartplaylist.h"
#include "library/track.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace ekn {

class LibraryDatabase;

// Playlists at the store level. Each change writes its outbox rows in the same transaction;
// any change to a playlist's entries also bumps the playlist's updated_at (a playlist and its
// entries sync as one unit). Delete is soft (deleted_at) and can be undone with restore().
// Runs on the calling thread's connection: keep it off the GUI thread. Reads return a Result (a
// failed read is a Failure naming what could not be read, never an empty list); the changes
// still return false / empty and say why in errorString().
class PlaylistStore
{
public:
    explicit PlaylistStore(const LibraryDatabase &db);

    // Returns the new playlist's id, or an empty string on failure (empty name included).
    QString create(const QString &name, const QString &description = {});
    // A smart playlist: its tracks are the rule's, worked out whenever entries() is read
    // (its rule travels in the description). Empty with errorString() naming a bad rule.
    QString createSmart(const QString &name, const SmartRule &rule);
    bool setSmartRule(const QString &playlistId, const SmartRule &rule);
    // The playlist's rule, or nothing for an ordinary (or unknown) playlist.
    Result<std::optional<SmartRule>> smartRule(const QString &playlistId) const;
    bool rename(const QString &playlistId, const QString &name);
    // Marks a playlist published or not on this device only (no outbox row): the server has
    // it already (SharedPlaylists), and every device pulls it from there.
    bool setPublishedHere(const QString &playlistId, bool published);
    bool remove(const QString &playlistId);  // soft delete
    bool restore(const QString &playlistId); // undo a soft delete

    // Live playlists by name; includeDeleted lists soft-deleted ones too.
    Result<QList<Playlist>> playlists(bool includeDeleted = false) const;
    // The playlist (deleted ones too), or nothing when there is no playlist with that id.
    Result<std::optional<Playlist>> playlist(const QString &playlistId) const;

    // Entry edits below refuse a smart playlist (its rule decides what is in it).
    // Appends tracks (or inserts them at position; -1 appends). A track already in the
    // playlist is left where it is (a track appears once per playlist, as on the server).
    // Returns how many entries were added.
    int addTracks(const QString &playlistId, const QStringList &trackIds, int position = -1);
    // Moves the entry at position `from` to position `to` (0-based).
    bool moveEntry(const QString &playlistId, int from, int to);
    // Removes the entry at `position` from the playlist (the track itself stays).
    bool removeEntry(const QString &playlistId, int position);
    // A smart playlist's entries are its rule's tracks now (entry id empty, positions 0..n-1).
    Result<QList<PlaylistEntry>> entries(const QString &playlistId) const;

    QString errorString() const { return m_error; }

private:
    bool nameFitsTheServer(const QString &name);
    bool touchPlaylist(const QString &playlistId, const QString &field, const QVariant &value);
    bool touchPlaylistInTx(QSqlDatabase &db, const QString &playlistId);
    bool refuseSmart(const QString &playlistId);
    Result<QList<PlaylistEntry>> smartEntries(const SmartRule &rule) const;
    Status countSmart(Playlist &p) const;

    const LibraryDatabase &m_db;
    QString m_error;
};

} // namespace ekn
