-- Rescans are a source of changes like a user: only fields whose file value
-- changed since the file was last read count, so an edit made here or on another device
-- survives moves, renames, touches and retags of other fields.
--
-- track_files.file_values: what the file said when it was last read (JSON: the music_tracks
-- columns that come from a file, "metadata" with its keys, "extra" with the other tag keys).
-- NULL for files read before this schema: their next read only sets it (nothing is taken from
-- the file's tags then, so an edit made before the upgrade is never overwritten).
ALTER TABLE track_files ADD COLUMN file_values TEXT;

-- When each editable field of a track last changed (an edit here, a restored conflict, a
-- pulled value from another device): a rescan that finds the same field changed in the file
-- keeps the later of the two. Kept by the trigger below, so every writer counts, whoever it is.
CREATE TABLE track_field_edits (
    track_id TEXT NOT NULL REFERENCES music_tracks(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    edited_at TEXT NOT NULL,
    PRIMARY KEY (track_id, field)
) WITHOUT ROWID;

CREATE TRIGGER music_tracks_field_edits AFTER UPDATE OF title, artist, album, metadata ON music_tracks
BEGIN
    INSERT INTO track_field_edits (track_id, field, edited_at)
    SELECT new.id, changed.field, COALESCE(new.updated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    FROM (
        SELECT 'title' AS field WHERE old.title IS NOT new.title
        UNION ALL SELECT 'artist' WHERE old.artist IS NOT new.artist
        UNION ALL SELECT 'album' WHERE old.album IS NOT new.album
        UNION ALL SELECT 'metadata.' || k.value
        FROM json_each('["album_artist","genre","composer","comment","year","track_number","track_total","disc_number","disc_total"]') k
        WHERE old.metadata IS NOT new.metadata
          AND json_extract(old.metadata, '$.' || k.value) IS NOT json_extract(new.metadata, '$.' || k.value)
    ) changed WHERE true
    ON CONFLICT (track_id, field) DO UPDATE SET edited_at = excluded.edited_at;
END;
