#!/usr/bin/env bash
# Whole-process comparison of the built-in analysis: `cohesion neighbourhoods --data panel.csv` (CSV read, pooled OLS,
# two-way FE with clustered SEs, 4 stepwise FE fits, Gelbach for FE and pooled, LMM (1|gemeente/buurt)) vs the same in
# R (plm + lme4) on the same exported synthetic panel (≈ 101,000 buurt-years, 11,212 buurten). RUNS times each (default 1).
# Usage (from the repository root; needs Rscript): bench/scripts/neighbourhoods/compare_analysis.sh [RUNS]
set -euo pipefail
RUNS=${1:-1}
dir=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
dotnet build src/Cohesion.Cli -c Release -v q >/dev/null
bin=src/Cohesion.Cli/bin/Release/net10.0/cohesion
"$bin" neighbourhoods --no-mixed --export-panel "$dir/panel.csv" --format json --out "$dir/ignore.json"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
cs=(); rs=()
for i in $(seq "$RUNS"); do
  s=$(date +%s.%N); "$bin" neighbourhoods --data "$dir/panel.csv" --format json --out "$dir/c.json"
  cs+=($(echo "$(date +%s.%N) - $s" | bc))
  s=$(date +%s.%N); Rscript "$here/analysis.R" "$dir/panel.csv" | tee "$dir/r.txt" >&2
  rs+=($(echo "$(date +%s.%N) - $s" | bc))
done
c=$(printf '%s\n' "${cs[@]}" | median); r=$(printf '%s\n' "${rs[@]}" | median)
python3 -c "import json; d=json.load(open('$dir/c.json')); fe=d['models'][1]; c=[x for x in fe['coefficients'] if x['term']=='diversity'][0]; print('cohesion FE diversity %.6f (se %.6f); lmm logLik %.3f' % (c['estimate'], c['se'], d['mixed'][0]['loglik']))" >&2
echo "neighbourhoods analysis: cohesion median ${c}s   R (plm + lme4) median ${r}s   ratio R/cohesion $(echo "scale=2; $r / $c" | bc)"
rm -rf "$dir"
