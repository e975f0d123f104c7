# Issue 20: rma.mv with an unstructured ~ outcome | study term (4 outcomes, 10 variance components) and a vcalc V
# (rho = 0.5 within studies), k = 2,000 effect sizes in 500 studies. Writes un2000.csv and times metafor on it; the
# same model in-process: dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*MetaDepthBenchmarks*'
# (MetaDepthBenchmarks reads un2000.csv from the working directory when present, otherwise draws the same design).
set.seed(7); S <- 500; L <- 4
d <- expand.grid(outcome = 1:L, study = 1:S); k <- nrow(d)
d$x <- round(rnorm(k), 3); d$vi <- round(runif(k, 0.01, 0.05), 4)
G <- 0.04 * (0.6 + 0.4 * diag(L)); U <- t(chol(G)); u <- t(U %*% matrix(rnorm(L * S), L))
d$yi <- round(0.2 + 0.1 * (d$outcome - 2) + 0.05 * d$x + u[cbind(d$study, d$outcome)] + rnorm(k, 0, sqrt(d$vi)), 4)
write.csv(d, "un2000.csv", row.names = FALSE)
suppressMessages(library(metafor))
V <- vcalc(vi, cluster = study, obs = outcome, rho = 0.5, data = d)
t <- system.time(m <- rma.mv(yi, V, mods = ~ factor(outcome) + x, random = ~ outcome | study, struct = "UN", data = d, sparse = TRUE))
cat("metafor UN k=2000 with V:", t[3], "s elapsed,", t[1] + t[2], "s CPU\n"); print(round(c(m$tau2, m$rho), 6)); print(round(coef(m), 6))
