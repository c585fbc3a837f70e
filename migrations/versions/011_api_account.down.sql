-- Undo 011: the account API, its helpers, tables and settings. 005's state stays as it was.

DROP PROCEDURE api.sign_in(TEXT, TEXT, TEXT, TEXT, INTEGER, UUID, TEXT, TEXT, TIMESTAMPTZ);
DROP FUNCTION api.whoami(TEXT);
DROP FUNCTION api.logout_all(TEXT);
DROP FUNCTION api.logout(TEXT, TEXT);
DROP FUNCTION api.refresh(TEXT);
DROP FUNCTION api.sign_in_check(BIGINT, TEXT, TEXT);
DROP FUNCTION api.sign_in_open(TEXT);
DROP FUNCTION api.register(TEXT, TEXT, TEXT, TEXT);
DROP FUNCTION app.prune_login_attempts(TEXT, INET);
DROP FUNCTION app.take_gate(INTEGER);
DROP FUNCTION app.gate_bucket(INTEGER, TEXT);
DROP FUNCTION app.api_user_id(TEXT);
DROP FUNCTION app.require_read_committed();
DROP FUNCTION app.password_matches(TEXT, TEXT);
DROP FUNCTION app.password_hash(TEXT);
DROP FUNCTION app.random_token();

DROP INDEX app.idx_login_attempts_time;
DROP TABLE app.register_attempts;
DROP TABLE app.sign_in_gates;
DELETE FROM app.settings WHERE key = 'throttle_register_address';

REVOKE ALL ON SCHEMA api FROM eknmusic_client, eknmusic_auth;
DROP SCHEMA api;
