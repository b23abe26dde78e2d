#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL adapter's tests and benchmarks (issue #15):
# initdb in a temporary directory, listening on 127.0.0.1 only, on a free port; never a system
# service. Installs PostgreSQL 15 and PostGIS from Debian when initdb is missing (CI's fresh machine).
#
#   scripts/postgres.sh start            # prints the URL, e.g. postgres://postgres@127.0.0.1:54712/postgres
#   scripts/postgres.sh restart URL [S]  # fast shutdown and start again on the same data and port (down S seconds)
#   scripts/postgres.sh stop URL         # stops the cluster and deletes its directory
#   scripts/postgres.sh available        # exit 0 when start can work: PostgreSQL installed, or root with apt-get
#
# Typical use:  export ECOTRACK_TEST_POSTGRES=$(scripts/postgres.sh start) ... scripts/postgres.sh stop "$ECOTRACK_TEST_POSTGRES"
# Only the URL goes to standard output; progress goes to standard error. The cluster's files live in
# ${TMPDIR:-/tmp}/ecotrack-postgres-PORT (data/ and server.log), which is how stop and restart find them.
set -euo pipefail

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

# PostgreSQL's own programs: on PATH, else Debian's layout (postgresql-15 does not put them on PATH).
find_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  return 1
}

install_packages() {
  log "installing PostgreSQL 15 and PostGIS from Debian (postgresql-15, postgresql-15-postgis-3)"
  export DEBIAN_FRONTEND=noninteractive
  # No service is started by the packages (the usual container guard), so no system cluster runs.
  local guard_added=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; guard_added=true; fi
  apt-get update -qq >&2
  apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 >&2
  if $guard_added; then rm -f /usr/sbin/policy-rc.d; fi
}

# Runs a PostgreSQL program as the cluster's owner: initdb and postgres refuse to run as root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_of() {
  local port
  port=$(printf '%s' "$1" | sed -E 's#^[a-z]+://[^/]*:([0-9]+).*#\1#')
  [[ "$port" =~ ^[0-9]+$ ]] || { log "cannot read a port in '$1'"; exit 2; }
  echo "$port"
}

home_of() { echo "${TMPDIR:-/tmp}/ecotrack-postgres-$1"; }

server_options() {
  echo "-c listen_addresses=127.0.0.1 -c port=$1 -c unix_socket_directories='$2' -c max_connections=800 -c shared_buffers=256MB"
}

start() {
  local bin
  bin=$(find_bin) || { install_packages; bin=$(find_bin); }
  local port home
  port=$(free_port)
  home=$(home_of "$port")
  mkdir -p "$home"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$home"; fi
  as_owner "$bin/initdb" -D "$home/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  # Tests open and close many stores at once (a run of the contract: about 90 stores, each a pool of up to 4
  # and a listening connection); a test run is not a production server.
  as_owner "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 -o "$(server_options "$port" "$home")" start >/dev/null
  log "cluster in $home (log: $home/server.log)"
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local home
  home=$(home_of "$(port_of "$1")")
  [ -d "$home/data" ] || { log "no cluster at $home"; exit 1; }
  as_owner "$(find_bin)/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null || true
  rm -rf "$home"
}

restart() {
  local port home pause="${2:-0}"
  port=$(port_of "$1")
  home=$(home_of "$port")
  [ -d "$home/data" ] || { log "no cluster at $home"; exit 1; }
  if [ "$pause" = 0 ]; then
    as_owner "$(find_bin)/pg_ctl" -D "$home/data" -l "$home/server.log" -m fast -w -t 60 restart >/dev/null
  else
    # Down for a while, as a real restart or failover is: clients see refused connections, not only a blip.
    as_owner "$(find_bin)/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null
    sleep "$pause"
    as_owner "$(find_bin)/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 -o "$(server_options "$port" "$home")" start >/dev/null
  fi
}

# Whether start can work here: PostgreSQL is installed, or this is root on a machine with apt-get (CI).
available() {
  find_bin >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1
}

case "${1:-}" in
  start) start ;;
  available) available ;;
  stop) stop "${2:?stop needs the URL that start printed}" ;;
  restart) restart "${2:?restart needs the URL that start printed}" "${3:-0}" ;;
  *) echo "usage: $0 start | stop URL | restart URL [SECONDS_DOWN] | available" >&2; exit 2 ;;
esac
