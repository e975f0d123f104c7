#!/usr/bin/env bash
# Whole-process comparison of loading the 1M x 10 benchmark CSV: cohesion vs R (read.csv, readr, data.table).
# Uses the file made by the BenchmarkDotNet class (bench/Cohesion.Bench/Data/CsvLoadBenchmark.cs), or makes an
# equivalent one with R when it is absent. Prints the median of 5 runs of each.
# Usage: bench/scripts/data/compare_r.sh   (from the repository root)
set -euo pipefail
dir="${COHESION_BENCH_DIR:-${TMPDIR:-/tmp}/cohesion-bench}"
csv="$dir/csv_1000000x10.csv"
mkdir -p "$dir"
if [ ! -f "$csv" ]; then
  Rscript -e "set.seed(12345); n <- 1e6; d <- data.frame(id = 1:n, weight = 0.2 + runif(n) * 3, trust = sample(0:1, n, TRUE),
    age = sample(18:94, n, TRUE), income = round(20000 + runif(n) * 80000, 2), score1 = runif(n) * 10,
    score2 = sprintf('%.6f', runif(n) - 0.5), stratum = sample(1:200, n, TRUE),
    region = sample(c('Noord','Oost','Zuid','West','Randstad'), n, TRUE), municipality = sprintf('GM%04d', sample(1:399, n, TRUE)));
    write.csv(d, '$csv', row.names = FALSE, quote = FALSE)"
fi
dotnet build src/Cohesion.Cli -c Release -v q -nologo > /dev/null
cli=src/Cohesion.Cli/bin/Release/net10.0/cohesion

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_cmd() { # prints wall seconds of one run
  local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

run5() { for i in 1 2 3 4 5; do time_cmd "$@"; done | median; }

echo "file: $csv ($(du -h "$csv" | cut -f1))"
c=$(run5 "$cli" data show "$csv" --format json)
echo "cohesion data show (whole process, load + describe): ${c}s"
r_base=$(run5 Rscript -e "invisible(read.csv('$csv'))")
echo "R read.csv (whole process):                          ${r_base}s"
r_readr=$(run5 Rscript -e "suppressMessages(invisible(readr::read_csv('$csv', show_col_types = FALSE, progress = FALSE, num_threads = 1)))")
echo "R readr::read_csv, 1 thread (whole process):         ${r_readr}s"
r_dt=$(run5 Rscript -e "invisible(data.table::fread('$csv', nThread = 1))")
echo "R data.table::fread, 1 thread (whole process):       ${r_dt}s"
r_start=$(run5 Rscript -e "invisible(0)")
echo "R start-up alone:                                    ${r_start}s"
echo "ratios (R / cohesion): read.csv $(echo "$r_base / $c" | bc -l | cut -c1-5), readr $(echo "$r_readr / $c" | bc -l | cut -c1-5), fread $(echo "$r_dt / $c" | bc -l | cut -c1-5)"
