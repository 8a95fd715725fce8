#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and runs every test project of Engine.sln (the
# libraries' tests on net10.0 and on their net8.0 build), then scripts/pack-check.sh (the NuGet
# packages restored and run by samples/FromPackages). Ends with one line "N passed, N failed"
# (", N skipped" when any were skipped), summed over all test runs. Exits non-zero when the
# build, any test or the package check fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1

# PoCL caches compiled kernels under $HOME unless told otherwise; keep it in the tree.
export POCL_CACHE_DIR="${POCL_CACHE_DIR:-$PWD/artifacts/pocl-cache}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test Engine.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary block per test project:
#   Total tests: 63
#        Passed: 61
#        Failed: 1
#       Skipped: 1
read -r passed failed skipped projects < <(awk '
  /^Total tests:/ { n++; inblock = 1; next }
  inblock && /^[[:space:]]+(Passed|Failed|Skipped):/ {
    gsub(":", "", $1);
    if ($1 == "Passed") p += $2;
    if ($1 == "Failed") f += $2;
    if ($1 == "Skipped") s += $2;
    next
  }
  { inblock = 0 }
  END { printf "%d %d %d %d\n", p, f, s, n }' "$log")

# Library tests (tests/Engine.*.Tests) run twice: on net10.0 and on the net8.0 build (tests/Net8Targets.props).
expected=$(( $(find tests -name '*.Tests.csproj' | wc -l) + $(find tests -name 'Engine.*.Tests.csproj' | wc -l) ))
if [ "$projects" -ne "$expected" ]; then
  echo "test.sh: expected results from $expected test projects, got $projects" >&2
  [ "$status" -eq 0 ] && status=1
fi

# The packages, restored by a project of their own and run (the tests built what they hold).
if ! bash scripts/pack-check.sh --no-build; then
  echo "test.sh: scripts/pack-check.sh failed" >&2
  [ "$status" -eq 0 ] && status=1
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
exit "$status"
