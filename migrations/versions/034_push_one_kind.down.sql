-- Undo 034: 033's api.push and app.push_fields_surely_valid, as they were.
--
-- CREATE OR REPLACE keeps the owners and grants of the functions.

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

CREATE OR REPLACE FUNCTION app.push_fields_surely_valid(p_kind INT, f JSONB) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT CASE p_kind
        WHEN 1 THEN
            (f - ARRAY['title', 'artist', 'album', 'duration', 'file_url', 'file_size',
                       'format', 'bitrate', 'metadata', 'deleted_at', 'rating']) = '{}'::jsonb
            AND CASE WHEN f -> 'title' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'title') = 'string' THEN length(f ->> 'title') <= 500 ELSE false END
            AND CASE WHEN f -> 'artist' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'artist') = 'null' THEN true
                     WHEN jsonb_typeof(f -> 'artist') = 'string' THEN length(f ->> 'artist') <= 500 ELSE false END
            AND CASE WHEN f -> 'album' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'album') = 'null' THEN true
                     WHEN jsonb_typeof(f -> 'album') = 'string' THEN length(f ->> 'album') <= 500 ELSE false END
            AND (f -> 'file_url' IS NULL OR jsonb_typeof(f -> 'file_url') = 'string')
            AND CASE WHEN f -> 'format' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'format') = 'null' THEN true
                     WHEN jsonb_typeof(f -> 'format') = 'string' THEN length(f ->> 'format') <= 50 ELSE false END
            AND CASE WHEN f -> 'duration' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'duration') = 'null' THEN true
                     WHEN jsonb_typeof(f -> 'duration') = 'number'
                         THEN strpos(f ->> 'duration', '.') = 0
                              AND (f ->> 'duration')::numeric > 0 AND (f ->> 'duration')::numeric <= 2147483647
                     ELSE false END
            AND CASE WHEN f -> 'bitrate' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'bitrate') = 'null' THEN true
                     WHEN jsonb_typeof(f -> 'bitrate') = 'number'
                         THEN strpos(f ->> 'bitrate', '.') = 0
                              AND (f ->> 'bitrate')::numeric > 0 AND (f ->> 'bitrate')::numeric <= 2147483647
                     ELSE false END
            AND CASE WHEN f -> 'file_size' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'file_size') = 'null' THEN true
                     WHEN jsonb_typeof(f -> 'file_size') = 'number'
                         THEN strpos(f ->> 'file_size', '.') = 0
                              AND (f ->> 'file_size')::numeric > 0 AND (f ->> 'file_size')::numeric <= 9223372036854775807
                     ELSE false END
            AND CASE WHEN f -> 'rating' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'rating') = 'null' THEN true
                     WHEN jsonb_typeof(f -> 'rating') = 'number'
                         THEN (f ->> 'rating') IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10')
                     ELSE false END
            AND (f -> 'metadata' IS NULL OR jsonb_typeof(f -> 'metadata') = 'object')
            AND (f -> 'deleted_at' IS NULL OR jsonb_typeof(f -> 'deleted_at') IN ('string', 'null'))
        WHEN 2 THEN
            (f - ARRAY['track_id', 'key', 'value', 'deleted_at']) = '{}'::jsonb
            AND CASE WHEN f -> 'track_id' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'track_id') = 'string'
                         THEN (f ->> 'track_id') ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                     ELSE false END
            AND CASE WHEN f -> 'key' IS NULL THEN true
                     WHEN jsonb_typeof(f -> 'key') = 'string' THEN length(f ->> 'key') <= 255 ELSE false END
            AND (f -> 'value' IS NULL OR jsonb_typeof(f -> 'value') IN ('string', 'null'))
            AND (f -> 'deleted_at' IS NULL OR jsonb_typeof(f -> 'deleted_at') IN ('string', 'null'))
        ELSE false END
$fn$;
