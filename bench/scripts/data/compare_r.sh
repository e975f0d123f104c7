#!/usr/bin/env bash
# Whole-process comparison of loading the 1M x 10 benchmark CSV: cohesion vs R (read.csv, readr, data.table).
# Uses the file made by the BenchmarkDotNet class (bench/Cohesion.Bench/Data/CsvLoadBenchmark.cs), or makes an
# equivalent one with R when it is absent. Prints the median of 3 runs of each: wall-clock seconds and CPU seconds
# (user + system; the honest figure on a shared, loaded machine).
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
# one run: "wall cpu" in seconds
time_cmd() {
  local TIMEFORMAT='%R %U %S' out
  out=$( { time "$@" > /dev/null 2>&1 ; } 2>&1 )
  echo "$out" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}
run3() {
  local runs; runs=$(for i in 1 2 3; do time_cmd "$@"; done)
  echo "$(echo "$runs" | cut -d' ' -f1 | median) $(echo "$runs" | cut -d' ' -f2 | median)"
}
report() { printf '%-52s wall %7.3f s   cpu %7.3f s\n' "$1" "$2" "$3"; }

echo "file: $csv ($(du -h "$csv" | cut -f1))"
read -r cw cc <<< "$(run3 "$cli" data show "$csv" --format json)"; report "cohesion data show (load + describe)" "$cw" "$cc"
read -r bw bc_ <<< "$(run3 Rscript -e "invisible(read.csv('$csv'))")"; report "R read.csv" "$bw" "$bc_"
read -r rw rc <<< "$(run3 Rscript -e "suppressMessages(invisible(readr::read_csv('$csv', show_col_types = FALSE, progress = FALSE, num_threads = 1)))")"
report "R readr::read_csv (1 thread)" "$rw" "$rc"
read -r dw dc <<< "$(run3 Rscript -e "invisible(data.table::fread('$csv', nThread = 1))")"; report "R data.table::fread (1 thread)" "$dw" "$dc"
read -r sw sc <<< "$(run3 Rscript -e "invisible(0)")"; report "R start-up alone" "$sw" "$sc"
read -r nw nc <<< "$(run3 "$cli" version)"; report "cohesion start-up alone (version)" "$nw" "$nc"
ratio() { echo "$1 / $2" | bc -l | awk '{printf "%.2f", $1}'; }
echo "CPU ratios R/cohesion: read.csv $(ratio "$bc_" "$cc"), readr $(ratio "$rc" "$cc"), fread $(ratio "$dc" "$cc")"
echo "wall ratios R/cohesion: read.csv $(ratio "$bw" "$cw"), readr $(ratio "$rw" "$cw"), fread $(ratio "$dw" "$cw")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
