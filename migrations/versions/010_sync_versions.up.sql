-- 010 sync: a per-user change cursor that never skips a row committed late.
--
-- user_sync_state holds one counter per user. Every write to a synced table takes the next
-- value inside the writing transaction (one value per transaction) by updating that user's
-- counter row, whose row lock is held until commit: a second writer of the same user waits
-- there, so one user's transactions commit in version order. A pull that reads the committed
-- counter H and then `sync_version > cursor AND sync_version <= H` can therefore never miss a
-- row that commits later with a smaller version. Users never wait on each other (the lock is
-- per user), and the counter shards with its user.
--
-- field_versions records, per column (and per metadata key as "metadata.<key>"), the version
-- that last changed it; the client compares it to the version its edit was based on to tell
-- "the server changed this field too" (a conflict) from "the server changed other fields".
-- A playlist travels with its entries: any change of membership or order sets the playlist's
-- "entries" field version, and so its sync_version. Soft deletes (deleted_at, also on
-- track_metadata and playlist_tracks now) travel as ordinary changes: the client has no DELETE.

CREATE TABLE user_sync_state (
    user_id UUID PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    version BIGINT NOT NULL DEFAULT 0
);
ALTER TABLE user_sync_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY client_own_state ON user_sync_state FOR SELECT TO eknmusic_client
    USING (user_id = (SELECT app.current_user_id()));
GRANT SELECT ON user_sync_state TO eknmusic_client;

ALTER TABLE music_tracks
    ADD COLUMN sync_version BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN field_versions JSONB NOT NULL DEFAULT '{}';
ALTER TABLE track_metadata
    ADD COLUMN sync_version BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE playlists
    ADD COLUMN sync_version BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN field_versions JSONB NOT NULL DEFAULT '{}';
ALTER TABLE playlist_tracks
    ADD COLUMN sync_version BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX idx_music_tracks_user_sync ON music_tracks(user_id, sync_version, id);
CREATE INDEX idx_track_metadata_user_sync ON track_metadata(user_id, sync_version, id);
CREATE INDEX idx_playlists_user_sync ON playlists(user_id, sync_version, id);

-- The version of the current transaction for one user: the first call bumps the counter (and
-- holds its row lock until commit) and caches the value in a transaction-local setting keyed
-- by the transaction id; the triggers read that cache themselves, so only the first row of a
-- transaction pays for a function call. A client may only bump its own counter.
CREATE FUNCTION app.bump_sync_version(p_user UUID) RETURNS BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_xid TEXT := pg_current_xact_id()::text;
    v_version BIGINT;
