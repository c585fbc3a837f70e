-- Undo 005: the sign-in functions, their tables and settings, and pgcrypto if 005 installed it
-- (it then lives in schema app; one found elsewhere belonged to someone else and stays).

DROP FUNCTION app.logout_all();
DROP FUNCTION app.logout(TEXT);
DROP FUNCTION app.refresh(TEXT);
DROP PROCEDURE app.sign_in(TEXT, TEXT, TEXT, TEXT, UUID, TEXT, TEXT, TIMESTAMPTZ, TIMESTAMPTZ, INTEGER);
DROP FUNCTION app.sign_in_check(BIGINT, TEXT, TEXT);
DROP FUNCTION app.sign_in_open(TEXT);
DROP FUNCTION app.register(TEXT, TEXT, TEXT, TEXT);
DROP FUNCTION app.new_session(UUID, TEXT);
DROP FUNCTION app.lockout_until(BIGINT, TIMESTAMPTZ, INTEGER);
DROP FUNCTION app.token_hash(TEXT);
DROP TABLE app.spent_refresh_tokens;
DROP SEQUENCE app.login_ticket_seq;
DROP TABLE app.login_attempts;
DROP FUNCTION app.setting(TEXT);
DROP TABLE app.settings;

DO $ext$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'pgcrypto' AND n.nspname = 'app') THEN
        DROP EXTENSION pgcrypto;
    END IF;
END
$ext$;
