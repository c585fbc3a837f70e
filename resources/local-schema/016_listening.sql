-- Listening data (issue 14): rating, play count, skip count, last played. Date added is the
-- existing music_tracks.created_at.
--
-- music_tracks.rating: half stars 0..10 (shown as 0-5 stars), NULL = unrated. A field like
-- title: edited here or read from the file, synced as a field (the later change wins, the
-- loser goes to the conflict log).
--
-- music_tracks.play_count / skip_count / last_played: what every query, column and smart
-- playlist reads. They are never written directly: the trigger below derives them from
-- track_play_tallies, because a play count is not a last-writer-wins field (counters
-- merge by adding per-device increments). last_played is UTC ISO-8601 text with
-- milliseconds and Z (the format of every timestamp here), NULL = never played.
ALTER TABLE music_tracks ADD COLUMN rating INTEGER CHECK (rating IS NULL OR (rating >= 0 AND rating <= 10));
ALTER TABLE music_tracks ADD COLUMN play_count INTEGER NOT NULL DEFAULT 0 CHECK (play_count >= 0);
ALTER TABLE music_tracks ADD COLUMN skip_count INTEGER NOT NULL DEFAULT 0 CHECK (skip_count >= 0);
ALTER TABLE music_tracks ADD COLUMN last_played TEXT;

-- Local only: the counters of a track, split by who made them.
--   own_*: the plays and skips made on this device, ever (absolute, they only grow). Sync pushes
--   these absolute values, never an increment, so a push that is replayed or cut off by a crash
--   and sent again stores the same thing twice (idempotent); the server keeps one counter per
--   device and adds them up.
--   other_*: the sum over every other device, as the last pull said.
CREATE TABLE track_play_tallies (
    track_id TEXT PRIMARY KEY NOT NULL REFERENCES music_tracks(id) ON DELETE CASCADE,
    own_plays INTEGER NOT NULL DEFAULT 0 CHECK (own_plays >= 0),
    own_skips INTEGER NOT NULL DEFAULT 0 CHECK (own_skips >= 0),
    own_last_played TEXT,
    other_plays INTEGER NOT NULL DEFAULT 0 CHECK (other_plays >= 0),
    other_skips INTEGER NOT NULL DEFAULT 0 CHECK (other_skips >= 0),
    other_last_played TEXT
) WITHOUT ROWID;

-- The one writer of music_tracks.play_count/skip_count/last_played: own + other, latest of the
-- two. (SQLite's max() of a NULL is NULL, hence the CASE.)
CREATE TRIGGER track_play_tallies_insert AFTER INSERT ON track_play_tallies
BEGIN
    UPDATE music_tracks SET
        play_count = new.own_plays + new.other_plays,
        skip_count = new.own_skips + new.other_skips,
        last_played = CASE
            WHEN new.own_last_played IS NULL THEN new.other_last_played
            WHEN new.other_last_played IS NULL OR new.own_last_played > new.other_last_played
                THEN new.own_last_played
            ELSE new.other_last_played END
    WHERE id = new.track_id;
END;

CREATE TRIGGER track_play_tallies_update AFTER UPDATE ON track_play_tallies
BEGIN
    UPDATE music_tracks SET
        play_count = new.own_plays + new.other_plays,
        skip_count = new.own_skips + new.other_skips,
        last_played = CASE
            WHEN new.own_last_played IS NULL THEN new.other_last_played
            WHEN new.other_last_played IS NULL OR new.own_last_played > new.other_last_played
                THEN new.own_last_played
            ELSE new.other_last_played END
    WHERE id = new.track_id;
END;

CREATE INDEX idx_tracks_rating ON music_tracks(rating) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_last_played ON music_tracks(last_played) WHERE deleted_at IS NULL;

-- The rating is an editable field like title: a rescan that finds it changed in the file keeps
-- the later of the file and the edit (013's rule), so the trigger that dates field edits
-- learns it.
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
        UNION ALL SELECT 'metadata.' || k.value
        FROM json_each('["album_artist","genre","composer","comment","year","track_number","track_total","disc_number","disc_total"]') k
        WHERE old.metadata IS NOT new.metadata
          AND json_extract(old.metadata, '$.' || k.value) IS NOT json_extract(new.metadata, '$.' || k.value)
    ) changed WHERE true
    ON CONFLICT (track_id, field) DO UPDATE SET edited_at = excluded.edited_at;
END;
