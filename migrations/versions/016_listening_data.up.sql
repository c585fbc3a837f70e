-- 016 listening data (issue 14): a rating per track, and play counts, skip counts and last
-- played that add up over every device of the account.
--
-- Where they live, and why:
--   * rating: a column of music_tracks (SMALLINT, half stars 0..10, NULL = unrated). It is a
--     field like title: 010's trigger dates it in field_versions, 013's merge lets the later
--     push win and reports the loser for the device's conflict log, with no new merge code.
--     Not a track_metadata key: those rows are the file's other tags (a client writes them back
--     into files and lists them as tags), and a per-key row of text would need its own range
--     check anyway. Not a key of music_tracks.metadata: 013's push replaces the whole metadata
--     object for a row sent without meta_keys, and metadata is not checked per key.
--   * plays and skips: music_tracks.play_tallies, a JSONB object with one entry per device,
--     {"<device id>": {"plays": n, "skips": n, "last_played": "…Z"}}. A play count is never a
--     last-writer-wins field (DESIGN.md "Sync"): each device sends its own absolute counts
--     (they only grow) through api.push_plays, which keeps the greatest of what it had and
--     what came. So a push that is replayed, or sent again after the device was killed before
--     it recorded the answer, changes nothing; plays made offline on two devices are two
--     entries that add up. Per-device counters instead of play-event ids: bounded by the
--     devices of an account rather than growing with every play, and no dedup table to keep.
--     Kept on the track row rather than in a table of its own: a pull sends the track row as it
--     is (one kind, one version, no join per row), a change of counts bumps the row's version
--     like any change, and the row lock 013 already takes serialises the writers of one track.
--     api.push never writes the column (its UPDATE and INSERT name their columns), so an edit
--     from another device cannot overwrite counts, and only api.push_plays writes it.
--     play_count, skip_count and last_played are the sums (latest, for last_played) kept by a
--     trigger, for whoever reads the table on the server; clients take the per-device object
--     and add their own unsent counts.
--
-- api.pull (012) sends rating and play_tallies with each track; api.push (013) accepts
-- rating; both are replaced with their 012/013 bodies plus those fields, and the down puts the
-- 012/013 bodies back. api.push_plays is new: SECURITY DEFINER owned by eknmusic_push like
-- api.push, search_path pinned, token checked by api._session_user (011's app.api_user_id),
-- granted to eknmusic_client here (014 ran before it), like 015's routines.
-- docs/SERVER-API.md "Push plays" describes it.

ALTER TABLE public.music_tracks
    ADD COLUMN rating SMALLINT CHECK (rating BETWEEN 0 AND 10),
    ADD COLUMN play_tallies JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN play_count BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN skip_count BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN last_played TIMESTAMP WITH TIME ZONE;

-- The sums of play_tallies, whoever writes the row (BEFORE, so they are part of the write).
CREATE FUNCTION app.tg_play_totals() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    SELECT coalesce(sum((e.value ->> 'plays')::bigint), 0),
           coalesce(sum((e.value ->> 'skips')::bigint), 0),
           max((e.value ->> 'last_played')::timestamptz)
      INTO NEW.play_count, NEW.skip_count, NEW.last_played
      FROM jsonb_each(CASE WHEN jsonb_typeof(NEW.play_tallies) = 'object' THEN NEW.play_tallies ELSE '{}' END) e
     WHERE jsonb_typeof(e.value) = 'object';
    RETURN NEW;
END
$fn$;
REVOKE ALL ON FUNCTION app.tg_play_totals() FROM PUBLIC;
CREATE TRIGGER trg_music_tracks_play_totals
    BEFORE INSERT OR UPDATE OF play_tallies, play_count, skip_count, last_played ON public.music_tracks
    FOR EACH ROW EXECUTE FUNCTION app.tg_play_totals();

-- 013's field check, plus rating.
CREATE OR REPLACE FUNCTION app.push_field_invalid(p_kind INT, k TEXT, v JSONB) RETURNS TEXT
    LANGUAGE sql STABLE -- not IMMUTABLE: format() is stable, and a mismatch stops inlining
AS $fn$
    SELECT CASE
        WHEN NOT k = ANY (CASE p_kind
                WHEN 1 THEN ARRAY['title', 'artist', 'album', 'duration', 'file_url', 'file_size',
                                  'format', 'bitrate', 'metadata', 'deleted_at', 'rating']
                WHEN 2 THEN ARRAY['track_id', 'key', 'value', 'deleted_at']
                ELSE ARRAY['name', 'description', 'is_public', 'deleted_at'] END)
            THEN pg_catalog.format('%s is not a field this API accepts here', k)
        WHEN k IN ('title', 'file_url', 'name', 'key', 'track_id') AND pg_catalog.jsonb_typeof(v) <> 'string'
            THEN pg_catalog.format('%s must be text', k)
        WHEN k IN ('artist', 'album', 'format', 'description', 'value')
             AND pg_catalog.jsonb_typeof(v) NOT IN ('string', 'null')
            THEN pg_catalog.format('%s must be text', k)
        WHEN k IN ('title', 'artist', 'album') AND pg_catalog.jsonb_typeof(v) = 'string'
             AND pg_catalog.length(v #>> '{}') > 500
            THEN pg_catalog.format('%s is too long (more than 500 characters)', k)
        WHEN k IN ('name', 'key') AND pg_catalog.length(v #>> '{}') > 255
            THEN pg_catalog.format('%s is too long (more than 255 characters)', k)
        WHEN k = 'format' AND pg_catalog.length(v #>> '{}') > 50
            THEN 'format is too long (more than 50 characters)'
        WHEN k IN ('duration', 'bitrate', 'file_size') AND pg_catalog.jsonb_typeof(v) NOT IN ('number', 'null')
            THEN pg_catalog.format('%s must be a whole number above 0', k)
        WHEN k IN ('duration', 'bitrate', 'file_size') AND pg_catalog.jsonb_typeof(v) = 'number'
             AND (CASE WHEN pg_catalog.jsonb_typeof(v) = 'number' THEN
                      (v #>> '{}')::numeric <> pg_catalog.trunc((v #>> '{}')::numeric)
                      OR (v #>> '{}')::numeric <= 0
                      OR (v #>> '{}')::numeric > CASE k WHEN 'file_size' THEN 9223372036854775807
                                                       ELSE 2147483647 END END)
            THEN pg_catalog.format('%s must be a whole number above 0', k)
        WHEN k = 'rating' AND NOT (pg_catalog.jsonb_typeof(v) = 'null'
                                   OR (pg_catalog.jsonb_typeof(v) = 'number'
                                       AND (v #>> '{}') IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10')))
            THEN 'rating must be a whole number of half stars from 0 to 10, or null'
        WHEN k = 'metadata' AND pg_catalog.jsonb_typeof(v) <> 'object'
            THEN 'metadata must be a JSON object'
        WHEN k = 'is_public' AND pg_catalog.jsonb_typeof(v) <> 'boolean'
            THEN 'is_public must be true or false'
        WHEN k = 'track_id'
             AND (v #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            THEN 'track_id is not a UUID'
        WHEN k = 'deleted_at' AND pg_catalog.jsonb_typeof(v) NOT IN ('string', 'null')
            THEN 'deleted_at must be a timestamp or null'
        END
$fn$;

-- 013's row writer, plus rating in its UPDATE and INSERT.
CREATE OR REPLACE FUNCTION app.push_rows(p_kind INT, p_device UUID, p_rows JSONB, p_later UUID[])
    RETURNS TABLE(r_id UUID, r_outcome TEXT, r_version BIGINT, r_detail JSONB)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    tbl TEXT := CASE p_kind WHEN 1 THEN 'music_tracks' WHEN 2 THEN 'track_metadata' ELSE 'playlists' END;
    ids UUID[];
    want UUID[];
    locked JSONB := '{}';
    got JSONB;
    busy UUID[];
    entries JSONB := '{}';
    invalid JSONB;
    fresh_rows JSONB[] := '{}'; -- appended in place (a jsonb || per row would copy it each time)
    fresh JSONB;
    inserted JSONB;
    e JSONB;
    s JSONB;
    m JSONB;
    f JSONB;
    v_id UUID;
    v_base BIGINT;
    v_version BIGINT;
    v_origin UUID;
    v_reason TEXT;
    v_detail JSONB;
    v_exists BOOLEAN;
    orig JSONB;
    attempt INT;
BEGIN
    SELECT array_agg((x ->> 'id')::uuid ORDER BY (x ->> 'id')) INTO ids FROM jsonb_array_elements(p_rows) x;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    -- Lock this account's existing rows without waiting on any: a row another writer holds is
    -- tried again a few times within ~0.2 s, then answers "retry". No error, no savepoint.
    want := ids;
    FOR attempt IN 1..5 LOOP
        EXECUTE format('SELECT coalesce(jsonb_object_agg(l.id, l.j), ''{}'') FROM (SELECT t.id, to_jsonb(t) AS j '
                       'FROM public.%I t WHERE t.id = ANY ($1) ORDER BY t.id FOR UPDATE SKIP LOCKED) l', tbl)
            INTO got USING want;
        locked := locked || got;
        EXECUTE format('SELECT array_agg(t.id) FROM public.%I t WHERE t.id = ANY ($1) AND NOT jsonb_exists($2, t.id::text)', tbl)
            INTO busy USING ids, locked;
        EXIT WHEN busy IS NULL OR attempt = 5;
        PERFORM pg_sleep(0.04);
        want := busy;
    END LOOP;
    -- Every field of every row checked in one statement: id -> the first reason.
    SELECT coalesce(jsonb_object_agg(q.id, q.reason), '{}') INTO invalid
      FROM (SELECT DISTINCT ON (c.id) c.id, c.reason
              FROM (SELECT x ->> 'id' AS id, app.push_field_invalid(p_kind, e.key, e.value) AS reason
                      FROM jsonb_array_elements(p_rows) x, jsonb_each(x -> 'fields') e) c
             WHERE c.reason IS NOT NULL ORDER BY c.id) q;
    IF p_kind = 3 THEN
        SELECT coalesce(jsonb_object_agg(x.playlist_id, x.tracks), '{}') INTO entries
          FROM (SELECT pt.playlist_id, jsonb_agg(pt.track_id ORDER BY pt.position, pt.added_at) AS tracks
                  FROM public.playlist_tracks pt
                 WHERE pt.playlist_id IN (SELECT jsonb_object_keys(locked)::uuid) AND pt.deleted_at IS NULL
                 GROUP BY pt.playlist_id) x;
    END IF;

    FOR e IN SELECT x FROM jsonb_array_elements(p_rows) x LOOP
        v_id := (e ->> 'id')::uuid;
        v_base := (e ->> 'base')::bigint;
        f := e -> 'fields';
        IF p_kind = 2 THEN
            f := f - 'track_id' || CASE WHEN NOT jsonb_exists(locked, v_id::text) AND f ? 'track_id'
                                        THEN jsonb_build_object('track_id', f -> 'track_id') ELSE '{}' END;
        END IF;
        IF busy IS NOT NULL AND v_id = ANY (busy) THEN
            r_id := v_id; r_outcome := 'retry'; r_version := NULL;
            r_detail := jsonb_build_object('reason', 'another writer holds this row; try again');
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF NOT jsonb_exists(locked, v_id::text) AND coalesce(f -> 'deleted_at', 'null') <> 'null'
           AND NOT f ? (CASE p_kind WHEN 1 THEN 'title' WHEN 2 THEN 'track_id' ELSE 'name' END) THEN
            -- deleted on the device before the server ever had it: nothing to do
            r_id := v_id; r_outcome := 'stored'; r_version := NULL;
            r_detail := jsonb_build_object('note', 'deleted before the server had it');
            RETURN NEXT;
            CONTINUE;
        END IF;
        v_reason := invalid ->> v_id::text;
        IF v_reason IS NULL AND NOT jsonb_exists(locked, v_id::text) THEN
            v_reason := CASE
                WHEN jsonb_typeof(f -> CASE p_kind WHEN 1 THEN 'title' WHEN 2 THEN 'track_id' ELSE 'name' END)
                     IS DISTINCT FROM 'string'
                    THEN format('a new row needs %s', CASE p_kind WHEN 1 THEN 'title' WHEN 2 THEN 'track_id' ELSE 'name' END)
                WHEN p_kind <> 3 AND jsonb_typeof(f -> CASE p_kind WHEN 1 THEN 'file_url' ELSE 'key' END)
                     IS DISTINCT FROM 'string'
                    THEN format('a new row needs %s', CASE p_kind WHEN 1 THEN 'file_url' ELSE 'key' END) END;
        END IF;
        IF v_reason IS NULL AND jsonb_typeof(f -> 'deleted_at') = 'string'
           AND app.push_bad_timestamp(f ->> 'deleted_at') THEN
            v_reason := 'deleted_at is not a timestamp';
        END IF;
        IF v_reason IS NULL AND e ? 'entries' THEN
            v_reason := CASE WHEN jsonb_typeof(e -> 'entries') <> 'array'
                               OR EXISTS (SELECT 1 FROM jsonb_array_elements(e -> 'entries') t
                                          WHERE (t #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
                             THEN 'entries must be a list of track ids' END;
        END IF;
        IF v_reason IS NOT NULL THEN
            r_id := v_id; r_outcome := 'refused'; r_version := NULL;
            r_detail := jsonb_build_object('reason', v_reason);
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF NOT jsonb_exists(locked, v_id::text) THEN
            fresh_rows := array_append(fresh_rows, f || jsonb_build_object('id', v_id));
            CONTINUE;
        END IF;
        s := locked -> v_id::text;
        m := app.push_merge(s, v_base, f, e -> 'meta_keys');
        -- 012's trigger reads the nil UUID as "no origin": every device, this one too, pulls
        -- a row that holds more than this device sent.
        v_origin := CASE WHEN (s ->> 'sync_version')::bigint <= v_base THEN p_device
                         ELSE '00000000-0000-0000-0000-000000000000' END;
        v_version := (s ->> 'sync_version')::bigint;
        IF m -> 'row' <> s THEN
            IF p_kind = 1 THEN
                UPDATE public.music_tracks t SET title = r.title, artist = r.artist, album = r.album,
                       duration = r.duration, file_url = r.file_url, file_size = r.file_size,
                       format = r.format, bitrate = r.bitrate, metadata = r.metadata,
                       deleted_at = r.deleted_at, rating = r.rating, origin_device = v_origin
                  FROM jsonb_populate_record(NULL::public.music_tracks, m -> 'row') r
                 WHERE t.id = v_id RETURNING t.sync_version INTO v_version;
            ELSIF p_kind = 2 THEN
                UPDATE public.track_metadata t SET key = r.key, value = r.value,
                       deleted_at = r.deleted_at, origin_device = v_origin
                  FROM jsonb_populate_record(NULL::public.track_metadata, m -> 'row') r
                 WHERE t.id = v_id RETURNING t.sync_version INTO v_version;
            ELSE
                UPDATE public.playlists t SET name = r.name, description = r.description,
                       is_public = r.is_public, deleted_at = r.deleted_at, origin_device = v_origin
                  FROM jsonb_populate_record(NULL::public.playlists, m -> 'row') r
                 WHERE t.id = v_id RETURNING t.sync_version INTO v_version;
            END IF;
        END IF;
        v_detail := CASE WHEN m -> 'conflicts' <> '{}' THEN jsonb_build_object('fields', m -> 'conflicts') ELSE '{}' END;
        IF p_kind = 3 AND e ? 'entries' THEN
            SELECT app.push_entries(v_id, v_base, e, coalesce(entries -> v_id::text, '[]'),
                                    coalesce((s -> 'field_versions' ->> 'entries')::bigint, 0), p_later, v_origin)
              INTO m;
            IF m ? 'retry' THEN
                -- a track of its list waits for a retry: so does the list (its row edit, if
                -- any, is stored and goes again harmlessly)
                r_id := v_id; r_outcome := 'retry'; r_version := NULL; r_detail := m;
                RETURN NEXT;
                CONTINUE;
            END IF;
            v_detail := v_detail || m - 'conflict';
            IF m ? 'conflict' THEN
                v_detail := jsonb_set(v_detail, '{fields}', coalesce(v_detail -> 'fields', '{}') || m -> 'conflict');
            END IF;
            SELECT t.sync_version INTO v_version FROM public.playlists t WHERE t.id = v_id;
        END IF;
        r_id := v_id; r_version := v_version; r_detail := v_detail;
        r_outcome := CASE WHEN v_detail ? 'fields' THEN 'conflict' ELSE 'stored' END;
        RETURN NEXT;
    END LOOP;

    IF cardinality(fresh_rows) = 0 THEN
        RETURN;
    END IF;
    fresh := to_jsonb(fresh_rows);
    IF p_kind = 2 THEN
        -- a tag row hangs on a track of this account: one that waits for a retry waits too
        FOR e IN SELECT x FROM jsonb_array_elements(fresh) x
                  WHERE NOT EXISTS (SELECT 1 FROM public.music_tracks mt WHERE mt.id = (x ->> 'track_id')::uuid) LOOP
            r_id := (e ->> 'id')::uuid; r_version := NULL;
            IF (e ->> 'track_id')::uuid = ANY (coalesce(p_later, '{}')) THEN
                r_outcome := 'retry';
                r_detail := jsonb_build_object('reason', 'its track waits for a retry');
            ELSE
                r_outcome := 'refused';
                r_detail := jsonb_build_object('reason', 'its track is not on the server in this account');
            END IF;
            RETURN NEXT;
            fresh := (SELECT coalesce(jsonb_agg(y), '[]') FROM jsonb_array_elements(fresh) y WHERE y ->> 'id' <> e ->> 'id');
        END LOOP;
    END IF;
    -- New rows in one statement. An id that exists in another account is skipped by ON CONFLICT
    -- (RLS hides that row from us, its key does not): it is refused by name below.
    IF p_kind = 1 THEN
        WITH ins AS (
            INSERT INTO public.music_tracks AS t (id, title, artist, album, duration, file_url, file_size,
                                                 format, bitrate, metadata, deleted_at, rating, origin_device)
            SELECT r.id, r.title, r.artist, r.album, r.duration, r.file_url, r.file_size, r.format, r.bitrate,
                   coalesce(r.metadata, '{}'), r.deleted_at, r.rating, p_device
              FROM jsonb_populate_recordset(NULL::public.music_tracks, fresh) r
            ON CONFLICT (id) DO NOTHING RETURNING t.id, t.sync_version)
        SELECT coalesce(jsonb_object_agg(ins.id, ins.sync_version), '{}') INTO inserted FROM ins;
    ELSIF p_kind = 2 THEN
        WITH ins AS (
            INSERT INTO public.track_metadata AS t (id, track_id, key, value, deleted_at, origin_device)
            SELECT r.id, r.track_id, r.key, r.value, r.deleted_at, p_device
              FROM jsonb_populate_recordset(NULL::public.track_metadata, fresh) r
            ON CONFLICT (id) DO NOTHING RETURNING t.id, t.sync_version)
        SELECT coalesce(jsonb_object_agg(ins.id, ins.sync_version), '{}') INTO inserted FROM ins;
    ELSE
        WITH ins AS (
            INSERT INTO public.playlists AS t (id, name, description, is_public, deleted_at, origin_device)
            SELECT r.id, r.name, r.description, coalesce(r.is_public, false), r.deleted_at, p_device
              FROM jsonb_populate_recordset(NULL::public.playlists, fresh) r
            ON CONFLICT (id) DO NOTHING RETURNING t.id, t.sync_version)
        SELECT coalesce(jsonb_object_agg(ins.id, ins.sync_version), '{}') INTO inserted FROM ins;
    END IF;
    FOR e IN SELECT x FROM jsonb_array_elements(fresh) x LOOP
        v_id := (e ->> 'id')::uuid;
        r_id := v_id; r_detail := '{}';
        IF jsonb_exists(inserted, v_id::text) THEN
            r_outcome := 'stored'; r_version := (inserted ->> v_id::text)::bigint;
            IF p_kind = 3 THEN
                SELECT x INTO orig FROM jsonb_array_elements(p_rows) x WHERE x ->> 'id' = v_id::text;
                IF orig ? 'entries' THEN
                    SELECT app.push_entries(v_id, 0, orig - 'entries_base', '[]', 0, p_later, p_device) INTO m;
                    IF m ? 'retry' THEN
                        r_outcome := 'retry'; r_version := NULL; r_detail := m;
                        RETURN NEXT;
                        CONTINUE;
                    END IF;
                    r_detail := m;
                    SELECT t.sync_version INTO r_version FROM public.playlists t WHERE t.id = v_id;
                END IF;
            END IF;
        ELSE
            r_version := NULL;
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I t WHERE t.id = $1)', tbl) INTO STRICT v_exists USING v_id;
            IF v_exists THEN -- another sync of this account created it meanwhile
                r_outcome := 'retry';
                r_detail := jsonb_build_object('reason', 'created meanwhile by another sync of this account');
            ELSE
                r_outcome := 'refused';
                r_detail := jsonb_build_object('reason', format('this %s id belongs to another account',
                    CASE p_kind WHEN 1 THEN 'track' WHEN 2 THEN 'tag' ELSE 'playlist' END));
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;

-- 012's pull, plus rating and play_tallies in a track's row.
CREATE OR REPLACE FUNCTION api.pull(p_token TEXT, p_client_api INT, p_epoch UUID, p_device UUID,
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
                   'rating', t.rating, 'play_tallies', t.play_tallies,
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

-- Push plays (docs/SERVER-API.md "Push plays"): one call per batch of up to 2000 tracks, each
-- {"id": track, "plays": n, "skips": n, "last_played": ts or null}, this device's own absolute
-- counts. Each entry keeps the greatest of what the server had from this device and what came,
-- so the call is idempotent. Answers per track: stored (version = the row's sync_version) or
-- refused (detail.reason: a malformed entry, or a track this account does not have on the
-- server). The rows are locked up front in id order (a row another writer holds waits up to
-- lock_timeout, then the whole call fails with 55P03 and the client retries).
CREATE FUNCTION api.push_plays(p_token TEXT, p_client_api INT, p_epoch UUID, p_device UUID, p_batch JSONB)
    RETURNS TABLE(id UUID, outcome TEXT, version BIGINT, detail JSONB)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '3s'
AS $fn$
DECLARE
    uuid_re CONSTANT TEXT := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    v_user UUID;
    x JSONB;
    v_id UUID;
    v_reason TEXT;
    v_old JSONB;
    v_cur JSONB;
    v_new JSONB;
    v_version BIGINT;
    v_last TIMESTAMPTZ;
BEGIN
    PERFORM api._check_api(p_client_api);
    v_user := api._session_user(p_token);
    IF p_epoch IS NOT NULL AND p_epoch IS DISTINCT FROM (SELECT e.epoch FROM app.sync_epoch e) THEN
        RAISE EXCEPTION 'the server''s sync counters were reset (epoch % is not the server''s): resync from the start',
            p_epoch USING ERRCODE = 'EK409';
    END IF;
    IF p_device IS NULL THEN
        RAISE EXCEPTION 'p_device: the device id is required' USING ERRCODE = 'EK400';
    END IF;
    IF p_batch IS NULL OR jsonb_typeof(p_batch) <> 'array' THEN
        RAISE EXCEPTION 'p_batch must be a JSON array' USING ERRCODE = 'EK400';
    END IF;
    IF jsonb_array_length(p_batch) > 2000 THEN
        RAISE EXCEPTION 'p_batch holds % rows, at most 2000 are accepted', jsonb_array_length(p_batch)
            USING ERRCODE = 'EK400';
    END IF;
    PERFORM set_config('eknmusic.token', p_token, true);
    PERFORM set_config('eknmusic.device', p_device::text, true);
    -- Every row of the batch locked before the first write, in one order: two calls of one
    -- account never wait on each other in a circle.
    PERFORM 1 FROM public.music_tracks t
      WHERE t.user_id = v_user
        AND t.id IN (SELECT (b ->> 'id')::uuid FROM jsonb_array_elements(p_batch) b
                      WHERE jsonb_typeof(b) = 'object' AND coalesce((b ->> 'id') ~* uuid_re, false))
      ORDER BY t.id FOR UPDATE;

    FOR x IN SELECT b FROM jsonb_array_elements(p_batch) WITH ORDINALITY q(b, o) ORDER BY q.o LOOP
        v_id := CASE WHEN jsonb_typeof(x) = 'object' AND coalesce((x ->> 'id') ~* uuid_re, false)
                     THEN (x ->> 'id')::uuid END;
        v_reason := CASE
            WHEN v_id IS NULL
                THEN 'malformed row: it needs a track id (UUID), plays, skips and last_played'
            WHEN jsonb_typeof(x -> 'plays') IS DISTINCT FROM 'number' OR jsonb_typeof(x -> 'skips') IS DISTINCT FROM 'number'
                 OR (x ->> 'plays') !~ '^[0-9]{1,12}$' OR (x ->> 'skips') !~ '^[0-9]{1,12}$'
                THEN 'plays and skips must be whole numbers of 0 or more'
            WHEN coalesce(jsonb_typeof(x -> 'last_played'), 'null') NOT IN ('string', 'null')
                THEN 'last_played must be a timestamp or null'
            WHEN jsonb_typeof(x -> 'last_played') = 'string' AND app.push_bad_timestamp(x ->> 'last_played')
                THEN 'last_played is not a timestamp' END;
        IF v_reason IS NULL THEN
            SELECT t.play_tallies, t.sync_version INTO v_old, v_version
              FROM public.music_tracks t WHERE t.id = v_id AND t.user_id = v_user;
            IF NOT FOUND THEN
                v_reason := 'its track is not on the server in this account';
            END IF;
        END IF;
        id := v_id;
        IF v_reason IS NOT NULL THEN
            outcome := 'refused'; version := NULL; detail := jsonb_build_object('reason', v_reason);
            RETURN NEXT;
            CONTINUE;
        END IF;
        v_cur := CASE WHEN jsonb_typeof(v_old -> p_device::text) = 'object' THEN v_old -> p_device::text ELSE '{}' END;
        v_last := greatest((v_cur ->> 'last_played')::timestamptz, (x ->> 'last_played')::timestamptz);
        v_new := jsonb_build_object(
            'plays', greatest(coalesce((v_cur ->> 'plays')::bigint, 0), (x ->> 'plays')::bigint),
            'skips', greatest(coalesce((v_cur ->> 'skips')::bigint, 0), (x ->> 'skips')::bigint),
            'last_played', to_char(v_last AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
        IF v_new IS DISTINCT FROM v_cur THEN
            UPDATE public.music_tracks t
               SET play_tallies = jsonb_set(CASE WHEN jsonb_typeof(t.play_tallies) = 'object' THEN t.play_tallies ELSE '{}' END,
                                            ARRAY[p_device::text], v_new)
             WHERE t.id = v_id RETURNING t.sync_version INTO v_version;
        END IF;
        outcome := 'stored'; version := v_version; detail := '{}';
        RETURN NEXT;
    END LOOP;
END
$fn$;
GRANT CREATE ON SCHEMA api TO eknmusic_push; -- only while ownership moves
ALTER FUNCTION api.push_plays(TEXT, INT, UUID, UUID, JSONB) OWNER TO eknmusic_push;
REVOKE CREATE ON SCHEMA api FROM eknmusic_push;
REVOKE ALL ON FUNCTION api.push_plays(TEXT, INT, UUID, UUID, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.push_plays(TEXT, INT, UUID, UUID, JSONB) TO eknmusic_client;
