-- 004 roles and row-level security.
--
-- The desktop app connects with a login that every user of the app knows, so the database
-- itself keeps each user inside their own rows:
--   eknmusic_client  NOLOGIN group role; the app's login role is a member of it (created by
--                    the operator, see migrations/README.md). SELECT/INSERT/UPDATE on the
--                    library tables, never DELETE, never a password or token hash.
--   eknmusic_auth    NOLOGIN role that owns the SECURITY DEFINER functions (app.current_user_id
--                    here, sign-in in 005). It may read users and user_sessions and nothing
--                    else of the library, so a bug in an auth function cannot reach tracks.
-- The migration owner keeps owning the tables; FORCE makes it subject to RLS too, so only a
-- superuser (or an explicit NO FORCE in a later migration) sees across users.
--
-- Roles are cluster-wide and several databases may share a cluster: create them only when
-- missing, and tolerate a concurrent creator.

DO $roles$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['eknmusic_client', 'eknmusic_auth'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN NULL;
                WHEN insufficient_privilege THEN
                    RAISE EXCEPTION '%', format('role %s is missing and %s may not create roles: a superuser '
                        'runs CREATE ROLE %s NOLOGIN once per cluster, or gives %s CREATEROLE',
                        r, current_user, r, current_user);
            END;
        END IF;
    END LOOP;
END
$roles$;

-- The migrating role must be able to hand functions to eknmusic_auth (a superuser can anyway).
DO $member$
BEGIN
    IF NOT pg_has_role(current_user, 'eknmusic_auth', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT eknmusic_auth TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION '%', format('%s must be a member of eknmusic_auth to hand it the sign-in '
                'functions: a superuser runs GRANT eknmusic_auth TO %s, or gives %s CREATEROLE',
                current_user, current_user, current_user);
        END;
    END IF;
END
$member$;

CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'EKNMusic server functions: authentication and row ownership';

-- Sessions: revocation and rotation bookkeeping (the seed has only expires_at).
ALTER TABLE user_sessions
    ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN revoked_reason TEXT,
    ADD COLUMN refresh_expires_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN last_refreshed_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX idx_sessions_refresh_token_hash ON user_sessions(refresh_token_hash)
    WHERE refresh_token_hash IS NOT NULL;

-- Children carry their owner too, so their policies need no join and they shard with it.
-- The composite foreign keys make "a child row belongs to its parent's user" a constraint,
-- not a hope: a client cannot hang metadata or playlist entries on someone else's rows, and a
-- distributed PostgreSQL (Citus) can co-locate them, as it requires the shard key in the FK.
ALTER TABLE music_tracks ADD CONSTRAINT music_tracks_id_user_id_key UNIQUE (id, user_id);
ALTER TABLE playlists ADD CONSTRAINT playlists_id_user_id_key UNIQUE (id, user_id);

ALTER TABLE track_metadata ADD COLUMN user_id UUID;
UPDATE track_metadata m SET user_id = t.user_id FROM music_tracks t WHERE t.id = m.track_id;
ALTER TABLE track_metadata ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE track_metadata ADD CONSTRAINT track_metadata_track_owner_fkey
    FOREIGN KEY (track_id, user_id) REFERENCES music_tracks(id, user_id) ON DELETE CASCADE;
CREATE INDEX idx_track_metadata_user_id ON track_metadata(user_id);
CREATE INDEX idx_track_metadata_track_owner ON track_metadata(track_id, user_id);

ALTER TABLE playlist_tracks ADD COLUMN user_id UUID;
UPDATE playlist_tracks pt SET user_id = p.user_id FROM playlists p WHERE p.id = pt.playlist_id;
ALTER TABLE playlist_tracks ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE playlist_tracks ADD CONSTRAINT playlist_tracks_playlist_owner_fkey
    FOREIGN KEY (playlist_id, user_id) REFERENCES playlists(id, user_id) ON DELETE CASCADE;
ALTER TABLE playlist_tracks ADD CONSTRAINT playlist_tracks_track_owner_fkey
    FOREIGN KEY (track_id, user_id) REFERENCES music_tracks(id, user_id) ON DELETE CASCADE;
CREATE INDEX idx_playlist_tracks_user_id ON playlist_tracks(user_id);
CREATE INDEX idx_playlist_tracks_track_owner ON playlist_tracks(track_id, user_id);

-- The signed-in user: the session whose access token the client put in `eknmusic.token` for
-- this transaction. Only the SHA-256 of a token is stored, so the raw token is the proof.
-- Setting any other variable (a user id, say) gains nothing.
-- PL/pgSQL rather than SQL on purpose: a SQL function with a SET clause is never inlined and
-- is planned again in every statement that calls it (~0.3 ms); PL/pgSQL keeps its plan for the
-- session (~0.03 ms), and RLS calls this once per table in every client statement.
CREATE FUNCTION app.current_user_id() RETURNS UUID
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN (SELECT s.user_id
              FROM public.user_sessions s
              JOIN public.users u ON u.id = s.user_id
             WHERE s.token_hash = encode(sha256(convert_to(
                       nullif(current_setting('eknmusic.token', true), ''), 'UTF8')), 'hex')
               AND s.revoked_at IS NULL
               AND s.expires_at > now()
               AND u.deleted_at IS NULL);
END
$fn$;
-- A new owner needs CREATE on the schema at the moment of the change (a superuser skips the
-- check); eknmusic_auth keeps only USAGE afterwards.
GRANT CREATE ON SCHEMA app TO eknmusic_auth;
ALTER FUNCTION app.current_user_id() OWNER TO eknmusic_auth;
REVOKE CREATE ON SCHEMA app FROM eknmusic_auth;
REVOKE ALL ON FUNCTION app.current_user_id() FROM PUBLIC;

-- Triggers own the server-controlled columns. With a signed-in client, user_id is always
-- theirs and created_at is the server's clock; without one (the owner loading data) the given
-- values stand. On update nobody moves a row to another user, created_at never changes and
-- updated_at is now().
CREATE FUNCTION app.tg_owned_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    uid UUID := app.current_user_id();
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF uid IS NOT NULL THEN
            NEW.user_id := uid;
            NEW.created_at := now();
            NEW.updated_at := now();
        END IF;
    ELSE
        IF NEW.user_id IS DISTINCT FROM OLD.user_id THEN
            RAISE EXCEPTION 'user_id_immutable' USING ERRCODE = '42501',
                DETAIL = 'A row cannot be moved to another user.';
        END IF;
        NEW.created_at := OLD.created_at;
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$fn$;

CREATE FUNCTION app.tg_track_child_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    uid UUID := app.current_user_id();
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF uid IS NOT NULL THEN
            NEW.user_id := uid;
            NEW.created_at := now();
        ELSIF NEW.user_id IS NULL THEN
            SELECT t.user_id INTO NEW.user_id FROM public.music_tracks t WHERE t.id = NEW.track_id;
        END IF;
    ELSE
        IF NEW.user_id IS DISTINCT FROM OLD.user_id THEN
            RAISE EXCEPTION 'user_id_immutable' USING ERRCODE = '42501',
                DETAIL = 'A row cannot be moved to another user.';
        END IF;
        NEW.created_at := OLD.created_at;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE FUNCTION app.tg_playlist_child_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    uid UUID := app.current_user_id();
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF uid IS NOT NULL THEN
            NEW.user_id := uid;
            NEW.added_at := now();
        ELSIF NEW.user_id IS NULL THEN
            SELECT p.user_id INTO NEW.user_id FROM public.playlists p WHERE p.id = NEW.playlist_id;
        END IF;
    ELSE
        IF NEW.user_id IS DISTINCT FROM OLD.user_id THEN
            RAISE EXCEPTION 'user_id_immutable' USING ERRCODE = '42501',
                DETAIL = 'A row cannot be moved to another user.';
        END IF;
        NEW.added_at := OLD.added_at;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE FUNCTION app.tg_user_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id THEN
        RAISE EXCEPTION 'user_id_immutable' USING ERRCODE = '42501';
    END IF;
    NEW.created_at := OLD.created_at;
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$;

CREATE TRIGGER trg_music_tracks_owned BEFORE INSERT OR UPDATE ON music_tracks
    FOR EACH ROW EXECUTE FUNCTION app.tg_owned_row();
CREATE TRIGGER trg_playlists_owned BEFORE INSERT OR UPDATE ON playlists
    FOR EACH ROW EXECUTE FUNCTION app.tg_owned_row();
CREATE TRIGGER trg_track_metadata_owned BEFORE INSERT OR UPDATE ON track_metadata
    FOR EACH ROW EXECUTE FUNCTION app.tg_track_child_row();
CREATE TRIGGER trg_playlist_tracks_owned BEFORE INSERT OR UPDATE ON playlist_tracks
    FOR EACH ROW EXECUTE FUNCTION app.tg_playlist_child_row();
CREATE TRIGGER trg_users_timestamps BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION app.tg_user_row();

-- Row-level security, enabled and forced. `(SELECT app.current_user_id())` is an InitPlan:
-- evaluated once per statement, then each row is a plain equality on an indexed column.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE music_tracks ENABLE ROW LEVEL SECURITY;
ALTER TABLE music_tracks FORCE ROW LEVEL SECURITY;
ALTER TABLE track_metadata ENABLE ROW LEVEL SECURITY;
ALTER TABLE track_metadata FORCE ROW LEVEL SECURITY;
ALTER TABLE playlists ENABLE ROW LEVEL SECURITY;
ALTER TABLE playlists FORCE ROW LEVEL SECURITY;
ALTER TABLE playlist_tracks ENABLE ROW LEVEL SECURITY;
ALTER TABLE playlist_tracks FORCE ROW LEVEL SECURITY;

CREATE POLICY client_own_user_select ON users FOR SELECT TO eknmusic_client
    USING (id = (SELECT app.current_user_id()));
CREATE POLICY client_own_user_update ON users FOR UPDATE TO eknmusic_client
    USING (id = (SELECT app.current_user_id())) WITH CHECK (id = (SELECT app.current_user_id()));
CREATE POLICY client_own_sessions ON user_sessions FOR SELECT TO eknmusic_client
    USING (user_id = (SELECT app.current_user_id()));
CREATE POLICY client_own_rows ON music_tracks FOR ALL TO eknmusic_client
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY client_own_rows ON track_metadata FOR ALL TO eknmusic_client
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY client_own_rows ON playlists FOR ALL TO eknmusic_client
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY client_own_rows ON playlist_tracks FOR ALL TO eknmusic_client
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));

