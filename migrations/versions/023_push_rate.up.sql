-- 023: a first push at the rate of the table's own write path (issue 16, push half).
--
-- Measured with tests/bench/bench_sync (10,000 tracks and their 10,000 tag rows pushed;
-- docs/SCALING.md "Bulk sync"), auto_explain and track_functions on the throwaway cluster.
-- Answers, outcomes and reasons are 020's and 022's; only how they are computed changes.
--
-- 1. 020's audio lookup made a first push quadratic: one lookup per new track, and each read
--    all of the account's live tracks (82 s for the 10,000 tracks, 72 s of it that statement).
--    Its expression index can never serve it: api.push runs under the forced-RLS policy
--    push_own_rows, and `metadata ->> 'content_hash'` is not leakproof, so the planner must
--    check the policy's user_id qual first and can only filter by the hash afterwards (EXPLAIN
--    as eknmusic_push: an index scan on idx_tracks_user_id or idx_tracks_created_at with the
--    hash as a Filter, never idx_tracks_live_audio; as a superuser, without RLS, it is used).
--    Now the account's live tracks are read once per batch and matched against the batch's
--    hashes (a jsonb object: one binary search per track), and the index, which only cost
--    every insert, is gone. Same answers as 020: the oldest live track (created_at, id) of
--    the audio, or the batch's first new track of it.
-- 2. One row trigger per table instead of three (below).
-- 3. A batch of tag rows looks its tracks up by primary key once (app.push_rows, kind 2):
--    020's two EXISTS joins ran with a cached generic plan in which the policy's
--    user_id = $0 looked unselective, and each read the whole table, in every batch.
-- 4. api.push splits the batch by kind in one pass instead of sorting it once per kind, and
--    push_rows keeps its sets of new rows as arrays of jsonb instead of jsonb arrays.
DROP INDEX public.idx_tracks_live_audio;

