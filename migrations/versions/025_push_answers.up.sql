-- 025: a push's conflicts survive the loss of its answer (issue 11, "sync never loses an edit").
--
-- A push stored with a conflict (another device's value lost, for the pusher's conflict log)
-- whose answer never reached the device's library (the process was killed, the library was
-- locked, the connection dropped after the commit) was sent again by the next sync: the server
-- then held the device's value, saw no conflict, and the value that lost was in no conflict log
-- (found by test_syncmodel, seeds 1230249672, 343390218, 3859993095, 3712658830;
-- tests/sync aConflictWhoseAnswerWasLostIsStillLogged).
--
-- Now a push names itself: api.push_once is api.push with a push id (a UUID the client makes
-- per call) and the id of the last push whose answer the device has recorded (kept in its
-- library, written in the same local transaction that applies an answer). The server keeps the
-- conflict rows of each push (and what the device sent for them) in app.push_answers, keyed
-- by (user, device, push id), until the device says it recorded them. A push of a device that
-- has an answer with conflicts it has not recorded is refused with EK412 before anything is
-- done; the device fetches those conflicts (api.push_answers), logs them and records that
-- push, then pushes again. Answers without conflicts are kept as an empty list only to tell a
-- repeated push id; every push of the device deletes the device's other answers.
-- Nothing of api.push or app.push_rows changes (api.push_once calls api.push).

CREATE TABLE app.push_answers (
    user_id UUID NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
    device UUID NOT NULL,
    push_id UUID NOT NULL,
    -- [{"id", "kind", "detail", "sent"}, ...]: the answer's conflict rows and the elements
    -- sent for them (what the device needs to write its conflict log entries).
    conflicts JSONB NOT NULL DEFAULT '[]',
    created_at TIMESTAMPTZ NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    PRIMARY KEY (user_id, device, push_id)
);
REVOKE ALL ON app.push_answers FROM PUBLIC;
ALTER TABLE app.push_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.push_answers FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.push_answers TO eknmusic_push;
CREATE POLICY push_own_answers ON app.push_answers FOR ALL TO eknmusic_push
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));

-- The device's unrecorded conflict answers: the kept answers with conflicts of pushes other
-- than p_answered (the last push the device recorded) and p_except (the push being made). No
-- clock is needed to tell them apart: a device's pushes run one at a time (api.push_once's
-- gate row) and every push that commits deletes the device's other answers, so besides the
-- one in flight a device has at most one kept answer, its last push's; recorded, that is
-- p_answered. Invoker's rights: called by the two definer routines below,
-- as eknmusic_push.
CREATE FUNCTION app.push_unanswered(p_user UUID, p_device UUID, p_answered UUID, p_except UUID)
    RETURNS SETOF app.push_answers
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT a.* FROM app.push_answers a
     WHERE a.user_id = p_user AND a.device = p_device AND a.conflicts <> '[]'::jsonb
       AND a.push_id IS DISTINCT FROM p_answered AND a.push_id IS DISTINCT FROM p_except
     ORDER BY a.created_at
