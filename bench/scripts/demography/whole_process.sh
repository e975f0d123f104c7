#!/usr/bin/env bash
# Whole-process timing of `cohesion population` (all eight scenarios to 2070, full detail, JSON) against an R
# implementation of the same cohort-component step on the same 4,242-cell state (bench/scripts/demography/ccm.R).
# Usage: bench/scripts/demography/whole_process.sh [runs]   (from the repository root, after a Release build)
set -euo pipefail
runs=${1:-5}
dll=src/Cohesion.Cli/bin/Release/net10.0/cohesion.dll
tmp=$(mktemp -d)
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for edition in 2020 2024; do
  for i in $(seq "$runs"); do
    s=$(date +%s.%N)
    dotnet "$dll" population --scenario all --edition "$edition" --to 2070 --detail --format json --out "$tmp/pop.json"
    e=$(date +%s.%N); echo "$e - $s" | bc
  done | median | xargs printf "cohesion population --edition $edition --to 2070 --detail --format json (whole process, median of $runs): %.3f s\n"
done
ls -la "$tmp/pop.json" | awk '{print "detail JSON size:", $5, "bytes"}'
for i in $(seq "$runs"); do
  s=$(date +%s.%N); Rscript bench/scripts/demography/ccm.R > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc
done | median | xargs printf "R cohort-component, 8 scenarios x 52 years on 4,242 cells (whole process, median of $runs): %.3f s\n"
rm -rf "$tmp"
