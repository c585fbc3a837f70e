-- 028: a pull page whose tracks come as columns (issue 16, docs/SCALING.md "Bulk sync").
--
-- api.pull (012/016) builds one JSON object per row. For a first pull of 100,000 tracks that
-- was 3.0 s of the server's time called alone in psql (the json_build_object of 15 keys per
-- track, each reached through a correlated sub-select by ctid, and the JSON text then sorted
-- with the page), and the client parsed the text again in SQLite (json_each, json_extract per
-- column). api.pull_page takes 1.8 s for the same pages, and the client binds the columns as
-- they come (docs/SCALING.md "Bulk sync": 30.8 -> 20.7 us of client CPU per row). It answers
-- the same page (same rows, same cursor row, same checks: token, API version, epoch, limits,
-- the device's own rows skipped) with each track's synced columns as typed columns read in
-- the page's own index scan: no JSON per track on either side. Tag rows, playlists and the
-- cursor row keep their JSON in `row`, as api.pull sends them. The rows of a page come in no
-- particular order (the cursor row is the one of kind 0): the client applies a page as a
-- whole, and sorting the page's wide rows once more cost 10-25 % of the call (psql, noisy).
--
-- api.pull stays as it is, for clients before schema 28 (docs/SERVER-API.md: the API version
-- stays 2; a client uses api.pull_page only on a server whose schema is 28 or more).

CREATE FUNCTION api.pull_page(p_token TEXT, p_client_api INT, p_epoch UUID, p_device UUID,
                              p_after_version BIGINT, p_after_kind SMALLINT, p_after_id UUID,
                              p_limit INT)
    RETURNS TABLE(kind SMALLINT, id UUID, version BIGINT, "row" JSON,
                  title TEXT, artist TEXT, album TEXT, duration INT, file_url TEXT,
                  file_size BIGINT, format TEXT, bitrate INT, metadata JSONB, rating SMALLINT,
                  play_tallies JSONB, created_at TEXT, updated_at TEXT, deleted_at TEXT)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    c_max CONSTANT UUID := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
    v_user UUID;
    v_epoch UUID;
    v_high BIGINT;
    v_av BIGINT := coalesce(p_after_version, -1);
    v_ak SMALLINT := coalesce(p_after_kind, 0);
    v_ai UUID := coalesce(p_after_id, '00000000-0000-0000-0000-000000000000');
BEGIN
    PERFORM api._check_api(p_client_api);
    v_user := api._session_user(p_token);
    SELECT e.epoch INTO v_epoch FROM app.sync_epoch e;
    IF p_epoch IS NOT NULL AND p_epoch IS DISTINCT FROM v_epoch THEN
        RAISE EXCEPTION 'the server''s sync counters were reset (epoch % is not %): resync from the start',
            p_epoch, v_epoch USING ERRCODE = 'EK409';
    END IF;
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 5000 THEN
        RAISE EXCEPTION 'p_limit must be 1 to 5000, not %', coalesce(p_limit::text, 'NULL')
            USING ERRCODE = 'EK400';
    ELSIF v_av < -1 THEN
        RAISE EXCEPTION 'p_after_version must be -1 or more, not %', v_av USING ERRCODE = 'EK400';
    ELSIF v_ak NOT BETWEEN 0 AND 3 THEN
        RAISE EXCEPTION 'p_after_kind must be 0 to 3, not %', v_ak USING ERRCODE = 'EK400';
    END IF;
    PERFORM set_config('eknmusic.token', p_token, true); -- for the policies (second wall)
    SELECT s.version INTO v_high FROM public.user_sync_state s WHERE s.user_id = v_user;
    v_high := coalesce(v_high, 0);

    -- As api.pull (016), but a track's columns are read by the page's own scan, and only tag
    -- rows and playlists are built as JSON.
    RETURN QUERY
    WITH taken AS (
        SELECT * FROM (
            (SELECT t.sync_version AS v, 1::smallint AS k, t.id AS i, t.origin_device AS o,
                    NULL::tid AS tid, t.title::text AS title, t.artist::text AS artist,
                    t.album::text AS album, t.duration, t.file_url, t.file_size,
                    t.format::text AS format, t.bitrate, t.metadata, t.rating, t.play_tallies,
                    t.created_at, t.updated_at, t.deleted_at
               FROM public.music_tracks t
              WHERE t.user_id = v_user AND t.sync_version <= v_high
                AND (t.sync_version, t.id) > (CASE WHEN v_ak < 1 THEN v_av - 1 ELSE v_av END,
                                              CASE WHEN v_ak = 1 THEN v_ai ELSE c_max END)
              ORDER BY t.sync_version, t.id LIMIT p_limit + 1)
            UNION ALL
            (SELECT m.sync_version, 2::smallint, m.id, m.origin_device, m.ctid,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
               FROM public.track_metadata m
              WHERE m.user_id = v_user AND m.sync_version <= v_high
                AND (m.sync_version, m.id) > (CASE WHEN v_ak < 2 THEN v_av - 1 ELSE v_av END,
                                              CASE WHEN v_ak = 2 THEN v_ai ELSE c_max END)
              ORDER BY m.sync_version, m.id LIMIT p_limit + 1)
            UNION ALL
            (SELECT p.sync_version, 3::smallint, p.id, p.origin_device, p.ctid,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
               FROM public.playlists p
              WHERE p.user_id = v_user AND p.sync_version <= v_high
                AND (p.sync_version, p.id) > (CASE WHEN v_ak < 3 THEN v_av - 1 ELSE v_av END,
                                              CASE WHEN v_ak = 3 THEN v_ai ELSE c_max END)
              ORDER BY p.sync_version, p.id LIMIT p_limit + 1)
        ) u ORDER BY v, k, i LIMIT p_limit + 1
    ), page AS (
        SELECT * FROM taken ORDER BY v, k, i LIMIT p_limit
    ), sent AS (
        SELECT * FROM page WHERE p_device IS NULL OR o IS DISTINCT FROM p_device
    ), last AS (
        SELECT * FROM page ORDER BY v DESC, k DESC, i DESC LIMIT 1
    )
    SELECT x.* FROM (
    SELECT s.k, s.i, s.v,
           CASE s.k
           WHEN 2 THEN (SELECT json_build_object(
                   'id', m.id, 'track_id', m.track_id, 'key', m.key, 'value', m.value,
                   'created_at', api._utc(m.created_at), 'deleted_at', api._utc(m.deleted_at))
                FROM public.track_metadata m WHERE m.ctid = s.tid AND m.user_id = v_user)
           WHEN 3 THEN (SELECT json_build_object(
                   'id', p.id, 'name', p.name, 'description', p.description,
                   'is_public', p.is_public, 'created_at', api._utc(p.created_at),
                   'updated_at', api._utc(p.updated_at), 'deleted_at', api._utc(p.deleted_at),
                   'entries', coalesce((
                       SELECT json_agg(json_build_object(
                                  'id', e.id, 'track_id', e.track_id, 'position', e.position,
                                  'added_at', api._utc(e.added_at)) ORDER BY e.position, e.id)
                         FROM public.playlist_tracks e
                        WHERE e.playlist_id = p.id AND e.user_id = v_user
                          AND e.deleted_at IS NULL), '[]'::json))
                FROM public.playlists p WHERE p.ctid = s.tid AND p.user_id = v_user)
           END,
           s.title, s.artist, s.album, s.duration, s.file_url, s.file_size, s.format, s.bitrate,
           s.metadata, s.rating, s.play_tallies, api._utc(s.created_at), api._utc(s.updated_at),
           api._utc(s.deleted_at)
      FROM sent s
    UNION ALL
    SELECT 0::smallint,
           coalesce((SELECT l.i FROM last l), v_ai),
           coalesce((SELECT l.v FROM last l), v_av),
           json_build_object('kind', coalesce((SELECT l.k FROM last l), v_ak),
                              'high', v_high,
                              'more', (SELECT count(*) FROM taken) > p_limit,
                              'epoch', v_epoch,
                              'skipped', (SELECT count(*) FROM page) - (SELECT count(*) FROM sent),
                              'total', CASE WHEN v_av < 0 THEN
                                  (SELECT count(*) FROM public.music_tracks t
                                    WHERE t.user_id = v_user AND t.sync_version <= v_high)
                                + (SELECT count(*) FROM public.playlists p
                                    WHERE p.user_id = v_user AND p.sync_version <= v_high) END),
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    ) x; -- in no particular order (the client matches rows by kind and id): no sort of the
         -- page's wide rows
END
$fn$;
REVOKE ALL ON FUNCTION api.pull_page(TEXT, INT, UUID, UUID, BIGINT, SMALLINT, UUID, INT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.pull_page(TEXT, INT, UUID, UUID, BIGINT, SMALLINT, UUID, INT) TO eknmusic_client;
