#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL cluster: created in a temporary directory,
# listening on a free loopback port, removed when the command ends (whatever its end).
# The command finds it in TEST_POSTGRES_URL (an administrator URL), the client programs
# (psql, createdb) in PG_BIN.
# Usage: scripts/with-postgres.sh COMMAND [ARGS…]
set -euo pipefail

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
if [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed (scripts/bootstrap.sh test installs it)" >&2
  exit 1
fi
dir="$(mktemp -d /tmp/pd-postgres.XXXXXX)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# initdb refuses to run as root: as root, the cluster runs as the system's postgres user.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U pd -E UTF8 --locale=C --no-sync >/dev/null
# Durability is not what a scratch cluster is for: no fsync, so tests run at memory speed;
# no autovacuum, whose workers would hold the template database open while it is copied.
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c autovacuum=off -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
export TEST_POSTGRES_URL="postgres://pd@127.0.0.1:$port/postgres" PG_BIN="$bin"
"$@"
