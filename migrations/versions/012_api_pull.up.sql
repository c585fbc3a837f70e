-- 012 the server API, read side: api.server_info and api.pull (docs/SERVER-API.md).
--
-- Schema `api` holds only the routines the public login may call. 011 (account) may or may
-- not have created it already, so it is created only when missing; 012's down drops it only
-- when 011 is not applied (then 012 made it).
--
-- The sync epoch: a UUID in the owner-only table app.sync_epoch, made new by this up (also
-- after its own down). It names one life of the sync counters: a client that pulled under
-- another epoch resyncs from zero (keeping its unsynced edits). ANY MIGRATION THAT RESETS
-- OR REWRITES user_sync_state OR THE sync_version COLUMNS MUST REPLACE IT:
--     UPDATE app.sync_epoch SET epoch = gen_random_uuid(), created_at = now();
--
-- origin_device: the device that last wrote a synced row, so that a pull skips the rows a
-- device pushed itself. It is set by a trigger, not by each writer (so no writer can forget
-- it and a write by anyone else clears it): a writer names its device in the
-- transaction-local setting `eknmusic.device` (api.push, or today's table push through
-- set_config(..., true)). A device counts as the origin only when it holds everything the
-- stored row holds: it inserts the row, or was also its previous writer, or the writer names
-- it in the column itself (a push whose base was the row's previous version). Any other
-- write (another device's, an operator's) clears it.
--
-- Reading: the definer functions run as the migration owner. FORCE ROW LEVEL SECURITY (004)
-- applies to it, so the policies below let it see one user's rows, the user of the token that
-- api.pull puts in `eknmusic.token` for its transaction: the second wall behind the explicit
-- `user_id = ` in every query. (A superuser owner bypasses RLS; the explicit filter stands.)

CREATE SCHEMA IF NOT EXISTS api;
GRANT USAGE ON SCHEMA api TO eknmusic_client;

CREATE TABLE app.sync_epoch (
    onerow BOOLEAN PRIMARY KEY DEFAULT true CHECK (onerow),
    epoch UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
REVOKE ALL ON app.sync_epoch FROM PUBLIC;
INSERT INTO app.sync_epoch (epoch) VALUES (gen_random_uuid());

ALTER TABLE music_tracks ADD COLUMN origin_device UUID;
ALTER TABLE track_metadata ADD COLUMN origin_device UUID;
ALTER TABLE playlists ADD COLUMN origin_device UUID;

-- Runs after the owner and sync triggers (by name: "written" sorts after "sync"), so the
-- field_versions of 010 never count origin_device as a changed field.
CREATE FUNCTION app.tg_origin_device() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_setting TEXT := nullif(current_setting('eknmusic.device', true), '');
    v_device UUID;
BEGIN
    -- The nil UUID is a writer's explicit "no origin" (a NULL could not be told from a column
    -- left out, and an upsert's EXCLUDED row has been through this trigger as an insert).
    IF NEW.origin_device = '00000000-0000-0000-0000-000000000000' THEN
        NEW.origin_device := NULL;
        RETURN NEW;
    END IF;
    -- A writer that names the origin itself (a push that knows the device's base was the
    -- row's previous version) is taken at its word.
    IF (TG_OP = 'INSERT' AND NEW.origin_device IS NOT NULL)
       OR (TG_OP = 'UPDATE' AND NEW.origin_device IS DISTINCT FROM OLD.origin_device) THEN
        RETURN NEW;
    END IF;
    IF v_setting IS NULL THEN
        NEW.origin_device := NULL; -- anyone else's write: every device pulls it
        RETURN NEW;
    END IF;
    BEGIN
        v_device := v_setting::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
        RAISE EXCEPTION 'eknmusic.device is not a device id (a UUID)' USING ERRCODE = 'EK400';
    END;
    IF TG_OP = 'INSERT' OR OLD.origin_device = v_device THEN
        NEW.origin_device := v_device;
    ELSE
        NEW.origin_device := NULL;
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER trg_music_tracks_written_by BEFORE INSERT OR UPDATE ON music_tracks
    FOR EACH ROW EXECUTE FUNCTION app.tg_origin_device();
CREATE TRIGGER trg_track_metadata_written_by BEFORE INSERT OR UPDATE ON track_metadata
    FOR EACH ROW EXECUTE FUNCTION app.tg_origin_device();
CREATE TRIGGER trg_playlists_written_by BEFORE INSERT OR UPDATE ON playlists
    FOR EACH ROW EXECUTE FUNCTION app.tg_origin_device();

-- The owner (running the definer functions) reads one user's rows: see the header.
CREATE POLICY api_owner_reads_token_user ON music_tracks FOR SELECT TO CURRENT_USER
    USING (user_id = (SELECT app.current_user_id()));
CREATE POLICY api_owner_reads_token_user ON track_metadata FOR SELECT TO CURRENT_USER
    USING (user_id = (SELECT app.current_user_id()));
CREATE POLICY api_owner_reads_token_user ON playlists FOR SELECT TO CURRENT_USER
    USING (user_id = (SELECT app.current_user_id()));
CREATE POLICY api_owner_reads_token_user ON playlist_tracks FOR SELECT TO CURRENT_USER
    USING (user_id = (SELECT app.current_user_id()));

-- The API versions this server speaks; a client outside them gets EK426 with a sentence that
-- says which side to update.
CREATE FUNCTION api._check_api(p_client_api INT) RETURNS VOID
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_api CONSTANT INT := 2;
    c_min CONSTANT INT := 2;
BEGIN
    IF p_client_api IS NULL OR p_client_api < c_min THEN
        RAISE EXCEPTION 'this app is too old for the server (app speaks server API %, the server % to %): update the app',
            coalesce(p_client_api::text, '?'), c_min, c_api USING ERRCODE = 'EK426';
    END IF;
    IF p_client_api > c_api THEN
        RAISE EXCEPTION 'the server is too old for this app (app speaks server API %, the server % to %): the server needs an update (eknmusic-cli db migrate)',
            p_client_api, c_min, c_api USING ERRCODE = 'EK426';
    END IF;
END
$fn$;

-- The signed-in user of an access token: 011's app.api_user_id, the one token check of the
-- API (against the clock at every call, revocation, a deleted account, READ COMMITTED only;
-- EK401/EK403 say which check failed). Kept under this name for pull and push.
CREATE FUNCTION api._session_user(p_token TEXT) RETURNS UUID
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT app.api_user_id(p_token) $fn$;
-- It reads sessions, which only eknmusic_auth may (004); a new owner needs CREATE on the
-- schema at the moment of the change.
GRANT CREATE ON SCHEMA api TO eknmusic_auth;
ALTER FUNCTION api._session_user(TEXT) OWNER TO eknmusic_auth;
REVOKE CREATE ON SCHEMA api FROM eknmusic_auth;
REVOKE ALL ON FUNCTION api._session_user(TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION api._check_api(INT) FROM PUBLIC;

-- Timestamps in the client's text form: UTC, milliseconds, Z. STABLE like to_char and with
-- no SET clause, so that it is inlined into api.pull's query (a call per value costs ~20 us).
CREATE FUNCTION api._utc(p TIMESTAMPTZ) RETURNS TEXT
    LANGUAGE sql STABLE
AS $fn$ SELECT pg_catalog.to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $fn$;
REVOKE ALL ON FUNCTION api._utc(TIMESTAMPTZ) FROM PUBLIC;

CREATE FUNCTION api.server_info(p_client_api INT)
    RETURNS TABLE(api_version INT, min_api_version INT, schema_version INT, epoch UUID)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM api._check_api(p_client_api);
    RETURN QUERY SELECT 2, 2, (SELECT max(m.version) FROM public.schema_migrations m),
                        (SELECT e.epoch FROM app.sync_epoch e);
END
$fn$;

-- One page of the user's changes: rows with sync_version in (cursor, H], H the committed
-- counter read at the start, in (sync_version, kind, id) order, then a kind 0 row with the
-- cursor to continue from and {"kind", "high", "more", "epoch", "skipped", "total"} ("total"
-- null unless the cursor is at the start). `row` is json, not jsonb: built as text it costs
-- half as much per row, and the client parses it anyway. Rows this device
-- wrote itself are taken (the cursor moves past them) but not sent. Each table is read by its
-- (user_id, sync_version, id) index from the cursor on, at most p_limit + 1 rows each (the
-- extra row only says whether there is more).
CREATE FUNCTION api.pull(p_token TEXT, p_client_api INT, p_epoch UUID, p_device UUID,
                         p_after_version BIGINT, p_after_kind SMALLINT, p_after_id UUID,
                         p_limit INT)
    RETURNS TABLE(kind SMALLINT, id UUID, version BIGINT, "row" JSON)
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

    RETURN QUERY
    WITH taken AS (
        SELECT * FROM (
            (SELECT t.sync_version AS v, 1::smallint AS k, t.id AS i, t.origin_device AS o,
                    t.ctid AS tid
               FROM public.music_tracks t
              WHERE t.user_id = v_user AND t.sync_version <= v_high
                AND (t.sync_version, t.id) > (CASE WHEN v_ak < 1 THEN v_av - 1 ELSE v_av END,
                                              CASE WHEN v_ak = 1 THEN v_ai ELSE c_max END)
              ORDER BY t.sync_version, t.id LIMIT p_limit + 1)
            UNION ALL
            (SELECT m.sync_version, 2::smallint, m.id, m.origin_device, m.ctid
               FROM public.track_metadata m
              WHERE m.user_id = v_user AND m.sync_version <= v_high
                AND (m.sync_version, m.id) > (CASE WHEN v_ak < 2 THEN v_av - 1 ELSE v_av END,
                                              CASE WHEN v_ak = 2 THEN v_ai ELSE c_max END)
              ORDER BY m.sync_version, m.id LIMIT p_limit + 1)
            UNION ALL
            (SELECT p.sync_version, 3::smallint, p.id, p.origin_device, p.ctid
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
    SELECT x.k, x.i, x.v, x.r FROM (
    SELECT s.k, s.i, s.v,
           CASE s.k
           WHEN 1 THEN (SELECT json_build_object(
                   'id', t.id, 'title', t.title, 'artist', t.artist, 'album', t.album,
                   'duration', t.duration, 'file_url', t.file_url, 'file_size', t.file_size,
                   'format', t.format, 'bitrate', t.bitrate, 'metadata', t.metadata,
                   'created_at', api._utc(t.created_at), 'updated_at', api._utc(t.updated_at),
                   'deleted_at', api._utc(t.deleted_at))
                FROM public.music_tracks t WHERE t.ctid = s.tid AND t.user_id = v_user)
           WHEN 2 THEN (SELECT json_build_object(
                   'id', m.id, 'track_id', m.track_id, 'key', m.key, 'value', m.value,
                   'created_at', api._utc(m.created_at), 'deleted_at', api._utc(m.deleted_at))
                FROM public.track_metadata m WHERE m.ctid = s.tid AND m.user_id = v_user)
           ELSE (SELECT json_build_object(
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
           END AS r
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
                              -- A pull from the very start also says how many tracks and
                              -- playlists it brings ("n of m"); counted once, not per page.
                              'total', CASE WHEN v_av < 0 THEN
                                  (SELECT count(*) FROM public.music_tracks t
                                    WHERE t.user_id = v_user AND t.sync_version <= v_high)
                                + (SELECT count(*) FROM public.playlists p
                                    WHERE p.user_id = v_user AND p.sync_version <= v_high) END)
    ) x ORDER BY x.k = 0, x.v, x.k, x.i;
END
$fn$;

REVOKE ALL ON FUNCTION api.server_info(INT) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.pull(TEXT, INT, UUID, UUID, BIGINT, SMALLINT, UUID, INT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.server_info(INT) TO eknmusic_client;
GRANT EXECUTE ON FUNCTION api.pull(TEXT, INT, UUID, UUID, BIGINT, SMALLINT, UUID, INT)
    TO eknmusic_client;
