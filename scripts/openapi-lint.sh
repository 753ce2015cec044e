#!/usr/bin/env bash
# Lints the gateway's OpenAPI document with @redocly/cli (from npm) and fails on any error (warnings are shown).
# The document is the one a running gateway serves: the built gateway is started on the local PostgreSQL
# (development mode, free loopback ports), /api/openapi.json is fetched, and the gateway is stopped.
#
#   scripts/openapi-lint.sh [Release|Debug]   configuration of the built gateway (default Release; built if missing)
#   scripts/openapi-lint.sh --file DOC.json   lint a saved document instead
set -euo pipefail
cd "$(dirname "$0")/.."

REDOCLY_CLI="@redocly/cli@2.77.0"
log() { echo "openapi-lint: $*" >&2; }

free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  log "no free port"; return 1
}

lint() {
  if ! command -v npx >/dev/null 2>&1; then
    [[ $EUID -eq 0 ]] || { log "npx (Node.js) is missing and this is not root: install nodejs and npm"; exit 1; }
    log "installing Node.js and npm from apt"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
  fi
  log "npx $REDOCLY_CLI lint $1"
  # No config file: Redocly's recommended rules, as an API consumer's tooling would judge the document.
  REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --yes "$REDOCLY_CLI" lint "$1" --format=stylish
}

if [[ "${1:-}" == "--file" ]]; then
  lint "${2:?usage: $0 --file DOC.json}"
  exit 0
fi

configuration="${1:-Release}"
bin_dir="$PWD/hosts/EDRS.Hosts.Gateway/bin/$configuration/net10.0"
if [[ ! -f "$bin_dir/EDRS.Hosts.Gateway.dll" ]]; then
  log "building the gateway ($configuration)"
  dotnet build hosts/EDRS.Hosts.Gateway -c "$configuration" -nologo -v quiet >&2
fi

server="$(scripts/local-postgres.sh ensure)"
pg_port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$server")"
database="edrs_openapi_lint"
if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -Atqc "select 1 from pg_database where datname = '$database'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "create database \"$database\"" >/dev/null
fi

work="$(mktemp -d)"
http_port="$(free_port)"
grpc_port="$(free_port)"
gateway_pid=""
cleanup() {
  if [[ -n "$gateway_pid" ]] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

log "starting the gateway on 127.0.0.1:$http_port"
ASPNETCORE_ENVIRONMENT=Development \
  Journal__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database" \
  Journal__ApplySchemaOnStart=true \
  Cluster__Provider=SingleNode \
  Kestrel__Endpoints__Http__Url="http://127.0.0.1:$http_port" \
  Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$grpc_port" \
  Observability__MetricsPort=0 \
  Logging__LogLevel__Default=Warning \
  dotnet "$bin_dir/EDRS.Hosts.Gateway.dll" --contentRoot "$bin_dir" >"$work/gateway.log" 2>&1 &
gateway_pid=$!

doc="$work/openapi.json"
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$http_port/api/openapi.json" -o "$doc"; then break; fi
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log" >&2; log "the gateway exited"; exit 1; }
  sleep 0.5
done
[[ -s "$doc" ]] || { cat "$work/gateway.log" >&2; log "no document at /api/openapi.json"; exit 1; }
kill "$gateway_pid" && wait "$gateway_pid" 2>/dev/null || true
gateway_pid=""

lint "$doc"
