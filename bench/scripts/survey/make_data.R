# Synthetic benchmark data for domain means: 1,000,000 respondents, 50 strata x 20 PSUs, 200 domains.
# SYNTHETIC (not calibrated to anything): only its shape matters for timing; y has 2% missing values.
# Usage: Rscript make_data.R OUT.csv [n]
suppressMessages(library(data.table))
args <- commandArgs(TRUE); out <- args[1]; n <- if (length(args) > 1) as.integer(args[2]) else 1000000L
set.seed(20261125)
strata <- 50L; psu_per <- 20L
psu <- sample.int(strata * psu_per, n, replace = TRUE)
d <- data.table(stratum = (psu - 1L) %/% psu_per + 1L, psu = psu, dom = sample.int(200L, n, replace = TRUE))
psu_effect <- rnorm(strata * psu_per, 0, 0.5)
d[, y := round(5 + dom / 100 + psu_effect[psu] + rnorm(n), 4)]
d[sample.int(n, n %/% 50), y := NA]
d[, w := round(runif(n, 50, 150), 3)]
fwrite(d, out, na = "")
cat("wrote", out, nrow(d), "rows\n")
