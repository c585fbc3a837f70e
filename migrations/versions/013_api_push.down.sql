-- Undo 013: api.push and its helpers, the push role's policies and privileges, and what 013
-- created of the things others own (schema api, origin_device) only when 013 created them
-- (their comment says so). The role is cluster-wide and stays, like 004's roles.

DROP FUNCTION api.push(TEXT, INT, UUID, UUID, JSONB);
DROP FUNCTION app.push_rows(INT, UUID, JSONB, UUID[]);
DROP FUNCTION app.push_entries(UUID, BIGINT, JSONB, JSONB, BIGINT, UUID[], UUID);
DROP FUNCTION app.push_merge_entries(UUID[], UUID[], UUID[]);
DROP FUNCTION app.push_merge(JSONB, BIGINT, JSONB, JSONB);
DROP FUNCTION app.push_same(TEXT, JSONB, JSONB);
DROP FUNCTION app.push_bad_timestamp(TEXT);
DROP FUNCTION app.push_field_invalid(INT, TEXT, JSONB);

DROP POLICY push_own_rows ON public.playlist_tracks;
DROP POLICY push_own_rows ON public.playlists;
DROP POLICY push_own_rows ON public.track_metadata;
DROP POLICY push_own_rows ON public.music_tracks;

REVOKE ALL ON FUNCTION api._session_user(TEXT), api._check_api(INT) FROM eknmusic_push;
REVOKE ALL ON app.sync_epoch FROM eknmusic_push;
REVOKE ALL ON SCHEMA api FROM eknmusic_push;
REVOKE ALL ON FUNCTION app.current_user_id(), app.sync_version_for(UUID),
    app.bump_sync_version(UUID) FROM eknmusic_push;
REVOKE ALL ON public.music_tracks, public.track_metadata, public.playlists, public.playlist_tracks
    FROM eknmusic_push;
REVOKE ALL ON SCHEMA app, public FROM eknmusic_push;

DO $owned$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['music_tracks', 'track_metadata', 'playlists'] LOOP
        IF pg_catalog.col_description(pg_catalog.format('public.%I', t)::regclass,
               (SELECT a.attnum FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = pg_catalog.format('public.%I', t)::regclass
                   AND a.attname = 'origin_device' AND NOT a.attisdropped)) = 'created by 013' THEN
            EXECUTE pg_catalog.format('ALTER TABLE public.%I DROP COLUMN origin_device', t);
        END IF;
    END LOOP;
    IF pg_catalog.obj_description((SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = 'api'),
                                  'pg_namespace') = 'created by 013' THEN
        REVOKE ALL ON SCHEMA api FROM eknmusic_client;
        DROP SCHEMA api; -- no CASCADE: anything else in it makes this fail, as it should
    END IF;
END
$owned$;

-- Like 004's roles: dropped unless another database of the cluster still uses it.
DO $role$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'eknmusic_push') THEN
        BEGIN
            DROP ROLE eknmusic_push;
        EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
            RAISE NOTICE 'role eknmusic_push kept: still used elsewhere in this cluster';
        END;
    END IF;
END
$role$;
