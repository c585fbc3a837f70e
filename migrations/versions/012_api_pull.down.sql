-- Undo 012: api.pull, api.server_info and their helpers, the owner's read policies,
-- origin_device and its trigger, the epoch (the next up makes a new one, so every device
-- resyncs), and schema api only when 012 made it (011 not applied; 011 owns it otherwise).

REVOKE ALL ON FUNCTION api.pull(TEXT, INT, UUID, UUID, BIGINT, SMALLINT, UUID, INT)
    FROM eknmusic_client;
REVOKE ALL ON FUNCTION api.server_info(INT) FROM eknmusic_client;
DROP FUNCTION api.pull(TEXT, INT, UUID, UUID, BIGINT, SMALLINT, UUID, INT);
DROP FUNCTION api.server_info(INT);
DROP FUNCTION api._utc(TIMESTAMPTZ);
DROP FUNCTION api._session_user(TEXT);
DROP FUNCTION api._check_api(INT);

DROP POLICY api_owner_reads_token_user ON playlist_tracks;
DROP POLICY api_owner_reads_token_user ON playlists;
DROP POLICY api_owner_reads_token_user ON track_metadata;
DROP POLICY api_owner_reads_token_user ON music_tracks;

DROP TRIGGER trg_playlists_written_by ON playlists;
DROP TRIGGER trg_track_metadata_written_by ON track_metadata;
DROP TRIGGER trg_music_tracks_written_by ON music_tracks;
DROP FUNCTION app.tg_origin_device();
ALTER TABLE playlists DROP COLUMN origin_device;
ALTER TABLE track_metadata DROP COLUMN origin_device;
ALTER TABLE music_tracks DROP COLUMN origin_device;

DROP TABLE app.sync_epoch;

DO $schema$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.schema_migrations WHERE version = 11) THEN
        REVOKE ALL ON SCHEMA api FROM eknmusic_client;
        DROP SCHEMA api; -- not CASCADE: anything else in it stops the rollback (README rule 5)
    END IF;
END
$schema$;
