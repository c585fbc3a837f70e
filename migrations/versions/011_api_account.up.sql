-- 011 the account half of the server API (docs/SERVER-API.md): schema `api`.
--
-- The public login (eknmusic_client) will reach the server only through routines in `api`
-- (014 takes its table privileges away). Every function here is SECURITY DEFINER, owned by
-- eknmusic_auth, pins `search_path = pg_catalog, pg_temp` and names everything with its schema.
-- What changes against 005:
--   * register never signs in and never says that an email is taken: a taken email answers
--     'ok' after the same bcrypt work. It is throttled per client address.
--   * sign-in attempts of one email (and of one address) are serialised on a row lock in an
--     owner-only table, so concurrent attempts see each other's committed attempt: ten racing
--     connections get at most the free failures of password checks, not ten.
--   * login_attempts stays bounded: each attempt prunes what is older than the window and
--     keeps per email / per address only the rows that can still change a lockout.
--   * a token is checked by app.api_user_id() at every call, against clock_timestamp(), and
--     only in READ COMMITTED (SQLSTATE EK403 otherwise): a REPEATABLE READ snapshot would keep
--     a revoked or expired session alive. Unknown, expired, revoked: SQLSTATE EK401, and the
--     message says which.
-- 005's tables, sequence and helpers are reused; 005's app.* entry points stay for old clients
-- until 014 closes them.

CREATE SCHEMA api;
COMMENT ON SCHEMA api IS 'EKNMusic server API: the only routines the public login may call';
GRANT USAGE ON SCHEMA api TO eknmusic_client, eknmusic_auth;

INSERT INTO app.settings (key, value) VALUES
    ('throttle_register_address', 30);          -- registrations per client address per window

-- Row locks that serialise attempts: one row per hash bucket of an email, an address, or a
-- registering address. The client has no privilege here, so unlike an advisory lock (which
-- pg_locks shows and anyone may take) nobody can hold a victim's gate from outside.
CREATE TABLE app.sign_in_gates (
    bucket INTEGER PRIMARY KEY
);

CREATE TABLE app.register_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_addr INET,
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX idx_register_attempts_addr ON app.register_attempts(client_addr, attempted_at);
CREATE INDEX idx_register_attempts_time ON app.register_attempts(attempted_at);
CREATE INDEX idx_login_attempts_time ON app.login_attempts(attempted_at);

-- pgcrypto lives in `app` when 005 installed it, elsewhere when it was there before: the
-- helpers name its schema literally, found now, so no search_path is needed to reach it.
DO $ext$
DECLARE
    s TEXT;
BEGIN
    SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pgcrypto';
    EXECUTE format($f$CREATE FUNCTION app.random_token() RETURNS TEXT
        LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $b$ SELECT pg_catalog.encode(%1$I.gen_random_bytes(32), 'hex') $b$$f$, s);
    EXECUTE format($f$CREATE FUNCTION app.password_hash(p_password TEXT) RETURNS TEXT
        LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $b$ SELECT %1$I.crypt(p_password, %1$I.gen_salt('bf', app.setting('bcrypt_cost'))) $b$$f$, s);
    EXECUTE format($f$CREATE FUNCTION app.password_matches(p_password TEXT, p_hash TEXT) RETURNS BOOLEAN
        LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $b$ SELECT %1$I.crypt(p_password, p_hash) = p_hash $b$$f$, s);
END
$ext$;

-- EK403 unless READ COMMITTED: only then does every statement see the clock and revocations.
CREATE FUNCTION app.require_read_committed() RETURNS VOID
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the EKNMusic API runs only in READ COMMITTED transactions, not %',
            pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))
            USING ERRCODE = 'EK403';
    END IF;
END
$fn$;

