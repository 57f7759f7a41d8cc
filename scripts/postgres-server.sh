#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the PostgreSQL store's tests.
#
#   eval "$(bash scripts/postgres-server.sh start)"   # prints the exports below
#   npx --yes pnpm@10.34.9 test
#   bash scripts/postgres-server.sh stop
#
# start installs Debian's postgresql when its server binaries are missing, creates a temporary
# cluster owned by the `postgres` user (the server refuses to run as root, and CI runs as root),
# starts it on 127.0.0.1 at a free port with its socket in the cluster's folder, and prints
# `export OXIDE_MIRROR_TEST_POSTGRES_URL=…` and `export OXIDE_MIRROR_TEST_POSTGRES_DIR=…`.
# stop stops the cluster named by OXIDE_MIRROR_TEST_POSTGRES_DIR (or its first argument) and
# deletes it. Everything but the exports goes to standard error, so `eval` sees only them.
set -euo pipefail

log() { echo "postgres-server: $*" >&2; }

server_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ]; then return 1; fi
  echo "$dir"
}

install_server() {
  log "PostgreSQL server binaries are missing: installing Debian's postgresql"
  if [ "$(id -u)" -ne 0 ]; then
    log "installing needs root: run 'sudo apt-get update && sudo apt-get install -y postgresql'"
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local bin dir port
  bin="$(server_bin)" || { install_server; bin="$(server_bin)"; }
  dir="$(mktemp -d "${TMPDIR:-/tmp}/oxide-mirror-postgres.XXXXXX")"
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  as_owner "'$bin/initdb' -A trust -U postgres -E UTF8 --locale=C.UTF-8 -D '$dir/data'" >&2
  port="$(free_port)"
  as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c max_connections=200\" start" >&2 || {
    cat "$dir/server.log" >&2
    exit 1
  }
  echo "$bin" >"$dir/bin"
  log "PostgreSQL running on 127.0.0.1:$port (cluster $dir)"
  echo "export OXIDE_MIRROR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export OXIDE_MIRROR_TEST_POSTGRES_DIR=$dir"
}

stop() {
  local dir="${1:-${OXIDE_MIRROR_TEST_POSTGRES_DIR:-}}"
  if [ -z "$dir" ] || [ ! -f "$dir/bin" ]; then
    log "no cluster to stop: pass its folder or set OXIDE_MIRROR_TEST_POSTGRES_DIR"
    exit 1
  fi
  as_owner "'$(cat "$dir/bin")/pg_ctl' -D '$dir/data' -m immediate stop" >&2 || true
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *)
    echo "usage: $0 start | stop [cluster-folder]" >&2
    exit 2
    ;;
esac
