#!/usr/bin/env python3
"""Builds the hostile and broken input corpus (small files; huge cases are generated in tests).

Run from anywhere: python3 Fixtures/hostile/make-hostile.py. Each file is described in README.md
beside it; Tests/TripletForgeTests/Source/HostileInputTests.swift asserts what happens to each.
"""
import os
import sqlite3

here = os.path.dirname(os.path.abspath(__file__))
schema = ("CREATE TABLE interactions (id INTEGER PRIMARY KEY, session_id, created_at, query, answer, chunks, feedback)")
fine = '[{"text":"a fine passage","chunk_type":"leaf"},{"text":"another passage","chunk_type":"leaf"}]'


def fresh(name):
    path = os.path.join(here, name)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path


def database(name, statements, rows=()):
    connection = sqlite3.connect(fresh(name))
    for statement in statements:
        connection.execute(statement)
    for row in rows:
        connection.execute("INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?)", row)
    connection.commit()
    connection.execute("VACUUM")
    connection.close()


# Every hostile value a row can hold, one per row; ids say what they are.
rows = [
    (1, "s", "t", "a fine query", "see [1]", fine, 1),
    (2, "s", "t", "rating zero", None, fine, 0),
    (3, "s", "t", "rating two", None, fine, 2),
    (4, "s", "t", "rating text one", None, fine, "1"),
    (5, "s", "t", "rating real one", None, fine, 1.0),
    (6, "s", "t", None, None, fine, -1),
    (7, "s", "t", "invalid chunk json", None, '[{"text": nope}]', -1),
    (8, "s", "t", "deeply nested", None, '[{"text":"x","n":' + "[" * 5000 + "]" * 5000 + "}]", -1),
    (9, "s", "t", "replaced below by bytes that are not UTF-8", None, fine, -1),
    (10, "s", "t", "nul byte in chunk", None, '[{"text":"a\x00b","chunk_type":"leaf"},{"text":"c","chunk_type":"leaf"}]', -1),
    (11, "s", "t", "escaped nul", None, '[{"text":"a\\u0000b","chunk_type":"leaf"},{"text":"c","chunk_type":"leaf"}]', -1),
    (12, "s", "t", "lone surrogate", None, '[{"text":"\\ud800","chunk_type":"leaf"}]', -1),
    (13, "s", "t", "chunks not an array", None, '{"text":"x"}', -1),
    (14, "s", "t", "chunk without text", None, '[{"doc_id":"d"}]', -1),
    (15, "s", "t", "chunks as integer", None, 42, -1),
    (16, "s", "t", "non-utf8 chunk text", None, "replaced below", -1),
    (17, "s", "t", "blank query \t", None, fine, 1),
]
connection = sqlite3.connect(fresh("rows.sqlite"))
connection.execute(schema)
for row in rows:
    connection.execute("INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?)", row)
# Bytes that are not UTF-8, stored as TEXT (Python's driver would refuse them as str).
connection.execute("UPDATE interactions SET query = CAST(X'6E6F6E2D75746638FFFE' AS TEXT) WHERE id = 9")
connection.execute("UPDATE interactions SET chunks = CAST(X'5B7B2274657874223A22C328227D5D' AS TEXT) WHERE id = 16")
connection.execute("UPDATE interactions SET query = ' ' || char(9) || ' ' WHERE id = 17")
connection.commit()
connection.execute("VACUUM")
connection.close()

# Declared types that coerce every rating to text: every row is rejected.
database("ratings-as-text.sqlite",
         ["CREATE TABLE interactions (id INTEGER PRIMARY KEY, session_id TEXT, created_at TEXT, query TEXT, answer TEXT, chunks TEXT, feedback TEXT)"],
         [(i, "s", "t", f"q{i}", None, fine, 1) for i in range(1, 11)])
database("no-tables.sqlite", ["CREATE TABLE chats (id INTEGER)"])
database("missing-columns.sqlite", ["CREATE TABLE interactions (id INTEGER PRIMARY KEY, query TEXT, chunks TEXT)"])

with open(os.path.join(here, "rows.sqlite"), "rb") as source:
    whole = source.read()
with open(fresh("truncated.sqlite"), "wb") as target:
    target.write(whole[: len(whole) // 2])
with open(fresh("corrupt-header.sqlite"), "wb") as target:
    target.write(b"SQLite format 3\x00" + b"\xff" * 84 + whole[100:])
with open(fresh("not-sqlite.sqlite"), "wb") as target:
    target.write(b"id,query,feedback\n1,hello,1\n" * 200)
open(fresh("empty.sqlite"), "wb").close()
print("built Fixtures/hostile/*.sqlite")
