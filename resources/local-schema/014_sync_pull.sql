-- Local library, pull through the server API (core/sync/syncpull.cpp). The cursor is now
-- (version, kind, id) plus the server's sync epoch, kept in sync_state (keys cursor,
-- cursor_kind, cursor_id, epoch) and written in the transaction of each pulled page.
--
-- The server sends rows in version order, not table by table: a tag row or a playlist can
-- arrive before the newest version of a track it refers to. Such a row waits here (its JSON as
-- pulled) and is applied when the track arrives.
CREATE TABLE sync_pull_waiting (
    kind INTEGER NOT NULL,
    id TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