$fn$;
REVOKE ALL ON FUNCTION app.push_unanswered(UUID, UUID, UUID, UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.push_unanswered(UUID, UUID, UUID, UUID) TO eknmusic_push;

-- api.push with a push id. Answers exactly as api.push (docs/SERVER-API.md "Push"), or:
--   EK412 when this device has a conflict answer it has not recorded, or when p_push was
--         stored already (a call made again after its answer was lost): nothing is done; the
--         device takes the answers (api.push_answers) and pushes again with a new id.
-- Calls of one device run one at a time (the gate row below), so a call with an id stored
-- already, or with another id while an earlier call still runs, waits for it to end
-- (lock_timeout 3 s, then 55P03) and then sees its answer: one id never stores twice, and no
-- answer with conflicts escapes the check.
CREATE FUNCTION api.push_once(p_token TEXT, p_client_api INT, p_epoch UUID, p_device UUID,
                              p_push UUID, p_answered UUID, p_batch JSONB)
    RETURNS TABLE(id UUID, kind SMALLINT, outcome TEXT, version BIGINT, detail JSONB)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '3s'
AS $fn$
DECLARE
    c_gate CONSTANT UUID := '00000000-0000-0000-0000-000000000000';
    v_user UUID;
    v_new BOOLEAN;
    v_sent JSONB;
    v_conflicts JSONB[] := '{}';
    r RECORD;
BEGIN
    PERFORM api._check_api(p_client_api);
    v_user := api._session_user(p_token);
    IF p_device IS NULL THEN
        RAISE EXCEPTION 'p_device: the device id is required' USING ERRCODE = 'EK400';
    END IF;
    IF p_push IS NULL THEN
        RAISE EXCEPTION 'p_push: the push id is required' USING ERRCODE = 'EK400';
    END IF;
    IF p_push = c_gate THEN
        RAISE EXCEPTION 'p_push: the nil UUID is not a push id' USING ERRCODE = 'EK400';
    END IF;
    PERFORM set_config('eknmusic.token', p_token, true);
    -- One push of a device at a time, on the device's gate row (push id nil, never an answer):
    -- a call made while an earlier one of the device still runs on the server (its client was
    -- killed or lost the connection, and the server has not noticed) waits for it here
    -- (lock_timeout, then 55P03) and then sees its answer below. Without the wait both were
    -- stored, and recording the later one hid the earlier one's conflicts (test_syncmodel seed
    -- 365718632; tests/sync aPushOverlappingAnEarlierOneOfTheSameDeviceWaitsForItsConflicts).
    INSERT INTO app.push_answers AS a (user_id, device, push_id) VALUES (v_user, p_device, c_gate)
        ON CONFLICT (user_id, device, push_id) DO UPDATE SET created_at = pg_catalog.clock_timestamp();
    INSERT INTO app.push_answers AS a (user_id, device, push_id) VALUES (v_user, p_device, p_push)
        ON CONFLICT (user_id, device, push_id) DO NOTHING
        RETURNING true INTO v_new;
    IF v_new IS NULL THEN
        RAISE EXCEPTION 'push % was stored already: take its answer (api.push_answers), then push again with a new id',
            p_push USING ERRCODE = 'EK412';
    END IF;
    IF EXISTS (SELECT 1 FROM app.push_unanswered(v_user, p_device, p_answered, p_push)) THEN
        RAISE EXCEPTION 'an earlier push of this device has conflicts it has not recorded: take them (api.push_answers), then push again'
            USING ERRCODE = 'EK412';
    END IF;
    DELETE FROM app.push_answers a
     WHERE a.user_id = v_user AND a.device = p_device AND a.push_id <> p_push AND a.push_id <> c_gate;

    FOR r IN SELECT * FROM api.push(p_token, p_client_api, p_epoch, p_device, p_batch) LOOP
        id := r.id; kind := r.kind; outcome := r.outcome; version := r.version; detail := r.detail;
        IF r.outcome = 'conflict' THEN
            IF v_sent IS NULL THEN -- each id's first element (the one answered), built once
                SELECT coalesce(jsonb_object_agg(q.k, q.b), '{}') INTO v_sent
                  FROM (SELECT DISTINCT ON (b ->> 'id') b ->> 'id' AS k, b
                          FROM jsonb_array_elements(p_batch) WITH ORDINALITY e(b, o)
                         WHERE jsonb_typeof(b) = 'object' AND b ->> 'id' IS NOT NULL
                         ORDER BY b ->> 'id', o) q;
            END IF;
            v_conflicts := v_conflicts || jsonb_build_object('id', r.id, 'kind', r.kind, 'detail', r.detail,
                                                             'sent', v_sent -> (r.id::text));
        END IF;
        RETURN NEXT;
    END LOOP;
    IF cardinality(v_conflicts) > 0 THEN
        UPDATE app.push_answers a SET conflicts = to_jsonb(v_conflicts)
         WHERE a.user_id = v_user AND a.device = p_device AND a.push_id = p_push;
    END IF;
END
$fn$;

-- The conflict rows of this device's pushes it has not recorded (other than p_answered, its
-- last recorded push): the push id, and per row what api.push answered (id,
-- kind, detail) and what the device sent. Reads only; the device records the last push id in
-- the local transaction that logs them, and its next api.push_once deletes them.
CREATE FUNCTION api.push_answers(p_token TEXT, p_client_api INT, p_device UUID, p_answered UUID)
    RETURNS TABLE(push_id UUID, id UUID, kind SMALLINT, detail JSONB, sent JSONB)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user UUID;
BEGIN
    PERFORM api._check_api(p_client_api);
    v_user := api._session_user(p_token);
    IF p_device IS NULL THEN
        RAISE EXCEPTION 'p_device: the device id is required' USING ERRCODE = 'EK400';
    END IF;
    PERFORM set_config('eknmusic.token', p_token, true);
    RETURN QUERY
        SELECT a.push_id, (c.x ->> 'id')::uuid, (c.x ->> 'kind')::smallint, c.x -> 'detail', c.x -> 'sent'
          FROM app.push_unanswered(v_user, p_device, p_answered, NULL) a,
               jsonb_array_elements(a.conflicts) WITH ORDINALITY c(x, o)
         ORDER BY a.created_at, c.o;
END
$fn$;

GRANT CREATE ON SCHEMA api TO eknmusic_push; -- only while ownership moves
ALTER FUNCTION api.push_once(TEXT, INT, UUID, UUID, UUID, UUID, JSONB) OWNER TO eknmusic_push;
ALTER FUNCTION api.push_answers(TEXT, INT, UUID, UUID) OWNER TO eknmusic_push;
REVOKE CREATE ON SCHEMA api FROM eknmusic_push;
REVOKE ALL ON FUNCTION api.push_once(TEXT, INT, UUID, UUID, UUID, UUID, JSONB) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.push_answers(TEXT, INT, UUID, UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.push_once(TEXT, INT, UUID, UUID, UUID, UUID, JSONB) TO eknmusic_client;
GRANT EXECUTE ON FUNCTION api.push_answers(TEXT, INT, UUID, UUID) TO eknmusic_client;
