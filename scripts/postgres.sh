#!/usr/bin/env bash
# A throwaway PostgreSQL server for TripletForge's tests and benchmark: Debian's `postgresql`,
# initialised in a temporary directory, listening on a Unix socket there only (no TCP port, so it
# cannot clash with another server or be reached from outside), with two password roles:
#   tf_admin   superuser: the tests create databases and load fixtures with it
#   tf_reader  SELECT only: builds run as this role, so a build that tried to write would fail
# Usage:
#   scripts/postgres.sh start   install if missing, initdb, start; prints the env lines
#   scripts/postgres.sh env     the env lines of the running server (eval "$(scripts/postgres.sh env)")
#   scripts/postgres.sh stop    stop the server and delete its directory
# The directory is $TRIPLETFORGE_PG_DIR (default: /tmp/tripletforge-pg-$USER).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${TRIPLETFORGE_PG_DIR:-/tmp/tripletforge-pg-$(id -un)}"
port=5432

# The server refuses to run as root: then it runs as the `postgres` user the package creates.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin_dir() {
  local pg_config_bin
  pg_config_bin="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  [ -d "$pg_config_bin" ] || pg_config_bin=""
  [ -n "$pg_config_bin" ] || { echo "postgres.sh: no /usr/lib/postgresql/*/bin after installing postgresql" >&2; exit 1; }
  echo "$pg_config_bin"
}

print_env() {
  [ -f "$dir/env" ] || { echo "postgres.sh: no server in $dir (run: scripts/postgres.sh start)" >&2; exit 1; }
  cat "$dir/env"
}

case "${1:-}" in
start)
  "$here/apt-install.sh" postgres.sh postgresql libpq-dev
  bin="$(bin_dir)"
  if [ -f "$dir/env" ] && as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    print_env; exit 0
  fi
  rm -rf "$dir"; mkdir -p "$dir"; chmod 755 "$dir"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  admin_password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  reader_password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  echo "$admin_password" >"$dir/pwfile"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/pwfile"
  # C locale: text compares byte by byte, as in SQLite (the reader also says COLLATE "C").
  as_server "$bin/initdb" -D "$dir/data" -U tf_admin --pwfile="$dir/pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off -c max_connections=50" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  export PGHOST="$dir" PGPORT="$port" PGUSER=tf_admin PGPASSWORD="$admin_password" PGDATABASE=postgres
  # The reader may connect and SELECT, nothing else: no CREATE on schema public, no TEMP tables,
  # SELECT on every table tf_admin creates later (default privileges, copied by CREATE DATABASE
  # from template1).
  psql -v ON_ERROR_STOP=1 -q -d template1 <<SQL
CREATE ROLE tf_reader LOGIN PASSWORD '$reader_password';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE template1 FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE postgres FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO tf_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE tf_admin IN SCHEMA public GRANT SELECT ON TABLES TO tf_reader;
SQL
  socket="$(printf '%s' "$dir" | sed 's,/,%2F,g')"
  cat >"$dir/env" <<ENV
export TRIPLETFORGE_TEST_PG='postgresql://tf_admin:$admin_password@/postgres?host=$socket&port=$port'
export TRIPLETFORGE_TEST_PG_READER='postgresql://tf_reader:$reader_password@/postgres?host=$socket&port=$port'
ENV
  print_env
  ;;
env)
  print_env
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_server "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: scripts/postgres.sh start|env|stop" >&2; exit 2
  ;;
esac
