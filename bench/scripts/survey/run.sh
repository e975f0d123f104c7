#!/usr/bin/env bash
# Whole-process comparison: `cohesion estimate` vs R survey::svyby on the same 1,000,000-row CSV
# (stratified two-PSU-level design: 50 strata x 20 PSUs, 200 domains). Prints wall-clock seconds of each run
# (median of RUNS runs) and the largest relative difference of the results.
# Usage: bench/scripts/survey/run.sh [RUNS]   (needs Rscript with survey and data.table)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../../.." && pwd)"
runs="${1:-3}"; work="${TMPDIR:-/tmp}/cohesion-survey-bench"; mkdir -p "$work"
data="$work/domains_1m.csv"
[ -f "$data" ] || Rscript "$here/make_data.R" "$data"
dotnet build "$root/src/Cohesion.Cli" -c Release -v q -nologo >/dev/null
cli="$root/src/Cohesion.Cli/bin/Release/net10.0/cohesion.dll"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_it() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "cohesion:"
for i in $(seq "$runs"); do
  time_it dotnet "$cli" estimate --data "$data" --var y --by dom --weight w --strata stratum --cluster psu --format csv --out "$work/cohesion.csv"
done | tee "$work/cohesion.times"
echo "R survey::svyby:"
for i in $(seq "$runs"); do
  s=$(date +%s.%N); Rscript "$here/svyby.R" "$data" "$work/r.csv" >&2; e=$(date +%s.%N); echo "$e - $s" | bc
done | tee "$work/r.times"
c=$(median < "$work/cohesion.times"); r=$(median < "$work/r.times")
echo "median cohesion ${c}s, R ${r}s, ratio $(echo "scale=1; $r / $c" | bc)x"
Rscript "$here/compare.R" "$work/r.csv" "$work/cohesion.csv"
