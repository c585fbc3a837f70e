-- 014 the surface closed: the public login reaches the server only through schema `api`.
--
-- The app's database login ships with every copy of the app, so whatever it may do, anyone may
-- do. Row-level security alone did not hold against it: EXPLAIN and the statistics views leak
-- other users' rows, temp tables shadow the library tables on a pooled connection, LOCK TABLE
-- stalls everyone's sync, large objects and temp tables fill the disk, an advisory lock holds
-- up the migrations. After this migration eknmusic_client (and the app login, its member) has:
--   * no privilege on any table, view, sequence or routine outside `api`, no USAGE on `app`
--     or (beyond PUBLIC's default, which grants nothing by itself) on `public`;
--   * USAGE on `api` and EXECUTE on every routine in it (the account routines of 011, pull and
--     server info of 012, push of 013: all of them, whatever exists when this runs);
--   * no TEMP on this database (revoked from PUBLIC), so no temp table, ever;
--   * when the migrating role is a superuser, also no large object functions, no advisory
--     lock functions, no pg_cancel_backend / pg_terminate_backend (which let one login end the
--     connections of every other user of the same login) and no pg_notify, all revoked from
--     PUBLIC in this database. Otherwise a WARNING says so, and migrations/SECURITY.md gives the
--     operator the statements.
-- Every change is recorded with the statement that undoes it in app.surface_undo, which the
-- down replays newest first: the down returns exactly what this migration took, no more.
--
-- This breaks every client that still reads or writes the tables directly: land it after the
-- app talks through the API for everything (pull 012, push 013).

CREATE TABLE app.surface_undo (
    n INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    statement TEXT NOT NULL
);

-- pg_dump lists an object's grants in ACL order, and a REVOKE followed by a GRANT moves the
-- client to the end: the undo of a revoke also re-grants whoever came after the client (013's
-- eknmusic_push, for one), so that the down gives back the same ACL, order included.
CREATE FUNCTION app.surface_later_grants(p_acl aclitem[], p_object TEXT) RETURNS TEXT
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT string_agg(pg_catalog.format('REVOKE %1$s ON %2$s FROM %3$s; GRANT %1$s ON %2$s TO %3$s',
                                        g.privs, p_object, g.who), '; ' ORDER BY g.first)
      FROM (SELECT CASE WHEN l.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(l.grantee::regrole::text) END AS who,
                   pg_catalog.string_agg(l.privilege_type, ', ' ORDER BY l.privilege_type) AS privs,
                   min(l.ord) AS first
              FROM pg_catalog.aclexplode(p_acl) WITH ORDINALITY l(grantor, grantee, privilege_type, is_grantable, ord)
             WHERE l.grantee <> 'eknmusic_client'::regrole AND l.grantee <> l.grantor
             GROUP BY l.grantee) g
     WHERE g.first > (SELECT min(k.ord)
                        FROM pg_catalog.aclexplode(p_acl) WITH ORDINALITY k(grantor, grantee, privilege_type, is_grantable, ord)
                       WHERE k.grantee = 'eknmusic_client'::regrole)
$fn$;
REVOKE ALL ON FUNCTION app.surface_later_grants(aclitem[], TEXT) FROM PUBLIC;

DO $close$
DECLARE
    r RECORD;
    v_super BOOLEAN := (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user);
    v_db TEXT := pg_catalog.current_database();
    v_skipped TEXT[] := '{}';
    v_later TEXT;
BEGIN
    -- Table, view and sequence privileges of the client, on any schema of this database.
    FOR r IN
        SELECT c.oid::regclass AS rel, c.relkind,
               string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) AS privs
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
         WHERE a.grantee = 'eknmusic_client'::regrole
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         GROUP BY c.oid, c.relkind
         ORDER BY c.oid
    LOOP
        v_later := app.surface_later_grants(
            (SELECT c.relacl FROM pg_catalog.pg_class c WHERE c.oid = r.rel::oid),
            CASE WHEN r.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || r.rel::text);
        EXECUTE format('REVOKE ALL ON %s %s FROM eknmusic_client',
                       CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.rel);
        INSERT INTO app.surface_undo (statement)
        VALUES (format('GRANT %s ON %s %s TO eknmusic_client', r.privs,
                       CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.rel)
                || coalesce('; ' || v_later, ''));
    END LOOP;
    -- Column privileges (users and user_sessions without their hashes, schema_migrations.version).
    FOR r IN
        SELECT c.oid::regclass AS rel, at.attname, a.privilege_type
          FROM pg_catalog.pg_attribute at
          JOIN pg_catalog.pg_class c ON c.oid = at.attrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL pg_catalog.aclexplode(at.attacl) a
         WHERE a.grantee = 'eknmusic_client'::regrole
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         ORDER BY c.oid, at.attnum, a.privilege_type
    LOOP
        EXECUTE format('REVOKE %s (%I) ON TABLE %s FROM eknmusic_client', r.privilege_type, r.attname, r.rel);
        INSERT INTO app.surface_undo (statement)
        VALUES (format('GRANT %s (%I) ON TABLE %s TO eknmusic_client', r.privilege_type, r.attname, r.rel));
    END LOOP;
    -- Routines outside `api` granted to the client (005's entry points, current_user_id, the
    -- sync counter functions of 010).
    FOR r IN
        SELECT p.oid::regprocedure AS fn
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
         WHERE a.grantee = 'eknmusic_client'::regrole AND n.nspname <> 'api'
         ORDER BY p.oid
    LOOP
        v_later := app.surface_later_grants(
            (SELECT p.proacl FROM pg_catalog.pg_proc p WHERE p.oid = r.fn::oid), 'ROUTINE ' || r.fn::text);
        EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM eknmusic_client', r.fn);
        INSERT INTO app.surface_undo (statement)
        VALUES (format('GRANT EXECUTE ON ROUTINE %s TO eknmusic_client', r.fn) || coalesce('; ' || v_later, ''));
    END LOOP;
    -- Routines of `app` and `api` that PUBLIC may run by default (a function created without a
    -- REVOKE): trigger functions aside, which nobody can call directly.
    FOR r IN
        SELECT p.oid::regprocedure AS fn
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname IN ('app', 'api')
           AND p.prorettype <> 'pg_catalog.trigger'::regtype
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                            WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
                              AND d.deptype = 'e')
           AND pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')
         ORDER BY p.oid
    LOOP
        EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', r.fn);
        INSERT INTO app.surface_undo (statement)
        VALUES (format('GRANT EXECUTE ON ROUTINE %s TO PUBLIC', r.fn));
    END LOOP;
    -- Schemas: the client keeps USAGE on `api` only. pg_dump lists grants in ACL order, so the
    -- undo also re-grants whoever came after the client (eknmusic_auth), to restore that order.
    FOR r IN
        SELECT n.nspname, a.privilege_type, a.ord,
               (SELECT string_agg(format('REVOKE %1$s ON SCHEMA %2$I FROM %3$s; GRANT %1$s ON SCHEMA %2$I TO %3$s',
                                         l.privilege_type, n.nspname,
                                         CASE WHEN l.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(l.grantee::regrole::text) END),
                                  '; ' ORDER BY l.ord)
                  FROM pg_catalog.aclexplode(n.nspacl) WITH ORDINALITY l(grantor, grantee, privilege_type, is_grantable, ord)
                 WHERE l.ord > a.ord AND l.grantee <> 'eknmusic_client'::regrole AND l.grantee <> n.nspowner) AS later
          FROM pg_catalog.pg_namespace n
         CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) WITH ORDINALITY a(grantor, grantee, privilege_type, is_grantable, ord)
         WHERE a.grantee = 'eknmusic_client'::regrole AND n.nspname <> 'api'
         ORDER BY n.nspname, a.ord
    LOOP
        EXECUTE format('REVOKE %s ON SCHEMA %I FROM eknmusic_client', r.privilege_type, r.nspname);
        INSERT INTO app.surface_undo (statement)
        VALUES (format('GRANT %s ON SCHEMA %I TO eknmusic_client', r.privilege_type, r.nspname)
                || coalesce('; ' || r.later, ''));
    END LOOP;
    -- The API: every routine in it, including those 012 and 013 made (api.pull, api.server_info,
    -- api.push), except the helpers whose names start with "_" (api._session_user, ...), which
    -- are internal to the API and stay the definers' own.
    FOR r IN
        SELECT p.oid::regprocedure AS fn
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'api' AND p.proname NOT LIKE '\_%'
           AND NOT pg_catalog.has_function_privilege('eknmusic_client', p.oid, 'EXECUTE')
         ORDER BY p.oid
    LOOP
        EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO eknmusic_client', r.fn);
        INSERT INTO app.surface_undo (statement)
        VALUES (format('REVOKE EXECUTE ON ROUTINE %s FROM eknmusic_client', r.fn));
    END LOOP;
    -- PUBLIC's defaults on this database and its public schema.
    IF pg_catalog.has_database_privilege('public', v_db, 'TEMPORARY') THEN
        BEGIN
            EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', v_db);
            INSERT INTO app.surface_undo (statement)
            VALUES (format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', v_db));
        EXCEPTION WHEN insufficient_privilege THEN
            v_skipped := v_skipped || format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC;', v_db);
        END;
    END IF;
    IF pg_catalog.has_schema_privilege('public', 'public', 'CREATE') THEN
        BEGIN
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            INSERT INTO app.surface_undo (statement) VALUES ('GRANT CREATE ON SCHEMA public TO PUBLIC');
        EXCEPTION WHEN insufficient_privilege THEN
            v_skipped := v_skipped || 'REVOKE CREATE ON SCHEMA public FROM PUBLIC;'::TEXT;
        END;
    END IF;
    -- Built-in functions PUBLIC may run that the public login could abuse: large objects (disk),
    -- advisory locks (hold up anything that uses them), ending other backends of the same login,
    -- NOTIFY (the shared queue). Only their owner, a superuser, may revoke them (in this
    -- database only: pg_proc is per database).
    FOR r IN
        SELECT p.oid::regprocedure AS fn
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = 'pg_catalog'::regnamespace
           AND (p.proname ~ '^(lo_|loread$|lowrite$|pg_(try_)?advisory_)'
                OR p.proname IN ('pg_cancel_backend', 'pg_terminate_backend', 'pg_notify'))
           AND pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')
         ORDER BY p.oid
    LOOP
        IF v_super THEN
            EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', r.fn);
            INSERT INTO app.surface_undo (statement)
            VALUES (format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', r.fn));
        ELSE
            v_skipped := v_skipped || format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC;', r.fn);
        END IF;
    END LOOP;
    IF pg_catalog.cardinality(v_skipped) > 0 THEN
        -- WARNING, not NOTICE: the runner hides notices (client_min_messages = warning), and the
        -- operator must see this one.
        RAISE WARNING '%', format('%s is not a superuser (or not the database owner), so PUBLIC keeps %s '
            'privileges the public login could abuse. A superuser should run in database %I '
            '(see migrations/SECURITY.md): %s', current_user, pg_catalog.cardinality(v_skipped), v_db,
            pg_catalog.array_to_string(v_skipped, ' '));
    END IF;
END
$close$;
