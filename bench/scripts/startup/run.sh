#!/usr/bin/env bash
# Whole-process start-up of a small job: the build output (JIT) against the ReadyToRun publish.
# Usage: bench/scripts/startup/run.sh [RUNS]   (from the repository root; needs hyperfine, else falls back to `time`)
set -euo pipefail
runs=${1:-20}
dotnet build src/Cohesion.Cli -c Release -v q -nologo >/dev/null
dotnet publish src/Cohesion.Cli -c Release -r linux-x64 -o /tmp/cohesion-r2r -v q -nologo >/dev/null
d=$(mktemp -d); printf 'y,w\n1,1\n2,1\n3,2\n' > "$d/small.csv"
jit=src/Cohesion.Cli/bin/Release/net10.0/cohesion
r2r=/tmp/cohesion-r2r/cohesion
if command -v hyperfine >/dev/null; then
  hyperfine -N -w 3 -r "$runs" "$jit estimate --data $d/small.csv --var y --weight w" "$r2r estimate --data $d/small.csv --var y --weight w" \
    "$jit version" "$r2r version"
else
  for b in "$jit" "$r2r"; do
    for i in $(seq "$runs"); do /usr/bin/time -f "%e %U %S" "$b" estimate --data "$d/small.csv" --var y --weight w 2>&1 >/dev/null; done |
      sort -n | awk -v b="$b" '{a[NR]=$1} END {print b ": median wall " a[int((NR+1)/2)] " s"}'
  done
fi