-- 2. The row triggers of music_tracks and track_metadata as one trigger per table. A pushed
--    track went through four PL/pgSQL row triggers (owner 004/019, play totals 016, sync version
--    010, origin device 012) and a tag row through three; three of them carried a SET
--    search_path clause, which saves and restores the setting around every call: 1.4-1.7 s of
--    trigger functions (track_functions) in the push of 10,000 tracks and 10,000 tag rows,
--    0.5-0.75 s as one (an INSERT ... SELECT of 10,000 tracks as the owner: 2.6-2.9 s without
--    user triggers, 5.8-6.6 s with the old ones). app.tg_synced_row does the owner, sync version and origin steps of both tables in
--    one call, in the old order, with the old bodies (below, step by step), without a SET
--    clause: every name in it is schema-qualified or in pg_catalog, as in 010's triggers (the
--    public login can create no object anywhere, so nothing can shadow an operator). The
--    play totals trigger stays on its own (its column list is part of when it fires; its name
--    sorts before trg_music_tracks_row, so it still runs before the sync version step, which
--    versions the sums) and now only fires for a row that has counts: with an empty
--    play_tallies and zero or NULL sums its result is the row's own values (0, 0, NULL).
--    playlists keep their three triggers (few rows; the entries' statement trigger is theirs).
CREATE FUNCTION app.tg_synced_row() RETURNS trigger
    LANGUAGE plpgsql
AS $fn$
DECLARE
    tracks CONSTANT BOOLEAN := TG_TABLE_NAME = 'music_tracks';
    skip CONSTANT TEXT[] := ARRAY['sync_version', 'field_versions', 'updated_at', 'created_at', 'user_id', 'metadata'];
    uid UUID;
    v BIGINT;
    n JSONB;
    o JSONB;
    k TEXT;
    fv JSONB;
    v_setting TEXT := NULLIF(pg_catalog.current_setting('eknmusic.device', true), '');
    v_device UUID;
BEGIN
    -- Owner (019's app.tg_owned_row and app.tg_track_child_row): api.push runs as
    -- eknmusic_push (NOLOGIN; no login is a member) and names the user whose token it checked;
    -- its forced-RLS policy push_own_rows refuses any other user_id, once per statement.
    -- Every other writer: the token's user, per row.
    IF TG_OP = 'INSERT' THEN
        IF current_user = 'eknmusic_push' AND NEW.user_id IS NOT NULL THEN
            uid := NEW.user_id;
        ELSE
            uid := app.current_user_id();
        END IF;
        IF uid IS NOT NULL THEN
            NEW.user_id := uid;
            NEW.created_at := pg_catalog.now();
            IF tracks THEN
                NEW.updated_at := pg_catalog.now();
            END IF;
        ELSIF NEW.user_id IS NULL AND NOT tracks THEN
            SELECT t.user_id INTO NEW.user_id FROM public.music_tracks t WHERE t.id = NEW.track_id;
        END IF;
    ELSE
        IF NEW.user_id IS DISTINCT FROM OLD.user_id THEN
            RAISE EXCEPTION 'user_id_immutable' USING ERRCODE = '42501',
                DETAIL = 'A row cannot be moved to another user.';
        END IF;
        NEW.created_at := OLD.created_at;
        IF tracks THEN
            NEW.updated_at := pg_catalog.now();
        END IF;
    END IF;

    -- Sync version (010's app.tg_sync_versioned_row for a track, app.tg_sync_child_row for a
    -- tag row): the row's version, and for a track which fields this version changed.
    v := app.sync_version_for(NEW.user_id);
    NEW.sync_version := v;
    IF tracks THEN
        IF TG_OP = 'INSERT' THEN
            NEW.field_versions := '{}';
        ELSE
            fv := OLD.field_versions;
            n := pg_catalog.to_jsonb(NEW) - skip;
            o := pg_catalog.to_jsonb(OLD) - skip;
            FOR k IN SELECT e.key FROM pg_catalog.jsonb_each(n) e WHERE e.value IS DISTINCT FROM o -> e.key LOOP
                fv := pg_catalog.jsonb_set(fv, ARRAY[k], pg_catalog.to_jsonb(v));
            END LOOP;
            n := coalesce(pg_catalog.to_jsonb(NEW) -> 'metadata', '{}');
            o := coalesce(pg_catalog.to_jsonb(OLD) -> 'metadata', '{}');
            IF pg_catalog.jsonb_typeof(n) <> 'object' THEN n := '{}'; END IF;
            IF pg_catalog.jsonb_typeof(o) <> 'object' THEN o := '{}'; END IF;
            FOR k IN SELECT e.key FROM pg_catalog.jsonb_each(n) e WHERE e.value IS DISTINCT FROM o -> e.key
                     UNION SELECT e.key FROM pg_catalog.jsonb_each(o) e WHERE NOT pg_catalog.jsonb_exists(n, e.key) LOOP
                fv := pg_catalog.jsonb_set(fv, ARRAY['metadata.' || k], pg_catalog.to_jsonb(v));
            END LOOP;
            NEW.field_versions := fv;
        END IF;
    END IF;

    -- Origin device (012's app.tg_origin_device). The nil UUID is a writer's explicit "no
    -- origin"; a writer that names the origin itself is taken at its word; anyone else's
    -- write without a device clears it; a device is the origin of what it inserts or of a
    -- row it wrote last.
    IF NEW.origin_device = '00000000-0000-0000-0000-000000000000' THEN
        NEW.origin_device := NULL;
    ELSIF (TG_OP = 'INSERT' AND NEW.origin_device IS NOT NULL)
          OR (TG_OP = 'UPDATE' AND NEW.origin_device IS DISTINCT FROM OLD.origin_device) THEN
        NULL;
    ELSIF v_setting IS NULL THEN
        NEW.origin_device := NULL;
    ELSE
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
    END IF;
    RETURN NEW;
END
$fn$;
REVOKE ALL ON FUNCTION app.tg_synced_row() FROM PUBLIC;

DROP TRIGGER trg_music_tracks_owned ON public.music_tracks;
DROP TRIGGER trg_music_tracks_sync ON public.music_tracks;
DROP TRIGGER trg_music_tracks_written_by ON public.music_tracks;
DROP TRIGGER trg_track_metadata_owned ON public.track_metadata;
DROP TRIGGER trg_track_metadata_sync ON public.track_metadata;
DROP TRIGGER trg_track_metadata_written_by ON public.track_metadata;
CREATE TRIGGER trg_music_tracks_row BEFORE INSERT OR UPDATE ON public.music_tracks
    FOR EACH ROW EXECUTE FUNCTION app.tg_synced_row();
CREATE TRIGGER trg_track_metadata_row BEFORE INSERT OR UPDATE ON public.track_metadata
    FOR EACH ROW EXECUTE FUNCTION app.tg_synced_row();

DROP TRIGGER trg_music_tracks_play_totals ON public.music_tracks;
CREATE TRIGGER trg_music_tracks_play_totals
    BEFORE INSERT OR UPDATE OF play_tallies, play_count, skip_count, last_played ON public.music_tracks
    FOR EACH ROW
    WHEN (NEW.play_tallies IS DISTINCT FROM '{}'::jsonb OR NEW.play_count IS DISTINCT FROM 0
          OR NEW.skip_count IS DISTINCT FROM 0 OR NEW.last_played IS NOT NULL)
    EXECUTE FUNCTION app.tg_play_totals();

-- 4. api.push (013's body; only the split by kind changes).
CREATE OR REPLACE FUNCTION api.push(p_token TEXT, p_client_api INT, p_epoch UUID, p_device UUID, p_batch JSONB)
    RETURNS TABLE(id UUID, kind SMALLINT, outcome TEXT, version BIGINT, detail JSONB)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '3s'
AS $fn$
DECLARE
    uuid_re CONSTANT TEXT := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    k INT;
    rows JSONB[];
    rows1 JSONB[];
    rows2 JSONB[];
    rows3 JSONB[];
    later UUID[] := '{}';
    r RECORD;
    x JSONB;
    dup BOOLEAN;
BEGIN
    PERFORM api._check_api(p_client_api);
    PERFORM api._session_user(p_token);
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
    -- The triggers and policies of the tables find the user through this setting, and 012's
    -- origin trigger the device.
    PERFORM set_config('eknmusic.token', p_token, true);
    PERFORM set_config('eknmusic.device', p_device::text, true);

    -- Rows that are not even well formed are refused; an id sent twice in one batch answers
    -- for its first occurrence only (the later ones are refused).
    FOR x, dup IN
        SELECT w.b, w.rn > 1
          FROM (SELECT e.b, e.ok, row_number() OVER (PARTITION BY e.ok, e.b ->> 'id' ORDER BY e.o) AS rn
                  FROM (SELECT b, o, jsonb_typeof(b) = 'object' AND coalesce((b ->> 'id') ~* uuid_re, false)
                               AND jsonb_typeof(b -> 'kind') IS NOT DISTINCT FROM 'number'
                               AND coalesce(b ->> 'kind' IN ('1', '2', '3'), false)
                               AND coalesce(jsonb_typeof(b -> 'base'), 'null') IN ('number', 'null')
                               AND jsonb_typeof(b -> 'fields') IS NOT DISTINCT FROM 'object' AS ok
                          FROM jsonb_array_elements(p_batch) WITH ORDINALITY q(b, o)) e) w
         WHERE NOT w.ok OR w.rn > 1 LOOP
        IF dup THEN
            id := (x ->> 'id')::uuid; kind := (x ->> 'kind')::smallint; outcome := 'refused'; version := NULL;
            detail := jsonb_build_object('reason', 'this id is sent twice in one batch');
        ELSE
            id := CASE WHEN jsonb_typeof(x) = 'object' AND (x ->> 'id') ~* uuid_re THEN (x ->> 'id')::uuid END;
            kind := CASE WHEN jsonb_typeof(x) = 'object' AND (x ->> 'kind') IN ('1', '2', '3') THEN (x ->> 'kind')::smallint END;
            outcome := 'refused'; version := NULL;
            detail := jsonb_build_object('reason', 'malformed row: it needs kind 1-3, a UUID id, a base version and fields');
        END IF;
        RETURN NEXT;
    END LOOP;

    -- (023) The batch split by kind in one pass instead of one per kind (each sorted the
    -- whole batch): the first occurrence of each id, each kind's rows in id order as before,
    -- as arrays of jsonb for app.push_rows.
    SELECT array_agg(d.b ORDER BY d.b ->> 'id') FILTER (WHERE d.b ->> 'kind' = '1'),
           array_agg(d.b ORDER BY d.b ->> 'id') FILTER (WHERE d.b ->> 'kind' = '2'),
           array_agg(d.b ORDER BY d.b ->> 'id') FILTER (WHERE d.b ->> 'kind' = '3')
      INTO rows1, rows2, rows3
      FROM (SELECT DISTINCT ON (q.b ->> 'id')
                   q.b || jsonb_build_object('base', coalesce((q.b ->> 'base')::numeric, 0)::bigint) AS b
              FROM jsonb_array_elements(p_batch) WITH ORDINALITY q(b, o)
             WHERE jsonb_typeof(q.b) = 'object' AND coalesce((q.b ->> 'id') ~* uuid_re, false)
               AND jsonb_typeof(q.b -> 'kind') IS NOT DISTINCT FROM 'number'
               AND coalesce(jsonb_typeof(q.b -> 'base'), 'null') IN ('number', 'null')
               AND jsonb_typeof(q.b -> 'fields') IS NOT DISTINCT FROM 'object'
             ORDER BY q.b ->> 'id', q.o) d;
    FOREACH k IN ARRAY ARRAY[1, 2, 3] LOOP
        rows := CASE k WHEN 1 THEN rows1 WHEN 2 THEN rows2 ELSE rows3 END;
        CONTINUE WHEN rows IS NULL;
        FOR r IN SELECT * FROM app.push_rows(k, p_device, rows, later) LOOP
            id := r.r_id; kind := k; outcome := r.r_outcome; version := r.r_version; detail := r.r_detail;
            IF outcome = 'retry' THEN
                later := later || r.r_id;
            END IF;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$fn$;

-- app.push_rows takes its rows as an array of jsonb (api.push builds it with array_agg, which
-- copies each row, where jsonb_agg rebuilt the whole set) and keeps its sets of new rows the
-- same way; 020's body otherwise, with the changes marked (023).
DROP FUNCTION app.push_rows(INT, UUID, JSONB, UUID[]);
CREATE FUNCTION app.push_rows(p_kind INT, p_device UUID, p_rows JSONB[], p_later UUID[])
    RETURNS TABLE(r_id UUID, r_outcome TEXT, r_version BIGINT, r_detail JSONB)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    tbl TEXT := CASE p_kind WHEN 1 THEN 'music_tracks' WHEN 2 THEN 'track_metadata' ELSE 'playlists' END;
    need TEXT := CASE p_kind WHEN 1 THEN 'title' WHEN 2 THEN 'track_id' ELSE 'name' END;
    need2 TEXT := CASE p_kind WHEN 1 THEN 'file_url' WHEN 2 THEN 'key' END;
    ids UUID[];
    want UUID[];
    locked JSONB := '{}';
    got JSONB;
    busy UUID[];
    entries JSONB := '{}';
    invalid JSONB;
    answered JSONB[];
    fresh JSONB[];
    inserted JSONB;
    e JSONB;
    s JSONB;
    m JSONB;
    f JSONB;
    v_user UUID;
    v_id UUID;
    v_base BIGINT;
    v_version BIGINT;
    v_origin UUID;
    v_reason TEXT;
    v_detail JSONB;
    v_exists BOOLEAN;
    orig JSONB;
    attempt INT;
    linked JSONB;
    hashes JSONB;
    tracks_here JSONB;
BEGIN
    SELECT array_agg((x ->> 'id')::uuid ORDER BY (x ->> 'id')) INTO ids FROM unnest(p_rows) x;
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
    busy := coalesce(busy, '{}');
    -- Every field of every row checked in one statement: id -> the first reason.
    SELECT coalesce(jsonb_object_agg(q.id, q.reason), '{}') INTO invalid
      FROM (SELECT DISTINCT ON (c.id) c.id, c.reason
              FROM (SELECT (x ->> 'id')::uuid::text AS id, app.push_field_invalid(p_kind, e.key, e.value) AS reason
                      FROM unnest(p_rows) x, jsonb_each(x -> 'fields') e) c
             WHERE c.reason IS NOT NULL ORDER BY c.id) q;
    IF p_kind = 3 THEN
        SELECT coalesce(jsonb_object_agg(x.playlist_id, x.tracks), '{}') INTO entries
          FROM (SELECT pt.playlist_id, jsonb_agg(pt.track_id ORDER BY pt.position, pt.added_at) AS tracks
                  FROM public.playlist_tracks pt
                 WHERE pt.playlist_id IN (SELECT jsonb_object_keys(locked)::uuid) AND pt.deleted_at IS NULL
                 GROUP BY pt.playlist_id) x;
    END IF;

    -- (023) answered and fresh are arrays of jsonb (array_agg copies each value; jsonb_agg
    -- rebuilt every row of a 2000-row batch, some 60 ms per aggregate).
    -- Rows the server does not have yet (the bulk of a first push), classified in one statement
    -- instead of a PL/pgSQL step each: deleted before the server had them (nothing to do),
    -- refused (the first reason: a field, a missing required field, a bad timestamp, bad
    -- entries), or new.
    SELECT coalesce(array_agg(jsonb_build_object('id', c.id, 'fields', c.f, 'gone', c.gone, 'reason', c.reason)
                              ORDER BY c.o), '{}')
      INTO answered
      FROM (SELECT n.id, n.f, n.o, n.gone,
                   CASE WHEN NOT n.gone THEN coalesce(
                       invalid ->> n.id::text,
                       CASE WHEN jsonb_typeof(n.f -> need) IS DISTINCT FROM 'string'
                                THEN format('a new row needs %s', need)
                            WHEN p_kind <> 3 AND jsonb_typeof(n.f -> need2) IS DISTINCT FROM 'string'
                                THEN format('a new row needs %s', need2) END,
                       CASE WHEN jsonb_typeof(n.f -> 'deleted_at') = 'string'
                                 AND app.push_bad_timestamp(n.f ->> 'deleted_at')
                                THEN 'deleted_at is not a timestamp' END,
                       CASE WHEN n.x ? 'entries'
                                 AND (jsonb_typeof(n.x -> 'entries') <> 'array'
                                      OR EXISTS (SELECT 1 FROM jsonb_array_elements(n.x -> 'entries') t
                                                  WHERE (t #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'))
                                THEN 'entries must be a list of track ids' END) END AS reason
              FROM (SELECT q.x, q.o, (q.x ->> 'id')::uuid AS id, q.x -> 'fields' AS f,
                           coalesce(q.x -> 'fields' -> 'deleted_at', 'null') <> 'null'
                           AND NOT (q.x -> 'fields') ? need AS gone
                      FROM unnest(p_rows) WITH ORDINALITY q(x, o)
                     WHERE NOT jsonb_exists(locked, (q.x ->> 'id')::uuid::text)
                       AND NOT (q.x ->> 'id')::uuid = ANY (busy)) n) c;
    RETURN QUERY
        SELECT (a ->> 'id')::uuid,
               CASE WHEN (a -> 'gone')::boolean THEN 'stored' ELSE 'refused' END,
               NULL::bigint,
               CASE WHEN (a -> 'gone')::boolean THEN jsonb_build_object('note', 'deleted before the server had it')
                    ELSE jsonb_build_object('reason', a -> 'reason') END
          FROM unnest(answered) a
         WHERE (a -> 'gone')::boolean OR jsonb_typeof(a -> 'reason') = 'string';
    SELECT coalesce(array_agg((a -> 'fields') || jsonb_build_object('id', a -> 'id')), '{}') INTO fresh
      FROM unnest(answered) a
     WHERE NOT (a -> 'gone')::boolean AND jsonb_typeof(a -> 'reason') IS DISTINCT FROM 'string';

    -- Rows the server has (or another writer holds): merged one by one.
    FOR e IN SELECT x FROM unnest(p_rows) x
              WHERE jsonb_exists(locked, (x ->> 'id')::uuid::text) OR (x ->> 'id')::uuid = ANY (busy) LOOP
        v_id := (e ->> 'id')::uuid;
        v_base := (e ->> 'base')::bigint;
        f := e -> 'fields';
        IF p_kind = 2 THEN
            f := f - 'track_id';
        END IF;
        IF v_id = ANY (busy) THEN
            r_id := v_id; r_outcome := 'retry'; r_version := NULL;
            r_detail := jsonb_build_object('reason', 'another writer holds this row; try again');
            RETURN NEXT;
            CONTINUE;
        END IF;
        v_reason := invalid ->> v_id::text;
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

    IF p_kind = 1 AND EXISTS (SELECT 1 FROM unnest(fresh) x
                               WHERE coalesce(x -> 'deleted_at', 'null') = 'null'
                                 AND (x -> 'metadata' ->> 'content_hash') LIKE 'a1:%') THEN
        -- 020: a new live track whose audio (versioned hash) the account has live already is
        -- not inserted: it answers "retry" naming that track, and the device links its own to
        -- it (the pull brings it). Two first syncs of the same music race here, so the account's
        -- sync counter row is locked first (the insert below takes that lock anyway, 010): the
        -- second waits for the first to commit, and its next statement sees the first's track.
        -- Two new tracks of one audio in one batch: the first is inserted, the others link to it.
        v_user := app.current_user_id();
        PERFORM app.sync_version_for(v_user);
        -- 023: the account's live tracks are read once for the whole batch, matched against
        -- the batch's hashes (a jsonb object: a binary search per row). Under forced RLS the
        -- expression index of 020 can never serve this lookup (->> is not leakproof, so it is
        -- evaluated after the policy's user_id qual, as a filter), and 020's one lookup per
        -- new track read all of the account's tracks each time: quadratic in a first push.
        SELECT coalesce(jsonb_object_agg(x -> 'metadata' ->> 'content_hash', true), '{}') INTO hashes
          FROM unnest(fresh) x
         WHERE coalesce(x -> 'deleted_at', 'null') = 'null'
           AND (x -> 'metadata' ->> 'content_hash') LIKE 'a1:%';
        -- EXECUTE: planned for this user (a cached generic plan of user_id = $1 may read the
        -- whole table).
        EXECUTE 'SELECT coalesce(jsonb_object_agg(z.id, z.target), ''{}'')
          FROM (SELECT n.id, coalesce(h.id, CASE WHEN n.rn > 1 THEN n.first END) AS target
                  FROM (SELECT (q.x ->> ''id'')::uuid AS id, q.x -> ''metadata'' ->> ''content_hash'' AS hash,
                               row_number() OVER w AS rn, first_value((q.x ->> ''id'')::uuid) OVER w AS first
                          FROM unnest($1::jsonb[]) WITH ORDINALITY q(x, o)
                         WHERE coalesce(q.x -> ''deleted_at'', ''null'') = ''null''
                           AND (q.x -> ''metadata'' ->> ''content_hash'') LIKE ''a1:%''
                        WINDOW w AS (PARTITION BY q.x -> ''metadata'' ->> ''content_hash'' ORDER BY q.o)) n
                  LEFT JOIN (SELECT DISTINCT ON (t.metadata ->> ''content_hash'') t.metadata ->> ''content_hash'' AS hash, t.id
                               FROM public.music_tracks t
                              WHERE t.user_id = $2 AND t.deleted_at IS NULL
                                AND jsonb_exists($3, t.metadata ->> ''content_hash'')
                              ORDER BY t.metadata ->> ''content_hash'', t.created_at, t.id) h ON h.hash = n.hash) z
         WHERE z.target IS NOT NULL'
            INTO linked USING fresh, v_user, hashes;
        IF linked <> '{}' THEN
            RETURN QUERY
                SELECT l.key::uuid, 'retry', NULL::bigint,
                       jsonb_build_object('track', l.value,
                                          'reason', format('the account has this audio already as track %s: '
                                                           'this device links its track to it', l.value #>> '{}'))
                  FROM jsonb_each(linked) l;
            SELECT coalesce(array_agg(x), '{}') INTO fresh FROM unnest(fresh) x
             WHERE NOT jsonb_exists(linked, x ->> 'id');
        END IF;
    END IF;
    IF cardinality(fresh) = 0 THEN
        RETURN;
    END IF;
    IF p_kind = 2 THEN
        -- a tag row hangs on a track of this account: one that waits for a retry waits too
        -- (023) The batch's tracks are looked up by primary key once, in a statement planned
        -- for these ids (EXECUTE: the array is a constant to the planner). 020's two EXISTS
        -- joins ran with a cached generic plan in which the policy's user_id = $0 looked
        -- unselective: a whole-table scan for each of them in each batch.
        EXECUTE 'SELECT coalesce(jsonb_object_agg(mt.id, true), ''{}'') FROM public.music_tracks mt WHERE mt.id = ANY ($1)'
            INTO tracks_here
            USING ARRAY(SELECT DISTINCT (x ->> 'track_id')::uuid FROM unnest(fresh) x);
        RETURN QUERY
            SELECT (x ->> 'id')::uuid,
                   CASE WHEN (x ->> 'track_id')::uuid = ANY (coalesce(p_later, '{}')) THEN 'retry' ELSE 'refused' END,
                   NULL::bigint,
                   jsonb_build_object('reason', CASE WHEN (x ->> 'track_id')::uuid = ANY (coalesce(p_later, '{}'))
                                                     THEN 'its track waits for a retry'
                                                     ELSE 'its track is not on the server in this account' END)
              FROM unnest(fresh) x
             WHERE NOT jsonb_exists(tracks_here, ((x ->> 'track_id')::uuid)::text);
        SELECT coalesce(array_agg(x), '{}') INTO fresh FROM unnest(fresh) x
         WHERE jsonb_exists(tracks_here, ((x ->> 'track_id')::uuid)::text);
    END IF;
    -- New rows in one statement, named as the token's user (the row triggers take api.push's
    -- word for it, and push_own_rows checks it). An id that exists in another account is
    -- skipped by ON CONFLICT (RLS hides that row from us, its key does not): it is refused by
    -- name below.
    v_user := app.current_user_id();
    IF p_kind = 1 THEN
        WITH ins AS (
            INSERT INTO public.music_tracks AS t (id, user_id, title, artist, album, duration, file_url, file_size,
                                                 format, bitrate, metadata, deleted_at, rating, origin_device)
            SELECT r.id, v_user, r.title, r.artist, r.album, r.duration, r.file_url, r.file_size, r.format, r.bitrate,
                   coalesce(r.metadata, '{}'), r.deleted_at, r.rating, p_device
              FROM unnest(fresh) x, jsonb_populate_record(NULL::public.music_tracks, x) r
            ON CONFLICT (id) DO NOTHING RETURNING t.id, t.sync_version)
        SELECT coalesce(jsonb_object_agg(ins.id, ins.sync_version), '{}') INTO inserted FROM ins;
    ELSIF p_kind = 2 THEN
        WITH ins AS (
            INSERT INTO public.track_metadata AS t (id, user_id, track_id, key, value, deleted_at, origin_device)
            SELECT r.id, v_user, r.track_id, r.key, r.value, r.deleted_at, p_device
              FROM unnest(fresh) x, jsonb_populate_record(NULL::public.track_metadata, x) r
            ON CONFLICT (id) DO NOTHING RETURNING t.id, t.sync_version)
        SELECT coalesce(jsonb_object_agg(ins.id, ins.sync_version), '{}') INTO inserted FROM ins;
    ELSE
        WITH ins AS (
            INSERT INTO public.playlists AS t (id, user_id, name, description, is_public, deleted_at, origin_device)
            SELECT r.id, v_user, r.name, r.description, coalesce(r.is_public, false), r.deleted_at, p_device
              FROM unnest(fresh) x, jsonb_populate_record(NULL::public.playlists, x) r
            ON CONFLICT (id) DO NOTHING RETURNING t.id, t.sync_version)
        SELECT coalesce(jsonb_object_agg(ins.id, ins.sync_version), '{}') INTO inserted FROM ins;
    END IF;
    IF p_kind <> 3 THEN
        -- Tracks and tag rows answer in one statement; an id not inserted was created meanwhile
        -- by another sync of this account (retry) or belongs to another account (refused).
        RETURN QUERY
            SELECT z.id,
                   CASE WHEN z.version IS NOT NULL THEN 'stored' WHEN z.own THEN 'retry' ELSE 'refused' END,
                   z.version,
                   CASE WHEN z.version IS NOT NULL THEN '{}'::jsonb
                        WHEN z.own THEN jsonb_build_object('reason', 'created meanwhile by another sync of this account')
                        ELSE jsonb_build_object('reason', format('this %s id belongs to another account',
                                                                 CASE p_kind WHEN 1 THEN 'track' ELSE 'tag' END)) END
              FROM (SELECT (x ->> 'id')::uuid AS id, (inserted ->> (x ->> 'id'))::bigint AS version,
                           CASE WHEN jsonb_exists(inserted, x ->> 'id') THEN NULL
                                WHEN p_kind = 1 THEN EXISTS (SELECT 1 FROM public.music_tracks t WHERE t.id = (x ->> 'id')::uuid)
                                ELSE EXISTS (SELECT 1 FROM public.track_metadata t WHERE t.id = (x ->> 'id')::uuid) END AS own
                      FROM unnest(fresh) x) z;
        RETURN;
    END IF;
    FOR e IN SELECT x FROM unnest(fresh) x LOOP
        v_id := (e ->> 'id')::uuid;
        r_id := v_id; r_detail := '{}';
        IF jsonb_exists(inserted, v_id::text) THEN
            r_outcome := 'stored'; r_version := (inserted ->> v_id::text)::bigint;
            SELECT x INTO orig FROM unnest(p_rows) x WHERE (x ->> 'id')::uuid = v_id;
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
        ELSE
            r_version := NULL;
            SELECT EXISTS (SELECT 1 FROM public.playlists t WHERE t.id = v_id) INTO v_exists;
            IF v_exists THEN -- another sync of this account created it meanwhile
                r_outcome := 'retry';
                r_detail := jsonb_build_object('reason', 'created meanwhile by another sync of this account');
            ELSE
                r_outcome := 'refused';
                r_detail := jsonb_build_object('reason', 'this playlist id belongs to another account');
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;
REVOKE ALL ON FUNCTION app.push_rows(INT, UUID, JSONB[], UUID[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_rows(INT, UUID, JSONB[], UUID[]) TO eknmusic_push;
