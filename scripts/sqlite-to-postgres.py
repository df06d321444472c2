#!/usr/bin/env python3
"""Copies every table of an SQLite file into a new PostgreSQL database, value for value.

Usage: scripts/sqlite-to-postgres.py SQLITE_FILE ADMIN_URL DBNAME
  ADMIN_URL  a superuser's postgresql:// URL (scripts/postgres.sh prints TRIPLETFORGE_TEST_PG)
  DBNAME     the database to create (dropped first if it exists)

Used by the PostgreSQL tests (the same fixtures in both databases must give byte-identical
datasets) and the benchmark (the generator writes SQLite). Columns keep SQLite's declared
affinity: INTEGER → bigint, REAL → double precision (never `real`: float4 would round scores),
BLOB → bytea, anything else → text; INTEGER PRIMARY KEY stays the primary key and SQLite's
indexes are recreated, so the per-message lookups of the threads layout stay index lookups.
Rows stream through `psql \\copy` in CSV, NULL as \\N; a value PostgreSQL cannot hold (invalid
UTF-8, a NUL byte) stops the copy with psql's message naming the line: nothing is dropped.
"""
import csv, io, sqlite3, subprocess, sys, urllib.parse


def pg_type(declared):
    t = (declared or "").upper()
    if "INT" in t: return "bigint"
    if any(k in t for k in ("REAL", "FLOA", "DOUB")): return "double precision"
    if "BLOB" in t: return "bytea"
    return "text"


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def main():
    sqlite_path, admin_url, dbname = sys.argv[1:4]
    parts = urllib.parse.urlsplit(admin_url)
    target = urllib.parse.urlunsplit(parts._replace(path="/" + dbname))
    psql = ["psql", "-v", "ON_ERROR_STOP=1", "-q"]
    subprocess.run(psql + [admin_url, "-c", f"DROP DATABASE IF EXISTS {quote(dbname)}", "-c", f"CREATE DATABASE {quote(dbname)}"], check=True)
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    source.text_factory = bytes
    tables = [r[0].decode() for r in source.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        columns = source.execute(f"SELECT name, type, pk FROM pragma_table_info(?)", (table,)).fetchall()
        names = [c[0].decode() for c in columns]
        types = [pg_type(c[1].decode()) for c in columns]
        keys = [c[0].decode() for c in sorted((c for c in columns if c[2]), key=lambda c: c[2])]
        ddl = ", ".join(f"{quote(n)} {t}" for n, t in zip(names, types))
        if keys: ddl += ", PRIMARY KEY (" + ", ".join(map(quote, keys)) + ")"
        subprocess.run(psql + [target, "-c", f"CREATE TABLE {quote(table)} ({ddl})"], check=True)
        load = subprocess.Popen(psql + [target, "-c", f"\\copy {quote(table)} FROM STDIN WITH (FORMAT csv, NULL '\\N')"],
                                stdin=subprocess.PIPE)
        out = io.TextIOWrapper(load.stdin, encoding="utf-8", errors="strict", newline="")
        writer = csv.writer(out, lineterminator="\n")
        for row in source.execute(f"SELECT {', '.join(map(quote, names))} FROM {quote(table)}"):
            writer.writerow([cell(v, t) for v, t in zip(row, types)])
        out.close()
        if load.wait() != 0:
            sys.exit(f"sqlite-to-postgres: copying {table} failed")
    for (sql,) in source.execute("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"):
        subprocess.run(psql + [target, "-c", sql.decode()], check=True)
    subprocess.run(psql + [target, "-c", "ANALYZE"], check=True)


def cell(value, pg):
    if value is None: return "\\N"
    if isinstance(value, bytes):
        if pg == "bytea": return "\\x" + value.hex()
        text = value.decode("utf-8")  # invalid UTF-8 raises, naming the value: PostgreSQL could not hold it
        if text == "\\N": sys.exit("sqlite-to-postgres: a text value is literally \\N, which this copy reserves for NULL")
        return text
    if isinstance(value, float): return repr(value)
    return str(value)


if __name__ == "__main__":
    main()
