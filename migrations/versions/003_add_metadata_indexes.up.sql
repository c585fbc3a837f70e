-- 003: the seed's GIN index on metadata, trigram indexes so the seed's search
-- (title/artist/album ILIKE '%words%') is served by an index instead of a scan of every
-- track, and the seed's check constraints.

-- pg_trgm is a trusted extension: a database owner may create it without being superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX idx_tracks_metadata ON music_tracks USING GIN(metadata);

CREATE INDEX idx_tracks_title_trgm ON music_tracks USING GIN (title gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_artist_trgm ON music_tracks USING GIN (artist gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_album_trgm ON music_tracks USING GIN (album gin_trgm_ops) WHERE deleted_at IS NULL;

-- NULL still passes (unknown duration or size); zero or negative does not.
ALTER TABLE music_tracks
ADD CONSTRAINT check_duration_positive
CHECK (duration > 0);

ALTER TABLE music_tracks
ADD CONSTRAINT check_file_size_positive
CHECK (file_size > 0);
