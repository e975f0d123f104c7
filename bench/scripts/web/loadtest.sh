#!/usr/bin/env bash
# Loopback load test of the dashboard API: 50 concurrent connections for 30 seconds (wrk, Debian package).
# Usage: bench/scripts/web/loadtest.sh [connections] [seconds]
# The server runs with --rate-limit 0 so that the test measures capacity, not the per-client limit.
set -euo pipefail
cd "$(dirname "$0")/../../.."
CONN=${1:-50}; SECS=${2:-30}; PORT=5099
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
dotnet build src/Cohesion.Cli -c Release -v q -nologo >/dev/null
dotnet src/Cohesion.Cli/bin/Release/net10.0/cohesion.dll serve --urls "http://127.0.0.1:$PORT" --rate-limit 0 >/tmp/cohesion-loadtest.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 1; done
# warm the caches (first computation of each view), as a visitor's first request would
for p in "/api/options" "/api/projection?scenario=midden&societal=trends&policy=none" "/api/projection?scenario=groei&societal=none&policy=none" \
         "/api/groups?by=education3" "/api/groups?by=origin7" "/api/population?scenario=midden&year=2050"; do
  curl -sf "http://127.0.0.1:$PORT$p" >/dev/null
done
wrk -t2 -c"$CONN" -d"${SECS}s" --timeout 10s --latency -s bench/scripts/web/api-paths.lua "http://127.0.0.1:$PORT" | tee /tmp/cohesion-loadtest.txt
grep -q "status=0" /tmp/cohesion-loadtest.txt && grep -q "connect=0 read=0 write=0 timeout=0" /tmp/cohesion-loadtest.txt && echo "zero errors"
