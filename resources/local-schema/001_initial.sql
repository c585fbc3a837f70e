-- Local library, version 1. Forward only: a later change is a new numbered file, never an
-- edit of this one. PRAGMA user_version records the last file applied (see librarydatabase.cpp).
--
-- Synced tables keep the server's table and column names (seed/database-schema.md) so one
-- mapping serves both; ids are UUID text made by the client; timestamps are UTC ISO-8601 text.

CREATE TABLE music_tracks (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    title TEXT NOT NULL,
    artist TEXT,
    album TEXT,
    duration INTEGER CHECK (duration IS NULL OR duration > 0),
    file_url TEXT NOT NULL,
    file_size INTEGER CHECK (file_size IS NULL OR file_size >= 0),
    format TEXT,
    bitrate INTEGER,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX idx_tracks_artist ON music_tracks(artist COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_album ON music_tracks(album COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_genre ON music_tracks(json_extract(metadata, '$.genre')) WHERE deleted_at IS NULL;
CREATE INDEX idx_tracks_album_artist ON music_tracks(json_extract(metadata, '$.album_artist')) WHERE deleted_at IS NULL;

CREATE TABLE track_metadata (
    id TEXT PRIMARY KEY NOT NULL,
    track_id TEXT NOT NULL REFERENCES music_tracks(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (track_id, key)
);

CREATE TABLE playlists (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    name TEXT NOT NULL,
    description TEXT,
    is_public INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE TABLE playlist_tracks (
    id TEXT PRIMARY KEY NOT NULL,
    playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
    track_id TEXT NOT NULL REFERENCES music_tracks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (playlist_id, track_id)
);
CREATE INDEX idx_playlist_tracks_position ON playlist_tracks(playlist_id, position);
CREATE INDEX idx_playlist_tracks_track_id ON playlist_tracks(track_id);

-- Local only: where each track's file lives on this device. A file that is gone is marked
-- available = 0, never deleted, so its track keeps its id and playlist entries.
CREATE TABLE track_files (
    track_id TEXT PRIMARY KEY NOT NULL REFERENCES music_tracks(id) ON DELETE CASCADE,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    content_hash TEXT,
    available INTEGER NOT NULL DEFAULT 1,
    last_seen_at TEXT
);
CREATE INDEX idx_track_files_hash ON track_files(content_hash);

-- Local only: unsynced changes, written in the same transaction as the change itself.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    changed_fields TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE INDEX idx_outbox_row ON outbox(table_name, row_id);

-- Local only: the last failure of each file the scanner could not read. size/mtime let a
-- rescan report an unchanged broken file again without opening it.
CREATE TABLE scan_errors (
    path TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    size INTEGER,
    mtime INTEGER,
    at TEXT NOT NULL
);

-- Local only: the folders the user added to the library.
CREATE TABLE library_roots (
    path TEXT PRIMARY KEY NOT NULL,
    added_at TEXT NOT NULL,
    last_scan_at TEXT
);

-- Search: FTS5 over the fields people type, kept in step with music_tracks by triggers so it
-- can never drift. rowid is music_tracks' rowid. Case and diacritics folded (beyonce finds
-- Beyoncé); prefix indexes make as-you-type prefix queries cheap.
CREATE VIRTUAL TABLE track_search USING fts5(
    title, artist, album, album_artist, genre,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TRIGGER music_tracks_search_insert AFTER INSERT ON music_tracks
WHEN new.deleted_at IS NULL
BEGIN
    INSERT INTO track_search(rowid, title, artist, album, album_artist, genre)
    VALUES (new.rowid, new.title, new.artist, new.album,
            json_extract(new.metadata, '$.album_artist'), json_extract(new.metadata, '$.genre'));
END;

CREATE TRIGGER music_tracks_search_update AFTER UPDATE OF title, artist, album, metadata, deleted_at ON music_tracks
BEGIN
    DELETE FROM track_search WHERE rowid = old.rowid;
    INSERT INTO track_search(rowid, title, artist, album, album_artist, genre)
    SELECT new.rowid, new.title, new.artist, new.album,
           json_extract(new.metadata, '$.album_artist'), json_extract(new.metadata, '$.genre')
    WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER music_tracks_search_delete AFTER DELETE ON music_tracks
BEGIN
    DELETE FROM track_search WHERE rowid = old.rowid;
END;
