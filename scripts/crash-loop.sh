#!/usr/bin/env bash
# Crash loop against the real product: write load, SIGKILL at a random moment, restart, verify; N cycles.
#   scripts/crash-loop.sh [CYCLES=50] [sqlite|postgres|both=sqlite] [SEED]
# PostgreSQL comes from ECOSYSTEM_TEST_POSTGRES (default: loopback, user postgres). Figures are appended to
# TestResults/crash-loop.txt. The CI-sized run (5 cycles SQLite, 3 PostgreSQL) is part of tests/Ecosystem.EndToEnd.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles="${1:-50}"
which="${2:-sqlite}"
case "$which" in
  sqlite) filter="FullyQualifiedName~CrashLoopTests.Sqlite" ;;
  postgres) filter="FullyQualifiedName~CrashLoopTests.Postgres" ;;
  both) filter="FullyQualifiedName~CrashLoopTests" ;;
  *) echo "usage: $0 [CYCLES] [sqlite|postgres|both] [SEED]" >&2; exit 2 ;;
esac
export CRASH_LOOP_CYCLES="$cycles"
if [ -n "${3:-}" ]; then export CRASH_LOOP_SEED="$3"; fi
dotnet build tests/Ecosystem.EndToEnd -v q --nologo | tail -n 2
dotnet test tests/Ecosystem.EndToEnd --no-build --filter "$filter" --logger "console;verbosity=detailed"
echo "--- last figures (TestResults/crash-loop.txt):"
tail -n 2 TestResults/crash-loop.txt
