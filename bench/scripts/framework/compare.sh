#!/usr/bin/env bash
# Whole-process comparison for `cohesion measure` (repository root; needs a Release build and Rscript):
#   bench/scripts/framework/compare.sh [TILES]
# R: recode + svymean + svyby(~education3) for 27 variables on the synthetic survey tiled TILES times (reading excluded).
# cohesion: the whole CLI process (start-up, CSV read, recode, estimates, JSON) on the untiled built-in survey.
set -euo pipefail
tiles="${1:-1}"
Rscript bench/scripts/framework/measure_svyby.R "$tiles"
bin=src/Cohesion.Cli/bin/Release/net10.0/cohesion
out=$(mktemp)
for i in 1 2 3; do /usr/bin/time -f "cohesion measure --by education3 --format json (whole process): %e s" "$bin" measure --format json --out "$out"; done
rm -f "$out"