-- The signed-in user of an access token, checked now (clock_timestamp, not the transaction
-- start), or EK401 saying why not. Also puts the token in `eknmusic.token` for this
-- transaction, so row-level security and the row triggers see the same user inside the API
-- routine that called this. The pull and push routines (012, 013) call it first.
CREATE FUNCTION app.api_user_id(p_token TEXT) RETURNS UUID
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r RECORD;
BEGIN
    PERFORM app.require_read_committed();
    IF p_token IS NULL OR p_token = '' THEN
        RAISE EXCEPTION 'not signed in: no access token' USING ERRCODE = 'EK401';
    END IF;
    SELECT s.user_id, s.expires_at, s.revoked_at, u.deleted_at INTO r
      FROM public.user_sessions s JOIN public.users u ON u.id = s.user_id
     WHERE s.token_hash = app.token_hash(p_token);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'access token unknown' USING ERRCODE = 'EK401';
    ELSIF r.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'access token revoked' USING ERRCODE = 'EK401';
    ELSIF r.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION 'access token revoked: the account was deleted' USING ERRCODE = 'EK401';
    ELSIF r.expires_at <= pg_catalog.clock_timestamp() THEN
        RAISE EXCEPTION 'access token expired' USING ERRCODE = 'EK401';
    END IF;
    PERFORM pg_catalog.set_config('eknmusic.token', p_token, true);
    RETURN r.user_id;
END
$fn$;

-- Gate buckets: 0..65535 emails, 65536.. addresses, 131072.. registering addresses. Always
-- taken in that order (an email before an address), so two attempts cannot deadlock.
CREATE FUNCTION app.gate_bucket(p_kind INTEGER, p_key TEXT) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT p_kind * 65536 + (pg_catalog.hashtextextended(p_key, 0) & 65535)::INTEGER $fn$;

-- Waits for the gate (at most 5 s, then 55P03, which the client retries later) and holds it
-- until the end of the transaction. ON CONFLICT ... WHERE false locks the existing row without
-- writing a new version of it.
CREATE FUNCTION app.take_gate(p_bucket INTEGER) RETURNS VOID
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $fn$
BEGIN
    INSERT INTO app.sign_in_gates AS g (bucket) VALUES (p_bucket)
        ON CONFLICT (bucket) DO UPDATE SET bucket = excluded.bucket WHERE false;
END
$fn$;

-- Keeps login_attempts bounded, in the attempt's own transaction: rows older than the window
-- go (a few per call, oldest first), and per email and per address only the newest rows that
-- can still change a lockout stay (the lockout stops growing 30 failures past the free ones).
CREATE FUNCTION app.prune_login_attempts(p_email TEXT, p_addr INET) RETURNS VOID
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_since TIMESTAMPTZ := pg_catalog.clock_timestamp()
                           - pg_catalog.make_interval(secs => app.setting('throttle_window_seconds'));
BEGIN
    DELETE FROM app.login_attempts WHERE id IN (
        SELECT a.id FROM app.login_attempts a WHERE a.attempted_at < v_since
         ORDER BY a.attempted_at LIMIT 200);
    DELETE FROM app.login_attempts WHERE id IN (
        SELECT x.id FROM (
            SELECT a.id, a.outcome, pg_catalog.row_number() OVER (
                       PARTITION BY a.outcome = 'succeeded' ORDER BY a.attempted_at DESC, a.id DESC) AS n
              FROM app.login_attempts a WHERE a.email = p_email) x
         WHERE (x.outcome = 'succeeded' AND x.n > 1)
            OR (x.outcome <> 'succeeded' AND x.n > app.setting('throttle_free_failures_email') + 32));
    IF p_addr IS NOT NULL THEN
        DELETE FROM app.login_attempts WHERE id IN (
            SELECT a.id FROM app.login_attempts a
             WHERE a.client_addr = p_addr AND a.outcome <> 'succeeded'
             ORDER BY a.attempted_at DESC, a.id DESC
            OFFSET app.setting('throttle_free_failures_address') + 32);
    END IF;
END
$fn$;

-- Register. Never signs in, and a taken email answers 'ok' after the same work (a bcrypt
-- hash, an insert attempt), so neither the answer nor its timing says whether it exists.
CREATE FUNCTION api.register(p_email TEXT, p_username TEXT, p_password TEXT, p_user_agent TEXT,
    OUT status TEXT, OUT retry_after INTEGER)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_email TEXT := pg_catalog.lower(pg_catalog.btrim(p_email));
    v_username TEXT := pg_catalog.btrim(p_username);
    v_addr INET := pg_catalog.inet_client_addr();
    v_window INTEGER := app.setting('throttle_window_seconds');
    v_limit INTEGER := app.setting('throttle_register_address');
    v_n BIGINT;
    v_first TIMESTAMPTZ;
    v_hash TEXT;
