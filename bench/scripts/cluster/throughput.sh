#!/usr/bin/env bash
# Throughput of `cohesion simulate --method micro` locally and on 1, 2, 3 Orleans silos on loopback (issue 16 item 4).
# Usage: bench/scripts/cluster/throughput.sh [SCALE] [REPS] [RUNS]   (defaults 0.25 6 3)
# Prints one line per run and the median agent-years per second of each configuration. The measure is the
# `performance` block of --timings: agent-years over the wall time of the ensemble's execution (units sent, run and
# collected; the client's start-up and group-model fit are not in it). The first cluster run warms the silos up
# (each fits the group models once per job) and is not counted.
set -euo pipefail
SCALE=${1:-0.25}; REPS=${2:-6}; RUNS=${3:-3}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CLI="${COHESION_CLI:-$ROOT/src/Cohesion.Cli/bin/Release/net10.0/cohesion.dll}"
[ -f "$CLI" ] || dotnet build "$ROOT/src/Cohesion.Cli" -c Release -nologo -v q
TMP=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
ARGS=(simulate --method micro --scale "$SCALE" --reps "$REPS" --seed 7 --timings --format json)
rate() { python3 -c "import json,sys; p=json.load(open(sys.argv[1]))['performance']; print(p['agent_years'], p['seconds'], round(p['agent_years']/p['seconds']))" "$1"; }
median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:])))" "$@"; }

measure() { # label, extra args...
  local label=$1; shift; local rates=()
  for i in $(seq 1 "$RUNS"); do
    dotnet "$CLI" "${ARGS[@]}" "$@" --out "$TMP/run.json" 2>/dev/null
    read -r ay s r < <(rate "$TMP/run.json")
    echo "$label run $i: $ay agent-years in $s s = $r agent-years/s"; rates+=("$r")
  done
  echo "$label: median $(median "${rates[@]}") agent-years/s (scale $SCALE, $REPS replications, $RUNS runs)"
}

measure local
BASE=$((20000 + RANDOM % 20000))
for n in 1 2 3; do
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; PIDS=(); sleep 1
  for i in $(seq 0 $((n - 1))); do
    extra=(); [ "$i" -gt 0 ] && extra=(--primary "127.0.0.1:$BASE")
    dotnet "$CLI" cluster silo --cluster-id bench --silo-port $((BASE + 2 * i)) --gateway-port $((BASE + 2 * i + 1)) "${extra[@]}" \
      > "$TMP/silo$i.out" 2>/dev/null & PIDS+=($!)
  done
  for t in $(seq 1 120); do [ "$(cat "$TMP"/silo*.out 2>/dev/null | grep -c 'silo ready')" -ge "$n" ] && break; sleep 1; done
  dotnet "$CLI" "${ARGS[@]}" --cluster "127.0.0.1:$((BASE + 1))" --out "$TMP/warm.json" 2>/dev/null   # warm-up, not counted
  measure "$n silo(s)" --cluster "127.0.0.1:$((BASE + 1))"
  cat "$TMP"/silo*.out > /dev/null; rm -f "$TMP"/silo*.out
  BASE=$((BASE + 10))
done
