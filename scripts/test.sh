#!/usr/bin/env bash
# Runs every test of EDRS against real servers: provisions the local PostgreSQL (installing it from apt
# if missing), builds the solution with warnings as errors, runs all test projects, and closes with one
# "N passed, N failed" line. Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

EDRS_POSTGRES="$(scripts/local-postgres.sh ensure)"
export EDRS_POSTGRES

dotnet build EDRS.sln -c Release -nologo -v quiet

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test EDRS.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?
if bash scripts/openapi-lint.sh Release; then echo "openapi-lint Passed: 1" >>"$log"; else echo "openapi-lint Failed: 1" >>"$log"; status=1; fi
if dotnet run -c Release --no-build --project benchmarks/EDRS.Benchmarks -- faults --smoke; then echo "faults-smoke Passed: 1" >>"$log"; else echo "faults-smoke Failed: 1" >>"$log"; status=1; fi
if dotnet run -c Release --no-build --project benchmarks/EDRS.Benchmarks -- faults --workflows --smoke; then echo "faults-workflows-smoke Passed: 1" >>"$log"; else echo "faults-workflows-smoke Failed: 1" >>"$log"; status=1; fi
if dotnet run -c Release --no-build --project benchmarks/EDRS.Benchmarks -- fuzz; then echo "fuzz Passed: 1" >>"$log"; else echo "fuzz Failed: 1" >>"$log"; status=1; fi

passed="$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')"
failed="$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')"
if [[ "$passed" -eq 0 && "$status" -eq 0 ]]; then
  echo "no test ran" >&2
  status=1
fi
[[ "$failed" -gt 0 && "$status" -eq 0 ]] && status=1
echo "$passed passed, $failed failed"
exit "$status"
