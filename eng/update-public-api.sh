#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's PublicAPI.Unshipped.txt,
# and removes declared symbols that no longer exist (RS0017). Review the diff: every public member is a decision.
set -euo pipefail
project="$1"
api="$(dirname "$project")/PublicAPI.Unshipped.txt"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for _ in 1 2 3; do
  dotnet build "$project" --no-incremental -nologo >"$log" 2>&1 || true
  python3 -c '
import re, sys
api, log = sys.argv[1], open(sys.argv[2]).read()
add = set(re.findall(r"RS0016: Symbol .(.+?). is not part of the declared public API", log))
remove = set(re.findall(r"RS0017: Symbol .(.+?). is part of the declared API", log))
if not add and not remove:
    sys.exit(1)
lines = [l for l in open(api).read().splitlines() if l and l not in remove]
open(api, "w").write("\n".join([lines[0]] + sorted(set(lines[1:]) | add)) + "\n")
' "$api" "$log" || break
done
