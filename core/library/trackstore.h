#pragma once

#include "common/result.h"
#include "library/track.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>

namespace ekn {

class LibraryDatabase;
struct SearchQuery;

// Reads and edits of tracks. Every call runs synchronously on the calling thread's own
// connection: call it from a worker thread (never the GUI thread) for anything but a handful
// of rows. A failed call returns an empty result / false and sets errorString().
class TrackStore
{
public:
    explicit TrackStore(const LibraryDatabase &db);

    // All live tracks, ordered by album artist, album, disc, track, title, path. limit < 0 is
    // no limit.
    QList<Track> allTracks(int offset = 0, int limit = -1) const;
    // All live tracks in the same order, handed to `sink` in batches of `batchSize` as they are
    // read: one query, and never the whole library in memory at once. The sink returns false
    // to stop reading (the view it fills is no longer wanted); that is not a failure.
    bool allTracksInBatches(int batchSize, const std::function<bool(QList<Track> &&batch)> &sink) const;
    int trackCount() const;
    std::optional<Track> track(const QString &id) const;
    QList<Track> tracks(const QStringList &ids) const; // in the given order, unknown ids skipped
    QList<Track> tracksByArtist(const QString &artist) const;  // artist or album artist
    QList<Track> tracksByAlbum(const QString &album, const QString &albumArtist = {}) const;
    QList<Track> tracksByGenre(const QString &genre) const;
    QList<Track> unavailableTracks() const;
    QStringList artists() const; // distinct, sorted case-insensitively
    QStringList albums() const;
    QStringList genres() const;
    // Albums grouped under their album artist (artist when the track has none), both sorted
    // case-insensitively: the sidebar's Albums tree without loading every track.
    QList<QPair<QString, QStringList>> albumsByArtist() const;

    // Full-text search: words are prefixes (as you type), case and diacritics insensitive;
    // `artist:x album:x genre:x title:x year:1999 year:1990-1999 year:1990..1999` filter; "quoted phrases".
    // Best match first (bm25, title weighted highest).
    QList<Track> search(const QString &query, int limit = 200) const;
    // The same search in two steps, for results shown page by page: the matches' rowids, best
    // first (limit < 0: all of them), then the tracks of some of those rowids, in that order.
    QList<qint64> searchRowids(const QString &query, int limit) const;
    QList<Track> tracksByRowids(const QList<qint64> &rowids) const;
    // How many tracks the search finds, and their ids (for a search inside a view).
    int searchCount(const QString &query) const;
    QSet<QString> searchTrackIds(const QString &query) const;

    // A rating typed by a person, in stars: "0" to "5", half stars as "3.5" (or "3,5"), and
    // "none" for no rating. Half stars (0..10) or Track::kUnrated; a sentence for anything else.
    static Result<int> ratingFromStars(const QString &stars);

    // Changes the set fields of a track and writes an outbox row (op update, changed fields
    // as JSON) in the same transaction. False when the track does not exist.
    bool updateTrack(const QString &id, const TrackEdit &edit);
    // Soft delete (deleted_at) or its undo, with an outbox row in the same transaction. The
    // track keeps its id, file and playlist entries. False when there is no such track.
    bool setTrackDeleted(const QString &id, bool deleted);

    QList<ScanError> scanErrors() const;
    // The folders the library reads from; a failed read is an error, never "no folders".
    Result<QStringList> libraryRoots() const;

    QString errorString() const { return m_error; }

private:
    Result<QJsonObject> editedRow(QSqlDatabase &db, const QString &id) const;
    QList<qint64> searchRowids(const SearchQuery &query, int limit) const;
    QList<qint64> indexedRowids(const SearchQuery &query, int limit) const;
    QList<Track> select(const QString &where, const QVariantList &binds, const QString &orderBy,
                        int offset = 0, int limit = -1) const;

    const LibraryDatabase &m_db;
    mutable QString m_error;
};

} // namespace ekn
