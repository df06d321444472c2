#!/usr/bin/env bash
# Rebuilds the fixture databases from their SQL scripts (needs the sqlite3 command-line tool).
set -euo pipefail
cd "$(dirname "$0")"
for script in *.sql; do
  db="${script%.sql}.sqlite"
  rm -f "$db"
  sqlite3 "$db" < "$script" > /dev/null
  echo "built Fixtures/$db"
done
