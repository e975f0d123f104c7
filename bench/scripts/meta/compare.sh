#!/usr/bin/env bash
# Whole-process comparison of `cohesion meta` with metafor on the same data files.
# Usage (repository root): bash bench/scripts/meta/compare.sh [reps]    — needs Rscript with metafor.
# Prints the median elapsed and CPU (user+system) seconds of each; on a shared machine compare CPU seconds.
set -euo pipefail
reps=${1:-3}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
Rscript "$root/bench/scripts/meta/make_data.R" "$work" > /dev/null
dotnet build "$root/src/Cohesion.Cli" -c Release > /dev/null
bin="$root/src/Cohesion.Cli/bin/Release/net10.0/cohesion"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# run a command reps times; print "median_elapsed median_cpu"
measure() {
  local out=(); local cpu=()
  for i in $(seq "$reps"); do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > /dev/null 2>&1
    read -r e u s < "$work/time"
    out+=("$e"); cpu+=("$(echo "$u + $s" | bc)")
  done
  echo "$(printf '%s\n' "${out[@]}" | median) $(printf '%s\n' "${cpu[@]}" | median)"
}
read -r pe pc < <(measure "$bin" meta --data "$work/perm_k100.csv" --yi yi --vi vi --mods "~ x1 + g" --permutations 10000 --seed 1 --format json)
read -r me mc < <(measure "$bin" meta --data "$work/ml_k10000.csv" --yi yi --vi vi --mods "~ x" --random "~ 1 | study/esid" --format json)
echo "cohesion, whole process, median of $reps: permutest k=100 x 10000: ${pe}s elapsed, ${pc}s CPU; rma.mv k=10000: ${me}s elapsed, ${mc}s CPU"
echo "metafor, in-R system.time (elapsed / cpu):"
Rscript "$root/bench/scripts/meta/metafor_timing.R" "$work" all
