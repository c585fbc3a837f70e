-- Local library, sync additions (core/sync). Numbered 010 to leave 002-009 to the library.
--
-- sync_version on a synced row is the server version this device last saw of it: the base
-- its local edits are made on (NULL: the server has never had the row).

ALTER TABLE music_tracks ADD COLUMN sync_version INTEGER;
ALTER TABLE track_metadata ADD COLUMN sync_version INTEGER;
ALTER TABLE playlists ADD COLUMN sync_version INTEGER;

-- Key/value state of sync: owner (the account this library belongs to), server, cursor,
-- last_synced_at.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT
);

-- The conflict log: each value that lost (a field both sides changed), readable and
-- restorable by the user. winner_value is what the row holds after the sync.
CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    winner_value TEXT,
    lost_value TEXT,
    lost_from TEXT NOT NULL CHECK (lost_from IN ('server', 'device')),
    reason TEXT NOT NULL,
    restored_at TEXT
);
CREATE INDEX idx_sync_conflicts_row ON sync_conflicts(table_name, row_id);
