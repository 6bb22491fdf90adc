#!/usr/bin/env bash
# Checks that every query of grafana-dashboard.json returns data from a real Prometheus scraping the sample:
#   1. installs Debian's prometheus (and jq, redis-server/redis-sentinel) when missing, stopping any service apt starts;
#   2. builds and starts the PopularPosts sample on 127.0.0.1:5080 with its default topology (master + 2 replicas + 3 Sentinels);
#   3. starts prometheus with prometheus.yml and a temporary storage directory on 127.0.0.1 (9090, or the next free port);
#   4. drives traffic, kills the master through POST /chaos/master/kill, waits for the failover, restarts the old master;
#   5. queries every `expr` of the dashboard through the Prometheus HTTP API and prints "data" or "no data" for each.
# Exits non-zero if any query returns no data. Stops everything it started (the app stops the Redis processes it launched).
# Environment: VERIFY_SETTLE_SECONDS (default 30), how long to keep scraping after the failover before querying.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
app_url="http://127.0.0.1:5080"
settle="${VERIFY_SETTLE_SECONDS:-30}"
work="$(mktemp -d)"
app_pid=""
prom_pid=""
traffic_pid=""
redis_ports=()

say() { printf '[verify] %s\n' "$*"; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

cleanup() {
  local status=$?
  set +e
  if [ -n "$traffic_pid" ]; then kill "$traffic_pid" 2>/dev/null; wait "$traffic_pid" 2>/dev/null; fi
  if [ -n "$prom_pid" ]; then kill "$prom_pid" 2>/dev/null; wait "$prom_pid" 2>/dev/null; fi
  if [ -n "$app_pid" ]; then
    # SIGTERM: the app stops gracefully and kills the Redis processes it launched.
    kill -TERM "$app_pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$app_pid" 2>/dev/null; then say "the app did not stop within 15 s; killing it"; kill -KILL "$app_pid" 2>/dev/null; fi
    wait "$app_pid" 2>/dev/null
  fi
  # Any Redis process of this run still listening (only if the app died without stopping them).
  for port in "${redis_ports[@]}"; do
    for pid in $(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
      say "killing leftover redis pid $pid on port $port"; kill -KILL "$pid" 2>/dev/null
    done
  done
  if [ "$status" -ne 0 ] && [ -f "$work/app.log" ]; then
    say "last lines of the app's log:"; tail -n 20 "$work/app.log" | sed 's/^/    /'
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# --- 1. Tools --------------------------------------------------------------------------------------------------
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-sentinel >/dev/null 2>&1 || missing+=(redis-sentinel)
if ((${#missing[@]} > 0)); then
  say "installing ${missing[*]} with apt..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  # The packages may start system services on the default ports; this script runs its own instances.
  for service in prometheus prometheus-node-exporter redis-sentinel redis-server; do
    { $sudo service "$service" stop || $sudo systemctl stop "$service"; } >/dev/null 2>&1 || true
  done
fi
if command -v promtool >/dev/null 2>&1; then
  promtool check config "$here/prometheus.yml" >/dev/null
fi

port_in_use() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }

# --- 2. The sample ----------------------------------------------------------------------------------------------
if port_in_use 5080; then
  say "127.0.0.1:5080 is in use; prometheus.yml scrapes the sample there. Stop whatever listens on it and run again."
  exit 1
fi
say "building the sample..."
dotnet build "$repo/samples/PopularPosts" -c Release -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
say "starting the sample on $app_url (default topology)..."
(
  cd "$repo/samples/PopularPosts"
  exec env ASPNETCORE_ENVIRONMENT=Production dotnet bin/Release/net10.0/PopularPosts.dll --urls "$app_url"
) >"$work/app.log" 2>&1 &
app_pid=$!
for i in $(seq 1 240); do
  curl -sf "$app_url/health" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { say "the app exited during start-up"; exit 1; }
  [ "$i" -lt 240 ] || { say "the app did not answer /health within 60 s"; exit 1; }
  sleep 0.25
done
status="$(curl -sf "$app_url/api/status")"
mapfile -t redis_ports < <(jq -r '.chaos.processes[].endPoint | split(":")[1]' <<<"$status")
say "cache: $(jq -r '.cache.topology + " - " + .cache.description' <<<"$status")"
if [ "$(jq -r '.chaos.available' <<<"$status")" != "true" ]; then
  say "the sample runs without a launched Redis topology; the Redis panels cannot have data"
  exit 1
fi

# --- 3. Prometheus ----------------------------------------------------------------------------------------------
prom_port=9090
while port_in_use "$prom_port"; do prom_port=$((prom_port + 1)); done
prom_url="http://127.0.0.1:$prom_port"
say "starting prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{print $3}') on $prom_url..."
prometheus --config.file="$here/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
for i in $(seq 1 120); do
  curl -sf "$prom_url/-/ready" >/dev/null 2>&1 && break
  [ "$i" -lt 120 ] || { say "prometheus did not become ready"; tail -n 20 "$work/prometheus.log"; exit 1; }
  sleep 0.25
done

# --- 4. Traffic and a failover ----------------------------------------------------------------------------------
traffic() {
  # About 20 requests/s for at most 10 minutes: reads of posts and the popular list, a new post every 10th request.
  local i=0
  while [ "$i" -lt 12000 ]; do
    i=$((i + 1))
    if [ $((i % 10)) -eq 0 ]; then
      curl -s -o /dev/null -m 5 -X POST -H 'content-type: application/json' -d "{\"title\":\"verify $i\",\"body\":\"b\"}" "$app_url/posts" || true
    elif [ $((i % 5)) -eq 0 ]; then
      curl -s -o /dev/null -m 5 "$app_url/posts/popular" || true
    else
      curl -s -o /dev/null -m 5 "$app_url/posts/$((i % 4 + 1))" || true
    fi
    sleep 0.05
  done
}
traffic &
traffic_pid=$!

query() { curl -sf -G "$prom_url/api/v1/query" --data-urlencode "query=$1"; }
for i in $(seq 1 60); do
  [ "$(query 'up{job="popularposts"}' | jq -r '.data.result[0].value[1] // "0"')" = "1" ] && break
  [ "$i" -lt 60 ] || { say "prometheus never scraped the sample successfully"; query 'up' | jq -c .; exit 1; }
  sleep 1
done
say "prometheus scrapes the sample; traffic running for 15 s before the failover..."
sleep 15

chaos() {
  local response
  response="$(curl -s -X POST -w ' HTTP %{http_code}' "$app_url/chaos/$1")"
  say "POST /chaos/$1 -> ${response##* HTTP }: $(jq -r '.message' <<<"${response% HTTP *}")"
}
chaos master/kill
for i in $(seq 1 60); do
  failover="$(curl -sf "$app_url/api/status" | jq -c '.failovers[0] // empty')"
  [ -n "$failover" ] && break
  [ "$i" -lt 60 ] || { say "no failover detected within 30 s of the kill"; exit 1; }
  sleep 0.5
done
say "failover: $(jq -r '"\(.previousMaster) -> \(.newMaster) by \(.detectedBy), writes unavailable \(.writesUnavailableMilliseconds // "n/a") ms"' <<<"$failover")"
chaos master/restart
say "scraping for ${settle} s more so every series has samples after the failover..."
sleep "$settle"

# --- 5. Every dashboard query -----------------------------------------------------------------------------------
# Grafana's variables: every job ($job), a 1 minute rate window ($__rate_interval: 4 x the 15 s default scrape interval).
mapfile -t exprs < <(jq -r '[.. | objects | select(has("expr")) | .expr] | unique | .[]' "$here/grafana-dashboard.json")
check() {
  local expr="$1" promql answer
  promql="${expr//\$\{job\}/.*}"
  promql="${promql//\$job/.*}"
  promql="${promql//\$__rate_interval/1m}"
  promql="${promql//\$__range/15m}"
  promql="${promql//\$__interval/15s}"
  if ! answer="$(query "$promql")"; then echo "error"; return; fi
  # Data: at least one series with a finite value (a NaN-only histogram_quantile draws nothing).
  jq -r 'if .status != "success" then "error"
         elif ([.data.result[] | .value[1] | select(. != "NaN" and . != "+Inf" and . != "-Inf")] | length) > 0
         then "data (\(.data.result | length) series)" else "no data" end' <<<"$answer"
}
results=()
for pass in 1 2; do
  results=()
  missing_data=0
  for expr in "${exprs[@]}"; do
    outcome="$(check "$expr")"
    results+=("$outcome|$expr")
    case "$outcome" in data*) ;; *) missing_data=$((missing_data + 1)) ;; esac
  done
  if [ "$missing_data" -eq 0 ] || [ "$pass" -eq 2 ]; then break; fi
  say "$missing_data queries without data; scraping 20 s more and asking again..."
  sleep 20
done

echo
echo "Dashboard queries against prometheus ($prom_url), job popularposts:"
with_data=0
for entry in "${results[@]}"; do
  outcome="${entry%%|*}"
  expr="${entry#*|}"
  case "$outcome" in data*) with_data=$((with_data + 1)); mark="ok  " ;; *) mark="FAIL" ;; esac
  printf '  %s %-20s %s\n' "$mark" "$outcome" "$expr"
done
echo
echo "$with_data of ${#exprs[@]} dashboard queries returned data"
[ "$with_data" -eq "${#exprs[@]}" ]
