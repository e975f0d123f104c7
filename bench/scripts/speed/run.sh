#!/usr/bin/env bash
# Issue 17: whole-process speed, cohesion against R on the same files, both sides in one run.
#   fe      cohesion panel (two-way FE, SEs clustered by unit)   vs  fread + plm within twoways + vcovHC(arellano, sss)
#   svyby   cohesion estimate (200 domains, stratified cluster)  vs  fread + survey::svyby        (bench/scripts/survey)
#   lmm     cohesion mixed (y ~ x1..x5 + (1|g), REML)            vs  fread + lme4::lmer
#   read    cohesion data show (both cores)                      vs  fread(nThread = 1) + describe
#   micro   cohesion simulate --method micro --scale 1.0 --reps 1 (full scale, 2024->2050): agent-years per second
# cohesion runs as the ReadyToRun publish (dotnet publish -r linux-x64), the way it is deployed.
# Prints the median wall and CPU seconds (user + sys) of RUNS runs per side, the wall ratio R / cohesion, and the
# largest relative difference between the two sides' estimates and SEs.
# Usage: bench/scripts/speed/run.sh [RUNS] [WORKLOADS...]   (default 5 runs; all workloads; needs Rscript with
#        data.table, plm, lme4, survey). Data are made once in $TMPDIR/cohesion-speed (make_data.R).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../../.." && pwd)"
runs="${1:-5}"; shift || true; work_list="${*:-fe svyby lmm read micro}"
work="${TMPDIR:-/tmp}/cohesion-speed"; mkdir -p "$work"
[ -f "$work/fe.csv" ] && [ -f "$work/lmm.csv" ] || Rscript "$here/make_data.R" "$work"
[ -f "$work/svy.csv" ] || Rscript "$root/bench/scripts/survey/make_data.R" "$work/svy.csv"
dotnet publish "$root/src/Cohesion.Cli" -c Release -r linux-x64 -o "$work/cli" -v q -nologo >/dev/null
cli="$work/cli/cohesion"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # runs "$@" RUNS times; prints "median_wall median_cpu"
  : > "$work/t.all"
  for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/t.txt" "$@" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
    awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/t.txt" >> "$work/t.all"
  done
  echo "$(cut -d' ' -f1 "$work/t.all" | median) $(cut -d' ' -f2 "$work/t.all" | median)"
}
# largest relative difference of estimate and se between an R CSV (term,estimate,se) and cohesion's JSON coefficients
maxdiff() { python3 - "$@" <<'PY'
import csv, json, sys
r = {row["term"]: row for row in csv.DictReader(open(sys.argv[1]))}
j = json.load(open(sys.argv[2]))
def walk(o):
    if isinstance(o, dict):
        if "term" in o and "estimate" in o: yield o
        for v in o.values(): yield from walk(v)
    elif isinstance(o, list):
        for v in o: yield from walk(v)
worst = 0.0; n = 0
for c in walk(j):
    t = c["term"]; t = "(Intercept)" if t in ("(Intercept)", "intercept") else t
    if t not in r: continue
    se = c.get("std_error", c.get("se"))
    for a, b in ((float(r[t]["estimate"]), c["estimate"]), (float(r[t]["se"]), se)):
        worst = max(worst, abs(a - b) / max(abs(a), 1e-300)); n += 1
print(f"{worst:.2e} over {n} values")
PY
}
row() { printf '%-6s cohesion wall %7.3f s cpu %7.3f s | R wall %8.3f s cpu %8.3f s | ratio (wall) %6.1fx | %s\n' "$@"; }
for w in $work_list; do case "$w" in
  fe)
    read -r cw cc <<< "$(measure "$cli" panel --data "$work/fe.csv" --formula "y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 | unit + year" --cluster unit --format json --out "$work/fe.json")"
    read -r rw rc <<< "$(measure Rscript "$here/fe_plm.R" "$work/fe.csv" "$work/fe_r.csv")"
    row fe "$cw" "$cc" "$rw" "$rc" "$(echo "$rw / $cw" | bc -l)" "max rel diff $(maxdiff "$work/fe_r.csv" "$work/fe.json")" ;;
  lmm)
    read -r cw cc <<< "$(measure "$cli" mixed --data "$work/lmm.csv" --formula "y ~ x1 + x2 + x3 + x4 + x5 + (1|g)" --format json --out "$work/lmm.json")"
    read -r rw rc <<< "$(measure Rscript "$here/lmm_lmer.R" "$work/lmm.csv" "$work/lmm_r.csv")"
    row lmm "$cw" "$cc" "$rw" "$rc" "$(echo "$rw / $cw" | bc -l)" "max rel diff $(maxdiff "$work/lmm_r.csv" "$work/lmm.json")" ;;
  svyby)
    read -r cw cc <<< "$(measure "$cli" estimate --data "$work/svy.csv" --var y --by dom --weight w --strata stratum --cluster psu --format csv --out "$work/svy.csv.out")"
    read -r rw rc <<< "$(measure Rscript "$root/bench/scripts/survey/svyby.R" "$work/svy.csv" "$work/svy_r.csv")"
    row svyby "$cw" "$cc" "$rw" "$rc" "$(echo "$rw / $cw" | bc -l)" "$(Rscript "$root/bench/scripts/survey/compare.R" "$work/svy_r.csv" "$work/svy.csv.out" | tr '\n' ' ')" ;;
  read)
    read -r cw cc <<< "$(measure "$cli" data show "$work/fe.csv" --format json)"
    read -r rw rc <<< "$(measure Rscript "$here/fread1.R" "$work/fe.csv")"
    row read "$cw" "$cc" "$rw" "$rc" "$(echo "$rw / $cw" | bc -l)" "$(du -m "$work/fe.csv" | cut -f1) MB, fread on one thread" ;;
  micro)
    read -r cw cc <<< "$(measure "$cli" simulate --method micro --scale 1.0 --reps 1 --seed 1 --format json --out "$work/micro.json")"
    ay=$(python3 -c "import json; p = json.load(open('$work/micro.json')).get('performance', {}); print(p.get('agent_years', 0))")
    printf 'micro  cohesion wall %7.3f s cpu %7.3f s | %s agent-years | %.1f M agent-years/s whole process\n' "$cw" "$cc" "$ay" "$(echo "$ay / $cw / 1000000" | bc -l)" ;;
  *) echo "unknown workload $w" >&2; exit 2 ;;
esac; done
