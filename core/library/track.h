#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace ekn {

// One track of the local library, as the UI and the CLI see it: the music_tracks row, the
// fields kept in its metadata JSON, and where its file is on this device (track_files).
// Which member is which field (column or metadata key, tag key, JSON name) is said once, in
// the field table (trackfields.h); code that goes over all fields uses the table.
// Numbers that are unknown are 0; durations are 0 when unknown.
struct Track
{
    QString id; // UUID without braces, made by the client
    QString title;
    QString artist;
    QString album;
    QString albumArtist;
    int trackNumber = 0;
    int trackTotal = 0;
    int discNumber = 0;
    int discTotal = 0;
    int year = 0;
    QString genre;
    QString composer;
    QString comment;
    int duration = 0;       // whole seconds
    qint64 durationMs = 0;
    QString format;         // mp3, flac, ogg, opus, m4a, wav, ...
    int bitrate = 0;        // kbps
    int sampleRate = 0;     // Hz
    int channels = 0;
    qint64 fileSize = 0;
    QString filePath;       // local path (NFC)
    QUrl fileUrl;           // file:// URL of filePath
    bool available = true;  // false when the file was not found by the last scan
    bool onThisDevice = true; // false for a track synced from another device whose file this
                              // device has never had (no track_files row); filePath is empty then
    bool hasCover = false;
    QString coverMime;
    QDateTime createdAt;    // UTC; shown as "Added"
    QDateTime updatedAt;    // UTC
    // Listening data (local schema 016). The rating is in half stars, 0..10 (shown as 0-5
    // stars), kUnrated when the track has none. Counts add up over every device.
    static constexpr int kUnrated = -1;
    int rating = kUnrated;
    int playCount = 0;
    int skipCount = 0;
    QDateTime lastPlayed; // UTC; null when never played

    // Artist shown for grouping: album artist when set, else artist.
    QString displayAlbumArtist() const { return albumArtist.isEmpty() ? artist : albumArtist; }
};

// A user's edit of a track: only the fields that are set change. Applied by
// TrackStore::updateTrack together with an outbox row in the same transaction. Each member is
// the value of one Edited field of the field table (trackfields.h), which names it.
struct TrackEdit
{
    std::optional<QString> title;
    std::optional<QString> artist;
    std::optional<QString> album;
    std::optional<QString> albumArtist;
    std::optional<QString> genre;
    std::optional<QString> composer;
    std::optional<QString> comment;
    std::optional<int> year;
    std::optional<int> trackNumber;
    std::optional<int> trackTotal;
    std::optional<int> discNumber;
    std::optional<int> discTotal;
    std::optional<int> rating; // half stars 0..10, or Track::kUnrated to clear it

    // No field set (derived from the field table, trackfields.h).
    bool isEmpty() const;
};

struct Playlist
{
    QString id;
    QString name;
    QString description; // a smart playlist's holds its rule (SmartRule::fromDescription)
    bool smart = false;  // its tracks come from a rule, worked out when read
    bool isPublic = false; // published: other accounts can open it by its link
    int trackCount = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime deletedAt; // null unless soft-deleted
    bool isDeleted() const { return deletedAt.isValid(); }
};

// One row of a playlist, in order. The track is always there: entries survive a missing file
// (track.available is false then).
struct PlaylistEntry
{
    QString id;       // playlist_tracks.id
    int position = 0; // 0-based, dense
    Track track;
};

// One file the scanner could not read, with the reason (scan_errors).
struct ScanError
{
    QString path;
    QString reason;
    QDateTime at;
};

} // namespace ekn

Q_DECLARE_METATYPE(ekn::Track)
Q_DECLARE_METATYPE(ekn::Playlist)
