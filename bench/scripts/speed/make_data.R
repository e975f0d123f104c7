# Synthetic benchmark files for issue 17 (whole-process speed), written with data.table::fwrite at full precision.
# SYNTHETIC, calibrated to nothing: only the shapes matter for timing.
#   fe.csv  : two-way FE panel, unit x year (20 years), ~2,000,000 rows x 13 columns (unit, year, y, x1..x10), ~420 MB;
#             singleton units and years removed so plm and cohesion fit the same sample
#   lmm.csv : 1,000,000 observations in 11,000 groups, 7 columns (g, y, x1..x5), ~113 MB
# Same deterministic generator as bench/Cohesion.Bench/Models/ModelsBenchData.cs (u(i,j) = frac(|sin(12.9898 i + 78.233 j)| * 43758.5453)).
# Usage: Rscript make_data.R DIR [FE_N] [LMM_N]
suppressMessages(library(data.table))
args <- commandArgs(TRUE); dir <- args[1]
fe_n <- if (length(args) > 1) as.numeric(args[2]) else 2e6
lmm_n <- if (length(args) > 2) as.numeric(args[3]) else 1e6
U <- function(i, j) { x <- abs(sin(i * 12.9898 + j * 78.233)) * 43758.5453; x - floor(x) }
i <- 0:(ceiling(fe_n / 0.9) - 1); i <- i[U(i, 0) >= 0.1]
unit <- floor(i / 20); year <- 2001 + i %% 20
d <- data.table(unit = as.integer(unit), year = as.integer(year))
y <- U(unit, 40) + 0.05 * (year - 2001) + U(i, 41)
for (j in 1:10) { x <- U(i, j + 1) + 0.3 * U(unit, j + 20) + 0.02 * (year - 2001); set(d, j = paste0("x", j), value = x); y <- y + j / 10 * x }
d[, y := y]; setcolorder(d, c("unit", "year", "y"))
repeat { d[, nu := .N, by = unit]; d[, ny := .N, by = year]; if (all(d$nu > 1 & d$ny > 1)) break; d <- d[nu > 1 & ny > 1] }
d[, c("nu", "ny") := NULL]
fwrite(d, file.path(dir, "fe.csv"))
i <- 0:(lmm_n - 1); g <- floor(U(i, 0) * 11000)
m <- data.table(g = as.integer(g))
y <- 1 + (U(g, 30) - 0.5) + (U(i, 31) - 0.5)
for (j in 1:5) { x <- U(i, j + 1); set(m, j = paste0("x", j), value = x); y <- y + 0.1 * j * x }
m[, y := y]; setcolorder(m, c("g", "y"))
fwrite(m, file.path(dir, "lmm.csv"))
cat("wrote", file.path(dir, "fe.csv"), nrow(d), "rows;", file.path(dir, "lmm.csv"), nrow(m), "rows\n")