BEGIN
    IF v_email IS NULL OR pg_catalog.char_length(v_email) > 254
       OR v_email !~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+\.[^@[:space:][:cntrl:]]+$' THEN
        status := 'invalid_email'; RETURN;
    END IF;
    IF v_username IS NULL OR pg_catalog.char_length(v_username) NOT BETWEEN 1 AND 100
       OR v_username ~ '[[:cntrl:]]' THEN
        status := 'invalid_username'; RETURN;
    END IF;
    IF p_password IS NULL OR pg_catalog.char_length(p_password) < 8 THEN
        status := 'weak_password'; RETURN;
    END IF;
    IF pg_catalog.octet_length(p_password) > 72 THEN
        status := 'password_too_long'; RETURN;
    END IF;
    -- Per address, serialised so that concurrent registrations count each other.
    PERFORM app.take_gate(app.gate_bucket(2, coalesce(pg_catalog.host(v_addr), 'local')));
    DELETE FROM app.register_attempts WHERE id IN (
        SELECT a.id FROM app.register_attempts a
         WHERE a.attempted_at < pg_catalog.clock_timestamp() - pg_catalog.make_interval(secs => v_window)
         ORDER BY a.attempted_at LIMIT 200);
    SELECT pg_catalog.count(*), pg_catalog.min(a.attempted_at) INTO v_n, v_first
      FROM app.register_attempts a WHERE a.client_addr IS NOT DISTINCT FROM v_addr;
    IF v_n >= v_limit THEN
        status := 'throttled';
        retry_after := greatest(1, ceil(extract(epoch FROM v_first + pg_catalog.make_interval(secs => v_window)
                                                            - pg_catalog.clock_timestamp())))::INTEGER;
        RETURN;
    END IF;
    INSERT INTO app.register_attempts (client_addr) VALUES (v_addr);
    v_hash := app.password_hash(p_password);
    INSERT INTO public.users (email, username, password_hash)
    VALUES (v_email, v_username, v_hash)
    ON CONFLICT DO NOTHING;
    status := 'ok';
END
$fn$;

-- Step 1 of sign-in (called by the procedure api.sign_in): waits for concurrent attempts of the
-- same email and address, counts the committed ones, and opens a 'pending' attempt that counts
-- as a failure until step 2 proves the password. 'pending' with a ticket, or 'throttled'.
CREATE FUNCTION api.sign_in_open(p_email TEXT, OUT status TEXT, OUT ticket BIGINT,
                                 OUT retry_after INTEGER)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_email TEXT := pg_catalog.left(pg_catalog.lower(pg_catalog.btrim(coalesce(p_email, ''))), 320);
    v_addr INET := pg_catalog.inet_client_addr();
    v_since TIMESTAMPTZ;
    v_n BIGINT;
    v_last TIMESTAMPTZ;
    v_until TIMESTAMPTZ;
    v_until_addr TIMESTAMPTZ;
BEGIN
    PERFORM app.require_read_committed();
    PERFORM app.take_gate(app.gate_bucket(0, v_email));
    IF v_addr IS NOT NULL THEN
        PERFORM app.take_gate(app.gate_bucket(1, pg_catalog.host(v_addr)));
    END IF;
    PERFORM app.prune_login_attempts(v_email, v_addr);
    -- Counted after the gates, with a fresh snapshot: every attempt committed before ours.
    v_since := pg_catalog.clock_timestamp() - pg_catalog.make_interval(secs => app.setting('throttle_window_seconds'));
    SELECT pg_catalog.count(*), pg_catalog.max(a.attempted_at) INTO v_n, v_last
      FROM app.login_attempts a
     WHERE a.email = v_email AND a.outcome IN ('failed', 'pending')
       AND a.attempted_at > greatest(v_since, (SELECT pg_catalog.max(s.attempted_at) FROM app.login_attempts s
                                               WHERE s.email = v_email AND s.outcome = 'succeeded'));
    v_until := app.lockout_until(v_n, v_last, app.setting('throttle_free_failures_email'));
    IF v_addr IS NOT NULL THEN
        SELECT pg_catalog.count(*), pg_catalog.max(a.attempted_at) INTO v_n, v_last
          FROM app.login_attempts a
         WHERE a.client_addr = v_addr AND a.outcome IN ('failed', 'pending') AND a.attempted_at > v_since;
        v_until_addr := app.lockout_until(v_n, v_last, app.setting('throttle_free_failures_address'));
        IF v_until IS NULL OR v_until_addr > v_until THEN
            v_until := v_until_addr;
        END IF;
    END IF;
    IF v_until IS NOT NULL AND v_until > pg_catalog.clock_timestamp() THEN
        -- Not recorded: a throttled attempt checks nothing, and rows here must stay bounded.
        status := 'throttled';
        retry_after := greatest(1, ceil(extract(epoch FROM v_until - pg_catalog.clock_timestamp())))::INTEGER;
        RETURN;
    END IF;
    ticket := pg_catalog.nextval('app.login_ticket_seq');
    INSERT INTO app.login_attempts (email, client_addr, outcome, ticket, opened_xid)
    VALUES (v_email, v_addr, 'pending', ticket, pg_catalog.pg_current_xact_id());
    status := 'pending';
