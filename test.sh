#!/usr/bin/env bash
# Runs every test against real redis-server / redis-sentinel processes (installed here when missing).
# Ends with a line "N passed, N failed" so a run that executed no test is visible.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-sentinel >/dev/null 2>&1 || missing+=(redis-sentinel)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
if ((${#missing[@]} > 0)); then
  echo "Installing ${missing[*]} (the tests start real Redis processes on loopback)..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-sentinel redis-tools >/dev/null
  # The packages start system services on the default ports; the tests start their own on random ports.
  { $sudo service redis-sentinel stop; $sudo service redis-server stop; } >/dev/null 2>&1 || true
fi

results="$(mktemp -d)"
cleanup() {
  # Every test stops what it starts; this only catches processes left by a crashed test host.
  pkill -9 -f 'resilientcaching-harness' >/dev/null 2>&1 || true
  rm -rf "$results"
}
trap cleanup EXIT

dotnet build Caching.sln -c Release -nologo -v quiet

set +e
dotnet test Caching.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1500000
status=$?
set -e

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$failed" -gt 0 ]; then
  # Repeat each failure (name and first lines of its message) here, where the end of a long log shows it.
  echo "Failed tests:"
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    awk '
      /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); inside = 1; lines = 0; print "  " name; next }
      inside && /<\/UnitTestResult>/ { inside = 0 }
      inside && /<Message>/ { grab = 1 }
      inside && grab && lines < 6 { line = $0; gsub(/<\/?Message>/, "", line); gsub(/^[ \t]+/, "", line); print "      " line; lines++ }
      inside && /<\/Message>/ { grab = 0 }
    ' "$trx"
  done
fi
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
