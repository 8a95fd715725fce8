#!/usr/bin/env bash
# Packs every library under src/ (src/Engine.*/*.csproj: a library added later is packed too)
# into artifacts/packages: a .nupkg and a .snupkg (symbols) each, all at the one version set in
# src/Directory.Build.props. Extra arguments go to every `dotnet pack` (scripts/pack-check.sh
# passes --no-build after the tests have built everything).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

out=artifacts/packages
mkdir -p "$out"
# Packages of an older version, or of a library that is gone, must not linger in the feed.
rm -f "$out"/Engine.*.nupkg "$out"/Engine.*.snupkg

shopt -s nullglob
projects=(src/Engine.*/*.csproj)
if [ "${#projects[@]}" -eq 0 ]; then
  echo "pack.sh: no library projects under src/Engine.*" >&2
  exit 1
fi

for project in "${projects[@]}"; do
  # ContinuousIntegrationBuild: deterministic paths in the PDBs, whoever packs.
  dotnet pack "$project" -c Release -o "$out" -p:ContinuousIntegrationBuild=true --nologo -v quiet "$@"
done

ls -l "$out"
