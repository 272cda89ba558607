#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster (issue 13): initdb in
# a temporary directory, listening on loopback only, stopped and removed
# when the command ends, also on failure. The command finds the cluster in
# LETTERBOX_TEST_DATABASE_URL (its `postgres` database, as the superuser;
# the tests create a database each).
#
# initdb and postgres refuse to run as root, and CI runs as root: then the
# cluster is run as the unprivileged `postgres` user from Debian's package.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL is not installed (make setup installs it)" >&2
  exit 1
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dir=$(mktemp -d /tmp/letterbox-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability is not under test here (a crash loses only a test database),
# so fsync is off, unless LETTERBOX_PG_DURABLE=1 (the benchmarks, which
# compare with SQLite's full sync); every test opens its own pool, so
# connections are many.
settings="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400"
if [ "${LETTERBOX_PG_DURABLE:-0}" != 1 ]; then
  settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "$settings" \
  start >/dev/null || { cat "$dir/log" >&2; exit 1; }

export LETTERBOX_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
