#pragma once

#include "library/track.h"
#include "tags/taginfo.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <span>
#include <variant>

namespace ekn {

// The one definition of a track's fields (one owner per concept, docs/ARCHITECTURE.md): where each is
// stored, its type, the tag key it is written to, whether a person edits it, its JSON name and
// how its values compare. The scanner's row (TrackWriter), the one SELECT of a Track
// (trackrow), an edit (TrackStore::updateTrack, TrackEdit), the edit's undo and its tag write,
// the rescan merge, duplicate merging, sync (push rows, pull apply, conflict log restore) and
// the CLI's --json all derive from kTrackFields; none of them names a field by itself.
//
// Adding a field is one entry in trackfields.cpp, plus the member that holds its value in
// Track (and in TrackEdit when a person edits it, and in TagInfo when TagReader reads it):
//
//   {"rating", FieldStorage::Metadata, FieldType::Integer, FieldKind::Edited, nullptr,
//    TagPart::Whole, FieldText::Number, "rating", &Track::rating, &TrackEdit::rating, {}},
//
// Rows, binds, outbox entries, the rescan merge, push/pull/conflict mapping and --json then
// follow. (track_field_edits is kept by a trigger from the table track_edited_fields, which
// LibraryDatabase::open fills from this list.)

enum class FieldStorage {
    Column,   // a column of music_tracks (and of the server's)
    Metadata, // a key of music_tracks.metadata (JSON)
};

enum class FieldType { Text, Integer };

enum class FieldKind {
    Edited,    // a person edits it (TrackEdit): synced per field (the later change wins, the
               // loser goes to the conflict log), a rescan takes it only when the file changed it
    Technical, // what the file is (length, format, ...): follows the file at every read
    Location,  // where the file is on the device that scanned it (file_url): follows the file,
               // and a pulled value never replaces this device's own
};

// Which part of a tag value a field is: "3/12" in TRACKNUMBER holds track_number (Number) and
// track_total (Total); DATE holds the year.
enum class TagPart { Whole, Number, Total, Year };

// How a field's text is checked and kept.
enum class FieldText {
    Line,      // one line, no control characters, at most kMaxFieldChars (the server's VARCHAR)
    Multiline, // free text (comment): line breaks allowed
    Number,    // an integer field
    Url,       // file_url
    Rating,    // half stars 0..10; 0 is a rating ("no stars"), Track::kUnrated (-1) is none.
               // --json shows stars (3.5), as `track rate` takes them
};
constexpr qsizetype kMaxFieldChars = 500;

using TrackMember = std::variant<QString Track::*, int Track::*, qint64 Track::*, QUrl Track::*>;
using EditMember = std::variant<std::monostate, std::optional<QString> TrackEdit::*,
                                std::optional<int> TrackEdit::*>;
using TagMember = std::variant<std::monostate, QString TagInfo::*, int TagInfo::*, qint64 TagInfo::*>;

struct TrackField
{
    const char *name;      // the music_tracks column or metadata key (snake_case)
    FieldStorage storage;
    FieldType type;
    FieldKind kind;
    const char *tagKey;    // TagLib property the editor writes it to; nullptr: never written
    TagPart tagPart;
    FieldText text;
    const char *jsonName;  // key in eknmusic-cli --json (app/cli/JSON.md)
    TrackMember track;     // where a Track holds it
    EditMember edit;       // where a TrackEdit holds it (Edited fields)
    TagMember tag;         // where TagReader puts it; monostate: derived from the file
                           // (duration from duration_ms, file_url and file_size from the file)
    bool required = false; // never "no value": title (the file name when the tag has none),
                           // file_url, file_size; stored and shown as "" / 0, never null
    const char *label = nullptr; // for messages (translated in context ekn::TrackStore)
    int serverSchema = 0;  // the server migration that added it; an older server neither
                           // stores nor sends it (the value stays on this device)

    QString key() const { return QLatin1String(name); }
    // The field's name in outbox paths, track_field_edits and the conflict log: "title",
    // "metadata.genre".
    QString path() const;
    bool isColumn() const { return storage == FieldStorage::Column; }
    bool isEdited() const { return kind == FieldKind::Edited; }
};

std::span<const TrackField> trackFields();
const TrackField *trackField(QStringView name);       // by column or metadata key
const TrackField *trackFieldByPath(QStringView path); // "title", "metadata.genre"

// Names derived from the table, in table order.
QStringList trackColumnNames();                 // music_tracks columns that are fields
QStringList fieldNames(FieldStorage s, FieldKind k);

// ---- values -------------------------------------------------------------------------------
// A field's stored form as JSON: a string or a number, or null for "no value" (empty text,
// a number of 0 or less), except for a required field ("" / 0).
QJsonValue storedValue(const TrackField &f, const QJsonValue &v);
// Equality as the library means it: "no value" in any spelling is one value, text compares in
// Unicode NFC (a title typed on macOS equals the same title typed on Windows).
bool sameValue(const QJsonValue &a, const QJsonValue &b);
// The form bound to SQL for a column (NULL of the column's type for "no value").
QVariant bindValue(const TrackField &f, const QJsonValue &v);
// The server's form (docs/SERVER-API.md): numbers of 0 or less are NULL there.
QJsonValue serverValue(const TrackField &f, const QJsonValue &v);
// A JSON value read from SQL or from a pulled row as the column's bind value.
QVariant bindFromJson(const TrackField &f, const QJsonValue &v);

// ---- Track, TagInfo, TrackEdit --------------------------------------------------------------
QJsonValue valueOf(const Track &t, const TrackField &f); // stored form
void setValue(Track &t, const TrackField &f, const QJsonValue &v);
QJsonValue valueOf(const TagInfo &i, const TrackField &f); // stored form; Undefined: derived
// Undefined when the edit leaves the field alone.
QJsonValue editValue(const TrackEdit &e, const TrackField &f);
void setEditValue(TrackEdit &e, const TrackField &f, const QJsonValue &v);
bool editIsEmpty(const TrackEdit &e);

// What undoes `edit` on `before`: the same fields, with their values before the edit.
TrackEdit inverseOf(const Track &before, const TrackEdit &edit);
// The tag changes that put `edit`'s fields of `after` into its file (TagWriter keys, "n/total"
// numbers, an empty value removes the key).
QList<QPair<QString, QString>> tagChangesOf(const Track &after, const TrackEdit &edit);
// Applies `edit` to a stored row (`row`: the Edited columns, and "metadata" as an object) and
// returns what changed as the outbox records it: changed columns with their new values, and
// "metadata" with the changed keys. Empty when the edit changes nothing. An edited metadata
// field keeps the value as given ("" or 0 for a cleared one).
QJsonObject applyEdit(QJsonObject &row, const TrackEdit &edit);
// Why `edit` cannot be stored (a sentence naming the field), or an empty string.
QString editProblem(const TrackEdit &edit);

// The stored row's metadata JSON into the Track's fields (fields not in it become "no value").
void applyMetadata(Track &t, const QJsonObject &metadata);
// A track as eknmusic-cli --json shows it (app/cli/JSON.md): every field under its JSON name,
// plus id, path, file_url, available, has_cover, cover_mime, created_at, updated_at.
QJsonObject trackJson(const Track &t);

} // namespace ekn
