-- Undo 017: the shared playlist routines, eknmusic_share's policies and privileges. Published
-- playlists keep is_public (the seed's column, synced as before). The role is cluster-wide and
-- is dropped only when no other database of the cluster uses it, like 004's and 013's.
REVOKE ALL ON FUNCTION api.unpublish_playlist(TEXT, UUID) FROM eknmusic_client;
REVOKE ALL ON FUNCTION api.publish_playlist(TEXT, UUID) FROM eknmusic_client;
REVOKE ALL ON FUNCTION api.open_shared_playlist(TEXT, UUID) FROM eknmusic_client;
DROP FUNCTION api.unpublish_playlist(TEXT, UUID);
DROP FUNCTION api.publish_playlist(TEXT, UUID);
DROP FUNCTION api._set_playlist_public(TEXT, UUID, BOOLEAN);
DROP FUNCTION api.open_shared_playlist(TEXT, UUID);

DROP POLICY share_published ON public.music_tracks;
DROP POLICY share_published ON public.playlist_tracks;
DROP POLICY share_published ON public.playlists;

REVOKE ALL ON FUNCTION api._session_user(TEXT) FROM eknmusic_share;
REVOKE ALL ON public.music_tracks, public.playlist_tracks, public.playlists FROM eknmusic_share;
REVOKE ALL ON SCHEMA public, api FROM eknmusic_share;

DO $role$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'eknmusic_share') THEN
        BEGIN
            DROP ROLE eknmusic_share;
        EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
            RAISE NOTICE 'role eknmusic_share kept: still used elsewhere in this cluster';
        END;
    END IF;
END
$role$;
