-- Undo 010: cursor triggers, functions, columns, the counter table, the grant.
REVOKE SELECT (version) ON schema_migrations FROM eknmusic_client;

DROP TRIGGER trg_playlist_tracks_entries_upd ON playlist_tracks;
DROP TRIGGER trg_playlist_tracks_entries_ins ON playlist_tracks;
DROP TRIGGER trg_playlist_tracks_sync ON playlist_tracks;
DROP TRIGGER trg_track_metadata_sync ON track_metadata;
DROP TRIGGER trg_playlists_sync ON playlists;
DROP TRIGGER trg_music_tracks_sync ON music_tracks;
DROP FUNCTION app.tg_playlist_entries_changed();
DROP FUNCTION app.tg_sync_child_row();
DROP FUNCTION app.tg_sync_versioned_row();
DROP FUNCTION app.sync_version_for(UUID);
DROP FUNCTION app.bump_sync_version(UUID);

DROP INDEX idx_playlists_user_sync;
DROP INDEX idx_track_metadata_user_sync;
DROP INDEX idx_music_tracks_user_sync;

ALTER TABLE playlist_tracks DROP COLUMN deleted_at, DROP COLUMN sync_version;
ALTER TABLE playlists DROP COLUMN field_versions, DROP COLUMN sync_version;
ALTER TABLE track_metadata DROP COLUMN deleted_at, DROP COLUMN sync_version;
ALTER TABLE music_tracks DROP COLUMN field_versions, DROP COLUMN sync_version;

REVOKE ALL ON user_sync_state FROM eknmusic_client;
DROP POLICY client_own_state ON user_sync_state;
DROP TABLE user_sync_state;
