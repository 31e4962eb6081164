#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL 15 for the test suite: initdb as the postgres user into
# /tmp with a UTF-8 ctype (else trigrams of Korean and Japanese text are empty), a private port,
# trust authentication on loopback only. Prints the URL to put in WHEREABOUTS_TEST_DATABASE_URL.
set -euo pipefail
port="${WHEREABOUTS_TEST_PG_PORT:-54329}"
dir="${WHEREABOUTS_TEST_PG_DIR:-/tmp/whereabouts-test-pg}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found; apt-get install postgresql" >&2; exit 1; }
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

case "${1:-start}" in
start)
  if [ ! -f "$dir/PG_VERSION" ]; then
    rm -rf "$dir"; mkdir -p "$dir"; chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir" -U postgres --locale=C.UTF-8 --encoding=UTF8 --auth=trust >/dev/null
  fi
  as_postgres "$bin/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  ;;
stop)
  as_postgres "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null || true
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
