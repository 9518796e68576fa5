#!/usr/bin/env python3
"""How much of the gap between the event log's batched appends and plain INSERTs is the shape of
its indexes (issue 14: the goal is appends at 0.8 of plain INSERTs). A benchmark, not a test: it
prints rows per second and the ratio to plain INSERTs for four table shapes, in SQLite and, when a
URL is given, in PostgreSQL. Aimak's own append adds its Swift work on top (`aimak store
benchmark` measures that); this script measures the database's part alone.

    python3 Benchmarks/log-schemas.py [rows] [postgres://user:pass@host/db]
    (PostgreSQL needs `pip install "psycopg[binary]"`; its scratch tables are dropped afterwards)

The shapes, each written in batches of 100 rows, one durable commit per batch:
  plain   the log's columns, no index but the position key (what `aimak store benchmark` calls
          plain INSERTs);
  today   the log's two unique indexes: (stream, version) with the stream's name, and the
          idempotency key as a column UNIQUE (which indexes every NULL), with the stream's head
          read first, as an append does;
  partial the same with the key index partial (WHERE key IS NOT NULL);
  interned streams interned as integers in a table of their own, (stream_id, version) unique,
          idempotency keys in a table of their own (empty here: the benchmark's events carry
          none). This is the log's schema 2, adopted from these figures ("today" is schema 1).
The writers take turns batch by batch, in a rotating order, so each meets the same state of the
disk; each SQLite shape has a file of its own (WAL, synchronous=FULL), so no writer pays another's
checkpoints. Measured on 1 Dec 2026 (see issue 14's note): SQLite plain 1.00, today 0.73-0.75,
partial 0.82-0.84, interned 0.97-0.99; PostgreSQL 1.00, 0.75-0.77, 0.80-0.82, 0.92-0.95.
"""
import json, os, sys, tempfile, time

batch = 100
try:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
except ValueError:
    sys.exit(f"rows: '{sys.argv[1]}' is not a number")
# Whole batches only, so the rate divides what was written; a ceiling keeps a typo off the disk.
if not (batch <= rows <= 10_000_000) or rows % batch:
    sys.exit(f"rows: {rows} is not a multiple of {batch} from {batch} to 10,000,000")
pg_url = sys.argv[2] if len(sys.argv) > 2 else None
data = json.dumps({"votes": {"Asanov A.": 12, "Bekov B.": 8, "Duishenov D.": 5}, "blank": 1}, sort_keys=True)
stream, now = "bench-batched-abcdef12", "2026-12-01T12:00:00.000Z"
shapes = ["plain", "today", "partial", "interned"]


def report(engine, seconds):
    print(engine)
    for s in shapes:
        print(f"  {s:9} {rows / seconds[s]:9.0f} rows/s   ratio to plain {seconds['plain'] / seconds[s]:.2f}")


