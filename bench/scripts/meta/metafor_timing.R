# In-R timings of the reference computations (metafor 3.8-1). Usage: Rscript metafor_timing.R DATADIR [reps]
suppressMessages({library(metafor); library(jsonlite)})
args <- commandArgs(TRUE); dir <- args[1]; reps <- if (length(args) > 1) as.integer(args[2]) else 1
med <- function(f) median(sapply(seq_len(reps), function(i) system.time(f())[["elapsed"]]))
d <- read.csv(file.path(dir, "perm_k100.csv"))
m <- rma(yi, vi, mods = ~ x1 + g, data = d)
t_perm <- med(function() permutest(m, iter = 10000, progbar = FALSE))
d2 <- read.csv(file.path(dir, "ml_k10000.csv"))
t_ml <- med(function() rma.mv(yi, vi, mods = ~ x, random = ~ 1 | study/esid, data = d2, sparse = TRUE))
fit <- rma.mv(yi, vi, mods = ~ x, random = ~ 1 | study/esid, data = d2, sparse = TRUE)
cat(toJSON(list(permutest_k100_10000_s = t_perm, rma_mv_k10000_sparse_s = t_ml, sigma2 = fit$sigma2, beta = c(fit$beta)), auto_unbox = TRUE, digits = NA), "\n")
