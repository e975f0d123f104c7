#!/usr/bin/env bash
# Whole-process comparison of `cohesion meta` with metafor on the same data.
# Usage: bash bench/scripts/meta/compare.sh [reps]   (from the repository root; needs Rscript with metafor)
set -euo pipefail
reps=${1:-5}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
Rscript "$root/bench/scripts/meta/make_data.R" "$work" > /dev/null
dotnet build "$root/src/Cohesion.Cli" -c Release > /dev/null
bin="$root/src/Cohesion.Cli/bin/Release/net10.0/cohesion"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_cmd() { for i in $(seq "$reps"); do s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; done | median; }
perm=$(time_cmd "$bin" meta --data "$work/perm_k100.csv" --yi yi --vi vi --mods "~ x1 + g" --permutations 10000 --seed 1 --format json)
ml=$(time_cmd "$bin" meta --data "$work/ml_k10000.csv" --yi yi --vi vi --mods "~ x" --random "~ 1 | study/esid" --format json)
rs=$(time_cmd Rscript -e "suppressMessages(library(metafor)); d <- read.csv('$work/perm_k100.csv'); m <- rma(yi, vi, mods = ~ x1 + g, data = d); invisible(permutest(m, iter = 10000, progbar = FALSE))")
rm_=$(time_cmd Rscript -e "suppressMessages(library(metafor)); d <- read.csv('$work/ml_k10000.csv'); invisible(rma.mv(yi, vi, mods = ~ x, random = ~ 1 | study/esid, data = d, sparse = TRUE))")
inr=$(Rscript "$root/bench/scripts/meta/metafor_timing.R" "$work" 1)
echo "whole process, median of $reps (s):"
echo "  permutation test k=100, 10000 iterations: cohesion $perm   metafor (Rscript) $rs   ratio $(echo "scale=1; $rs / $perm" | bc)"
echo "  three-level REML k=10000 in 1000 studies: cohesion $ml   metafor sparse (Rscript) $rm_   ratio $(echo "scale=1; $rm_ / $ml" | bc)"
echo "metafor in-R system.time: $inr"
