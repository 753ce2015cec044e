#!/usr/bin/env bash
# Starts EDRS locally: a private PostgreSQL (installed from apt if missing), the journal schema,
# then the gateway in development mode (single-node cluster, every grain kind in-process).
#
#   scripts/run.sh                 serve REST on http://127.0.0.1:8080 and gRPC (h2c) on 127.0.0.1:8082
#                                  (EDRS_HTTP_PORT / EDRS_GRPC_PORT to change)
#
# Stop with Ctrl+C; the database keeps running (scripts/local-postgres.sh stop ends it).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${EDRS_HTTP_PORT:-8080}"
server="$(scripts/local-postgres.sh ensure)"
pg_port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$server")"
database="${EDRS_DATABASE:-edrs}"
if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -Atqc "select 1 from pg_database where datname = '$database'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "create database \"$database\"" >/dev/null
fi
export Journal__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database;Maximum Pool Size=100"

echo "run: building the gateway" >&2
dotnet build hosts/EDRS.Hosts.Gateway -c Release -v quiet -nologo >&2
bin_dir="$PWD/hosts/EDRS.Hosts.Gateway/bin/Release/net10.0"
gateway="$bin_dir/EDRS.Hosts.Gateway.dll"

echo "run: applying the journal schema" >&2
dotnet "$gateway" migrate --contentRoot "$bin_dir" >&2

grpc_port="${EDRS_GRPC_PORT:-8082}"
echo "EDRS gateway: REST http://127.0.0.1:$port (docs: /api/docs), gRPC h2c 127.0.0.1:$grpc_port; dev client 'default' / 'dev-only-secret'"
# Development: the committed dev-only client and a signing key generated at start (both refused elsewhere).
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Kestrel__Endpoints__Http__Url="http://127.0.0.1:$port"
export Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$grpc_port"
export Cluster__Provider=SingleNode
exec dotnet "$gateway" --contentRoot "$bin_dir"
