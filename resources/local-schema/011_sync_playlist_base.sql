-- Local library, sync: each playlist's track list as this device last synced it, so a push can
-- tell tracks another device added or removed since (merged in) from a local reorder.
CREATE TABLE sync_playlist_base (
    playlist_id TEXT PRIMARY KEY NOT NULL,
    track_ids TEXT NOT NULL
);
