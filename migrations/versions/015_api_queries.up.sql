-- 015 the seed's three sample queries as API routines (docs/SERVER-API.md "Library queries"):
-- api.library_summary, api.search_tracks, api.playlist_with_tracks. 014 closed the tables to
-- the public login, so these are how it reads its own library outside a sync.
--
-- Same approach as 012's api.pull: SECURITY DEFINER, owned by the migration owner, token
-- checked by api._session_user (EK401/EK403), then the token goes into the transaction-local
-- `eknmusic.token` so that 012's api_owner_reads_token_user policies (FORCE RLS) let the owner
-- see that one user's rows: the second wall behind the explicit `user_id = ` in every query.
-- The user row (email, username) only eknmusic_auth may read (004): api._user_row, owned by
-- it, like 011's api.whoami. Helpers starting with "_" are never granted to the client.

CREATE FUNCTION api._user_row(p_user UUID)
    RETURNS TABLE(email TEXT, username TEXT, email_verified BOOLEAN, created_at TIMESTAMPTZ)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT u.email::text, u.username::text, u.email_verified, u.created_at
      FROM public.users u WHERE u.id = p_user AND u.deleted_at IS NULL
$fn$;
GRANT CREATE ON SCHEMA api TO eknmusic_auth; -- only while ownership moves (see 012)
ALTER FUNCTION api._user_row(UUID) OWNER TO eknmusic_auth;
REVOKE CREATE ON SCHEMA api FROM eknmusic_auth;
REVOKE ALL ON FUNCTION api._user_row(UUID) FROM PUBLIC;

-- Seed query 1: the signed-in user with the number of tracks in the library.
CREATE FUNCTION api.library_summary(p_token TEXT)
    RETURNS TABLE(user_id UUID, email TEXT, username TEXT, email_verified BOOLEAN,
                  created_at TIMESTAMPTZ, track_count BIGINT)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user UUID := api._session_user(p_token);
BEGIN
    PERFORM pg_catalog.set_config('eknmusic.token', p_token, true); -- for the policies
    RETURN QUERY
    SELECT v_user, r.email, r.username, r.email_verified, r.created_at,
           (SELECT pg_catalog.count(*) FROM public.music_tracks t
             WHERE t.user_id = v_user AND t.deleted_at IS NULL)
      FROM api._user_row(v_user) r;
END
$fn$;

-- Seed query 2: tracks whose title, artist or album matches an ILIKE pattern, newest first,
-- one page (limit 1..500, offset 0 or more).
CREATE FUNCTION api.search_tracks(p_token TEXT, p_pattern TEXT, p_limit INT, p_offset INT)
    RETURNS TABLE(id UUID, title TEXT, artist TEXT, album TEXT, duration INT, file_url TEXT,
                  file_size BIGINT, format TEXT, bitrate INT, metadata JSONB,
                  created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user UUID := api._session_user(p_token);
BEGIN
    IF p_pattern IS NULL OR pg_catalog.length(p_pattern) > 200 THEN
        RAISE EXCEPTION 'p_pattern must be a text of at most 200 characters, not %',
            coalesce(pg_catalog.length(p_pattern)::text || ' characters', 'NULL') USING ERRCODE = 'EK400';
    ELSIF p_limit IS NULL OR p_limit < 1 OR p_limit > 500 THEN
        RAISE EXCEPTION 'p_limit must be 1 to 500, not %', coalesce(p_limit::text, 'NULL')
            USING ERRCODE = 'EK400';
    ELSIF p_offset IS NULL OR p_offset < 0 THEN
        RAISE EXCEPTION 'p_offset must be 0 or more, not %', coalesce(p_offset::text, 'NULL')
            USING ERRCODE = 'EK400';
    END IF;
    PERFORM pg_catalog.set_config('eknmusic.token', p_token, true); -- for the policies
    RETURN QUERY
    SELECT t.id, t.title::text, t.artist::text, t.album::text, t.duration, t.file_url,
           t.file_size, t.format::text, t.bitrate, t.metadata, t.created_at, t.updated_at
      FROM public.music_tracks t
     WHERE t.user_id = v_user AND t.deleted_at IS NULL
       AND (t.title OPERATOR(pg_catalog.~~*) p_pattern
            OR t.artist OPERATOR(pg_catalog.~~*) p_pattern
            OR t.album OPERATOR(pg_catalog.~~*) p_pattern)
     ORDER BY t.created_at DESC
     LIMIT p_limit OFFSET p_offset;
END
$fn$;

-- Seed query 3: one of the user's playlists with its tracks in position order. Another
-- user's playlist id (or an unknown one) gives no rows.
CREATE FUNCTION api.playlist_with_tracks(p_token TEXT, p_playlist UUID)
    RETURNS TABLE(playlist_id UUID, playlist_name TEXT, description TEXT, "position" INT,
                  track_id UUID, title TEXT, artist TEXT, album TEXT, duration INT,
                  file_url TEXT)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user UUID := api._session_user(p_token);
BEGIN
    IF p_playlist IS NULL THEN
        RAISE EXCEPTION 'p_playlist must be a playlist id, not NULL' USING ERRCODE = 'EK400';
    END IF;
    PERFORM pg_catalog.set_config('eknmusic.token', p_token, true); -- for the policies
    RETURN QUERY
    SELECT p.id, p.name::text, p.description, pt.position, t.id, t.title::text,
           t.artist::text, t.album::text, t.duration, t.file_url
      FROM public.playlists p
      JOIN public.playlist_tracks pt ON pt.playlist_id = p.id AND pt.user_id = v_user
      JOIN public.music_tracks t ON t.id = pt.track_id AND t.user_id = v_user
     WHERE p.id = p_playlist AND p.user_id = v_user
       AND p.deleted_at IS NULL AND t.deleted_at IS NULL
     ORDER BY pt.position;
END
$fn$;

-- 014 already ran: it granted the API routines that existed then, so these grant their own.
REVOKE ALL ON FUNCTION api.library_summary(TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.search_tracks(TEXT, TEXT, INT, INT) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.playlist_with_tracks(TEXT, UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.library_summary(TEXT) TO eknmusic_client;
GRANT EXECUTE ON FUNCTION api.search_tracks(TEXT, TEXT, INT, INT) TO eknmusic_client;
GRANT EXECUTE ON FUNCTION api.playlist_with_tracks(TEXT, UUID) TO eknmusic_client;
