-- A first pull of a big account leaves search indexing until after its pages have committed
-- (the FTS5 index with its prefix indexes was 43 % of a first pull's CPU): each page notes its
-- tracks here instead of indexing them (SearchDeferral::flushToBacklog), and
-- SearchDeferral::indexBacklog indexes them afterwards, a chunk per transaction, off the
-- pull's clock (the app's sync thread after the sync, the CLI after `sync`, and
-- LibraryDatabase::open for a backlog a killed process left).
-- The rule that keeps search right meanwhile: track_search is exact for every live track NOT
-- listed here; a listed track may be missing from it (never there with stale words: its old
-- words are removed when it is listed). Search reads the listed tracks themselves
-- (SearchFallback), so nothing is missing from a result while the backlog lasts. Rows here
-- are only rowids: indexing one that a later write already indexed, or whose track is gone,
-- is harmless.
CREATE TABLE search_backlog (
    track_rowid INTEGER PRIMARY KEY NOT NULL
);
