-- 013 push: api.push, one call per batch of up to 2000 rows (docs/SERVER-API.md, "Push").
--
-- The merge rule lives here, next to the rows it merges, instead of in every client: fields
-- the device changed since the version its edit was based on (`base`) win over server fields
-- unchanged since then; a field changed on both sides takes the pushed value (the later push
-- wins) and the server's value and version come back for the device's conflict log; a delete
-- beats an edit, and a restore that loses against a delete is reported the same way; a
-- playlist's entries merge against the list the device last synced.
--
-- Each row answers on its own: stored, conflict (stored too), refused (a sentence saying why;
-- nothing stored) or retry (its row is locked by another writer: nothing stored, try later).
-- The normal path takes no savepoint: row locks are taken with SKIP LOCKED (a locked row is a
-- "retry" row, not an error that would need a subtransaction), ids of another account are
-- found with INSERT ... ON CONFLICT DO NOTHING, and values are validated before any write.
-- Errors that are not about one row (the user's sync counter locked past lock_timeout, a
-- deadlock, a cancel) fail the whole call with their transient SQLSTATE: nothing is stored
-- and the client retries the batch.
--
-- Roles: api.push is owned by eknmusic_push, a NOLOGIN role with SELECT/INSERT/UPDATE on the
-- four synced tables and its own forced-RLS policies (user_id = the token's user), so even a
-- bug in the function cannot reach another account's rows. The token is checked by
-- api._session_user (012; owned by eknmusic_auth, which alone reads sessions).
--
-- Owned by others and only ensured here (011/012 may be merged after this file was written):
-- schema api and the origin_device columns. What 013 created itself carries the comment
-- 'created by 013', and only that is removed by its down.

DO $schema$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'api') THEN
        CREATE SCHEMA api;
        COMMENT ON SCHEMA api IS 'created by 013';
        GRANT USAGE ON SCHEMA api TO eknmusic_client;
    END IF;
END
$schema$;

DO $cols$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['music_tracks', 'track_metadata', 'playlists'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = pg_catalog.format('public.%I', t)::regclass
                          AND a.attname = 'origin_device' AND NOT a.attisdropped) THEN
            EXECUTE pg_catalog.format('ALTER TABLE public.%I ADD COLUMN origin_device UUID', t);
            EXECUTE pg_catalog.format(
                'COMMENT ON COLUMN public.%I.origin_device IS %L', t, 'created by 013');
        END IF;
    END LOOP;
END
$cols$;

DO $role$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'eknmusic_push') THEN
        BEGIN
            CREATE ROLE eknmusic_push NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION '%', pg_catalog.format('role eknmusic_push is missing and %s may not '
                    'create roles: a superuser runs CREATE ROLE eknmusic_push NOLOGIN once per '
                    'cluster, or gives %s CREATEROLE', current_user, current_user);
        END;
    END IF;
    IF NOT pg_catalog.pg_has_role(current_user, 'eknmusic_push', 'MEMBER') THEN
        BEGIN
            EXECUTE pg_catalog.format('GRANT eknmusic_push TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION '%', pg_catalog.format('%s must be a member of eknmusic_push to hand it '
                'api.push: a superuser runs GRANT eknmusic_push TO %s', current_user, current_user);
        END;
    END IF;
END
$role$;

GRANT USAGE ON SCHEMA app, public TO eknmusic_push;
GRANT SELECT, INSERT, UPDATE ON public.music_tracks, public.track_metadata, public.playlists,
    public.playlist_tracks TO eknmusic_push;
GRANT EXECUTE ON FUNCTION app.current_user_id(), app.sync_version_for(UUID),
    app.bump_sync_version(UUID) TO eknmusic_push;

CREATE POLICY push_own_rows ON public.music_tracks FOR ALL TO eknmusic_push
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY push_own_rows ON public.track_metadata FOR ALL TO eknmusic_push
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY push_own_rows ON public.playlists FOR ALL TO eknmusic_push
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY push_own_rows ON public.playlist_tracks FOR ALL TO eknmusic_push
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));

