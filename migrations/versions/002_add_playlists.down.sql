-- Reverts 002.
DROP TABLE playlist_tracks;
DROP TABLE playlists;
