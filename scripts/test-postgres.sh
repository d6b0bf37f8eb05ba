#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL cluster on a loopback port for the test suite, and print
# its SQLAlchemy URL. Installs Debian's PostgreSQL first when it is missing (needs root).
#   NSDOCKET_PG_PORT (default 54329), NSDOCKET_PG_DIR (default /tmp/nsdocket-pg-PORT)
set -euo pipefail
port=${NSDOCKET_PG_PORT:-54329}
dir=${NSDOCKET_PG_DIR:-/tmp/nsdocket-pg-$port}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-postgres: PostgreSQL is not installed and only root can install it" >&2
    exit 1
  fi
  echo "test-postgres: installing Debian's postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --no-sync >"$dir.initdb.log" 2>&1 \
    || { cat "$dir.initdb.log" >&2; exit 1; }
  # A test cluster: loopback only, no durability settings that slow tests down.
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
