-- Which metadata keys of a track are fields a person edits: the trigger that keeps
-- track_field_edits (schema 013) read them from a list written into it. They now come from
-- this table, which LibraryDatabase::open keeps equal to the field table (the Edited metadata
-- fields of core/library/trackfields.cpp), so a new edited metadata field is timed like the
-- others without a schema change. The rows below are the list as of this schema.
-- Edited *columns* (title, artist, album, and rating since 016) stay named in the trigger: a
-- new column needs its own schema file anyway.
CREATE TABLE track_edited_fields (
    field TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

INSERT INTO track_edited_fields (field) VALUES
    ('album_artist'), ('genre'), ('composer'), ('comment'), ('year'),
    ('track_number'), ('track_total'), ('disc_number'), ('disc_total');

DROP TRIGGER music_tracks_field_edits;

CREATE TRIGGER music_tracks_field_edits AFTER UPDATE OF title, artist, album, metadata, rating ON music_tracks
BEGIN
    INSERT INTO track_field_edits (track_id, field, edited_at)
    SELECT new.id, changed.field, COALESCE(new.updated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    FROM (
        SELECT 'title' AS field WHERE old.title IS NOT new.title
        UNION ALL SELECT 'artist' WHERE old.artist IS NOT new.artist
        UNION ALL SELECT 'album' WHERE old.album IS NOT new.album
        UNION ALL SELECT 'rating' WHERE old.rating IS NOT new.rating
        UNION ALL SELECT 'metadata.' || k.field
        FROM track_edited_fields k
        WHERE old.metadata IS NOT new.metadata
          AND json_extract(old.metadata, '$.' || k.field) IS NOT json_extract(new.metadata, '$.' || k.field)
    ) changed WHERE true
    ON CONFLICT (track_id, field) DO UPDATE SET edited_at = excluded.edited_at;
END;
