-- Local only: tracks this device took out of its library (a folder removed from Manage
-- Folders, or Remove from Library on a selection). The track itself is soft deleted (synced
-- like any delete) and keeps its id, edits, file location and playlist entries; this row says
-- it was the user's removal here, so adding the folder again restores exactly these tracks and
-- not ones deleted elsewhere.
CREATE TABLE library_removals (
    track_id TEXT PRIMARY KEY NOT NULL REFERENCES music_tracks(id) ON DELETE CASCADE,
    removed_at TEXT NOT NULL
);