def timed_rounds(write):
    seconds = dict.fromkeys(shapes, 0.0)
    for first in range(0, rows, batch):
        turn = (first // batch) % len(shapes)
        for shape in shapes[turn:] + shapes[:turn]:
            start = time.perf_counter()
            write(shape, first)
            seconds[shape] += time.perf_counter() - start
    return seconds


def sqlite():
    import sqlite3
    folder = tempfile.mkdtemp(prefix="aimak-log-schemas-")
    columns = ("(position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, version INTEGER NOT NULL, "
               "type TEXT NOT NULL, legal_date TEXT NOT NULL, author TEXT NOT NULL, recorded_at TEXT NOT NULL, "
               "idempotency_key TEXT{key}, data TEXT NOT NULL{pair})")
    ddl = {
        "plain": ["CREATE TABLE t " + columns.format(key="", pair="")],
        "today": ["CREATE TABLE t " + columns.format(key=" UNIQUE", pair=", UNIQUE (stream, version)")],
        "partial": ["CREATE TABLE t " + columns.format(key="", pair=", UNIQUE (stream, version)"),
                    "CREATE UNIQUE INDEX t_key ON t (idempotency_key) WHERE idempotency_key IS NOT NULL"],
        "interned": ["CREATE TABLE streams (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)",
                     "CREATE TABLE t (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id INTEGER NOT NULL, "
                     "version INTEGER NOT NULL, type TEXT NOT NULL, legal_date TEXT NOT NULL, author TEXT NOT NULL, "
                     "recorded_at TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (stream_id, version))",
                     "CREATE TABLE keys (key TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID",
                     f"INSERT INTO streams (name) VALUES ('{stream}')"],
    }
    db = {}
    for shape, statements in ddl.items():
        c = sqlite3.connect(os.path.join(folder, shape + ".sqlite"), isolation_level=None)
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=FULL")
        for sql in statements:
            c.execute(sql)
        db[shape] = c
    insert = "INSERT INTO t (stream, version, type, legal_date, author, recorded_at, idempotency_key, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

    def write(shape, first):
        c = db[shape]
        if shape == "plain":
            c.execute("BEGIN")
        else:
            c.execute("BEGIN IMMEDIATE")
        if shape in ("today", "partial"):
            c.execute("SELECT MAX(version) FROM t WHERE stream = ?", (stream,)).fetchone()
        if shape == "interned":
            sid = c.execute("SELECT id FROM streams WHERE name = ?", (stream,)).fetchone()[0]
            c.execute("SELECT MAX(version) FROM t WHERE stream_id = ?", (sid,)).fetchone()
            c.executemany("INSERT INTO t (stream_id, version, type, legal_date, author, recorded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [(sid, first + i + 1, "ballot", "2010-03-10", "secretary", now, data) for i in range(batch)])
        else:
            c.executemany(insert, [(stream, first + i + 1, "ballot", "2010-03-10", "secretary", now, None, data) for i in range(batch)])
        c.execute("COMMIT")

    try:
        report(f"SQLite ({rows} rows, batches of {batch})", timed_rounds(write))
    finally:
        for c in db.values():
            c.close()
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


def postgres(url):
    import psycopg
    c = psycopg.connect(url, autocommit=True)
    tables = ["xb_plain", "xb_today", "xb_partial", "xb_interned", "xb_streams", "xb_keys"]
    columns = ("(position BIGSERIAL PRIMARY KEY, stream TEXT NOT NULL, version BIGINT NOT NULL, type TEXT NOT NULL, "
               "legal_date TEXT NOT NULL, author TEXT NOT NULL, recorded_at TEXT NOT NULL, idempotency_key TEXT{key}, "
               "data TEXT NOT NULL{pair})")
    try:
        for t in tables:
            c.execute(f"DROP TABLE IF EXISTS {t}")
        c.execute("CREATE TABLE xb_plain " + columns.format(key="", pair=""))
        c.execute("CREATE TABLE xb_today " + columns.format(key=" UNIQUE", pair=", UNIQUE (stream, version)"))
        c.execute("CREATE TABLE xb_partial " + columns.format(key="", pair=", UNIQUE (stream, version)"))
        c.execute("CREATE UNIQUE INDEX xb_partial_key ON xb_partial (idempotency_key) WHERE idempotency_key IS NOT NULL")
        c.execute("CREATE TABLE xb_streams (id BIGSERIAL PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
        c.execute("INSERT INTO xb_streams (name) VALUES (%s)", (stream,))
        c.execute("CREATE TABLE xb_interned (position BIGSERIAL PRIMARY KEY, stream_id BIGINT NOT NULL, version BIGINT NOT NULL, "
                  "type TEXT NOT NULL, legal_date TEXT NOT NULL, author TEXT NOT NULL, recorded_at TEXT NOT NULL, "
                  "data TEXT NOT NULL, UNIQUE (stream_id, version))")
        c.execute("CREATE TABLE xb_keys (key TEXT PRIMARY KEY, position BIGINT NOT NULL)")

        # One statement per batch, as Aimak's PostgreSQL append: the head read and the insert in one
        # round trip, with the notification the log sends.
        def write(shape, first):
            versions = list(range(first + 1, first + batch + 1))
            if shape == "plain":
                c.execute("INSERT INTO xb_plain (stream, version, type, legal_date, author, recorded_at, idempotency_key, data) "
                          "SELECT s, v, 'ballot', '2010-03-10', 'secretary', %s, NULL, %s FROM unnest(%s::text[], %s::int8[]) AS u(s, v)",
                          (now, data, [stream] * batch, versions))
            elif shape in ("today", "partial"):
                c.execute(f"WITH head AS (SELECT COALESCE(MAX(version), 0) h FROM xb_{shape} WHERE stream = %s), "
                          f"ins AS (INSERT INTO xb_{shape} (stream, version, type, legal_date, author, recorded_at, idempotency_key, data) "
                          "SELECT s, v, 'ballot', '2010-03-10', 'secretary', %s, NULL, %s FROM unnest(%s::text[], %s::int8[]) AS u(s, v), head "
                          "WHERE head.h = %s RETURNING position) SELECT position, (SELECT pg_notify('xb', 'x'))::text FROM ins",
                          (stream, now, data, [stream] * batch, versions, first)).fetchall()
            else:
                c.execute("WITH sid AS (SELECT id FROM xb_streams WHERE name = %s), "
                          "head AS (SELECT COALESCE(MAX(version), 0) h FROM xb_interned WHERE stream_id = (SELECT id FROM sid)), "
                          "ins AS (INSERT INTO xb_interned (stream_id, version, type, legal_date, author, recorded_at, data) "
                          "SELECT (SELECT id FROM sid), v, 'ballot', '2010-03-10', 'secretary', %s, %s FROM unnest(%s::int8[]) AS u(v), head "
                          "WHERE head.h = %s RETURNING position) SELECT position, (SELECT pg_notify('xb', 'x'))::text FROM ins",
                          (stream, now, data, versions, first)).fetchall()

        report(f"PostgreSQL ({rows} rows, batches of {batch})", timed_rounds(write))
    finally:
        for t in tables:
            c.execute(f"DROP TABLE IF EXISTS {t}")
        c.close()


sqlite()
if pg_url:
    postgres(pg_url)
