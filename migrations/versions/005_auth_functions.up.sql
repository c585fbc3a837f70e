-- 005 sign-in on the server: register, sign in, refresh, sign out, sign out everywhere.
--
-- Passwords are hashed here with pgcrypto bcrypt; tokens are 256 random bits of which only
-- the SHA-256 is stored. Every function answers with a status code the app maps to a plain
-- message ('ok', 'invalid_credentials', 'throttled', 'email_taken', 'invalid_email',
-- 'invalid_username', 'weak_password', 'password_too_long', 'invalid_token', 'token_expired',
-- 'refresh_reused', 'not_signed_in') instead of raising, so failures are recorded.
--
-- Sign-in is a procedure, app.sign_in, that COMMITs the attempt before the password is checked.
-- A client wrapping a plain login function in BEGIN ... ROLLBACK would otherwise learn whether
-- a guess was right while its failed attempts vanished with the rollback: brute force with no
-- throttle. A procedure cannot COMMIT inside the caller's transaction block, so it refuses to
-- run there; and the second step accepts only a committed attempt opened by the same session
-- (a non-transactional sequence ticket that each check burns).

-- pgcrypto: use it where it is, or install it into our schema (then 005's down removes it).
DO $ext$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto') THEN
        CREATE EXTENSION pgcrypto WITH SCHEMA app;
    END IF;
END
$ext$;

-- Tunables. Tests lower the bcrypt cost and the lockout; the defaults are production values.
CREATE TABLE app.settings (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL,
    CONSTRAINT settings_bcrypt_cost CHECK (key <> 'bcrypt_cost' OR value BETWEEN 4 AND 15)
);
INSERT INTO app.settings (key, value) VALUES
    ('bcrypt_cost', 10),                        -- ~60 ms per hash on one 2020s core
    ('access_token_ttl_seconds', 3600),
    ('refresh_token_ttl_seconds', 30 * 86400),
    ('throttle_window_seconds', 3600),          -- failures older than this are forgotten
    ('throttle_free_failures_email', 5),        -- failures per email before any lockout
    ('throttle_free_failures_address', 30),     -- failures per client address (all emails)
    ('throttle_base_seconds', 30),              -- first lockout; doubles per further failure
    ('throttle_max_seconds', 900);              -- lockout cap

CREATE FUNCTION app.setting(p_key TEXT) RETURNS INTEGER
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT value FROM app.settings WHERE key = p_key $fn$;

CREATE TABLE app.login_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    client_addr INET,
    outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'failed', 'succeeded', 'throttled')),
    ticket BIGINT,
    opened_xid XID8,
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX idx_login_attempts_email ON app.login_attempts(email, attempted_at);
CREATE INDEX idx_login_attempts_addr ON app.login_attempts(client_addr, attempted_at);
CREATE UNIQUE INDEX idx_login_attempts_ticket ON app.login_attempts(ticket);
CREATE SEQUENCE app.login_ticket_seq;

-- Refresh tokens already exchanged: presenting one again means it leaked, so the session dies.
CREATE TABLE app.spent_refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES public.user_sessions(id) ON DELETE CASCADE,
    spent_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX idx_spent_refresh_tokens_session ON app.spent_refresh_tokens(session_id);

