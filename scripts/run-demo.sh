#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and runs the demo game. Arguments pass through
# to the demo (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run -c Release --project src/DemoGame -- "$@"
