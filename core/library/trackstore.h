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
#include <optional>

namespace ekn {

class LibraryDatabase;
struct SearchQuery;

// Reads and edits of tracks. Every call runs synchronously on the calling thread's own
// connection: call it from a worker thread (never the GUI thread) for anything but a handful
// of rows. Every call returns a Result: a failed read is a Failure with a sentence that says
// what could not be read, never an empty list (docs/ARCHITECTURE.md "Errors").
class TrackStore
{
public:
    explicit TrackStore(const LibraryDatabase &db);

    // All live tracks, ordered by album artist, album, disc, track, title, path. limit < 0 is
    // no limit.
    Result<QList<Track>> allTracks(int offset = 0, int limit = -1) const;
    // All live tracks in the same order, handed to `sink` in batches of `batchSize` as they are
    // read: one query, and never the whole library in memory at once. The sink returns false
    // to stop reading (the view it fills is no longer wanted); that is not a failure.
    Status allTracksInBatches(int batchSize, const std::function<bool(QList<Track> &&batch)> &sink) const;
    Result<int> trackCount() const;
    // The track, or nothing when no live track has that id (a failed read is a Failure).
    Result<std::optional<Track>> track(const QString &id) const;
    Result<QList<Track>> tracks(const QStringList &ids) const; // in the given order, unknown ids skipped
    Result<QList<Track>> tracksByArtist(const QString &artist) const; // artist or album artist
    Result<QList<Track>> tracksByAlbum(const QString &album, const QString &albumArtist = {}) const;
    Result<QList<Track>> tracksByGenre(const QString &genre) const;
    Result<QList<Track>> unavailableTracks() const;
    Result<QStringList> artists() const; // distinct, sorted case-insensitively
    Result<QStringList> albums() const;
    Result<QStringList> genres() const;
    // Albums grouped under their album artist (artist when the track has none), both sorted
    // case-insensitively: the sidebar's Albums tree without loading every track.
    Result<QList<QPair<QString, QStringList>>> albumsByArtist() const;

    // Full-text search: words are prefixes (as you type), case and diacritics insensitive;
    // `artist:x album:x genre:x title:x year:1999 year:1990-1999 year:1990..1999` narrow; "quoted phrases".
    // Best match first (bm25, title weighted highest). Listening filters (rating:>=4 plays:>10
    // skipped:>2 played:<30d added:<7d) keep the tracks they pass, in library order. A filter
    // that cannot be read is a Failure naming it (SearchQuery::error), never "no match".
    Result<QList<Track>> search(const QString &query, int limit = 200) const;
    // The same search in two steps, for results shown page by page: the matches' rowids, best
    // first (limit < 0: all of them), then the tracks of some of those rowids, in that order.
    Result<QList<qint64>> searchRowids(const QString &query, int limit) const;
    Result<QList<Track>> tracksByRowids(const QList<qint64> &rowids) const;
    // How many tracks the search finds, and their ids (for a search inside a view).
    Result<int> searchCount(const QString &query) const;
    Result<QSet<QString>> searchTrackIds(const QString &query) const;

    // A rating typed by a person, in stars: "0" to "5", half stars as "3.5" (or "3,5"), and
    // "none" for no rating. Half stars (0..10) or Track::kUnrated; a sentence for anything else.
    static Result<int> ratingFromStars(const QString &stars);

    // Changes the set fields of a track and writes an outbox row (op update, changed fields
    // as JSON) in the same transaction. A Failure when the track does not exist.
    Status updateTrack(const QString &id, const TrackEdit &edit);
    // Soft delete (deleted_at) or its undo, with an outbox row in the same transaction. The
    // track keeps its id, file and playlist entries. A Failure when there is no such track.
    Status setTrackDeleted(const QString &id, bool deleted);

    Result<QList<ScanError>> scanErrors() const;
    // The folders the library reads from; a failed read is an error, never "no folders".
    Result<QStringList> libraryRoots() const;

private:
    Result<QJsonObject> editedRow(QSqlDatabase &db, const QString &id) const;
    Result<QList<qint64>> searchRowids(const SearchQuery &query, int limit) const;
    Result<QList<qint64>> indexedRowids(const SearchQuery &query, int limit) const;
    Result<QList<qint64>> filteredRowids(const SearchQuery &query, int limit) const;
    Result<QList<Track>> select(const QString &where, const QVariantList &binds, const QString &orderBy,
                        int offset = 0, int limit = -1) const;

    const LibraryDatabase &m_db;
};

} // namespace ekn
