-- 017 shared playlists (docs/SERVER-API.md, "Shared playlists"): a user publishes one of
-- their playlists (the seed's playlists.is_public, unused until now), another account opens
-- it by its id (the link eknmusic://playlist/<id>) and sees its entries' display fields only,
-- and unpublishing ends that access.
--
--   api.publish_playlist(token, playlist)    is_public = true on one of the caller's playlists
--   api.unpublish_playlist(token, playlist)  is_public = false
--   api.open_shared_playlist(token, playlist) the name and, per live entry, position, title,
--                                           artist, album, duration and audio hash
--
-- Who may read what. A published playlist is read by another account, so the migration
-- owner's 012 policies (the token's own rows) cannot serve it, and widening them would widen
-- api.pull's second wall too. api.open_shared_playlist is owned instead by a NOLOGIN role of
-- its own, eknmusic_share, whose privileges are the answer's shape: SELECT on the columns it
-- may show (no file_url, file_size, format, bitrate, description, nothing of users), and
-- policies that admit only published, live playlists, the entries of those, and the tracks
-- those entries list. A bug in the function can therefore not reach a path, an unpublished
-- playlist or a track no published playlist lists. The token is checked (api._session_user,
-- EK401/EK403) like everywhere: opening needs an account, any account.
-- Publishing writes the caller's own row, which is what 013's eknmusic_push may do (UPDATE
-- under its push_own_rows policies): the two write routines belong to it. The write goes
-- through the tables' triggers like a push: a new sync_version and no origin device, so every
-- device of the account pulls the new is_public.
--
-- Smart playlists (issue 14) need no column here: a smart playlist's rule travels in its
-- description ("eknmusic-smart:1 {json}"), written and read only by clients. Why not a column:
-- api.push accepts a fixed list of fields (013's app.push_field_invalid) and api.pull builds
-- its rows from fixed columns, so a column would mean replacing both routines here, on top of
-- whatever later migrations do to them, for a value the server never looks at; the
-- description is already a synced text field with the per-field merge, conflict log and
-- length rules of every other field. A smart playlist's entries stay empty on the server
-- (each device works them out from its own library), so publishing one shows no entries:
-- the client refuses to publish it and says why.
--
-- Roles are cluster-wide: eknmusic_share is created when missing (CREATEROLE, or a superuser
-- runs once `CREATE ROLE eknmusic_share NOLOGIN; GRANT eknmusic_share TO <owner>;`).

DO $role$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'eknmusic_share') THEN
        BEGIN
            CREATE ROLE eknmusic_share NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION '%', pg_catalog.format('role eknmusic_share is missing and %s may not '
                    'create roles: a superuser runs CREATE ROLE eknmusic_share NOLOGIN once per '
                    'cluster, or gives %s CREATEROLE', current_user, current_user);
        END;
    END IF;
    IF NOT pg_catalog.pg_has_role(current_user, 'eknmusic_share', 'MEMBER') THEN
        BEGIN
            EXECUTE pg_catalog.format('GRANT eknmusic_share TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION '%', pg_catalog.format('%s must be a member of eknmusic_share to hand '
                'it api.open_shared_playlist: a superuser runs GRANT eknmusic_share TO %s',
                current_user, current_user);
        END;
    END IF;
END
$role$;

GRANT USAGE ON SCHEMA public, api TO eknmusic_share;
GRANT SELECT (id, user_id, name, is_public, deleted_at) ON public.playlists TO eknmusic_share;
GRANT SELECT (playlist_id, track_id, position, added_at, deleted_at)
    ON public.playlist_tracks TO eknmusic_share;
GRANT SELECT (id, title, artist, album, duration, metadata, deleted_at)
    ON public.music_tracks TO eknmusic_share;
GRANT EXECUTE ON FUNCTION api._session_user(TEXT) TO eknmusic_share;

-- Published and live; entries of those; tracks those entries list (live entries only).
CREATE POLICY share_published ON public.playlists FOR SELECT TO eknmusic_share
    USING (is_public AND deleted_at IS NULL);
CREATE POLICY share_published ON public.playlist_tracks FOR SELECT TO eknmusic_share
    USING (deleted_at IS NULL AND EXISTS (SELECT 1 FROM public.playlists p
                                           WHERE p.id = playlist_tracks.playlist_id));
CREATE POLICY share_published ON public.music_tracks FOR SELECT TO eknmusic_share
    USING (EXISTS (SELECT 1 FROM public.playlist_tracks pt WHERE pt.track_id = music_tracks.id));

CREATE FUNCTION api.open_shared_playlist(p_token TEXT, p_playlist UUID)
    RETURNS TABLE(playlist_name TEXT, "position" INT, title TEXT, artist TEXT, album TEXT,
                  duration INT, audio_hash TEXT)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_name TEXT;
BEGIN
    PERFORM api._session_user(p_token);
    IF p_playlist IS NULL THEN
        RAISE EXCEPTION 'p_playlist must be a playlist id, not NULL' USING ERRCODE = 'EK400';
    END IF;
    -- The policies admit only published playlists: unknown, unpublished and deleted ones get
    -- the same answer, so a refusal says nothing about whether an id exists.
    SELECT p.name::text INTO v_name FROM public.playlists p WHERE p.id = p_playlist;
    IF v_name IS NULL THEN
        RAISE EXCEPTION 'no published playlist with id % (it may have been unpublished)', p_playlist
            USING ERRCODE = 'EK404';
    END IF;
    -- One row with a NULL position for an empty playlist, so its name still arrives.
    RETURN QUERY
    SELECT v_name, e.position, e.title, e.artist, e.album, e.duration, e.audio_hash
      FROM (SELECT 1) one
      LEFT JOIN LATERAL (
            SELECT (pg_catalog.row_number() OVER (ORDER BY pt.position, pt.added_at) - 1)::int AS position,
                   t.title::text AS title, t.artist::text AS artist, t.album::text AS album,
                   t.duration, t.metadata ->> 'content_hash' AS audio_hash
              FROM public.playlist_tracks pt
              JOIN public.music_tracks t ON t.id = pt.track_id AND t.deleted_at IS NULL
             WHERE pt.playlist_id = p_playlist) e ON true
     ORDER BY e.position;
END
$fn$;
GRANT CREATE ON SCHEMA api TO eknmusic_share; -- only while ownership moves
ALTER FUNCTION api.open_shared_playlist(TEXT, UUID) OWNER TO eknmusic_share;
REVOKE CREATE ON SCHEMA api FROM eknmusic_share;

-- Publishing and unpublishing: one of the caller's live playlists (push_own_rows: another
-- account's id finds no row, the same answer as an unknown id). lock_timeout like api.push:
-- the write waits for the account's sync counter at most 3 s (then 55P03, transient).
CREATE FUNCTION api._set_playlist_public(p_token TEXT, p_playlist UUID, p_public BOOLEAN)
    RETURNS UUID
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '3s'
AS $fn$
DECLARE
    v_user UUID := api._session_user(p_token);
    v_id UUID;
BEGIN
    IF p_playlist IS NULL THEN
        RAISE EXCEPTION 'p_playlist must be a playlist id, not NULL' USING ERRCODE = 'EK400';
    END IF;
    PERFORM pg_catalog.set_config('eknmusic.token', p_token, true); -- triggers and policies
    UPDATE public.playlists p SET is_public = p_public
     WHERE p.id = p_playlist AND p.user_id = v_user AND p.deleted_at IS NULL
     RETURNING p.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'no playlist with id % in this account (sync it first if it was made on this device)',
            p_playlist USING ERRCODE = 'EK404';
    END IF;
    RETURN v_id;
END
$fn$;

CREATE FUNCTION api.publish_playlist(p_token TEXT, p_playlist UUID) RETURNS UUID
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT api._set_playlist_public(p_token, p_playlist, true) $fn$;

CREATE FUNCTION api.unpublish_playlist(p_token TEXT, p_playlist UUID) RETURNS UUID
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT api._set_playlist_public(p_token, p_playlist, false) $fn$;

GRANT CREATE ON SCHEMA api TO eknmusic_push; -- only while ownership moves
ALTER FUNCTION api._set_playlist_public(TEXT, UUID, BOOLEAN) OWNER TO eknmusic_push;
ALTER FUNCTION api.publish_playlist(TEXT, UUID) OWNER TO eknmusic_push;
ALTER FUNCTION api.unpublish_playlist(TEXT, UUID) OWNER TO eknmusic_push;
REVOKE CREATE ON SCHEMA api FROM eknmusic_push;

-- 014 already ran: it granted the API routines that existed then, so these grant their own.
REVOKE ALL ON FUNCTION api._set_playlist_public(TEXT, UUID, BOOLEAN) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.open_shared_playlist(TEXT, UUID) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.publish_playlist(TEXT, UUID) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.unpublish_playlist(TEXT, UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.open_shared_playlist(TEXT, UUID) TO eknmusic_client;
GRANT EXECUTE ON FUNCTION api.publish_playlist(TEXT, UUID) TO eknmusic_client;
GRANT EXECUTE ON FUNCTION api.unpublish_playlist(TEXT, UUID) TO eknmusic_client;
