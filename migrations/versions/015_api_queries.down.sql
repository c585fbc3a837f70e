-- Undo 015: the three library query routines and their helper.
REVOKE ALL ON FUNCTION api.playlist_with_tracks(TEXT, UUID) FROM eknmusic_client;
REVOKE ALL ON FUNCTION api.search_tracks(TEXT, TEXT, INT, INT) FROM eknmusic_client;
REVOKE ALL ON FUNCTION api.library_summary(TEXT) FROM eknmusic_client;
DROP FUNCTION api.playlist_with_tracks(TEXT, UUID);
DROP FUNCTION api.search_tracks(TEXT, TEXT, INT, INT);
DROP FUNCTION api.library_summary(TEXT);
DROP FUNCTION api._user_row(UUID);
