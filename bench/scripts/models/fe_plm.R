# Two-way fixed effects with SEs clustered by unit: plm within (effect="twoways") + vcovHC(arellano, sss).
# Same deterministic data as bench/Cohesion.Bench/Models/ModelsBenchData.cs (u(i,j) = frac(|sin(12.9898 i + 78.233 j)| * 43758.5453)).
# Usage: Rscript bench/scripts/models/fe_plm.R N [repeats]
suppressMessages(library(plm))
args <- commandArgs(TRUE); n <- as.numeric(args[1]); reps <- if (length(args) > 1) as.integer(args[2]) else 3
U <- function(i, j) { x <- abs(sin(i * 12.9898 + j * 78.233)) * 43758.5453; x - floor(x) }
# unbalanced panel: candidate rows i with unit floor(i/20), year i mod 20, kept when u(i,0) >= 0.1
i <- 0:(ceiling(n / 0.9) - 1); i <- i[U(i, 0) >= 0.1]
unit <- floor(i / 20); year <- i %% 20
d <- data.frame(unit = unit, year = year)
y <- U(unit, 40) + 0.05 * year + U(i, 41)
for (j in 1:10) { x <- U(i, j + 1) + 0.3 * U(unit, j + 20) + 0.02 * year; d[[paste0("x", j)]] <- x; y <- y + j / 10 * x }
d$y <- y
# plm keeps singleton units; drop them first so both sides fit the same sample (Cohesion drops them as fixest does)
repeat { tu <- table(d$unit); ty <- table(d$year); keep <- d$unit %in% as.numeric(names(tu)[tu > 1]) & d$year %in% as.numeric(names(ty)[ty > 1]); if (all(keep)) break; d <- d[keep, ] }
f <- as.formula(paste("y ~", paste0("x", 1:10, collapse = " + ")))
times <- numeric(reps); cpu <- numeric(reps)
for (r in seq_len(reps)) {
  t0 <- proc.time()[["elapsed"]]; c0 <- sum(proc.time()[c("user.self","sys.self")])
  pd <- pdata.frame(d, index = c("unit", "year"))
  m <- plm(f, data = pd, model = "within", effect = "twoways")
  V <- vcovHC(m, method = "arellano", type = "sss", cluster = "group")
  times[r] <- proc.time()[["elapsed"]] - t0; cpu[r] <- sum(proc.time()[c("user.self","sys.self")]) - c0
}
cat(sprintf("plm n=%d rows=%d median_elapsed_s=%.3f median_cpu_s=%.3f elapsed=%s\n", n, nrow(d), median(times), median(cpu), paste(sprintf("%.3f", times), collapse = ",")))
cat(sprintf("b1=%.15g se1=%.15g b10=%.15g\n", coef(m)[1], sqrt(diag(V))[1], coef(m)[10]))
