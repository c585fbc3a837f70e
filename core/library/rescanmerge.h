#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace ekn {

// One value a rescan set aside: the file and an edit changed the same field, and the other
// one was later. Written to the conflict log by the caller.
struct RescanConflict
{
    QString field; // "title", "metadata.genre", "tag.MOOD" (a track_metadata key)
    QJsonValue winner;
    QJsonValue lost;
    bool fileWon = false;
};

// What a rescan changes in a known track: only fields whose value in the file changed since
// the file was last read (a rescan is a source of changes like a user).
struct RescanChange
{
    QJsonObject columns;  // music_tracks column -> new value (null clears)
    QJsonObject metadata; // metadata key -> new value (null removes the key)
    QJsonObject extra;    // track_metadata key -> new value (null deletes the row)
    QList<RescanConflict> conflicts;
    bool isEmpty() const { return columns.isEmpty() && metadata.isEmpty() && extra.isEmpty(); }
};

// The rule, pure (no SQL). Values are JSON objects of the shape TrackWriter stores in
// track_files.file_values: the field table's columns (trackfields.h), "metadata" {key: value}
// and "extra" {key: value}. Which fields are edited, technical or the location comes from the
// field table; metadata keys that are not fields there (cover, content_hash) are technical.
//   fileNow     what the file says now
//   fileBefore  what it said when last read (empty: read before schema 13; editable fields are
//               then taken as unchanged in the file, technical ones as changed)
//   current     what the library holds now
//   editedAt    when each editable field last changed in the library ("title",
//               "metadata.genre"); a field without an entry counts as changed at rowUpdatedAt
//   fileMtime   the file's modification time: when its change happened
// A field whose file value is unchanged is left alone; one that changed is taken when the
// library still holds the old file value; when the library holds an edit of it too, the later
// of the edit and the file wins and the other is a conflict. The file's location (file_url)
// always follows the file.
RescanChange mergeRescan(const QJsonObject &fileNow, const QJsonObject &fileBefore, const QJsonObject &current,
                         const QHash<QString, QDateTime> &editedAt, const QDateTime &rowUpdatedAt,
                         const QDateTime &fileMtime);

// Equality as the library means it: null, missing, "" and 0 are all "no value", and text
// compares in Unicode NFC (sameValue, trackfields.h).
bool sameFieldValue(const QJsonValue &a, const QJsonValue &b);

} // namespace ekn
