-- Search ranking lives in the FTS table's own configuration, so `ORDER BY rank` uses these
-- weights everywhere: title counts most, then artist, album, album artist, genre.
INSERT INTO track_search(track_search, rank) VALUES ('rank', 'bm25(10.0, 6.0, 4.0, 3.0, 1.0)');
