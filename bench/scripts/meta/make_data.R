# Benchmark data for the meta-analysis engine (deterministic). Usage: Rscript make_data.R OUTDIR
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "."
dir.create(out, showWarnings = FALSE, recursive = TRUE)
set.seed(20240601)
# 1. k = 100 studies with a continuous and a binary moderator (permutation test)
k <- 100
x1 <- round(rnorm(k), 3); g <- sample(c("a", "b"), k, TRUE)
vi <- round(runif(k, 0.01, 0.1), 5)
yi <- round(0.1 + 0.05 * x1 + 0.1 * (g == "b") + rnorm(k, 0, sqrt(0.02 + vi)), 5)
write.csv(data.frame(study = 1:k, x1 = x1, g = g, yi = yi, vi = vi), file.path(out, "perm_k100.csv"), row.names = FALSE)
# 2. three-level: 1,000 studies x 10 effect sizes = 10,000
S <- 1000; m <- 10
study <- rep(1:S, each = m); esid <- seq_len(S * m)
x <- round(rnorm(S * m), 3)
vi <- round(runif(S * m, 0.005, 0.05), 5)
yi <- round(0.2 + 0.05 * x + rep(rnorm(S, 0, 0.2), each = m) + rnorm(S * m, 0, 0.1) + rnorm(S * m, 0, sqrt(vi)), 5)
write.csv(data.frame(study = study, esid = esid, x = x, yi = yi, vi = vi), file.path(out, "ml_k10000.csv"), row.names = FALSE)
cat("written to", out, "\n")
