# Reference values for the demography engine (Cohesion issue 4).
# Run from the repository root:  Rscript tools/reference/demography.R
# Writes tests/Cohesion.Tests/Fixtures/demography/graduation.json
library(jsonlite)
out <- "tests/Cohesion.Tests/Fixtures/demography"
dir.create(out, recursive = TRUE, showWarnings = FALSE)

pop <- read.csv("data/real/wpp-netherlands-age/nl_pop_age5_sex_estimates_1950_2020.csv")
grad <- list()
for (yr in c(1950, 2020)) for (sx in c("male", "female")) {
  d <- pop[pop$year == yr & pop$sex == sx & pop$age_start < 100, ]
  d <- d[order(d$age_start), ]
  counts <- d$pop_thousands * 1000
  x <- c(d$age_start, 100)
  y <- c(0, cumsum(counts))
  f <- splinefun(x, y, method = "hyman")          # monotone spline on the cumulative counts
  single <- diff(f(0:100))                         # single years 0..99
  grad[[length(grad) + 1]] <- list(year = yr, sex = sx, starts = d$age_start, counts = counts,
                                   single = single, slopes = f(x, deriv = 1))
}
# the FMM spline (R's default) on non-monotone data: slopes at the knots
set.seed(4)
xf <- c(0, 1, 2.5, 4, 7, 8, 10)
yf <- round(rnorm(7), 6)
ff <- splinefun(xf, yf, method = "fmm")
fmm <- list(x = xf, y = yf, slopes = ff(xf, deriv = 1))
# Hyman filter on non-monotone-spline but monotone data
xh <- c(0, 1, 2, 3, 4, 5, 6)
yh <- c(0, 0.1, 0.2, 5, 5.1, 5.2, 9)
fh <- splinefun(xh, yh, method = "hyman")
hyman <- list(x = xh, y = yh, slopes = fh(xh, deriv = 1), values = fh(seq(0, 6, by = 0.25)))

write_json(list(graduation = grad, fmm = fmm, hyman = hyman,
                made_by = "tools/reference/demography.R", r_version = R.version.string),
           file.path(out, "graduation.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "graduation.json"), "\n")

# ---------------------------------------------------------------------------------------------------------------
# Life table, e0 scaling, fertility shape and the stable growth rate (dominant eigenvalue of the female Leslie
# matrix), written independently in R from the WPP 2024 inputs.  Writes Fixtures/demography/lifetable.json
# ---------------------------------------------------------------------------------------------------------------
mxa <- read.csv("data/real/wpp-netherlands-age/nl_mx_abridged_sex_1950_2100.csv")
starts <- c(0, 1, seq(5, 100, by = 5))
single_mx <- function(m5) {
  mids <- (starts[2:21] + c(starts[3:21], 100)) / 2            # mid-points of 1-4, 5-9, ..., 95-99
  lg <- log(m5[2:21])
  t <- 1:99 + 0.5
  k <- findInterval(t, mids); k[k < 1] <- 1; k[k > 19] <- 19  # linear extrapolation with the end segments
  v <- lg[k] + (t - mids[k]) / (mids[k + 1] - mids[k]) * (lg[k + 1] - lg[k])
  r <- c(m5[1], exp(v), m5[22])
  for (g in 2:21) {
    idx <- (starts[g]:(c(starts[-1], 100)[g] - 1)) + 1
    for (it in 1:50) {
      q <- r[idx] / (1 + 0.5 * r[idx]); l <- cumprod(c(1, 1 - q))[seq_along(idx)]; d <- l * q
      f <- m5[g] / (sum(d) / sum(l - 0.5 * d)); r[idx] <- r[idx] * f
      if (abs(f - 1) < 1e-14) break
    }
  }
  r
}
a0 <- function(sex, m0) if (sex == "male") {
  if (m0 < 0.023) 0.14929 - 1.99545 * m0 else if (m0 < 0.08307) 0.02832 + 3.26201 * m0 else 0.29915
} else {
  if (m0 < 0.01724) 0.14903 - 2.05527 * m0 else if (m0 < 0.06891) 0.04667 + 3.88089 * m0 else 0.31411
}
lifetable <- function(m, sex) {
  ax <- c(a0(sex, m[1]), rep(0.5, 99))
  q <- pmin(1, m[1:100] / (1 + (1 - ax) * m[1:100]))
  l <- cumprod(c(1, 1 - q))                      # l(0..100)
  d <- l[1:100] * q
  L <- c(l[2:101] + ax * d, l[101] / m[101])
  list(L = L, e0 = sum(L))
}
lt <- list()
fert <- read.csv("data/real/wpp-netherlands-age/nl_fertility_age5_1950_2100.csv")
fs <- fert[fert$period_start == 2015, ]; fs <- fs[order(fs$age_start), ]
cum <- splinefun(c(seq(15, 45, 5), 50), c(0, cumsum(fs$asfr_derived * 5)), method = "hyman")
by_birth <- rep(0, 102); by_birth[16:50] <- diff(cum(15:50))   # index = age + 1
shape <- 0.5 * (by_birth[1:101] + by_birth[2:102]); shape <- shape / sum(shape)
targets <- c(male = 81.5, female = 85)
q_of <- list()
for (sx in c("male", "female")) {
  d <- mxa[mxa$period_start == 2015 & mxa$sex == sx, ]; d <- d[order(d$age_start), ]
  m <- single_mx(d$mx)
  e0 <- lifetable(m, sx)$e0
  lk <- uniroot(function(x) lifetable(m * exp(x), sx)$e0 - targets[[sx]], c(-8, 8), tol = 1e-14)$root
  L <- lifetable(m * exp(lk), sx)$L
  q <- c(1 - L[2:100] / L[1:99], rep(1 - L[101] / (L[100] + L[101]), 2))
  q_of[[sx]] <- list(q = q, sb = L[1])
  lt[[sx]] <- list(mx = m, e0 = e0, target = targets[[sx]], k = exp(lk), q = q, birth_survival = L[1])
}
# female Leslie matrix with TFR 1.8, 105 boys per 100 girls
tfr <- 1.8; qf <- q_of$female$q
Les <- matrix(0, 101, 101)
Les[1, ] <- tfr * shape * (1 - qf / 2) * (100 / 205) * q_of$female$sb
for (a in 1:100) Les[a + 1, a] <- 1 - qf[a]
Les[101, 101] <- 1 - qf[101]
lambda <- max(Re(eigen(Les, only.values = TRUE)$values))
write_json(list(lifetable = lt, fertility_shape = shape, tfr = tfr, lambda = lambda,
                made_by = "tools/reference/demography.R", r_version = R.version.string),
           file.path(out, "lifetable.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "lifetable.json"), " lambda =", format(lambda, digits = 15), "\n")
