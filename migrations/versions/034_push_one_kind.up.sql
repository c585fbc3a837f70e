-- 034: a first push's server work outside its inserts, once more (issue 16, bulk sync).
--
-- Measured on a throwaway cluster, on 2000-row batches in the client's shape (docs/SCALING.md
-- "The push in rounds"):
--
-- 1. api.push answers a batch of one kind (each batch of a first push) with one RETURN QUERY of
--    app.push_rows' answers, where it took a PL/pgSQL step per answer (RETURN NEXT).
-- 2. app.push_fields_surely_valid takes each field out of the row fewer times (its type once,
--    its text once when it is a string), tests numbers as numbers (a whole number is one of
--    scale 0: the text of a JSON number has a decimal point exactly when its scale is above 0),
--    the metadata by containment (no copy of it), and a tag row's track id without a regular
--    expression (the pattern of its hyphens, then nothing but lowercase hex digits around
--    them). The same rows pass as in 033: still a test stricter than app.push_field_invalid's
--    (tests/server TestPushChecks: seeded random rows at every field's limits, with controls).
--    For 2000 tracks 9.7 -> 6.8 ms, for 2000 tag rows 6.9 -> 5.8 ms (app.push_invalid_fields).
-- 3. app.push_rows runs that quick test in the statement that classifies the rows the account
--    does not have yet, on each row's fields as that statement takes them out, instead of in a
--    pass of its own beforehand. Only when a row fails it (or the account has some of the
--    batch's rows, or the batch is playlists) are the fields checked in full first, as in 033,
--    and the rows classified with those reasons.
--
-- Same answers, reasons, rows and versions otherwise. CREATE OR REPLACE keeps the owners and
-- grants of the functions it restates (013, 019, 026, 033).

-- 1.
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
    bad JSONB[];
    bad_dup BOOLEAN[];
    i INT;
    all_ok BOOLEAN;
    all_once BOOLEAN;
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

    -- (032) The common batch first: every row well formed and each id once, which is every
    -- batch this client sends. One pass over the batch and one sort of each kind's rows, where
    -- the general statement below sorts the whole batch seven times (two windows, five ordered
    -- aggregates). Such a batch gets from it the
    -- same rows in the same order (no refusals; each kind's rows in id order, a base of 0 as it
    -- came); any other batch goes through the general statement, as in 031. The OFFSET 0s
    -- keep each row's test computed once: flattened, the statement took 52-57 ms a call inside
    -- PL/pgSQL (27-33 ms for 031's statement, 15-16 ms for this one).
    -- (033) Each id is tested by its cast, which throws on text that is no UUID at all: the
    -- batch then goes through the general statement below, as does one whose id is a UUID
    -- written otherwise (capitals, braces, no hyphens: its text is not the canonical one).
    -- The pattern match took 5 of this statement's ~11 ms per 2000 rows.
    BEGIN
        SELECT bool_and(s.ok), count(DISTINCT s.id) = count(*),
               array_agg(s.nb ORDER BY s.id) FILTER (WHERE s.ok AND s.k = '1'),
               array_agg(s.nb ORDER BY s.id) FILTER (WHERE s.ok AND s.k = '2'),
               array_agg(s.nb ORDER BY s.id) FILTER (WHERE s.ok AND s.k = '3')
          INTO all_ok, all_once, rows1, rows2, rows3
          FROM (SELECT t.id, t.k, t.ok,
                       CASE WHEN t.ok THEN
                           CASE WHEN t.b ->> 'base' = '0' THEN t.b
                                ELSE t.b || jsonb_build_object('base', coalesce((t.b ->> 'base')::numeric, 0)::bigint) END
                       END AS nb
                  FROM (SELECT q.b, q.b ->> 'id' AS id, q.b ->> 'kind' AS k,
                               jsonb_typeof(q.b) = 'object' AND coalesce((q.b ->> 'id')::uuid::text = (q.b ->> 'id'), false)
                               AND jsonb_typeof(q.b -> 'kind') IS NOT DISTINCT FROM 'number'
                               AND coalesce(q.b ->> 'kind' IN ('1', '2', '3'), false)
                               AND coalesce(jsonb_typeof(q.b -> 'base'), 'null') IN ('number', 'null')
                               AND jsonb_typeof(q.b -> 'fields') IS NOT DISTINCT FROM 'object' AS ok
                          FROM jsonb_array_elements(p_batch) q(b) OFFSET 0) t OFFSET 0) s;
    EXCEPTION WHEN invalid_text_representation THEN
        all_ok := false;
    END;
    IF all_ok IS FALSE OR NOT all_once THEN
        -- Rows that are not even well formed are refused; an id sent twice in one batch answers
        -- for its first occurrence only (the later ones are refused). (031) The refusals and the
        -- split by kind come from one pass over the batch instead of two (each matched every id
        -- against the UUID pattern and sorted the batch), and a row whose base is 0 (every row of
        -- a first push) is passed on as it came instead of being rebuilt to write its base again.
        -- The same rows, answers and order as 023: `ok` is 023's test of a well-formed row,
        -- `ok_split` the one its split used (the kind only needs to be a number there), and each
        -- kind's rows are the first occurrence of each id among those, in id order.
        SELECT array_agg(w.nb ORDER BY w.id) FILTER (WHERE w.ok_split AND w.rn_split = 1 AND w.k = '1'),
               array_agg(w.nb ORDER BY w.id) FILTER (WHERE w.ok_split AND w.rn_split = 1 AND w.k = '2'),
               array_agg(w.nb ORDER BY w.id) FILTER (WHERE w.ok_split AND w.rn_split = 1 AND w.k = '3'),
               array_agg(w.b ORDER BY w.ok, w.id, w.o) FILTER (WHERE NOT w.ok OR w.rn > 1),
               array_agg(w.rn > 1 ORDER BY w.ok, w.id, w.o) FILTER (WHERE NOT w.ok OR w.rn > 1)
          INTO rows1, rows2, rows3, bad, bad_dup
          FROM (SELECT e.b, e.o, e.id, e.k, e.ok, e.ok_split,
                       CASE WHEN e.ok_split THEN
                           CASE WHEN e.b ->> 'base' = '0' THEN e.b
                                ELSE e.b || jsonb_build_object('base', coalesce((e.b ->> 'base')::numeric, 0)::bigint) END
                       END AS nb,
                       row_number() OVER (PARTITION BY e.ok, e.id ORDER BY e.o) AS rn,
                       row_number() OVER (PARTITION BY e.ok_split, e.id ORDER BY e.o) AS rn_split
                  FROM (SELECT s.b, s.o, s.id, s.k, s.ok_split AND coalesce(s.k IN ('1', '2', '3'), false) AS ok, s.ok_split
                          FROM (SELECT q.b, q.o, q.b ->> 'id' AS id, q.b ->> 'kind' AS k,
                                       jsonb_typeof(q.b) = 'object' AND coalesce((q.b ->> 'id') ~* uuid_re, false)
                                       AND jsonb_typeof(q.b -> 'kind') IS NOT DISTINCT FROM 'number'
                                       AND coalesce(jsonb_typeof(q.b -> 'base'), 'null') IN ('number', 'null')
                                       AND jsonb_typeof(q.b -> 'fields') IS NOT DISTINCT FROM 'object' AS ok_split
                                  FROM jsonb_array_elements(p_batch) WITH ORDINALITY q(b, o)) s) e) w;
        FOR i IN 1 .. coalesce(cardinality(bad), 0) LOOP
            x := bad[i];
            IF bad_dup[i] THEN
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
    END IF;

    -- (034) A batch of one kind (each batch of a first push: tracks, then their tag rows) is
    -- answered as app.push_rows gives it, without a PL/pgSQL step per row (RETURN NEXT of each
    -- of 2000 answers: ~1.5 ms a call). Several kinds go in turn, the tracks left for a retry
    -- passed on to the kinds after them.
    IF num_nonnulls(rows1, rows2, rows3) = 1 THEN
        k := CASE WHEN rows1 IS NOT NULL THEN 1 WHEN rows2 IS NOT NULL THEN 2 ELSE 3 END;
        RETURN QUERY
            SELECT a.r_id, k::smallint, a.r_outcome, a.r_version, a.r_detail
              FROM app.push_rows(k, p_device, coalesce(rows1, rows2, rows3), later) a;
        RETURN;
    END IF;
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

-- 3.
CREATE OR REPLACE FUNCTION app.push_rows(p_kind INT, p_device UUID, p_rows JSONB[], p_later UUID[])
    RETURNS TABLE(r_id UUID, r_outcome TEXT, r_version BIGINT, r_detail JSONB)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    need TEXT := CASE p_kind WHEN 1 THEN 'title' WHEN 2 THEN 'track_id' ELSE 'name' END;
    need2 TEXT := CASE p_kind WHEN 1 THEN 'file_url' WHEN 2 THEN 'key' END;
    ids UUID[];
    want UUID[];
    locked JSONB := '{}';
    got JSONB;
    busy UUID[];
    entries JSONB := '{}';
    invalid JSONB;
    surely BOOLEAN;
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
    missing UUID[];
    n_inserted BIGINT;
    merged JSONB[];
    updated JSONB;
    v_new_version BIGINT;
    v_new_origin UUID;
BEGIN
    SELECT array_agg((x ->> 'id')::uuid ORDER BY (x ->> 'id')) INTO ids FROM unnest(p_rows) x;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    -- Lock this account's existing rows without waiting on any: a row another writer holds is
    -- tried again a few times within ~0.2 s, then answers "retry". No error, no savepoint.
    -- (033) Only rows the account has can be locked: they are found first, one probe by
    -- primary key each, and only they go through the loop below. A first push's rows are all
    -- new, and each was probed twice (locking, then looking for the rows not locked).
    IF p_kind = 1 THEN
        SELECT array_agg(w.id) INTO want
          FROM unnest(ids) w(id), LATERAL (SELECT 1 FROM public.music_tracks t WHERE t.id = w.id LIMIT 1) x;
    ELSIF p_kind = 2 THEN
        SELECT array_agg(w.id) INTO want
          FROM unnest(ids) w(id), LATERAL (SELECT 1 FROM public.track_metadata t WHERE t.id = w.id LIMIT 1) x;
    ELSE
        SELECT array_agg(w.id) INTO want
          FROM unnest(ids) w(id), LATERAL (SELECT 1 FROM public.playlists t WHERE t.id = w.id LIMIT 1) x;
    END IF;
    -- (026) One static statement per table instead of EXECUTE format(...): PL/pgSQL keeps
    -- their plans, where the dynamic ones were parsed and planned again at every call. Each id
    -- is looked up by primary key (LATERAL), in id order as before: a cached generic plan of
    -- `t.id = ANY ($1)` under the policy's user_id qual read all of the account's rows and
    -- searched the array for each (0.8 s per 2000-row batch of a first push, measured). When
    -- every row asked for was locked (an edit push), no other writer holds one of them.
    FOR attempt IN 1..5 LOOP
        EXIT WHEN want IS NULL;
        IF p_kind = 1 THEN
            SELECT coalesce(jsonb_object_agg(l.id, l.j), '{}') INTO got
              FROM (SELECT DISTINCT u FROM unnest(want) u ORDER BY u) w(id),
                   LATERAL (SELECT t.id, to_jsonb(t) AS j FROM public.music_tracks t
                             WHERE t.id = w.id FOR UPDATE SKIP LOCKED) l;
            locked := locked || got;
            busy := NULL;
            IF (SELECT count(*) FROM jsonb_object_keys(got)) < cardinality(want) THEN
                SELECT array_agg(w.id) INTO busy
                  FROM unnest(ids) w(id), LATERAL (SELECT 1 FROM public.music_tracks t WHERE t.id = w.id LIMIT 1) x
                 WHERE NOT jsonb_exists(locked, w.id::text);
            END IF;
        ELSIF p_kind = 2 THEN
            SELECT coalesce(jsonb_object_agg(l.id, l.j), '{}') INTO got
              FROM (SELECT DISTINCT u FROM unnest(want) u ORDER BY u) w(id),
                   LATERAL (SELECT t.id, to_jsonb(t) AS j FROM public.track_metadata t
                             WHERE t.id = w.id FOR UPDATE SKIP LOCKED) l;
            locked := locked || got;
            busy := NULL;
            IF (SELECT count(*) FROM jsonb_object_keys(got)) < cardinality(want) THEN
                SELECT array_agg(w.id) INTO busy
                  FROM unnest(ids) w(id), LATERAL (SELECT 1 FROM public.track_metadata t WHERE t.id = w.id LIMIT 1) x
                 WHERE NOT jsonb_exists(locked, w.id::text);
            END IF;
        ELSE
            SELECT coalesce(jsonb_object_agg(l.id, l.j), '{}') INTO got
              FROM (SELECT DISTINCT u FROM unnest(want) u ORDER BY u) w(id),
                   LATERAL (SELECT t.id, to_jsonb(t) AS j FROM public.playlists t
                             WHERE t.id = w.id FOR UPDATE SKIP LOCKED) l;
            locked := locked || got;
            busy := NULL;
            IF (SELECT count(*) FROM jsonb_object_keys(got)) < cardinality(want) THEN
                SELECT array_agg(w.id) INTO busy
                  FROM unnest(ids) w(id), LATERAL (SELECT 1 FROM public.playlists t WHERE t.id = w.id LIMIT 1) x
                 WHERE NOT jsonb_exists(locked, w.id::text);
            END IF;
        END IF;
        EXIT WHEN busy IS NULL OR attempt = 5;
        PERFORM pg_sleep(0.04);
        want := busy;
    END LOOP;
    busy := coalesce(busy, '{}');
    -- Every field of every row checked in one statement: id -> the first reason. (026) In a
    -- function of its own that keeps one plan (app.push_invalid_fields). (034) Not beforehand
    -- when every row is new (a first push): the classification below runs app.push_invalid_fields'
    -- quick test on each row's fields as it takes them out, and only when a row fails it are the
    -- fields checked in full and the rows classified again (a pass over the batch less).
    IF p_kind = 3 OR locked <> '{}' THEN
        invalid := app.push_invalid_fields(p_kind, p_rows);
    END IF;
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
    -- (032) The answers of those rows and the new rows themselves come out of the one statement
    -- (`fresh` below was a second pass over an object built for every row: 12 ms of a
    -- 2000-track call). (033) Each new row is kept as it was sent, {"id", "fields", ...}
    -- (032 built its fields plus its id anew); each row's fields are taken out once; the
    -- tests of rows locked or busy cost nothing when there are none (a first push). An id
    -- as sent may be written in capitals: it is compared as a UUID, never as its text.
    FOR attempt IN 1..2 LOOP
        SELECT coalesce(array_agg(jsonb_build_object('id', c.id, 'gone', c.gone, 'reason', c.reason) ORDER BY c.o)
                            FILTER (WHERE c.gone OR c.reason IS NOT NULL), '{}'),
               coalesce(array_agg(c.x ORDER BY c.o)
                            FILTER (WHERE NOT c.gone AND c.reason IS NULL), '{}'),
               bool_and(coalesce(app.push_fields_surely_valid(p_kind, c.f), false))
          INTO answered, fresh, surely
          FROM (SELECT n.id, n.f, n.o, n.gone, n.x,
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
                  FROM (SELECT q.x, q.o, q.id, q.f,
                               coalesce(q.f -> 'deleted_at', 'null') <> 'null' AND NOT q.f ? need AS gone
                          FROM (SELECT u.x, u.o, (u.x ->> 'id')::uuid AS id, u.x -> 'fields' AS f
                                  FROM unnest(p_rows) WITH ORDINALITY u(x, o) OFFSET 0) q
                         WHERE (locked = '{}' OR NOT jsonb_exists(locked, q.id::text))
                           AND (cardinality(busy) = 0 OR NOT q.id = ANY (busy))) n) c;
        EXIT WHEN invalid IS NOT NULL OR surely IS NOT FALSE;
        invalid := app.push_invalid_fields(p_kind, p_rows); -- a row failed the quick test: in full
    END LOOP;
    RETURN QUERY
        SELECT (a ->> 'id')::uuid,
               CASE WHEN (a -> 'gone')::boolean THEN 'stored' ELSE 'refused' END,
               NULL::bigint,
               CASE WHEN (a -> 'gone')::boolean THEN jsonb_build_object('note', 'deleted before the server had it')
                    ELSE jsonb_build_object('reason', a -> 'reason') END
          FROM unnest(answered) a
         WHERE (a -> 'gone')::boolean OR jsonb_typeof(a -> 'reason') = 'string';

    -- Rows the server has (or another writer holds).
    RETURN QUERY
        SELECT b, 'retry', NULL::bigint, jsonb_build_object('reason', 'another writer holds this row; try again')
          FROM unnest(busy) b;
    IF p_kind <> 3 AND locked = '{}' THEN
        NULL; -- (033) no track or tag row the account has: nothing to merge (a first push)
    ELSIF p_kind <> 3 THEN
        -- (026) Tracks and tag rows: checked and merged in one statement and answered in one,
        -- instead of a PL/pgSQL step each. Same reasons in the same order, same merge
        -- (app.push_merge), same origin and version rule (024) as the playlists' loop below.
        SELECT coalesce(array_agg(jsonb_build_object('id', c.id, 'base', c.base, 's', c.s, 'reason', c.reason,
                                                     'm', CASE WHEN c.reason IS NULL
                                                               THEN app.push_merge(c.s, c.base, c.f, c.x -> 'meta_keys') END)
                                  ORDER BY c.o), '{}')
          INTO merged
          FROM (SELECT n.x, n.o, n.id, n.base, n.f, n.s,
                       coalesce(invalid ->> n.id::text,
                                CASE WHEN jsonb_typeof(n.f -> 'deleted_at') = 'string'
                                          AND app.push_bad_timestamp(n.f ->> 'deleted_at')
                                         THEN 'deleted_at is not a timestamp' END,
                                CASE WHEN n.x ? 'entries'
                                          AND (jsonb_typeof(n.x -> 'entries') <> 'array'
                                               OR EXISTS (SELECT 1 FROM jsonb_array_elements(n.x -> 'entries') t
                                                           WHERE (t #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'))
                                         THEN 'entries must be a list of track ids' END) AS reason
                  FROM (SELECT q.x, q.o, (q.x ->> 'id')::uuid AS id, (q.x ->> 'base')::bigint AS base,
                               CASE WHEN p_kind = 2 THEN (q.x -> 'fields') - 'track_id' ELSE q.x -> 'fields' END AS f,
                               locked -> ((q.x ->> 'id')::uuid::text) AS s
                          FROM unnest(p_rows) WITH ORDINALITY q(x, o)
                         WHERE jsonb_exists(locked, (q.x ->> 'id')::uuid::text)) n) c;
        -- Only rows the merge changed are written. 012's trigger reads the nil UUID as "no
        -- origin": every device, this one too, pulls a row that holds more than this device sent.
        updated := '{}';
        FOR e IN SELECT c FROM unnest(merged) c WHERE c -> 'm' -> 'row' <> c -> 's' LOOP
            -- one UPDATE per row, by primary key: a join of the batch's ids with the table can
            -- be planned as a scan of all of the account's rows (the policy's user_id qual)
            v_id := (e ->> 'id')::uuid;
            v_origin := CASE WHEN (e -> 's' ->> 'sync_version')::bigint <= (e ->> 'base')::bigint THEN p_device
                             ELSE '00000000-0000-0000-0000-000000000000' END;
            IF p_kind = 1 THEN
                UPDATE public.music_tracks t SET title = r.title, artist = r.artist, album = r.album,
                       duration = r.duration, file_url = r.file_url, file_size = r.file_size,
                       format = r.format, bitrate = r.bitrate, metadata = r.metadata,
                       deleted_at = r.deleted_at, rating = r.rating, origin_device = v_origin
                  FROM jsonb_populate_record(NULL::public.music_tracks, e -> 'm' -> 'row') r
                 WHERE t.id = v_id RETURNING t.sync_version INTO v_version;
            ELSE
                UPDATE public.track_metadata t SET key = r.key, value = r.value,
                       deleted_at = r.deleted_at, origin_device = v_origin
                  FROM jsonb_populate_record(NULL::public.track_metadata, e -> 'm' -> 'row') r
                 WHERE t.id = v_id RETURNING t.sync_version INTO v_version;
            END IF;
            updated := updated || jsonb_build_object(v_id, v_version);
        END LOOP;
        -- 024: the version is the device's new base only when the device holds the whole
        -- stored row (its base was the row's version); else NULL, the base stays, and the pull
        -- brings the merged row.
        RETURN QUERY
            SELECT (c ->> 'id')::uuid,
                   CASE WHEN jsonb_typeof(c -> 'reason') = 'string' THEN 'refused'
                        WHEN c -> 'm' -> 'conflicts' <> '{}' THEN 'conflict' ELSE 'stored' END,
                   CASE WHEN jsonb_typeof(c -> 'reason') IS DISTINCT FROM 'string'
                             AND (c -> 's' ->> 'sync_version')::bigint <= (c ->> 'base')::bigint
                        THEN coalesce((updated ->> (c ->> 'id'))::bigint, (c -> 's' ->> 'sync_version')::bigint) END,
                   CASE WHEN jsonb_typeof(c -> 'reason') = 'string' THEN jsonb_build_object('reason', c -> 'reason')
                        WHEN c -> 'm' -> 'conflicts' <> '{}' THEN jsonb_build_object('fields', c -> 'm' -> 'conflicts')
                        ELSE '{}' END
              FROM unnest(merged) c;
    ELSE
        -- Playlists (few rows, each with its entries): merged one by one.
        FOR e IN SELECT x FROM unnest(p_rows) x
                  WHERE jsonb_exists(locked, (x ->> 'id')::uuid::text) LOOP
            v_id := (e ->> 'id')::uuid;
            v_base := (e ->> 'base')::bigint;
            f := e -> 'fields';
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
            -- 027: a list that must wait for a track's retry waits whole, its row edit too.
            -- Stored alone (026 and before), the edit's conflict (a name another device set)
            -- went in no answer, and the edit sent again met its own value: nothing logged.
            -- The same test as app.push_entries' (an entry whose track this push left for a
            -- retry and the server lacks), made before anything of the row is written.
            IF jsonb_typeof(e -> 'entries') = 'array' AND coalesce(cardinality(p_later), 0) > 0
               AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(e -> 'entries') x(t)
                            WHERE x.t ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                              AND x.t::uuid = ANY (p_later)
                              AND NOT EXISTS (SELECT 1 FROM public.music_tracks mt WHERE mt.id = x.t::uuid)) THEN
                r_id := v_id; r_outcome := 'retry'; r_version := NULL;
                r_detail := jsonb_build_object('retry', true, 'reason', 'a track of this playlist waits for a retry');
                RETURN NEXT;
                CONTINUE;
            END IF;
            IF m -> 'row' <> s THEN
                UPDATE public.playlists t SET name = r.name, description = r.description,
                       is_public = r.is_public, deleted_at = r.deleted_at, origin_device = v_origin
                  FROM jsonb_populate_record(NULL::public.playlists, m -> 'row') r
                 WHERE t.id = v_id RETURNING t.sync_version INTO v_version;
            END IF;
            v_detail := CASE WHEN m -> 'conflicts' <> '{}' THEN jsonb_build_object('fields', m -> 'conflicts') ELSE '{}' END;
            IF e ? 'entries' THEN
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
                v_detail := v_detail || (m - 'conflict');
                IF m ? 'conflict' THEN
                    -- (030) bracketed: `a || m -> k` is `(a || m) -> k`, which dropped the row's conflicts
                    v_detail := jsonb_set(v_detail, '{fields}', coalesce(v_detail -> 'fields', '{}') || (m -> 'conflict'));
                END IF;
                SELECT t.sync_version INTO v_version FROM public.playlists t WHERE t.id = v_id;
            END IF;
            -- 024: the version is the device's new base only when the device holds the whole
            -- stored row (its base was the row's version); else NULL, the base stays, and the pull
            -- brings the merged row (origin NULL above).
            r_id := v_id; r_detail := v_detail;
            r_version := CASE WHEN (s ->> 'sync_version')::bigint <= v_base THEN v_version END;
            r_outcome := CASE WHEN v_detail ? 'fields' THEN 'conflict' ELSE 'stored' END;
            RETURN NEXT;
        END LOOP;
    END IF;

    IF p_kind = 1 AND EXISTS (SELECT 1 FROM unnest(fresh) x
                               WHERE coalesce(x -> 'fields' -> 'deleted_at', 'null') = 'null'
                                 AND (x -> 'fields' -> 'metadata' ->> 'content_hash') LIKE 'a1:%') THEN
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
        SELECT coalesce(jsonb_object_agg(x -> 'fields' -> 'metadata' ->> 'content_hash', true), '{}') INTO hashes
          FROM unnest(fresh) x
         WHERE coalesce(x -> 'fields' -> 'deleted_at', 'null') = 'null'
           AND (x -> 'fields' -> 'metadata' ->> 'content_hash') LIKE 'a1:%';
        -- EXECUTE: planned for this user (a cached generic plan of user_id = $1 may read the
        -- whole table).
        EXECUTE 'SELECT coalesce(jsonb_object_agg(z.id, z.target), ''{}'')
          FROM (SELECT n.id, coalesce(h.id, CASE WHEN n.rn > 1 THEN n.first END) AS target
                  FROM (SELECT (q.x ->> ''id'')::uuid AS id, q.x -> ''fields'' -> ''metadata'' ->> ''content_hash'' AS hash,
                               row_number() OVER w AS rn, first_value((q.x ->> ''id'')::uuid) OVER w AS first
                          FROM unnest($1::jsonb[]) WITH ORDINALITY q(x, o)
                         WHERE coalesce(q.x -> ''fields'' -> ''deleted_at'', ''null'') = ''null''
                           AND (q.x -> ''fields'' -> ''metadata'' ->> ''content_hash'') LIKE ''a1:%''
                        WINDOW w AS (PARTITION BY q.x -> ''fields'' -> ''metadata'' ->> ''content_hash'' ORDER BY q.o)) n
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
             WHERE NOT jsonb_exists(linked, (x ->> 'id')::uuid::text);
        END IF;
    END IF;
    IF cardinality(fresh) = 0 THEN
        RETURN;
    END IF;
    -- New rows in one statement, named as the token's user (the row triggers take api.push's
    -- word for it, and push_own_rows checks it). An id that exists in another account is
    -- skipped by ON CONFLICT (RLS hides that row from us, its key does not): it is refused by
    -- name below.
    v_user := app.current_user_id();
    -- (031) Tracks and tag rows carry what app.tg_synced_row would set on each (023): the
    -- account's version of this transaction, the creation times, no field versions, this
    -- device as origin (the nil UUID is "no origin"). Their insert trigger does not run for
    -- them: its WHEN lets a row through only as eknmusic_push with a version already set,
    -- which no other writer can be (migrations/SECURITY.md). The version is taken before the
    -- insert, as the trigger took it for every row proposed (ON CONFLICT skips come after
    -- BEFORE triggers), so the account's counter moves exactly as before.
    -- (033) A tag row's version is taken in the block that inserts it, so that a batch whose
    -- every track the account lacks moves the counter no more than before.
    v_new_origin := NULLIF(p_device, '00000000-0000-0000-0000-000000000000');
    IF p_kind = 1 THEN
        v_new_version := app.sync_version_for(v_user);
        -- (033) No RETURNING: every row inserted carries v_new_version (the answers below). The
        -- rows go in without ON CONFLICT (its arbitration cost 5-10 % of the insert); only when
        -- an id is taken (another account's, or one created meanwhile) is that undone and the
        -- batch inserted as before, skipping those.
        BEGIN
            INSERT INTO public.music_tracks AS t (id, user_id, title, artist, album, duration, file_url, file_size,
                                                     format, bitrate, metadata, deleted_at, rating, origin_device,
                                                     sync_version, field_versions, created_at, updated_at)
                SELECT (x ->> 'id')::uuid, v_user, r.title, r.artist, r.album, r.duration, r.file_url, r.file_size, r.format, r.bitrate,
                       coalesce(r.metadata, '{}'), r.deleted_at, r.rating, v_new_origin,
                       v_new_version, '{}', pg_catalog.now(), pg_catalog.now()
                  FROM unnest(fresh) x, jsonb_populate_record(NULL::public.music_tracks, x -> 'fields') r;
            GET DIAGNOSTICS n_inserted = ROW_COUNT;
        EXCEPTION WHEN unique_violation THEN
            INSERT INTO public.music_tracks AS t (id, user_id, title, artist, album, duration, file_url, file_size,
                                                     format, bitrate, metadata, deleted_at, rating, origin_device,
                                                     sync_version, field_versions, created_at, updated_at)
                SELECT (x ->> 'id')::uuid, v_user, r.title, r.artist, r.album, r.duration, r.file_url, r.file_size, r.format, r.bitrate,
                       coalesce(r.metadata, '{}'), r.deleted_at, r.rating, v_new_origin,
                       v_new_version, '{}', pg_catalog.now(), pg_catalog.now()
                  FROM unnest(fresh) x, jsonb_populate_record(NULL::public.music_tracks, x -> 'fields') r
                ON CONFLICT (id) DO NOTHING;
            GET DIAGNOSTICS n_inserted = ROW_COUNT;
        END;
    ELSIF p_kind = 2 THEN
        -- A tag row hangs on a track of this account; one whose track waits for a retry waits
        -- too. (033) The rows are inserted at once, without ON CONFLICT. Only when one cannot
        -- be (the foreign key finds a track the account lacks, or its id is taken) is that
        -- insert undone, with the version it took, and the batch goes as in 023: the tracks
        -- looked for first (one probe by primary key per distinct track), their rows answered,
        -- the others inserted. In a first push every row goes in (the client sends the tracks
        -- before their tag rows); 023 looked up every batch's tracks beforehand (11 ms of a
        -- 2000-row call).
        BEGIN
            v_new_version := app.sync_version_for(v_user);
            INSERT INTO public.track_metadata AS t (id, user_id, track_id, key, value, deleted_at, origin_device,
                                                   sync_version, created_at)
            SELECT (x ->> 'id')::uuid, v_user, r.track_id, r.key, r.value, r.deleted_at, v_new_origin,
                   v_new_version, pg_catalog.now()
              FROM unnest(fresh) x, jsonb_populate_record(NULL::public.track_metadata, x -> 'fields') r;
            GET DIAGNOSTICS n_inserted = ROW_COUNT;
            IF n_inserted < cardinality(fresh) THEN
                RAISE EXCEPTION 'not every tag row went in' USING ERRCODE = 'EK000'; -- caught below
            END IF;
        EXCEPTION WHEN foreign_key_violation OR unique_violation OR SQLSTATE 'EK000' THEN
            SELECT array_agg(w.id) INTO missing
              FROM (SELECT DISTINCT (x -> 'fields' ->> 'track_id')::uuid AS id FROM unnest(fresh) x) w
                   LEFT JOIN LATERAL (SELECT 1 AS here FROM public.music_tracks mt WHERE mt.id = w.id LIMIT 1) h ON true
             WHERE h.here IS NULL;
            RETURN QUERY
                SELECT (x ->> 'id')::uuid,
                       CASE WHEN (x -> 'fields' ->> 'track_id')::uuid = ANY (coalesce(p_later, '{}')) THEN 'retry' ELSE 'refused' END,
                       NULL::bigint,
                       jsonb_build_object('reason', CASE WHEN (x -> 'fields' ->> 'track_id')::uuid = ANY (coalesce(p_later, '{}'))
                                                         THEN 'its track waits for a retry'
                                                         ELSE 'its track is not on the server in this account' END)
                  FROM unnest(fresh) x
                 WHERE (x -> 'fields' ->> 'track_id')::uuid = ANY (missing);
            SELECT coalesce(array_agg(x), '{}') INTO fresh FROM unnest(fresh) x
             WHERE NOT (x -> 'fields' ->> 'track_id')::uuid = ANY (coalesce(missing, '{}'));
            IF cardinality(fresh) = 0 THEN
                RETURN;
            END IF;
            v_new_version := app.sync_version_for(v_user);
            INSERT INTO public.track_metadata AS t (id, user_id, track_id, key, value, deleted_at, origin_device,
                                                   sync_version, created_at)
            SELECT (x ->> 'id')::uuid, v_user, r.track_id, r.key, r.value, r.deleted_at, v_new_origin,
                   v_new_version, pg_catalog.now()
              FROM unnest(fresh) x, jsonb_populate_record(NULL::public.track_metadata, x -> 'fields') r
            ON CONFLICT (id) DO NOTHING;
            GET DIAGNOSTICS n_inserted = ROW_COUNT;
        END;
    ELSE
        WITH ins AS (
            INSERT INTO public.playlists AS t (id, user_id, name, description, is_public, deleted_at, origin_device)
            SELECT (x ->> 'id')::uuid, v_user, r.name, r.description, coalesce(r.is_public, false), r.deleted_at, p_device
              FROM unnest(fresh) x, jsonb_populate_record(NULL::public.playlists, x -> 'fields') r
            ON CONFLICT (id) DO NOTHING RETURNING t.id, t.sync_version)
        SELECT coalesce(jsonb_object_agg(ins.id, ins.sync_version), '{}') INTO inserted FROM ins;
    END IF;
    IF p_kind <> 3 THEN
        -- (033) Every row inserted (a first push): each answers "stored" with the version all
        -- of them carry. Else an id not inserted was created meanwhile by another sync of
        -- this account (retry: the account has it, with an older version; the counter is this
        -- transaction's until it commits) or belongs to another account (refused: RLS hides
        -- it). 023 collected the inserted ids and versions into an object and looked each up.
        IF n_inserted = cardinality(fresh) THEN
            RETURN QUERY SELECT (x ->> 'id')::uuid, 'stored', v_new_version, '{}'::jsonb FROM unnest(fresh) x;
            RETURN;
        END IF;
        RETURN QUERY
            SELECT z.id,
                   CASE WHEN z.v = v_new_version THEN 'stored' WHEN z.v IS NOT NULL THEN 'retry' ELSE 'refused' END,
                   CASE WHEN z.v = v_new_version THEN z.v END,
                   CASE WHEN z.v = v_new_version THEN '{}'::jsonb
                        WHEN z.v IS NOT NULL THEN jsonb_build_object('reason', 'created meanwhile by another sync of this account')
                        ELSE jsonb_build_object('reason', format('this %s id belongs to another account',
                                                                 CASE p_kind WHEN 1 THEN 'track' ELSE 'tag' END)) END
              FROM (SELECT (x ->> 'id')::uuid AS id,
                           CASE WHEN p_kind = 1
                                THEN (SELECT t.sync_version FROM public.music_tracks t WHERE t.id = (x ->> 'id')::uuid)
                                ELSE (SELECT t.sync_version FROM public.track_metadata t WHERE t.id = (x ->> 'id')::uuid) END AS v
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

-- 2. True only when every field of a track's (kind 1) or tag row's (kind 2) fields passes
-- app.push_field_invalid (033's contract). Inlined into app.push_invalid_fields' statement.
CREATE OR REPLACE FUNCTION app.push_fields_surely_valid(p_kind INT, f JSONB) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT CASE p_kind
        WHEN 1 THEN
            (f - ARRAY['title', 'artist', 'album', 'duration', 'file_url', 'file_size',
                       'format', 'bitrate', 'metadata', 'deleted_at', 'rating']) = '{}'::jsonb
            AND CASE coalesce(jsonb_typeof(f -> 'title'), '') WHEN '' THEN true
                     WHEN 'string' THEN length(f ->> 'title') <= 500 ELSE false END
            AND CASE coalesce(jsonb_typeof(f -> 'artist'), 'null') WHEN 'null' THEN true
                     WHEN 'string' THEN length(f ->> 'artist') <= 500 ELSE false END
            AND CASE coalesce(jsonb_typeof(f -> 'album'), 'null') WHEN 'null' THEN true
                     WHEN 'string' THEN length(f ->> 'album') <= 500 ELSE false END
            AND coalesce(jsonb_typeof(f -> 'file_url'), 'string') = 'string'
            AND CASE coalesce(jsonb_typeof(f -> 'format'), 'null') WHEN 'null' THEN true
                     WHEN 'string' THEN length(f ->> 'format') <= 50 ELSE false END
            AND CASE coalesce(jsonb_typeof(f -> 'duration'), 'null') WHEN 'null' THEN true
                     WHEN 'number' THEN scale((f -> 'duration')::numeric) = 0
                                        AND numrange(1, 2147483647, '[]') @> (f -> 'duration')::numeric
                     ELSE false END
            AND CASE coalesce(jsonb_typeof(f -> 'bitrate'), 'null') WHEN 'null' THEN true
                     WHEN 'number' THEN scale((f -> 'bitrate')::numeric) = 0
                                        AND numrange(1, 2147483647, '[]') @> (f -> 'bitrate')::numeric
                     ELSE false END
            AND CASE coalesce(jsonb_typeof(f -> 'file_size'), 'null') WHEN 'null' THEN true
                     WHEN 'number' THEN scale((f -> 'file_size')::numeric) = 0
                                        AND numrange(1, 9223372036854775807, '[]') @> (f -> 'file_size')::numeric
                     ELSE false END
            AND CASE coalesce(jsonb_typeof(f -> 'rating'), 'null') WHEN 'null' THEN true
                     WHEN 'number' THEN (f ->> 'rating') IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10')
                     ELSE false END
            AND (NOT f ? 'metadata' OR f @> '{"metadata": {}}')
            AND coalesce(jsonb_typeof(f -> 'deleted_at'), 'null') IN ('string', 'null')
        WHEN 2 THEN
            (f - ARRAY['track_id', 'key', 'value', 'deleted_at']) = '{}'::jsonb
            AND CASE coalesce(jsonb_typeof(f -> 'track_id'), '') WHEN '' THEN true
                     WHEN 'string' THEN (f ->> 'track_id') LIKE '________-____-____-____-____________'
                                        AND translate(f ->> 'track_id', '0123456789abcdef', '') = '----'
                     ELSE false END
            AND CASE coalesce(jsonb_typeof(f -> 'key'), '') WHEN '' THEN true
                     WHEN 'string' THEN length(f ->> 'key') <= 255 ELSE false END
            AND coalesce(jsonb_typeof(f -> 'value'), 'null') IN ('string', 'null')
            AND coalesce(jsonb_typeof(f -> 'deleted_at'), 'null') IN ('string', 'null')
        ELSE false END
$fn$;
