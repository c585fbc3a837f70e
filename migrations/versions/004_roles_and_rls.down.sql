-- Undo 004: privileges, policies, triggers, owner columns, session columns, schema app.
-- The roles are cluster-wide: they are dropped only when no other database still uses them
-- (DROP ROLE refuses while any object or privilege anywhere depends on a role).

REVOKE ALL ON music_tracks, track_metadata, playlists, playlist_tracks FROM eknmusic_client;
REVOKE ALL ON users, user_sessions FROM eknmusic_client, eknmusic_auth;
REVOKE ALL ON SCHEMA public FROM eknmusic_client, eknmusic_auth;

DROP POLICY auth_all_sessions ON user_sessions;
DROP POLICY auth_all_users ON users;
DROP POLICY client_own_rows ON playlist_tracks;
DROP POLICY client_own_rows ON playlists;
DROP POLICY client_own_rows ON track_metadata;
DROP POLICY client_own_rows ON music_tracks;
DROP POLICY client_own_sessions ON user_sessions;
DROP POLICY client_own_user_update ON users;
DROP POLICY client_own_user_select ON users;

ALTER TABLE playlist_tracks NO FORCE ROW LEVEL SECURITY;
ALTER TABLE playlist_tracks DISABLE ROW LEVEL SECURITY;
ALTER TABLE playlists NO FORCE ROW LEVEL SECURITY;
ALTER TABLE playlists DISABLE ROW LEVEL SECURITY;
ALTER TABLE track_metadata NO FORCE ROW LEVEL SECURITY;
ALTER TABLE track_metadata DISABLE ROW LEVEL SECURITY;
ALTER TABLE music_tracks NO FORCE ROW LEVEL SECURITY;
ALTER TABLE music_tracks DISABLE ROW LEVEL SECURITY;
ALTER TABLE user_sessions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE user_sessions DISABLE ROW LEVEL SECURITY;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;

DROP TRIGGER trg_users_timestamps ON users;
DROP TRIGGER trg_playlist_tracks_owned ON playlist_tracks;
DROP TRIGGER trg_track_metadata_owned ON track_metadata;
DROP TRIGGER trg_playlists_owned ON playlists;
DROP TRIGGER trg_music_tracks_owned ON music_tracks;
DROP FUNCTION app.tg_user_row();
DROP FUNCTION app.tg_playlist_child_row();
DROP FUNCTION app.tg_track_child_row();
DROP FUNCTION app.tg_owned_row();
DROP FUNCTION app.current_user_id();

DROP INDEX idx_playlist_tracks_track_owner;
DROP INDEX idx_playlist_tracks_user_id;
ALTER TABLE playlist_tracks DROP CONSTRAINT playlist_tracks_track_owner_fkey;
ALTER TABLE playlist_tracks DROP CONSTRAINT playlist_tracks_playlist_owner_fkey;
ALTER TABLE playlist_tracks DROP COLUMN user_id;

DROP INDEX idx_track_metadata_track_owner;
DROP INDEX idx_track_metadata_user_id;
ALTER TABLE track_metadata DROP CONSTRAINT track_metadata_track_owner_fkey;
ALTER TABLE track_metadata DROP COLUMN user_id;

ALTER TABLE playlists DROP CONSTRAINT playlists_id_user_id_key;
ALTER TABLE music_tracks DROP CONSTRAINT music_tracks_id_user_id_key;

DROP INDEX idx_sessions_refresh_token_hash;
ALTER TABLE user_sessions
    DROP COLUMN last_refreshed_at,
    DROP COLUMN refresh_expires_at,
    DROP COLUMN revoked_reason,
    DROP COLUMN revoked_at;

REVOKE ALL ON SCHEMA app FROM eknmusic_client, eknmusic_auth;
DROP SCHEMA app;

DO $roles$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['eknmusic_client', 'eknmusic_auth'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('DROP ROLE %I', r);
            EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
                RAISE NOTICE 'role % kept: still used elsewhere in this cluster', r;
            END;
        END IF;
    END LOOP;
END
$roles$;
