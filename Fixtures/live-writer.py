#!/usr/bin/env python3
"""A busy app writing to a WAL-mode interactions database, for the live-database test.

Usage: live-writer.py DB LOG STOPFILE

Until STOPFILE exists, commits small transactions as fast as it can: two new rated rows and one
unrated row, a re-rating (flip) of an existing rated row, and every fifth time the rating of an
earlier unrated row. After each commit it appends "seq rated unrated total" to LOG (the counts it
just committed; it is the only writer, so it knows them), so a reader can check that what it read
is exactly one committed state. Exits 3 if SQLite ever reports the database locked or busy.
"""
import os
import random
import sqlite3
import sys
import time

db_path, log_path, stop_path = sys.argv[1:4]
random.seed(7)
connection = sqlite3.connect(db_path, timeout=10, isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
rated, unrated = connection.execute(
    "SELECT sum(feedback IS NOT NULL), sum(feedback IS NULL) FROM interactions").fetchone()
unrated = unrated or 0
next_id = connection.execute("SELECT max(id) FROM interactions").fetchone()[0] + 1
unrated_ids = [row[0] for row in connection.execute("SELECT id FROM interactions WHERE feedback IS NULL")]
log = open(log_path, "w", buffering=1)
log.write(f"0 {rated} {unrated} {rated + unrated}\n")
chunk = '[{"text":"live passage %d","chunk_type":"leaf"},{"text":"other passage %d","chunk_type":"leaf"}]'
deadline = time.time() + 20
sequence = 0
try:
    while not os.path.exists(stop_path) and time.time() < deadline:
        sequence += 1
        connection.execute("BEGIN IMMEDIATE")
        for _ in range(2):
            connection.execute("INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (next_id, "live", "2026-02-01T00:00:00Z", f"live question {next_id % 50}",
                                "see [1]", chunk % (next_id, next_id), random.choice([1, -1])))
            next_id += 1
        connection.execute("INSERT INTO interactions VALUES (?, 'live', '2026-02-01T00:00:00Z', 'unrated', NULL, '[]', NULL)",
                           (next_id,))
        unrated_ids.append(next_id)
        next_id += 1
        rated += 2
        unrated += 1
        connection.execute("UPDATE interactions SET feedback = -feedback WHERE id = ?", (random.randint(1, next_id - 1),))
        if sequence % 5 == 0 and unrated_ids:
            connection.execute("UPDATE interactions SET feedback = 1 WHERE id = ?", (unrated_ids.pop(0),))
            rated += 1
            unrated -= 1
        connection.execute("COMMIT")
        log.write(f"{sequence} {rated} {unrated} {rated + unrated}\n")
except sqlite3.OperationalError as error:
    print(f"live-writer: {error}", file=sys.stderr)
    sys.exit(3)
connection.close()