-- The token check (api._session_user: against the clock of the call, revocations, READ
-- COMMITTED only; EK401/EK403), the API version check (api._check_api, EK426) and the sync
-- epoch (EK409) are 012's, shared with api.pull.
GRANT USAGE ON SCHEMA api TO eknmusic_push;
GRANT EXECUTE ON FUNCTION api._session_user(TEXT), api._check_api(INT) TO eknmusic_push;
GRANT SELECT ON app.sync_epoch TO eknmusic_push;

-- Why one pushed field cannot be stored, as a sentence, or NULL when it is acceptable. Checked
-- before any write so that a bad value refuses its row instead of failing the batch. Plain SQL
-- (inlined into the one statement that checks a whole batch: far cheaper than a PL/pgSQL loop
-- per row); a timestamp's own validity is push_bad_timestamp's.
CREATE FUNCTION app.push_field_invalid(p_kind INT, k TEXT, v JSONB) RETURNS TEXT
    LANGUAGE sql STABLE -- not IMMUTABLE: format() is stable, and a mismatch stops inlining
AS $fn$
    SELECT CASE
        WHEN NOT k = ANY (CASE p_kind
                WHEN 1 THEN ARRAY['title', 'artist', 'album', 'duration', 'file_url', 'file_size',
                                  'format', 'bitrate', 'metadata', 'deleted_at']
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
REVOKE ALL ON FUNCTION app.push_field_invalid(INT, TEXT, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_field_invalid(INT, TEXT, JSONB) TO eknmusic_push;

-- Is this not a timestamp? Only deletes carry one, so the cost of trying the cast (a block
-- that writes nothing, so no transaction id) is paid rarely.
CREATE FUNCTION app.push_bad_timestamp(p_text TEXT) RETURNS BOOLEAN
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM p_text::timestamptz;
    RETURN false;
EXCEPTION WHEN OTHERS THEN
    RETURN true;
END
$fn$;
REVOKE ALL ON FUNCTION app.push_bad_timestamp(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_bad_timestamp(TEXT) TO eknmusic_push;

-- Two values of one field, equal for the merge? Text compares after NFC normalisation (the
-- same title typed on macOS and on Linux is the same title); timestamps only by presence.
CREATE FUNCTION app.push_same(p_field TEXT, a JSONB, b JSONB) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE
        WHEN p_field = 'deleted_at' THEN (coalesce(a, 'null') = 'null') = (coalesce(b, 'null') = 'null')
        WHEN jsonb_typeof(a) = 'string' AND jsonb_typeof(b) = 'string'
            THEN normalize(a #>> '{}', NFC) = normalize(b #>> '{}', NFC)
        ELSE coalesce(a, 'null') = coalesce(b, 'null') END
$fn$;
REVOKE ALL ON FUNCTION app.push_same(TEXT, JSONB, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_same(TEXT, JSONB, JSONB) TO eknmusic_push;

-- One row's merge against the server row `s` (to_jsonb of the locked row). Returns
-- {"row": merged row, "conflicts": {field: {"server": value, "version": v}}}. Fields the device
-- changed since base win; a field the server also changed since base is reported; the delete
-- rule as described at the top of this file.
CREATE FUNCTION app.push_merge(s JSONB, p_base BIGINT, p_fields JSONB, p_meta_keys JSONB)
    RETURNS JSONB
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    fv JSONB := coalesce(s -> 'field_versions', '{}');
    merged JSONB := s;
    conflicts JSONB := '{}';
    k TEXT;
    v JSONB;
    meta JSONB;
    mine_meta JSONB;
    edited BOOLEAN := false;
    server_deleted_since BOOLEAN;
BEGIN
    FOR k, v IN SELECT e.key, e.value FROM jsonb_each(p_fields) e WHERE e.key NOT IN ('metadata', 'deleted_at') LOOP
        edited := true;
        IF NOT app.push_same(k, v, s -> k) AND coalesce((fv ->> k)::bigint, 0) > p_base THEN
            conflicts := conflicts || jsonb_build_object(k, jsonb_build_object(
                'server', s -> k, 'version', fv -> k));
        END IF;
        merged := jsonb_set(merged, ARRAY[k], v);
    END LOOP;
    IF p_fields ? 'metadata' THEN
        edited := true;
        mine_meta := p_fields -> 'metadata';
        meta := CASE WHEN jsonb_typeof(s -> 'metadata') = 'object' THEN s -> 'metadata' ELSE '{}' END;
        FOR k IN SELECT jsonb_array_elements_text(p_meta_keys) WHERE jsonb_typeof(p_meta_keys) = 'array'
                 UNION
                 SELECT m.key FROM jsonb_each(mine_meta) m
                  WHERE jsonb_typeof(p_meta_keys) IS DISTINCT FROM 'array'
                 UNION
                 SELECT m.key FROM jsonb_each(meta) m
                  WHERE jsonb_typeof(p_meta_keys) IS DISTINCT FROM 'array' LOOP
            IF NOT app.push_same(k, mine_meta -> k, meta -> k)
               AND coalesce((fv ->> ('metadata.' || k))::bigint, 0) > p_base THEN
                conflicts := conflicts || jsonb_build_object('metadata.' || k, jsonb_build_object(
                    'server', coalesce(meta -> k, 'null'), 'version', fv -> ('metadata.' || k)));
            END IF;
            meta := CASE WHEN mine_meta ? k THEN jsonb_set(meta, ARRAY[k], mine_meta -> k) ELSE meta - k END;
        END LOOP;
        merged := jsonb_set(merged, '{metadata}', meta);
    END IF;
    server_deleted_since := coalesce(s -> 'deleted_at', 'null') <> 'null'
                            AND coalesce((fv ->> 'deleted_at')::bigint, 0) > p_base;
    IF p_fields ? 'deleted_at' AND coalesce(p_fields -> 'deleted_at', 'null') <> 'null' THEN
        -- deleted here: the delete goes through (an earlier delete on the server stays as it is)
        IF coalesce(s -> 'deleted_at', 'null') = 'null' THEN
            merged := jsonb_set(merged, '{deleted_at}', p_fields -> 'deleted_at');
        END IF;
    ELSIF server_deleted_since AND (p_fields ? 'deleted_at' OR edited) THEN
        -- a restore or an edit here met a delete made elsewhere since base: the delete wins
        conflicts := conflicts || jsonb_build_object('deleted_at', jsonb_build_object(
            'server', s -> 'deleted_at', 'version', fv -> 'deleted_at'));
    ELSIF p_fields ? 'deleted_at' THEN
        merged := jsonb_set(merged, '{deleted_at}', 'null');
    END IF;
    RETURN jsonb_build_object('row', merged, 'conflicts', conflicts);
END
$fn$;
REVOKE ALL ON FUNCTION app.push_merge(JSONB, BIGINT, JSONB, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_merge(JSONB, BIGINT, JSONB, JSONB) TO eknmusic_push;

-- A playlist's entries: this device's list, less tracks removed elsewhere since the list it
-- last synced (p_base), plus tracks added elsewhere since then. No base: the device's list.
CREATE FUNCTION app.push_merge_entries(p_mine UUID[], p_theirs UUID[], p_base UUID[])
    RETURNS UUID[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN p_base IS NULL THEN p_mine ELSE coalesce((
        SELECT array_agg(t ORDER BY o) FROM (
            SELECT m.t, m.o FROM unnest(p_mine) WITH ORDINALITY m(t, o)
             WHERE m.t = ANY (p_theirs) OR NOT m.t = ANY (p_base)
            UNION ALL
            SELECT x.t, 1000000 + x.o FROM unnest(p_theirs) WITH ORDINALITY x(t, o)
             WHERE NOT x.t = ANY (p_base) AND NOT x.t = ANY (p_mine)) u), '{}') END
$fn$;
REVOKE ALL ON FUNCTION app.push_merge_entries(UUID[], UUID[], UUID[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_merge_entries(UUID[], UUID[], UUID[]) TO eknmusic_push;

-- A playlist's entry list after a push: merged against the list the device last synced
-- (entries_base), limited to tracks of this account on the server, once per track, written
-- as a whole (entries no longer listed are soft-deleted). Returns {"entries": [...]} and, when
-- the order changed here and elsewhere since base, "conflict"; "skipped" lists tracks the
-- server does not have; {"retry": true} when one of them waits for a retry in this call.
CREATE FUNCTION app.push_entries(p_playlist UUID, p_base BIGINT, e JSONB, p_theirs JSONB,
                                 p_entries_version BIGINT, p_later UUID[], p_origin UUID)
    RETURNS JSONB
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    uuid_re CONSTANT TEXT := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    mine UUID[];
    theirs UUID[];
    base UUID[];
    merged UUID[];
    known UUID[];
    skipped UUID[];
    a UUID[];
    b UUID[];
    out JSONB := '{}';
BEGIN
    mine := ARRAY(SELECT (x.t #>> '{}')::uuid FROM jsonb_array_elements(e -> 'entries') WITH ORDINALITY x(t, o) ORDER BY x.o);
    theirs := ARRAY(SELECT (x.t #>> '{}')::uuid FROM jsonb_array_elements(p_theirs) WITH ORDINALITY x(t, o) ORDER BY x.o);
    IF jsonb_typeof(e -> 'entries_base') = 'array' THEN
        base := ARRAY(SELECT (x.t #>> '{}')::uuid FROM jsonb_array_elements(e -> 'entries_base') WITH ORDINALITY x(t, o)
                       WHERE (x.t #>> '{}') ~* uuid_re ORDER BY x.o);
    END IF;
    merged := app.push_merge_entries(mine, theirs, base);
    merged := ARRAY(SELECT d.t FROM (SELECT DISTINCT ON (u.t) u.t, u.o FROM unnest(merged) WITH ORDINALITY u(t, o)
                                      ORDER BY u.t, u.o) d ORDER BY d.o);
    known := ARRAY(SELECT u.t FROM unnest(merged) WITH ORDINALITY u(t, o)
                    WHERE EXISTS (SELECT 1 FROM public.music_tracks mt WHERE mt.id = u.t) ORDER BY u.o);
    skipped := ARRAY(SELECT u.t FROM unnest(merged) u(t) WHERE NOT u.t = ANY (known));
    IF skipped && coalesce(p_later, '{}') THEN
        RETURN jsonb_build_object('retry', true, 'reason', 'a track of this playlist waits for a retry');
    END IF;
    IF p_entries_version > p_base THEN
        a := ARRAY(SELECT u.t FROM unnest(known) WITH ORDINALITY u(t, o) WHERE u.t = ANY (theirs) ORDER BY u.o);
        b := ARRAY(SELECT u.t FROM unnest(theirs) WITH ORDINALITY u(t, o) WHERE u.t = ANY (known) ORDER BY u.o);
        IF a IS DISTINCT FROM b THEN
            out := jsonb_build_object('conflict', jsonb_build_object('entries', jsonb_build_object(
                'server', to_jsonb(theirs), 'version', p_entries_version)));
        END IF;
    END IF;
    IF known IS DISTINCT FROM theirs THEN
        UPDATE public.playlist_tracks pt SET deleted_at = now()
         WHERE pt.playlist_id = p_playlist AND pt.deleted_at IS NULL AND NOT pt.track_id = ANY (known);
        INSERT INTO public.playlist_tracks AS pt (id, playlist_id, track_id, position)
        SELECT gen_random_uuid(), p_playlist, u.t, (u.o - 1)::int FROM unnest(known) WITH ORDINALITY u(t, o)
        ON CONFLICT (playlist_id, track_id) DO UPDATE SET position = EXCLUDED.position, deleted_at = NULL
         WHERE pt.position IS DISTINCT FROM EXCLUDED.position OR pt.deleted_at IS NOT NULL;
        UPDATE public.playlists p SET origin_device = p_origin
         WHERE p.id = p_playlist AND p.origin_device IS DISTINCT FROM p_origin;
    END IF;
    out := out || jsonb_build_object('entries', to_jsonb(known));
    IF skipped <> '{}' THEN
        out := out || jsonb_build_object('skipped', to_jsonb(skipped));
    END IF;
    RETURN out;
END
$fn$;
REVOKE ALL ON FUNCTION app.push_entries(UUID, BIGINT, JSONB, JSONB, BIGINT, UUID[], UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_entries(UUID, BIGINT, JSONB, JSONB, BIGINT, UUID[], UUID) TO eknmusic_push;

-- One kind's rows of a batch (already checked to be well-formed objects with a UUID id, a base
-- and fields), answered row by row. p_later holds ids that answered "retry" earlier in this
-- call: children of those wait with them instead of being refused.
CREATE FUNCTION app.push_rows(p_kind INT, p_device UUID, p_rows JSONB, p_later UUID[])
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
                       deleted_at = r.deleted_at, origin_device = v_origin
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
                                                 format, bitrate, metadata, deleted_at, origin_device)
            SELECT r.id, r.title, r.artist, r.album, r.duration, r.file_url, r.file_size, r.format, r.bitrate,
                   coalesce(r.metadata, '{}'), r.deleted_at, p_device
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
REVOKE ALL ON FUNCTION app.push_rows(INT, UUID, JSONB, UUID[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_rows(INT, UUID, JSONB, UUID[]) TO eknmusic_push;

-- The entry point (docs/SERVER-API.md, "Push"). One statement in its own transaction: the
-- token is checked against the clock, then the rows go in kind order (tracks before their tag
-- rows and the playlists that list them). lock_timeout bounds the wait for this account's
-- sync counter (another sync of the same account committing): past it the whole call fails
-- with 55P03 and nothing is stored.
CREATE FUNCTION api.push(p_token TEXT, p_client_api INT, p_epoch UUID, p_device UUID, p_batch JSONB)
    RETURNS TABLE(id UUID, kind SMALLINT, outcome TEXT, version BIGINT, detail JSONB)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '3s'
AS $fn$
DECLARE
    uuid_re CONSTANT TEXT := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    k INT;
    rows JSONB;
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

    FOREACH k IN ARRAY ARRAY[1, 2, 3] LOOP
        SELECT jsonb_agg(d.b || jsonb_build_object('base', coalesce((d.b ->> 'base')::numeric, 0)::bigint)) INTO rows
          FROM (SELECT DISTINCT ON (q.b ->> 'id') q.b
                  FROM jsonb_array_elements(p_batch) WITH ORDINALITY q(b, o)
                 WHERE jsonb_typeof(q.b) = 'object' AND coalesce((q.b ->> 'id') ~* uuid_re, false)
                   AND jsonb_typeof(q.b -> 'kind') IS NOT DISTINCT FROM 'number'
                   AND coalesce(jsonb_typeof(q.b -> 'base'), 'null') IN ('number', 'null')
                   AND jsonb_typeof(q.b -> 'fields') IS NOT DISTINCT FROM 'object'
                 ORDER BY q.b ->> 'id', q.o) d
         WHERE d.b ->> 'kind' = k::text;
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
GRANT CREATE ON SCHEMA api TO eknmusic_push; -- only while ownership moves
ALTER FUNCTION api.push(TEXT, INT, UUID, UUID, JSONB) OWNER TO eknmusic_push;
REVOKE CREATE ON SCHEMA api FROM eknmusic_push;
REVOKE ALL ON FUNCTION api.push(TEXT, INT, UUID, UUID, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.push(TEXT, INT, UUID, UUID, JSONB) TO eknmusic_client;
