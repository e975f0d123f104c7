#!/usr/bin/env bash
# Whole-process comparison: `cohesion diversity` vs the same indices in R (data.table + vectorised base R) on the
# same composition CSV (1,000,000 units × 7 groups in 11,000 parents by default), each run 3 times; prints medians.
# Usage: bench/scripts/neighbourhoods/compare_diversity.sh [N] [P]   (from the repository root; needs Rscript)
set -euo pipefail
N=${1:-1000000}; P=${2:-11000}
dir=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
dotnet build src/Cohesion.Cli -c Release -v q >/dev/null
bin=src/Cohesion.Cli/bin/Release/net10.0/cohesion
Rscript "$here/make_composition.R" "$N" "$P" "$dir/comp.csv"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
cs=(); rs=()
for i in 1 2 3; do
  s=$(date +%s.%N); "$bin" diversity --data "$dir/comp.csv" --unit unit --parent parent \
      --groups dutch,western,morocco,antilles,suriname,turkey,other_nonwestern --format json --out "$dir/c.json" 2>/dev/null
  cs+=($(echo "$(date +%s.%N) - $s" | bc))
  s=$(date +%s.%N); Rscript "$here/diversity_indices.R" "$dir/comp.csv" "$dir/r.csv" >/dev/null
  rs+=($(echo "$(date +%s.%N) - $s" | bc))
done
c=$(printf '%s\n' "${cs[@]}" | median); r=$(printf '%s\n' "${rs[@]}" | median)
echo "units=$N parents=$P  cohesion diversity median ${c}s   R (data.table) median ${r}s   ratio R/cohesion $(echo "scale=2; $r / $c" | bc)"
rm -rf "$dir"
