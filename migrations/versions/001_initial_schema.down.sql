-- Reverts 001: children first. No CASCADE, so a later object that still depends on these
-- tables (one a newer migration forgot to drop) makes this fail instead of vanishing silently.
DROP TABLE track_metadata;
DROP TABLE music_tracks;
DROP TABLE user_sessions;
DROP TABLE users;
