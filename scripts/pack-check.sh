#!/usr/bin/env bash
# Packs the libraries (scripts/pack.sh), then builds and runs samples/FromPackages against those
# packages alone, on net10.0 and on net8.0 (rolled forward to the installed runtime), from a
# packages folder of its own so no stale copy of a package is used. Fails when a package is
# missing a file: an assembly, its XML docs, the README or the licence, or its symbols.
# Arguments go to scripts/pack.sh (scripts/test.sh passes --no-build).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

bash scripts/pack.sh "$@" >/dev/null

version=$(dotnet msbuild src/Engine.Neural/Engine.Neural.csproj -getProperty:EngineVersion)
restored=artifacts/sample-packages
rm -rf "$restored" samples/FromPackages/bin samples/FromPackages/obj

status=0
fail() { echo "pack-check: $*" >&2; status=1; }

for project in src/Engine.*/*.csproj; do
  id=$(basename "$project" .csproj)
  [ -f "artifacts/packages/$id.$version.nupkg" ] || fail "no package $id.$version.nupkg"
  [ -f "artifacts/packages/$id.$version.snupkg" ] || fail "no symbol package $id.$version.snupkg"
done

dotnet build samples/FromPackages -c Release -p:EngineVersion="$version" -p:RestorePackagesPath="$PWD/$restored" --nologo -v quiet \
  || { echo "pack-check: samples/FromPackages does not build from the packages" >&2; exit 1; }

# What restore unpacked is what a game gets: check each library's files there.
for project in src/Engine.*/*.csproj; do
  id=$(basename "$project" .csproj)
  dir="$restored/${id,,}/$version"
  [ -d "$dir" ] || { fail "the sample did not restore $id"; continue; }
  for file in README.md LICENSE; do
    [ -f "$dir/$file" ] || fail "$id has no $file"
  done
  for tfm in net8.0 net10.0; do
    for file in "$id.dll" "$id.xml"; do
      [ -f "$dir/lib/$tfm/$file" ] || fail "$id has no lib/$tfm/$file"
    done
  done
done

for tfm in net10.0 net8.0; do
  DOTNET_ROLL_FORWARD=Major dotnet "samples/FromPackages/bin/Release/$tfm/FromPackages.dll" \
    || fail "samples/FromPackages failed on $tfm"
done

[ "$status" -eq 0 ] && echo "pack-check: $(ls artifacts/packages/*.nupkg | wc -l) packages of version $version restore and run"
exit "$status"