END
$fn$;

-- Step 2: only for a committed attempt this session opened last; checking burns the ticket
-- (sequences ignore rollback), so one committed attempt buys exactly one password check.
CREATE FUNCTION api.sign_in_check(p_ticket BIGINT, p_password TEXT, p_user_agent TEXT,
    OUT status TEXT, OUT user_id UUID, OUT access_token TEXT, OUT refresh_token TEXT,
    OUT expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_current BIGINT;
    v_attempt RECORD;
    v_user RECORD;
    v_session RECORD;
BEGIN
    PERFORM app.require_read_committed();
    BEGIN
        v_current := pg_catalog.currval('app.login_ticket_seq');
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        v_current := NULL;
    END;
    PERFORM pg_catalog.nextval('app.login_ticket_seq');
    SELECT a.* INTO v_attempt FROM app.login_attempts a WHERE a.ticket = p_ticket FOR UPDATE;
    IF v_current IS DISTINCT FROM p_ticket OR NOT FOUND OR v_attempt.outcome <> 'pending'
       OR pg_catalog.pg_xact_status(v_attempt.opened_xid) IS DISTINCT FROM 'committed'
       OR v_attempt.attempted_at < pg_catalog.clock_timestamp() - interval '5 minutes' THEN
        status := 'invalid_credentials';
        RETURN;
    END IF;
    SELECT u.id, u.password_hash INTO v_user FROM public.users u
     WHERE u.email = v_attempt.email AND u.deleted_at IS NULL;
    IF NOT FOUND OR p_password IS NULL OR pg_catalog.octet_length(p_password) > 72 THEN
        -- Hash anyway, so an unknown email takes as long as a wrong password.
        PERFORM app.password_hash(coalesce(pg_catalog.left(p_password, 72), ''));
        UPDATE app.login_attempts SET outcome = 'failed' WHERE id = v_attempt.id;
        status := 'invalid_credentials';
        RETURN;
    END IF;
    IF NOT coalesce(app.password_matches(p_password, v_user.password_hash), false) THEN
        UPDATE app.login_attempts SET outcome = 'failed' WHERE id = v_attempt.id;
        status := 'invalid_credentials';
        RETURN;
    END IF;
    UPDATE app.login_attempts SET outcome = 'succeeded' WHERE id = v_attempt.id;
    IF pg_catalog.substr(v_user.password_hash, 5, 2)::INTEGER <> app.setting('bcrypt_cost') THEN
        UPDATE public.users SET password_hash = app.password_hash(p_password) WHERE id = v_user.id;
    END IF;
    SELECT * INTO v_session FROM app.new_session(v_user.id, p_user_agent);
    user_id := v_user.id;
    access_token := v_session.access_token;
    refresh_token := v_session.refresh_token;
    expires_at := v_session.access_expires_at;
    status := 'ok';
END
$fn$;

-- The entry point: CALL api.sign_in($1, $2, $3, NULL, NULL, NULL, NULL, NULL, NULL).
-- A procedure that COMMITs the attempt before the password is checked, so a failed guess is on
-- record even when the caller would roll back. PostgreSQL allows COMMIT only in a procedure
-- without SECURITY DEFINER and without SET, so this one has the caller's rights (it can do
-- only what the caller could do directly) and names everything with its schema; the two steps
-- above are the definer's. It cannot run inside a transaction block.
CREATE PROCEDURE api.sign_in(p_email TEXT, p_password TEXT, p_user_agent TEXT,
    INOUT status TEXT, INOUT retry_after INTEGER, INOUT user_id UUID, INOUT access_token TEXT,
    INOUT refresh_token TEXT, INOUT expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql
AS $fn$
DECLARE
    v_ticket BIGINT;
    v_check RECORD;
BEGIN
    SELECT o.status, o.ticket, o.retry_after INTO status, v_ticket, retry_after
      FROM api.sign_in_open(p_email) o;
    COMMIT;
    IF status OPERATOR(pg_catalog.<>) 'pending' THEN
        RETURN;
    END IF;
    SELECT * INTO v_check FROM api.sign_in_check(v_ticket, p_password, p_user_agent);
    COMMIT;
    status := v_check.status;
    user_id := v_check.user_id;
    access_token := v_check.access_token;
    refresh_token := v_check.refresh_token;
    expires_at := v_check.expires_at;
END
$fn$;

-- Exchanges a refresh token for a new pair. Single use: a spent token presented again revokes
-- the session it belonged to (someone else has a copy).
CREATE FUNCTION api.refresh(p_refresh_token TEXT,
    OUT status TEXT, OUT user_id UUID, OUT access_token TEXT, OUT refresh_token TEXT,
    OUT expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_hash TEXT := app.token_hash(p_refresh_token);
    v_session RECORD;
    v_spent UUID;
    v_now TIMESTAMPTZ;
BEGIN
    PERFORM app.require_read_committed();
    IF v_hash IS NULL OR pg_catalog.char_length(p_refresh_token) <> 64 THEN
        status := 'invalid_token'; RETURN;
    END IF;
    SELECT s.id, s.user_id, s.revoked_at, s.refresh_expires_at, u.deleted_at INTO v_session
      FROM public.user_sessions s JOIN public.users u ON u.id = s.user_id
     WHERE s.refresh_token_hash = v_hash
       FOR UPDATE OF s;
    v_now := pg_catalog.clock_timestamp();
    IF NOT FOUND THEN
        SELECT r.session_id INTO v_spent FROM app.spent_refresh_tokens r WHERE r.token_hash = v_hash;
        IF FOUND THEN
            UPDATE public.user_sessions SET revoked_at = coalesce(revoked_at, v_now),
                   revoked_reason = coalesce(revoked_reason, 'refresh_reused')
             WHERE id = v_spent;
            status := 'refresh_reused';
        ELSE
            status := 'invalid_token';
        END IF;
        RETURN;
    END IF;
    IF v_session.revoked_at IS NOT NULL OR v_session.deleted_at IS NOT NULL THEN
        status := 'invalid_token'; RETURN;
    END IF;
    IF v_session.refresh_expires_at IS NULL OR v_session.refresh_expires_at <= v_now THEN
        status := 'token_expired'; RETURN;
    END IF;
    INSERT INTO app.spent_refresh_tokens (token_hash, session_id) VALUES (v_hash, v_session.id);
    access_token := app.random_token();
    refresh_token := app.random_token();
    expires_at := v_now + pg_catalog.make_interval(secs => app.setting('access_token_ttl_seconds'));
    UPDATE public.user_sessions
       SET token_hash = app.token_hash(refresh.access_token),
           refresh_token_hash = app.token_hash(refresh.refresh_token),
           expires_at = refresh.expires_at,
           refresh_expires_at = v_now + pg_catalog.make_interval(secs => app.setting('refresh_token_ttl_seconds')),
           last_refreshed_at = v_now
     WHERE id = v_session.id;
    user_id := v_session.user_id;
    status := 'ok';
END
$fn$;

-- Ends the session of the access token, or of the refresh token (so a client whose access
-- token expired can still sign out). Never raises for a dead token: signing out always works.
CREATE FUNCTION api.logout(p_token TEXT, p_refresh_token TEXT DEFAULT NULL) RETURNS TEXT
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_access TEXT := app.token_hash(nullif(p_token, ''));
    v_refresh TEXT := app.token_hash(nullif(p_refresh_token, ''));
BEGIN
    PERFORM app.require_read_committed();
    UPDATE public.user_sessions
       SET revoked_at = pg_catalog.clock_timestamp(), revoked_reason = 'logout'
     WHERE revoked_at IS NULL
       AND ((v_access IS NOT NULL AND token_hash = v_access)
            OR (v_refresh IS NOT NULL AND refresh_token_hash = v_refresh));
    RETURN CASE WHEN FOUND THEN 'ok' ELSE 'not_signed_in' END;
END
$fn$;

-- Ends every session of the token's user (a lost laptop).
CREATE FUNCTION api.logout_all(p_token TEXT) RETURNS TEXT
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user UUID := app.api_user_id(p_token);
BEGIN
    UPDATE public.user_sessions SET revoked_at = pg_catalog.clock_timestamp(), revoked_reason = 'logout_all'
     WHERE user_id = v_user AND revoked_at IS NULL;
    RETURN 'ok';
END
$fn$;

CREATE FUNCTION api.whoami(p_token TEXT,
    OUT user_id UUID, OUT email TEXT, OUT username TEXT, OUT expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user UUID := app.api_user_id(p_token);
BEGIN
    SELECT u.id, u.email, u.username INTO user_id, email, username
      FROM public.users u WHERE u.id = v_user;
    SELECT s.expires_at INTO expires_at FROM public.user_sessions s
     WHERE s.token_hash = app.token_hash(p_token);
END
$fn$;

-- Ownership: the definer functions run as eknmusic_auth (users, sessions, auth tables, nothing
-- of the library). The procedure stays the owner's: it runs with the caller's rights anyway.
GRANT CREATE ON SCHEMA app, api TO eknmusic_auth; -- only while ownership moves (see 004)
ALTER TABLE app.sign_in_gates OWNER TO eknmusic_auth;
ALTER TABLE app.register_attempts OWNER TO eknmusic_auth;
ALTER FUNCTION app.random_token() OWNER TO eknmusic_auth;
ALTER FUNCTION app.password_hash(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.password_matches(TEXT, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.require_read_committed() OWNER TO eknmusic_auth;
ALTER FUNCTION app.api_user_id(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.gate_bucket(INTEGER, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.take_gate(INTEGER) OWNER TO eknmusic_auth;
ALTER FUNCTION app.prune_login_attempts(TEXT, INET) OWNER TO eknmusic_auth;
ALTER FUNCTION api.register(TEXT, TEXT, TEXT, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION api.sign_in_open(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION api.sign_in_check(BIGINT, TEXT, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION api.refresh(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION api.logout(TEXT, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION api.logout_all(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION api.whoami(TEXT) OWNER TO eknmusic_auth;
REVOKE CREATE ON SCHEMA app, api FROM eknmusic_auth;

REVOKE ALL ON FUNCTION app.random_token(), app.password_hash(TEXT), app.password_matches(TEXT, TEXT),
    app.require_read_committed(), app.api_user_id(TEXT), app.gate_bucket(INTEGER, TEXT),
    app.take_gate(INTEGER), app.prune_login_attempts(TEXT, INET),
    api.register(TEXT, TEXT, TEXT, TEXT), api.sign_in_open(TEXT), api.sign_in_check(BIGINT, TEXT, TEXT),
    api.refresh(TEXT), api.logout(TEXT, TEXT), api.logout_all(TEXT), api.whoami(TEXT)
    FROM PUBLIC;
REVOKE ALL ON PROCEDURE api.sign_in(TEXT, TEXT, TEXT, TEXT, INTEGER, UUID, TEXT, TEXT, TIMESTAMPTZ)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.register(TEXT, TEXT, TEXT, TEXT), api.sign_in_open(TEXT),
    api.sign_in_check(BIGINT, TEXT, TEXT), api.refresh(TEXT), api.logout(TEXT, TEXT),
    api.logout_all(TEXT), api.whoami(TEXT)
    TO eknmusic_client;
GRANT EXECUTE ON PROCEDURE api.sign_in(TEXT, TEXT, TEXT, TEXT, INTEGER, UUID, TEXT, TEXT, TIMESTAMPTZ)
    TO eknmusic_client;