CREATE FUNCTION app.token_hash(p_token TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT encode(sha256(convert_to(p_token, 'UTF8')), 'hex') $fn$;

-- The lockout that applies to the failures matching `p_failures` (count and last time).
CREATE FUNCTION app.lockout_until(p_failures BIGINT, p_last TIMESTAMPTZ, p_free INTEGER)
    RETURNS TIMESTAMPTZ
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN p_failures < p_free OR p_last IS NULL THEN NULL
        ELSE p_last + make_interval(secs => least(
            app.setting('throttle_max_seconds')::double precision,
            app.setting('throttle_base_seconds') * power(2::double precision,
                                                         least(p_failures - p_free, 30))))
    END
$fn$;

-- A new session for a user: returns the raw tokens once; stores their hashes.
CREATE FUNCTION app.new_session(p_user_id UUID, p_user_agent TEXT,
    OUT session_id UUID, OUT access_token TEXT, OUT refresh_token TEXT,
    OUT access_expires_at TIMESTAMPTZ, OUT refresh_expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, public, pg_temp
AS $fn$
BEGIN
    access_token := encode(gen_random_bytes(32), 'hex');
    refresh_token := encode(gen_random_bytes(32), 'hex');
    access_expires_at := now() + make_interval(secs => app.setting('access_token_ttl_seconds'));
    refresh_expires_at := now() + make_interval(secs => app.setting('refresh_token_ttl_seconds'));
    INSERT INTO public.user_sessions (user_id, token_hash, refresh_token_hash, expires_at,
                                      refresh_expires_at, user_agent, ip_address)
    VALUES (p_user_id, app.token_hash(access_token), app.token_hash(refresh_token),
            access_expires_at, refresh_expires_at, left(p_user_agent, 512), inet_client_addr())
    RETURNING id INTO session_id;
END
$fn$;

CREATE FUNCTION app.register(p_email TEXT, p_username TEXT, p_password TEXT, p_user_agent TEXT,
    OUT status TEXT, OUT user_id UUID, OUT access_token TEXT, OUT refresh_token TEXT,
    OUT access_expires_at TIMESTAMPTZ, OUT refresh_expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, public, pg_temp
AS $fn$
DECLARE
    v_email TEXT := lower(btrim(p_email));
    v_username TEXT := btrim(p_username);
    v_session RECORD;
BEGIN
    IF v_email IS NULL OR char_length(v_email) > 254
       OR v_email !~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+\.[^@[:space:][:cntrl:]]+$' THEN
        status := 'invalid_email'; RETURN;
    END IF;
    IF v_username IS NULL OR char_length(v_username) NOT BETWEEN 1 AND 100
       OR v_username ~ '[[:cntrl:]]' THEN
        status := 'invalid_username'; RETURN;
    END IF;
    IF p_password IS NULL OR char_length(p_password) < 8 THEN
        status := 'weak_password'; RETURN;
    END IF;
    -- bcrypt reads 72 bytes and ignores the rest: refuse rather than silently truncate.
    IF octet_length(p_password) > 72 THEN
        status := 'password_too_long'; RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM public.users u WHERE u.email = v_email) THEN
        status := 'email_taken'; RETURN;
    END IF;
    BEGIN
        INSERT INTO public.users (email, username, password_hash)
        VALUES (v_email, v_username, crypt(p_password, gen_salt('bf', app.setting('bcrypt_cost'))))
        RETURNING id INTO user_id;
    EXCEPTION WHEN unique_violation THEN
        status := 'email_taken'; RETURN;
    END;
    SELECT * INTO v_session FROM app.new_session(user_id, p_user_agent);
    access_token := v_session.access_token;
    refresh_token := v_session.refresh_token;
    access_expires_at := v_session.access_expires_at;
    refresh_expires_at := v_session.refresh_expires_at;
    status := 'ok';
END
$fn$;

-- Step 1 of sign-in: throttle check, then a 'pending' attempt that counts as a failure until
-- step 2 proves the password. Returns status 'pending' with a ticket, or 'throttled'.
CREATE FUNCTION app.sign_in_open(p_email TEXT, OUT status TEXT, OUT ticket BIGINT,
                                 OUT retry_after INTEGER)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, public, pg_temp
AS $fn$
DECLARE
    v_email TEXT := left(lower(btrim(coalesce(p_email, ''))), 320);
    v_addr INET := inet_client_addr();
    v_since TIMESTAMPTZ := now() - make_interval(secs => app.setting('throttle_window_seconds'));
    v_n BIGINT;
    v_last TIMESTAMPTZ;
    v_until TIMESTAMPTZ;
    v_until_addr TIMESTAMPTZ;
BEGIN
    -- Per email: failures since the last success inside the window.
    SELECT count(*), max(a.attempted_at) INTO v_n, v_last
      FROM app.login_attempts a
     WHERE a.email = v_email AND a.outcome IN ('failed', 'pending')
       AND a.attempted_at > greatest(v_since, (SELECT max(s.attempted_at) FROM app.login_attempts s
                                               WHERE s.email = v_email AND s.outcome = 'succeeded'));
    v_until := app.lockout_until(v_n, v_last, app.setting('throttle_free_failures_email'));
    -- Per client address, across emails (password spraying). Unix-socket clients have none.
    IF v_addr IS NOT NULL THEN
        SELECT count(*), max(a.attempted_at) INTO v_n, v_last
          FROM app.login_attempts a
         WHERE a.client_addr = v_addr AND a.outcome IN ('failed', 'pending')
           AND a.attempted_at > v_since;
        v_until_addr := app.lockout_until(v_n, v_last, app.setting('throttle_free_failures_address'));
        IF v_until IS NULL OR v_until_addr > v_until THEN
            v_until := v_until_addr;
        END IF;
    END IF;
    IF v_until IS NOT NULL AND v_until > clock_timestamp() THEN
        INSERT INTO app.login_attempts (email, client_addr, outcome) VALUES (v_email, v_addr, 'throttled');
        status := 'throttled';
        retry_after := greatest(1, ceil(extract(epoch FROM v_until - clock_timestamp())))::INTEGER;
        RETURN;
    END IF;
    ticket := nextval('app.login_ticket_seq');
    INSERT INTO app.login_attempts (email, client_addr, outcome, ticket, opened_xid)
    VALUES (v_email, v_addr, 'pending', ticket, pg_current_xact_id());
    status := 'pending';
END
$fn$;

-- Step 2: only for a committed attempt this session opened last; checking burns the ticket
-- (sequences ignore rollback), so one committed attempt buys exactly one password check.
CREATE FUNCTION app.sign_in_check(p_ticket BIGINT, p_password TEXT, p_user_agent TEXT,
    OUT status TEXT, OUT user_id UUID, OUT access_token TEXT, OUT refresh_token TEXT,
    OUT access_expires_at TIMESTAMPTZ, OUT refresh_expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, public, pg_temp
AS $fn$
DECLARE
    v_current BIGINT;
    v_attempt RECORD;
    v_user RECORD;
    v_session RECORD;
BEGIN
    BEGIN
        v_current := currval('app.login_ticket_seq');
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        v_current := NULL;
    END;
    PERFORM nextval('app.login_ticket_seq');
    SELECT a.* INTO v_attempt FROM app.login_attempts a WHERE a.ticket = p_ticket FOR UPDATE;
    IF v_current IS DISTINCT FROM p_ticket OR NOT FOUND OR v_attempt.outcome <> 'pending'
       OR pg_xact_status(v_attempt.opened_xid) IS DISTINCT FROM 'committed'
       OR v_attempt.attempted_at < clock_timestamp() - interval '5 minutes' THEN
        status := 'invalid_credentials';
        RETURN;
    END IF;
    SELECT u.id, u.password_hash INTO v_user FROM public.users u
     WHERE u.email = v_attempt.email AND u.deleted_at IS NULL;
    IF NOT FOUND OR p_password IS NULL OR octet_length(p_password) > 72 THEN
        -- Hash anyway, so an unknown email takes as long as a wrong password.
        PERFORM crypt(coalesce(left(p_password, 72), ''), gen_salt('bf', app.setting('bcrypt_cost')));
        UPDATE app.login_attempts SET outcome = 'failed' WHERE id = v_attempt.id;
        status := 'invalid_credentials';
        RETURN;
    END IF;
    IF crypt(p_password, v_user.password_hash) IS DISTINCT FROM v_user.password_hash THEN
        UPDATE app.login_attempts SET outcome = 'failed' WHERE id = v_attempt.id;
        status := 'invalid_credentials';
        RETURN;
    END IF;
    UPDATE app.login_attempts SET outcome = 'succeeded' WHERE id = v_attempt.id;
    -- Rehash when the configured cost changed since the password was set.
    IF substr(v_user.password_hash, 5, 2)::INTEGER <> app.setting('bcrypt_cost') THEN
        UPDATE public.users SET password_hash = crypt(p_password, gen_salt('bf', app.setting('bcrypt_cost')))
         WHERE id = v_user.id;
    END IF;
    SELECT * INTO v_session FROM app.new_session(v_user.id, p_user_agent);
    user_id := v_user.id;
    access_token := v_session.access_token;
    refresh_token := v_session.refresh_token;
    access_expires_at := v_session.access_expires_at;
    refresh_expires_at := v_session.refresh_expires_at;
    status := 'ok';
END
$fn$;

-- The entry point the app calls: CALL app.sign_in(email, password, user_agent, NULL, ...).
-- Deliberately not SECURITY DEFINER (such procedures cannot COMMIT); it has only the caller's
-- rights and calls the two steps above.
CREATE PROCEDURE app.sign_in(p_email TEXT, p_password TEXT, p_user_agent TEXT,
    INOUT status TEXT, INOUT user_id UUID, INOUT access_token TEXT, INOUT refresh_token TEXT,
    INOUT access_expires_at TIMESTAMPTZ, INOUT refresh_expires_at TIMESTAMPTZ,
    INOUT retry_after INTEGER)
    LANGUAGE plpgsql
AS $fn$
DECLARE
    v_ticket BIGINT;
    v_check RECORD;
BEGIN
    SELECT o.status, o.ticket, o.retry_after INTO status, v_ticket, retry_after
      FROM app.sign_in_open(p_email) o;
    COMMIT;
    IF status <> 'pending' THEN
        RETURN;
    END IF;
    SELECT * INTO v_check FROM app.sign_in_check(v_ticket, p_password, p_user_agent);
    COMMIT;
    status := v_check.status;
    user_id := v_check.user_id;
    access_token := v_check.access_token;
    refresh_token := v_check.refresh_token;
    access_expires_at := v_check.access_expires_at;
    refresh_expires_at := v_check.refresh_expires_at;
END
$fn$;

-- Exchanges a refresh token for a new pair. Single use: a spent token presented again revokes
-- the session it belonged to (someone else has a copy).
CREATE FUNCTION app.refresh(p_refresh_token TEXT,
    OUT status TEXT, OUT user_id UUID, OUT access_token TEXT, OUT refresh_token TEXT,
    OUT access_expires_at TIMESTAMPTZ, OUT refresh_expires_at TIMESTAMPTZ)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, public, pg_temp
AS $fn$
DECLARE
    v_hash TEXT := app.token_hash(p_refresh_token);
    v_session RECORD;
    v_spent UUID;
BEGIN
    IF v_hash IS NULL OR char_length(p_refresh_token) <> 64 THEN
        status := 'invalid_token'; RETURN;
    END IF;
    SELECT s.id, s.user_id, s.revoked_at, s.refresh_expires_at, u.deleted_at
      INTO v_session
      FROM public.user_sessions s JOIN public.users u ON u.id = s.user_id
     WHERE s.refresh_token_hash = v_hash
       FOR UPDATE OF s;
    IF NOT FOUND THEN
        SELECT r.session_id INTO v_spent FROM app.spent_refresh_tokens r WHERE r.token_hash = v_hash;
        IF FOUND THEN
            UPDATE public.user_sessions SET revoked_at = coalesce(revoked_at, now()),
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
    IF v_session.refresh_expires_at IS NULL OR v_session.refresh_expires_at <= now() THEN
        status := 'token_expired'; RETURN;
    END IF;
    INSERT INTO app.spent_refresh_tokens (token_hash, session_id) VALUES (v_hash, v_session.id);
    access_token := encode(gen_random_bytes(32), 'hex');
    refresh_token := encode(gen_random_bytes(32), 'hex');
    access_expires_at := now() + make_interval(secs => app.setting('access_token_ttl_seconds'));
    refresh_expires_at := now() + make_interval(secs => app.setting('refresh_token_ttl_seconds'));
    UPDATE public.user_sessions
       SET token_hash = app.token_hash(access_token),
           refresh_token_hash = app.token_hash(refresh_token),
           expires_at = access_expires_at,
           refresh_expires_at = refresh.refresh_expires_at,
           last_refreshed_at = now()
     WHERE id = v_session.id;
    user_id := v_session.user_id;
    status := 'ok';
END
$fn$;

-- Ends the session of the access token in `eknmusic.token`, or of the given refresh token
-- (so a client whose access token expired can still sign out).
CREATE FUNCTION app.logout(p_refresh_token TEXT DEFAULT NULL) RETURNS TEXT
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, public, pg_temp
AS $fn$
DECLARE
    v_access TEXT := app.token_hash(nullif(current_setting('eknmusic.token', true), ''));
    v_refresh TEXT := app.token_hash(p_refresh_token);
BEGIN
    UPDATE public.user_sessions
       SET revoked_at = now(), revoked_reason = 'logout'
     WHERE revoked_at IS NULL
       AND ((v_access IS NOT NULL AND token_hash = v_access AND expires_at > now())
            OR (v_refresh IS NOT NULL AND refresh_token_hash = v_refresh));
    RETURN CASE WHEN FOUND THEN 'ok' ELSE 'not_signed_in' END;
END
$fn$;

-- Ends every session of the signed-in user (a lost laptop).
CREATE FUNCTION app.logout_all() RETURNS TEXT
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, public, pg_temp
AS $fn$
DECLARE
    v_user UUID := app.current_user_id();
BEGIN
    IF v_user IS NULL THEN
        RETURN 'not_signed_in';
    END IF;
    UPDATE public.user_sessions SET revoked_at = now(), revoked_reason = 'logout_all'
     WHERE user_id = v_user AND revoked_at IS NULL;
    RETURN 'ok';
END
$fn$;

-- Ownership and privileges: the definer functions run as eknmusic_auth; the client may call
-- the entry points and nothing else in this file.
GRANT CREATE ON SCHEMA app TO eknmusic_auth; -- only while ownership moves (see 004)
ALTER TABLE app.settings OWNER TO eknmusic_auth;
ALTER TABLE app.login_attempts OWNER TO eknmusic_auth;
ALTER SEQUENCE app.login_ticket_seq OWNER TO eknmusic_auth;
ALTER TABLE app.spent_refresh_tokens OWNER TO eknmusic_auth;
ALTER FUNCTION app.setting(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.token_hash(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.lockout_until(BIGINT, TIMESTAMPTZ, INTEGER) OWNER TO eknmusic_auth;
ALTER FUNCTION app.new_session(UUID, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.register(TEXT, TEXT, TEXT, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.sign_in_open(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.sign_in_check(BIGINT, TEXT, TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.refresh(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.logout(TEXT) OWNER TO eknmusic_auth;
ALTER FUNCTION app.logout_all() OWNER TO eknmusic_auth;
REVOKE CREATE ON SCHEMA app FROM eknmusic_auth;

REVOKE ALL ON FUNCTION app.setting(TEXT), app.token_hash(TEXT),
    app.lockout_until(BIGINT, TIMESTAMPTZ, INTEGER), app.new_session(UUID, TEXT),
    app.register(TEXT, TEXT, TEXT, TEXT), app.sign_in_open(TEXT),
    app.sign_in_check(BIGINT, TEXT, TEXT), app.refresh(TEXT), app.logout(TEXT), app.logout_all()
    FROM PUBLIC;
REVOKE ALL ON PROCEDURE app.sign_in(TEXT, TEXT, TEXT, TEXT, UUID, TEXT, TEXT, TIMESTAMPTZ,
                                    TIMESTAMPTZ, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.register(TEXT, TEXT, TEXT, TEXT), app.sign_in_open(TEXT),
    app.sign_in_check(BIGINT, TEXT, TEXT), app.refresh(TEXT), app.logout(TEXT), app.logout_all()
    TO eknmusic_client;
GRANT EXECUTE ON PROCEDURE app.sign_in(TEXT, TEXT, TEXT, TEXT, UUID, TEXT, TEXT, TIMESTAMPTZ,
                                       TIMESTAMPTZ, INTEGER) TO eknmusic_client;