BEGIN
    IF pg_has_role(session_user, 'eknmusic_client', 'MEMBER')
       AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user)
       AND p_user IS DISTINCT FROM app.current_user_id() THEN
        RAISE EXCEPTION 'not_your_counter' USING ERRCODE = '42501';
    END IF;
    INSERT INTO public.user_sync_state AS s (user_id, version) VALUES (p_user, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = s.version + 1
        RETURNING s.version INTO v_version;
    PERFORM set_config('eknmusic.sync_tx_' || replace(p_user::text, '-', ''), v_xid || ':' || v_version::text, true);
    RETURN v_version;
END
$fn$;
REVOKE ALL ON FUNCTION app.bump_sync_version(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.bump_sync_version(UUID) TO eknmusic_client;

-- The cached version of this transaction, or a new one. Invoker's rights and no SET clause
-- (both cost per call); every name is schema-qualified or in pg_catalog.
CREATE FUNCTION app.sync_version_for(p_user UUID) RETURNS BIGINT
    LANGUAGE plpgsql
AS $fn$
DECLARE
    v_cached TEXT := pg_catalog.current_setting('eknmusic.sync_tx_' || pg_catalog.replace(p_user::text, '-', ''), true);
    v_xid TEXT := pg_catalog.pg_current_xact_id()::text;
BEGIN
    IF v_cached IS NOT NULL AND pg_catalog.split_part(v_cached, ':', 1) = v_xid THEN
        RETURN pg_catalog.split_part(v_cached, ':', 2)::bigint;
    END IF;
    RETURN app.bump_sync_version(p_user);
END
$fn$;
GRANT EXECUTE ON FUNCTION app.sync_version_for(UUID) TO eknmusic_client;

-- BEFORE INSERT OR UPDATE on music_tracks and playlists (after the owner trigger, by name):
-- the row's version, and which fields this version changed.
CREATE FUNCTION app.tg_sync_versioned_row() RETURNS trigger
    LANGUAGE plpgsql
AS $fn$
DECLARE
    v BIGINT := app.sync_version_for(NEW.user_id);
    skip TEXT[] := ARRAY['sync_version', 'field_versions', 'updated_at', 'created_at', 'user_id', 'metadata'];
    n JSONB;
    o JSONB;
    k TEXT;
    fv JSONB;
BEGIN
    NEW.sync_version := v;
    IF TG_OP = 'INSERT' THEN
        NEW.field_versions := '{}';
        RETURN NEW;
    END IF;
    fv := OLD.field_versions;
    -- A playlist whose entries changed is marked by whoever changed them (the entries trigger
    -- below, or a client that replaced the list) with any value under "entries".
    IF TG_TABLE_NAME = 'playlists'
       AND (NEW.field_versions -> 'entries') IS DISTINCT FROM (OLD.field_versions -> 'entries') THEN
        fv := pg_catalog.jsonb_set(fv, ARRAY['entries'], pg_catalog.to_jsonb(v));
    END IF;
    n := pg_catalog.to_jsonb(NEW) - skip;
    o := pg_catalog.to_jsonb(OLD) - skip;
    FOR k IN SELECT e.key FROM pg_catalog.jsonb_each(n) e WHERE e.value IS DISTINCT FROM o -> e.key LOOP
        fv := pg_catalog.jsonb_set(fv, ARRAY[k], pg_catalog.to_jsonb(v));
    END LOOP;
    IF TG_TABLE_NAME = 'music_tracks' THEN
        n := coalesce(pg_catalog.to_jsonb(NEW) -> 'metadata', '{}');
        o := coalesce(pg_catalog.to_jsonb(OLD) -> 'metadata', '{}');
        IF pg_catalog.jsonb_typeof(n) <> 'object' THEN n := '{}'; END IF;
        IF pg_catalog.jsonb_typeof(o) <> 'object' THEN o := '{}'; END IF;
        FOR k IN SELECT e.key FROM pg_catalog.jsonb_each(n) e WHERE e.value IS DISTINCT FROM o -> e.key
                 UNION SELECT e.key FROM pg_catalog.jsonb_each(o) e WHERE NOT pg_catalog.jsonb_exists(n, e.key) LOOP
            fv := pg_catalog.jsonb_set(fv, ARRAY['metadata.' || k], pg_catalog.to_jsonb(v));
        END LOOP;
    END IF;
    NEW.field_versions := fv;
    RETURN NEW;
END
$fn$;

-- BEFORE INSERT OR UPDATE on track_metadata and playlist_tracks: the row's version only.
CREATE FUNCTION app.tg_sync_child_row() RETURNS trigger
    LANGUAGE plpgsql
AS $fn$
BEGIN
    NEW.sync_version := app.sync_version_for(NEW.user_id);
    RETURN NEW;
END
$fn$;

-- AFTER each statement on playlist_tracks: the playlists whose entries changed get a new
-- version, so a pull that sees the playlist also fetches its whole entry list.
CREATE FUNCTION app.tg_playlist_entries_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE public.playlists p
       SET field_versions = jsonb_set(p.field_versions, ARRAY['entries'],
                                      to_jsonb(coalesce((p.field_versions ->> 'entries')::bigint, 0) + 1))
     WHERE p.id IN (SELECT DISTINCT c.playlist_id FROM changed c);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER trg_music_tracks_sync BEFORE INSERT OR UPDATE ON music_tracks
    FOR EACH ROW EXECUTE FUNCTION app.tg_sync_versioned_row();
CREATE TRIGGER trg_playlists_sync BEFORE INSERT OR UPDATE ON playlists
    FOR EACH ROW EXECUTE FUNCTION app.tg_sync_versioned_row();
CREATE TRIGGER trg_track_metadata_sync BEFORE INSERT OR UPDATE ON track_metadata
    FOR EACH ROW EXECUTE FUNCTION app.tg_sync_child_row();
CREATE TRIGGER trg_playlist_tracks_sync BEFORE INSERT OR UPDATE ON playlist_tracks
    FOR EACH ROW EXECUTE FUNCTION app.tg_sync_child_row();
CREATE TRIGGER trg_playlist_tracks_entries_ins AFTER INSERT ON playlist_tracks
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION app.tg_playlist_entries_changed();
CREATE TRIGGER trg_playlist_tracks_entries_upd AFTER UPDATE ON playlist_tracks
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION app.tg_playlist_entries_changed();

-- The app checks at connect that it understands the server's schema version.
GRANT SELECT (version) ON schema_migrations TO eknmusic_client;
