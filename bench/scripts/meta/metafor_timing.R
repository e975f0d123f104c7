# In-R timings of the reference computations (metafor 3.8-1): elapsed and CPU (user + system) seconds.
# Usage: Rscript metafor_timing.R DATADIR [which: all|perm|ml]
suppressMessages({library(metafor); library(jsonlite)})
args <- commandArgs(TRUE); dir <- args[1]; which <- if (length(args) > 1) args[2] else "all"
tm <- function(expr) { t <- system.time(expr); c(elapsed = t[["elapsed"]], cpu = t[["user.self"]] + t[["sys.self"]]) }
res <- list()
if (which %in% c("all", "perm")) {
  d <- read.csv(file.path(dir, "perm_k100.csv"))
  m <- rma(yi, vi, mods = ~ x1 + g, data = d)
  res$permutest_k100_10000 <- tm(pt <- permutest(m, iter = 10000, progbar = FALSE))
}
if (which %in% c("all", "ml")) {
  d2 <- read.csv(file.path(dir, "ml_k10000.csv"))
  res$rma_mv_k10000_sparse <- tm(fit <- rma.mv(yi, vi, mods = ~ x, random = ~ 1 | study/esid, data = d2, sparse = TRUE))
  res$sigma2 <- fit$sigma2; res$beta <- c(fit$beta)
}
cat(toJSON(res, auto_unbox = TRUE, digits = NA), "\n")
