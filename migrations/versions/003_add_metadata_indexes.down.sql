-- Reverts 003.
ALTER TABLE music_tracks DROP CONSTRAINT check_file_size_positive;
ALTER TABLE music_tracks DROP CONSTRAINT check_duration_positive;

DROP INDEX idx_tracks_album_trgm;
DROP INDEX idx_tracks_artist_trgm;
DROP INDEX idx_tracks_title_trgm;
DROP INDEX idx_tracks_metadata;

-- Created by the up. Without CASCADE: if anything else has come to use them since, this
-- fails and the database stays at 003 rather than losing someone else's objects.
DROP EXTENSION IF EXISTS btree_gin;
DROP EXTENSION IF EXISTS pg_trgm;
