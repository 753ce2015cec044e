#!/usr/bin/env bash
# Runs a throwaway local PostgreSQL as a plain process (no Docker, no systemd).
#
#   scripts/local-postgres.sh ensure   start (or reuse) the server; print its connection string
#   scripts/local-postgres.sh status   print the connection string if running, else exit 1
#   scripts/local-postgres.sh stop     stop the server (fast mode) if running
#
# Stdout carries only the connection string; everything else goes to stderr.
# Environment:
#   EDRS_PG_DIR   data folder (default /var/tmp/edrs/pg); cluster in $EDRS_PG_DIR/data
#   EDRS_PG_PORT  first port to try (default 55432)
set -euo pipefail

DIR="${EDRS_PG_DIR:-/var/tmp/edrs/pg}"
DIR="${DIR%/}"
FIRST_PORT="${EDRS_PG_PORT:-55432}"
DATA="$DIR/data"
PORT_FILE="$DIR/port"
LOG_FILE="$DIR/server.log"
LOCK_FILE="$DIR.lock"
PG_BIN=""

log() { echo "local-postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  echo "usage: $0 ensure|status|stop" >&2
  exit 2
}

conn_string() {
  echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=postgres;Maximum Pool Size=100"
}

# Run a command as the postgres OS user (initdb refuses root).
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Highest installed /usr/lib/postgresql/<ver>/bin with server binaries; if the cluster already
# exists, prefer the bin dir matching its PG_VERSION.
find_bin() {
  local want="" dir ver best="" best_ver=-1
  [[ -f "$DATA/PG_VERSION" ]] && want="$(<"$DATA/PG_VERSION")"
  if [[ -n "$want" && -x "/usr/lib/postgresql/$want/bin/pg_ctl" ]]; then
    PG_BIN="/usr/lib/postgresql/$want/bin"
    return 0
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]] || continue
    ver="$(basename "$(dirname "$dir")")"
    ver="${ver%%.*}"
    [[ "$ver" =~ ^[0-9]+$ ]] || continue
    if ((ver > best_ver)); then best_ver=$ver; best=$dir; fi
  done
  [[ -n "$best" ]] || return 1
  if [[ -n "$want" && "$best_ver" != "$want" ]]; then
    die "cluster in $DATA is PostgreSQL $want but only $best_ver binaries are installed"
  fi
  PG_BIN="$best"
}

install_postgres() {
  if find_bin; then return 0; fi
  [[ $EUID -eq 0 ]] || die "PostgreSQL server binaries missing and not root (cannot apt-get install)"
  log "PostgreSQL server binaries not found; installing with apt-get"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  find_bin || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found"
}

# Create every missing folder on the way to $1 with mode 755 (so the postgres user can reach it).
mkdirs_755() {
  local path="$1" missing=() p
  p="$path"
  while [[ -n "$p" && "$p" != "/" && ! -d "$p" ]]; do
    missing=("$p" "${missing[@]}")
    p="$(dirname "$p")"
  done
  for p in "${missing[@]}"; do
    mkdir -m 755 "$p" 2>/dev/null || [[ -d "$p" ]] || die "cannot create $p"
  done
}

prepare_dir() {
  mkdirs_755 "$DIR"
  if [[ $EUID -eq 0 ]]; then
    chown postgres:postgres "$DIR"
    chmod 755 "$DIR"
    runuser -u postgres -- test -w "$DIR" ||
      die "$DIR is not reachable by the postgres user (a parent folder is not traversable, e.g. under a 0700 mktemp dir)"
  fi
}

# Is $1 a live (not zombie) postgres process? A killed postmaster can linger as a zombie when
# PID 1 does not reap orphans (common in containers); kill -0 and `pg_ctl status` count it as alive.
pid_is_live_postgres() {
  local pid="$1" stat comm
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  comm="${stat#*(}"
  comm="${comm%%)*}"
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]] || return 1
  [[ "$comm" == postgres* || "$comm" == postmaster* ]] || return 1
  # A postmaster runs in its data folder: tells a recycled pid of another cluster apart.
  local cwd
  if cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)"; then
    [[ "$cwd" == "$(readlink -f "$DATA")" ]] || return 1
  fi
  return 0
}

postmaster_pid() {
  head -n1 "$DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9'
}

# Is a server from $DATA running (pid file + live postgres process)?
server_running() {
  [[ -f "$DATA/postmaster.pid" ]] || return 1
  pid_is_live_postgres "$(postmaster_pid)"
}

is_ready() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 >/dev/null 2>&1
}

