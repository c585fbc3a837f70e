-- Undo 014: replay, newest first, the statements that give back exactly what 014 took.
-- (A superuser's 014 revoked built-in functions from PUBLIC: its down needs a superuser too.)

DO $open$
DECLARE
    r RECORD;
BEGIN
    FOR r IN SELECT u.statement FROM app.surface_undo u ORDER BY u.n DESC LOOP
        EXECUTE r.statement;
    END LOOP;
END
$open$;

DROP TABLE app.surface_undo;
DROP FUNCTION app.surface_later_grants(aclitem[], TEXT);
