#!/usr/bin/env python3
"""The SQLite side of a first pull's page, alone (docs/SCALING.md "Bulk sync"): the local schema,
the page's statements as SyncPull runs them (one json_each upsert per 5,000 rows, search noted
for the backlog or indexed at commit), on synthetic ~1 KB track rows, timed in CPU seconds.
Python's sqlite3 links the same system SQLite (3.40) as QSQLITE here.

    tests/bench/pull_apply_sqlite.py 50000 v0:0 v0 v1 v2 v3
      v0:0  today's upsert, search indexed at each commit (before schema 022)
      v0    today's upsert, search to the backlog (schema 022)
      v1    the same with ->> operators instead of json_extract
      v2    plain INSERT instead of the upsert (a first pull into an empty table)
      v3    the pulled row itself as the element (no {"v","r"} wrapper)
      v4    each row's values bound to one prepared upsert (028's client: tracks as columns,
            metadata through json() as it does)
      v5    v4 without music_tracks' triggers (the search backlog's among them): their cost
"""
import tempfile
OUT = tempfile.mkdtemp(prefix='ekn-pull-apply-')
import sqlite3, json, uuid, time, glob, os, sys, random
random.seed(1)
def schema(path):
    if os.path.exists(path): os.remove(path)
    for ext in ('-wal','-shm'):
        if os.path.exists(path+ext): os.remove(path+ext)
    db=sqlite3.connect(path, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL'); db.execute('PRAGMA synchronous=NORMAL'); db.execute('PRAGMA cache_size=-16000'); db.execute('PRAGMA temp_store=MEMORY')
    for f in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'resources', 'local-schema', '*.sql'))):
        db.executescript(open(f).read())
    # IndexDeferral: drop named indexes of music_tracks/track_files
    for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ('music_tracks','track_files')").fetchall():
        db.execute(f'DROP INDEX "{n}"')
    return db
def row(i):
    return {"id":str(uuid.uuid4()),"title":f"Title {i} of something","artist":f"Artist {i%500}","album":f"Album {i%2000}",
            "duration":200+i%100,"file_url":f"file:///home/u/Music/Artist {i%500}/Album {i%2000}/{i:02d} Title.flac","file_size":30000000+i,
            "format":"flac","bitrate":900,"rating":None,"metadata":{"album_artist":f"Artist {i%500}","track_number":i%12+1,"track_total":12,
            "disc_number":1,"disc_total":1,"year":1970+i%50,"genre":f"Genre {i%30}","sample_rate":44100,"channels":2,"duration_ms":200000+i,
            "content_hash":uuid.uuid4().hex+uuid.uuid4().hex,"cover":{"present":True,"mime":"image/jpeg"},"source_device":str(uuid.uuid4())},
            "created_at":"2025-01-01T00:00:00.000+00:00","updated_at":"2025-01-01T00:00:00.000+00:00","deleted_at":None,"play_tallies":{}}
N=int(sys.argv[1]) if len(sys.argv)>1 else 50000
P=5000
rows=[json.dumps(row(i)) for i in range(N)]
cols=["id","title","artist","album","duration","file_url","file_size","format","bitrate","rating","metadata","created_at","updated_at","deleted_at","sync_version"]
upd=", ".join(f"{c}=excluded.{c}" for c in cols if c!='id')
def v0():
    vals=[]
    for c in cols:
        if c=='sync_version': vals.append("json_extract(e,'$.v')")
        elif c=='metadata': vals.append("coalesce(json_extract(e,'$.r.metadata'),'{}')")
        else: vals.append(f"json_extract(e,'$.r.{c}')")
    return f"INSERT INTO music_tracks ({','.join(cols)}) WITH p(e) AS MATERIALIZED (SELECT value FROM json_each(?)) SELECT {','.join(vals)} FROM p WHERE true ON CONFLICT(id) DO UPDATE SET {upd}", lambda page,base: "["+",".join('{"v":%d,"r":%s}'%(base+k,r) for k,r in enumerate(page))+"]"
def v1():
    # one json_extract call returning all columns? use json_each over each row's keys is worse; try ->> on materialized value
    vals=[]
    for c in cols:
        if c=='sync_version': vals.append("e->>'v'")
        elif c=='metadata': vals.append("coalesce(e->'r'->>'metadata','{}')")
        else: vals.append(f"e->'r'->>'{c}'")
    return f"INSERT INTO music_tracks ({','.join(cols)}) WITH p(e) AS MATERIALIZED (SELECT value FROM json_each(?)) SELECT {','.join(vals)} FROM p WHERE true ON CONFLICT(id) DO UPDATE SET {upd}", v0()[1]
