-- Bulk writes (a scan's batch, a pulled page) index search once per transaction instead of
-- once per row. FTS5 flushes its in-memory terms to a new segment at every statement that
-- writes it, so the per-row triggers of 003 wrote one tiny segment per track and merged them
-- over and over: on 100,000 pulled tracks in 5,000-row transactions the triggers cost 5.7 s of
-- CPU, one INSERT ... SELECT into the index per transaction 1.0 s (measured with SQLite 3.40).
--
-- A bulk writer inserts the row of search_defer at the start of its transaction; while it is
-- there the triggers only note the touched rowids in search_pending, and the writer indexes
-- them with one statement each way and deletes both before COMMIT (WriteTransaction does it).
-- Both tables are empty outside such a transaction: other connections never see the row
-- (it is not committed), a killed process rolls it back with everything else, and a library
-- that still has rows in them at open (a writer that committed without indexing) is indexed
-- then (LibraryDatabase::open), so search never misses a committed track.
CREATE TABLE search_defer (
    active INTEGER PRIMARY KEY NOT NULL CHECK (active = 1)
);
CREATE TABLE search_pending (
    track_rowid INTEGER PRIMARY KEY NOT NULL
);

DROP TRIGGER music_tracks_search_insert;
DROP TRIGGER music_tracks_search_update;
DROP TRIGGER music_tracks_search_delete;

CREATE TRIGGER music_tracks_search_insert AFTER INSERT ON music_tracks
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM search_defer)
BEGIN
    INSERT INTO track_search(rowid, title, artist, album, album_artist, genre, year)
    VALUES (new.rowid, new.title, new.artist, new.album, json_extract(new.metadata, '$.album_artist'),
            json_extract(new.metadata, '$.genre'), json_extract(new.metadata, '$.year'));
END;

CREATE TRIGGER music_tracks_search_update AFTER UPDATE OF title, artist, album, metadata, deleted_at ON music_tracks
WHEN NOT EXISTS (SELECT 1 FROM search_defer)
BEGIN
    DELETE FROM track_search WHERE rowid = old.rowid;
    INSERT INTO track_search(rowid, title, artist, album, album_artist, genre, year)
    SELECT new.rowid, new.title, new.artist, new.album, json_extract(new.metadata, '$.album_artist'),
           json_extract(new.metadata, '$.genre'), json_extract(new.metadata, '$.year')
    WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER music_tracks_search_delete AFTER DELETE ON music_tracks
WHEN NOT EXISTS (SELECT 1 FROM search_defer)
BEGIN
    DELETE FROM track_search WHERE rowid = old.rowid;
END;

CREATE TRIGGER music_tracks_search_insert_deferred AFTER INSERT ON music_tracks
WHEN EXISTS (SELECT 1 FROM search_defer)
BEGIN
    INSERT INTO search_pending(track_rowid) VALUES (new.rowid) ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER music_tracks_search_update_deferred AFTER UPDATE OF title, artist, album, metadata, deleted_at ON music_tracks
WHEN EXISTS (SELECT 1 FROM search_defer)
BEGIN
    INSERT INTO search_pending(track_rowid) VALUES (old.rowid) ON CONFLICT DO NOTHING;
    INSERT INTO search_pending(track_rowid) VALUES (new.rowid) ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER music_tracks_search_delete_deferred AFTER DELETE ON music_tracks
WHEN EXISTS (SELECT 1 FROM search_defer)
BEGIN
    INSERT INTO search_pending(track_rowid) VALUES (old.rowid) ON CONFLICT DO NOTHING;
END;

-- A bulk load into an empty library (first scan, first pull) builds the secondary indexes of
-- music_tracks and track_files once at the end instead of row by row: their SQL is kept here,
-- in the transaction that drops them, and LibraryDatabase::open re-creates whatever is listed
-- (a load that was killed). Indexes only make reads faster: nothing is wrong in between.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY NOT NULL,
    sql TEXT NOT NULL
);
