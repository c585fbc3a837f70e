-- Undo 025: the push answers kept for devices that lost them go, with api.push_once and
-- api.push_answers. Clients fall back to api.push (a conflict whose answer is lost is then
-- lost again).
REVOKE ALL ON FUNCTION api.push_answers(TEXT, INT, UUID, UUID) FROM eknmusic_client;
REVOKE ALL ON FUNCTION api.push_once(TEXT, INT, UUID, UUID, UUID, UUID, JSONB) FROM eknmusic_client;
DROP FUNCTION api.push_answers(TEXT, INT, UUID, UUID);
DROP FUNCTION api.push_once(TEXT, INT, UUID, UUID, UUID, UUID, JSONB);
DROP FUNCTION app.push_unanswered(UUID, UUID, UUID, UUID);
DROP TABLE app.push_answers;
