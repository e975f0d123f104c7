#!/usr/bin/env bash
# Whole-process comparison: `cohesion estimate` vs R survey::svyby on the same 1,000,000-row CSV
# (50 strata x 20 PSUs, 200 domains; synthetic, made by make_data.R). For each tool prints the median over RUNS
# runs of wall-clock seconds and of CPU seconds (user + sys; the fair measure on a shared machine), the ratios,
# and the largest relative difference between the two result sets.
# Usage: bench/scripts/survey/run.sh [RUNS]   (needs Rscript with survey and data.table)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../../.." && pwd)"
runs="${1:-3}"; work="${TMPDIR:-/tmp}/cohesion-survey-bench"; mkdir -p "$work"
data="$work/domains_1m.csv"
[ -f "$data" ] || Rscript "$here/make_data.R" "$data"
dotnet build "$root/src/Cohesion.Cli" -c Release -v q -nologo >/dev/null
rm -rf "$work/cli"; cp -r "$root/src/Cohesion.Cli/bin/Release/net10.0" "$work/cli"   # a private copy: rebuilds cannot touch it
cli="$work/cli/cohesion.dll"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # prints "wall cpu"
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt"; exit 1; }
  awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time.txt"
}
: > "$work/cohesion.times"; : > "$work/r.times"
for i in $(seq "$runs"); do
  measure dotnet "$cli" estimate --data "$data" --var y --by dom --weight w --strata stratum --cluster psu --format csv --out "$work/cohesion.csv" | tee -a "$work/cohesion.times"
done
for i in $(seq "$runs"); do
  measure Rscript "$here/svyby.R" "$data" "$work/r.csv" | tee -a "$work/r.times"
done
cw=$(cut -d' ' -f1 "$work/cohesion.times" | median); cc=$(cut -d' ' -f2 "$work/cohesion.times" | median)
rw=$(cut -d' ' -f1 "$work/r.times" | median); rc=$(cut -d' ' -f2 "$work/r.times" | median)
echo "median wall: cohesion ${cw}s, R ${rw}s, ratio $(echo "scale=1; $rw / $cw" | bc)x"
echo "median CPU:  cohesion ${cc}s, R ${rc}s, ratio $(echo "scale=1; $rc / $cc" | bc)x"
Rscript "$here/compare.R" "$work/r.csv" "$work/cohesion.csv"
