# Random-intercept LMM (REML): lme4::lmer(y ~ x1 + ... + x5 + (1|g)), n observations in 11,000 groups.
# Same deterministic data as bench/Cohesion.Bench/Models/ModelsBenchData.cs.
# Usage: Rscript bench/scripts/models/lmm_lmer.R N [repeats]
suppressMessages(library(lme4))
args <- commandArgs(TRUE); n <- as.numeric(args[1]); reps <- if (length(args) > 1) as.integer(args[2]) else 3
U <- function(i, j) { x <- abs(sin(i * 12.9898 + j * 78.233)) * 43758.5453; x - floor(x) }
i <- 0:(n - 1); g <- floor(U(i, 0) * 11000)
d <- data.frame(g = g)
y <- 1 + (U(g, 30) - 0.5) + (U(i, 31) - 0.5)
for (j in 1:5) { x <- U(i, j + 1); d[[paste0("x", j)]] <- x; y <- y + 0.1 * j * x }
d$y <- y
times <- numeric(reps); cpu <- numeric(reps)
for (r in seq_len(reps)) {
  t0 <- proc.time()[["elapsed"]]; c0 <- sum(proc.time()[c("user.self","sys.self")])
  m <- lmer(y ~ x1 + x2 + x3 + x4 + x5 + (1|g), data = d)
  times[r] <- proc.time()[["elapsed"]] - t0; cpu[r] <- sum(proc.time()[c("user.self","sys.self")]) - c0
}
cat(sprintf("lmer n=%d median_elapsed_s=%.3f median_cpu_s=%.3f elapsed=%s\n", n, median(times), median(cpu), paste(sprintf("%.3f", times), collapse = ",")))
vc <- as.data.frame(VarCorr(m))
cat(sprintf("b1=%.15g se1=%.15g var_g=%.15g var_res=%.15g logLik=%.15g\n", fixef(m)[2], sqrt(diag(vcov(m)))[2], vc$vcov[1], vc$vcov[2], as.numeric(logLik(m))))