def v2():
    # plain insert, json_extract with multiple paths is not per-column; keep json_extract but no upsert
    sql,b=v0(); return sql.split(" ON CONFLICT")[0], b
def v3():
    # row-level: the row object is the element; version merged as field; no '$.r' nesting
    vals=[]
    for c in cols:
        if c=='metadata': vals.append("coalesce(json_extract(e,'$.metadata'),'{}')")
        else: vals.append(f"json_extract(e,'$.{c}')")
    def b(page,base):
        return "["+",".join(r[:-1]+',"sync_version":%d}'%(base+k) for k,r in enumerate(page))+"]"
    return f"INSERT INTO music_tracks ({','.join(cols)}) WITH p(e) AS MATERIALIZED (SELECT value FROM json_each(?)) SELECT {','.join(vals)} FROM p WHERE true ON CONFLICT(id) DO UPDATE SET {upd}", b
def bound(name, triggers):
    """v4/v5: one prepared upsert, a row's values bound (as SyncPull::applyTrackRows does)."""
    db=schema(os.path.join(OUT, f'{name}.sqlite'))
    if not triggers:
        for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='music_tracks'").fetchall():
            db.execute(f'DROP TRIGGER "{n}"')
    vals=",".join("json(?)" if c=='metadata' else "?" for c in cols)
    sql=f"INSERT INTO music_tracks ({','.join(cols)}) VALUES ({vals}) ON CONFLICT(id) DO UPDATE SET {upd}"
    values=[]
    for k,r in enumerate(rows):
        o=json.loads(r)
        values.append(tuple(k if c=='sync_version' else (json.dumps(o[c]) if c=='metadata' else o[c]) for c in cols))
    t0=time.process_time()
    for s in range(0,N,P):
        db.execute('BEGIN IMMEDIATE'); db.execute('INSERT OR IGNORE INTO search_defer(active) VALUES(1)')
        db.executemany(sql, values[s:s+P])
        db.execute('DELETE FROM track_search WHERE rowid IN (SELECT track_rowid FROM search_pending)')
        db.execute('INSERT OR IGNORE INTO search_backlog SELECT track_rowid FROM search_pending')
        db.execute('DELETE FROM search_pending'); db.execute('DELETE FROM search_defer')
        db.execute("INSERT OR REPLACE INTO sync_state(key,value) VALUES('cursor',?)",(str(s),))
        db.execute('COMMIT')
    t=time.process_time()-t0
    print(f"{name:12s} bound, triggers={triggers}: {t:.2f} s CPU ({t/N*1e6:.1f} us/row, Python's binding included)", flush=True)
def v4(): return None
def v5(): return None
def run(name, variant, later=True):
    if name in ('v4','v5'):
        return bound(name, name=='v4')
    db=schema(os.path.join(OUT, f'{name}.sqlite'))
    sql,build=variant()
    t0=time.process_time(); tb=0
    for s in range(0,N,P):
        page=rows[s:s+P]
        b0=time.process_time(); arr=build(page,s); tb+=time.process_time()-b0
        db.execute('BEGIN IMMEDIATE'); db.execute('INSERT OR IGNORE INTO search_defer(active) VALUES(1)')
        db.execute(sql,(arr,))
        if later:
            db.execute('DELETE FROM track_search WHERE rowid IN (SELECT track_rowid FROM search_pending)')
            db.execute('INSERT OR IGNORE INTO search_backlog SELECT track_rowid FROM search_pending')
        else:
            db.execute('DELETE FROM track_search WHERE rowid IN (SELECT track_rowid FROM search_pending)')
            db.execute("INSERT INTO track_search (rowid,title,artist,album,album_artist,genre,year) SELECT rowid,title,artist,album,json_extract(metadata,'$.album_artist'),json_extract(metadata,'$.genre'),json_extract(metadata,'$.year') FROM music_tracks WHERE rowid IN (SELECT track_rowid FROM search_pending)")
        db.execute('DELETE FROM search_pending'); db.execute('DELETE FROM search_defer')
        db.execute("INSERT OR REPLACE INTO sync_state(key,value) VALUES('cursor',?)",(str(s),))
        db.execute('COMMIT')
    t=time.process_time()-t0
    n=db.execute('select count(*) from music_tracks').fetchone()[0]
    print(f"{name:12s} later={later}: {t:.2f} s CPU ({(t-tb)/N*1e6:.1f} us/row in SQLite, build {tb:.2f}) rows={n}", flush=True)
for a in sys.argv[2:]:
    name,later=a.split(':') if ':' in a else (a,'1')
    run(name, globals()[name], later=='1')