wait_ready() {
  local port="$1" tries="${2:-60}" i
  for ((i = 0; i < tries; i++)); do
    is_ready "$port" && return 0
    sleep 0.5
  done
  return 1
}

# Port of the running server: our port file, else line 4 of postmaster.pid.
running_port() {
  local p=""
  [[ -f "$PORT_FILE" ]] && p="$(tr -dc '0-9' <"$PORT_FILE")"
  if [[ -z "$p" && -f "$DATA/postmaster.pid" ]]; then
    p="$(sed -n 4p "$DATA/postmaster.pid" | tr -dc '0-9')"
  fi
  echo "$p"
}

port_in_use() {
  local port="$1"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && return 0
  fi
  return 1
}

free_port() {
  local port="$1" last=$(($1 + 200))
  for (( ; port <= last; port++)); do
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free TCP port in $1..$last on 127.0.0.1"
}

# postmaster.pid whose process is gone (or is a zombie, or not a postgres process) -> remove it.
remove_stale_pid() {
  local pidfile="$DATA/postmaster.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(postmaster_pid)"
  pid_is_live_postgres "$pid" && return 1
  log "removing stale $pidfile (pid ${pid:-?} is not a running postgres)"
  rm -f "$pidfile"
  # The socket folder is ours alone: its socket lock files name the same dead pid.
  local lock sock
  for lock in "$DIR"/.s.PGSQL.*.lock; do
    [[ -f "$lock" ]] || continue
    pid_is_live_postgres "$(head -n1 "$lock" | tr -dc '0-9')" && continue
    sock="${lock%.lock}"
    log "removing stale $lock"
    rm -f "$lock" "$sock"
  done
  return 0
}

init_cluster() {
  if [[ -f "$DATA/PG_VERSION" ]]; then return 0; fi
  if [[ -e "$DATA" ]]; then
    log "removing incomplete cluster folder $DATA"
    rm -rf "$DATA"
  fi
  log "initdb $DATA"
  as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
}

pg_start() {
  local port="$1"
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG_FILE" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c max_connections=300 -c shared_buffers=256MB" \
    start >&2 9>&- # the server must not inherit the flock fd (it would hold the lock forever)
}

start_server() {
  local port stale_retry=1
  port="$(free_port "$FIRST_PORT")"
  for _ in 1 2 3; do
    log "starting PostgreSQL on 127.0.0.1:$port (data $DATA, log $LOG_FILE)"
    if pg_start "$port"; then
      echo "$port" >"$PORT_FILE"
      wait_ready "$port" 120 || die "server started but pg_isready fails on port $port; see $LOG_FILE"
      echo "$port"
      return 0
    fi
    if ((stale_retry)) && remove_stale_pid; then
      stale_retry=0
      continue # retry once on the same port
    fi
    if tail -n 20 "$LOG_FILE" 2>/dev/null | grep -qiE 'could not (bind|create listen)|address already in use'; then
      log "port $port was taken meanwhile; trying another"
      port="$(free_port $((port + 1)))"
      continue
    fi
    break
  done
  tail -n 20 "$LOG_FILE" >&2 2>/dev/null || true
  die "could not start PostgreSQL from $DATA"
}

cmd_ensure() {
  local port
  mkdirs_755 "$(dirname "$DIR")"
  exec 9>>"$LOCK_FILE"
  flock -w 300 9 || die "timed out waiting for lock $LOCK_FILE"

  install_postgres
  prepare_dir

  if server_running; then
    port="$(running_port)"
    if [[ -n "$port" ]] && wait_ready "$port" 60; then
      log "reusing running server on port $port"
      [[ -f "$PORT_FILE" ]] || echo "$port" >"$PORT_FILE"
      conn_string "$port"
      return 0
    fi
    log "server from $DATA is running but not answering; restarting it"
    as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2 ||
      as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >&2 || true
  fi

  init_cluster
  port="$(start_server)"
  conn_string "$port"
}

cmd_status() {
  local port
  find_bin || exit 1
  server_running || exit 1
  port="$(running_port)"
  [[ -n "$port" ]] && is_ready "$port" || exit 1
  conn_string "$port"
}

cmd_stop() {
  [[ -d "$DIR" ]] || { log "no data folder $DIR; nothing to stop"; return 0; }
  exec 9>>"$LOCK_FILE"
  flock -w 300 9 || die "timed out waiting for lock $LOCK_FILE"
  if ! find_bin || ! server_running; then
    log "server from $DATA is not running"
    return 0
  fi
  log "stopping server from $DATA"
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2
  rm -f "$PORT_FILE"
}

[[ $# -eq 1 ]] || usage
case "$1" in
  ensure) cmd_ensure ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  *) usage ;;
esac