-- The auth functions (owned by eknmusic_auth) look up any account and session by hash.
CREATE POLICY auth_all_users ON users FOR ALL TO eknmusic_auth USING (true) WITH CHECK (true);
CREATE POLICY auth_all_sessions ON user_sessions FOR ALL TO eknmusic_auth USING (true) WITH CHECK (true);

-- Privileges. No DELETE anywhere (soft delete via deleted_at); no column holding a hash.
GRANT USAGE ON SCHEMA app TO eknmusic_client, eknmusic_auth;
GRANT USAGE ON SCHEMA public TO eknmusic_client, eknmusic_auth;
GRANT EXECUTE ON FUNCTION app.current_user_id() TO eknmusic_client;
GRANT SELECT (id, email, username, email_verified, created_at, updated_at, deleted_at)
    ON users TO eknmusic_client;
GRANT UPDATE (username) ON users TO eknmusic_client;
GRANT SELECT (id, user_id, expires_at, user_agent, ip_address, created_at, revoked_at,
              revoked_reason, refresh_expires_at, last_refreshed_at)
    ON user_sessions TO eknmusic_client;
GRANT SELECT, INSERT, UPDATE ON music_tracks, track_metadata, playlists, playlist_tracks
    TO eknmusic_client;
GRANT SELECT, INSERT, UPDATE ON users, user_sessions TO eknmusic_auth;
