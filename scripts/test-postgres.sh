#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port for the test suite.
#   scripts/test-postgres.sh [start]   start (or reuse) it and print its SQLAlchemy URL
#   scripts/test-postgres.sh stop      stop it and remove its files
# Installs Debian's PostgreSQL first when it is missing (needs root).
# Only the test role may connect over TCP, with a password (SCRAM) made at start and kept in a
# file only the cluster's owner can read; the superuser connects only through the cluster's own
# Unix socket, by peer authentication.
#   NSDOCKET_PG_PORT (default 54329), NSDOCKET_PG_DIR (default /tmp/nsdocket-pg-PORT)
set -euo pipefail
action=${1:-start}
port=${NSDOCKET_PG_PORT:-54329}
dir=${NSDOCKET_PG_DIR:-/tmp/nsdocket-pg-$port}
role=nsdocket_test

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$action" = stop ]; then
  if [ -n "$bin" ] && [ -d "$dir" ]; then
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir" "$dir.initdb.log"
  exit 0
fi
[ "$action" = start ] || { echo "usage: $0 [start|stop]" >&2; exit 2; }

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
superuser=postgres
[ "$(id -u)" = 0 ] || superuser=$(id -un)

if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir" -U "$superuser" -E UTF8 --no-sync \
    --auth-local=peer --auth-host=reject >"$dir.initdb.log" 2>&1 \
    || { cat "$dir.initdb.log" >&2; exit 1; }
  # The superuser by peer on the cluster's own socket; the test role by password over TCP on
  # loopback; nobody else, nowhere else.
  as_owner sh -c "cat > '$dir/pg_hba.conf'" <<HBA
local all $superuser peer
host all $role 127.0.0.1/32 scram-sha-256
HBA
  password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  as_owner sh -c "umask 077; printf '%s' '$password' > '$dir/test-role-password'"
  # A test cluster: loopback only, no durability settings that slow tests down, and no
  # autovacuum (each database lives for one test; a vacuum worker on it would block the drop).
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c password_encryption=scram-sha-256 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c autovacuum=off" \
    >/dev/null
  as_owner "$bin/psql" -q -h "$dir" -p "$port" -U "$superuser" -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" \
    -c "GRANT pg_signal_backend TO $role" >/dev/null
fi
password=$(as_owner cat "$dir/test-role-password")
echo "postgresql+psycopg://$role:$password@127.0.0.1:$port/postgres"
