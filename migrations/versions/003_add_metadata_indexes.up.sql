-- 003: the seed's GIN index on metadata, trigram indexes so the seed's search
-- (title/artist/album ILIKE '%words%') is served by an index instead of a scan of every
-- track, and the seed's check constraints.

-- Both are trusted extensions: a database owner may create them without being superuser.
-- pg_trgm: trigram operator classes, so ILIKE '%words%' can use a GIN index.
-- btree_gin: lets user_id (uuid equality) sit in the same GIN index as the trigrams.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX idx_tracks_metadata ON music_tracks USING GIN(metadata);

-- Every search is scoped to one user (WHERE user_id = $1). A trigram index on the text alone
-- loses to idx_tracks_user_id, which then filters all of that user's tracks row by row; with
-- user_id in the same GIN index both conditions are answered by the index, and the three ORed
-- columns become a BitmapOr of three index scans. Searches over every user still use them
-- (GIN serves any subset of its columns). Patterns under 3 characters have no trigrams and
-- fall back to the other indexes.
CREATE INDEX idx_tracks_title_trgm ON music_tracks USING GIN (user_id, title gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_artist_trgm ON music_tracks USING GIN (user_id, artist gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_album_trgm ON music_tracks USING GIN (user_id, album gin_trgm_ops) WHERE deleted_at IS NULL;

-- NULL still passes (unknown duration or size); zero or negative does not.
ALTER TABLE music_tracks
ADD CONSTRAINT check_duration_positive
CHECK (duration > 0);

ALTER TABLE music_tracks
ADD CONSTRAINT check_file_size_positive
CHECK (file_size > 0);
