-- 100 users, 50,000 tracks (500 each, interleaved the way uploads arrive), 10 playlists of
-- 20 tracks per user, a few tags per track. Titles, artists and albums are made of common
-- words so their trigram statistics look like a real library's.
INSERT INTO users (email, username, password_hash)
SELECT 'listener' || i || '@example.org', 'listener' || i, 'not-a-real-hash'
FROM generate_series(1, 100) i;

WITH words AS (
    SELECT ARRAY['love', 'night', 'blue', 'fire', 'dream', 'river', 'heart', 'light', 'shadow',
                 'summer', 'winter', 'golden', 'silver', 'broken', 'wild', 'city', 'ocean',
                 'star', 'moon', 'rain', 'road', 'home', 'dance', 'song', 'time', 'lost',
                 'sweet', 'dark', 'electric', 'paper'] AS w),
owners AS (SELECT array_agg(id ORDER BY email) AS ids FROM users)
INSERT INTO music_tracks (user_id, title, artist, album, duration, file_url, file_size, format,
                          bitrate, metadata, created_at)
SELECT owners.ids[1 + (i % 100)],
       initcap(w[1 + (i * 7) % 30] || ' ' || w[1 + (i * 13 / 7) % 30] || ' ' || w[1 + (i / 31) % 30]),
       'The ' || initcap(w[1 + (i / 11) % 30]) || ' ' || initcap(w[1 + (i / 3) % 30]) || 's',
       initcap(w[1 + (i / 97) % 30] || ' of ' || w[1 + (i / 17) % 30]),
       90 + i % 400,
       'file:///home/listener/Music/' || i || '.flac',
       3000000 + i * 17,
       'flac', 900,
       jsonb_build_object('genre', w[1 + i % 30], 'year', 1960 + i % 60, 'track_number', 1 + i % 12),
       now() - make_interval(mins => i)
FROM generate_series(1, 50000) i, words, owners;

INSERT INTO track_metadata (track_id, key, value)
SELECT id, k, k || ' of ' || title
FROM music_tracks, unnest(ARRAY['COMMENT', 'COMPOSER']) k
WHERE file_size % 5 = 0;

INSERT INTO playlists (user_id, name, description)
SELECT id, 'Mix ' || g, 'Generated for the schema test'
FROM users, generate_series(1, 10) g;

INSERT INTO playlist_tracks (playlist_id, track_id, position)
SELECT p.id, t.id, row_number() OVER (PARTITION BY p.id ORDER BY t.created_at)
FROM playlists p
JOIN LATERAL (SELECT id, created_at FROM music_tracks
              WHERE user_id = p.user_id
              ORDER BY created_at OFFSET (substring(p.name FROM 5)::int * 20) LIMIT 20) t ON true;

-- The state autovacuum brings a live server to: statistics, and the GIN pending lists of the
-- bulk insert merged into the indexes (until then the planner rightly costs GIN scans high).
VACUUM ANALYZE;
