-- 022: a delete pushed after a restore made on another device is reported.
--
-- 013's merge let a pushed delete through silently when the row had been restored elsewhere
-- since the pusher's base: the restore was gone on every device and no conflict log held it
-- (found by test_syncmodel, seed 2071748243). The rule everywhere else is that the later push
-- wins and the loser comes back as a conflict: so the delete still wins (a delete beats an
-- edit, and it is the later push), and the answer now carries
-- {"deleted_at": {"server": null, "version": v}} - the restore that lost, which the pusher logs
-- and can restore (tests/sync TestSync aDeletePushedAfterARestoreElsewhereWinsAndTheRestoreIsLogged).
--
-- Only app.push_merge changes (019 and 020 redefine app.push_rows, not this function; numbered 022, after them, because a
-- server already at 019 refuses an older number). CREATE OR REPLACE keeps 013's owner and grants.

CREATE OR REPLACE FUNCTION app.push_merge(s JSONB, p_base BIGINT, p_fields JSONB, p_meta_keys JSONB)
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
            IF coalesce((fv ->> 'deleted_at')::bigint, 0) > p_base THEN
                -- restored elsewhere since base: the later push (this delete) wins, and the
                -- restore it undoes comes back for the pusher's conflict log (022)
                conflicts := conflicts || jsonb_build_object('deleted_at', jsonb_build_object(
                    'server', 'null'::jsonb, 'version', fv -> 'deleted_at'));
            END IF;
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
