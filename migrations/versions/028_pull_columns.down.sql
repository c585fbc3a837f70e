-- Undo 028: api.pull (012/016) is the only pull again; it was never changed.
DROP FUNCTION api.pull_page(TEXT, INT, UUID, UUID, BIGINT, SMALLINT, UUID, INT);
