# The same annual cohort-component step as Cohesion's ProjectionStep, vectorised in base R, on the same state space
# (2 sexes x 101 ages x 7 origins x 3 education levels = 4,242 cells): for each of the eight 2020-edition scenarios,
# 52 years, each year solving the e0 scaling by uniroot, the TFR level, emigration and immigration, then stepping.
# Used only for the whole-process speed comparison (bench/scripts/demography/whole_process.sh).
suppressMessages(library(jsonlite))
A <- 101; O <- 7; E <- 3
mx <- read.csv("data/real/wpp-netherlands-age/nl_mx_abridged_sex_1950_2100.csv")
std <- lapply(c("male", "female"), function(sx) {
  d <- mx[mx$period_start == 2015 & mx$sex == sx, ]; d <- d[order(d$age_start), ]
  mids <- c(0, (d$age_start[2:21] + c(d$age_start[3:21], 100)) / 2, 100)
  exp(approx(mids, log(d$mx), xout = 0:100, rule = 2)$y)
})
lt_e0 <- function(m) { q <- m / (1 + 0.5 * m); l <- cumprod(c(1, 1 - q[-A])); L <- l - 0.5 * l * q; L[A] <- l[A] / m[A]; sum(L) }
probs <- function(m) { q <- m / (1 + 0.5 * m); l <- cumprod(c(1, 1 - q[-A])); L <- l - 0.5 * l * q; L[A] <- l[A] / m[A]
  qq <- 1 - L[-1] / L[-A]; T99 <- L[A - 1] + L[A]; qq[A - 1] <- 1 - L[A] / T99; list(q = c(qq, qq[A - 1]), sb = L[1]) }
fert <- read.csv("data/real/wpp-netherlands-age/nl_fertility_age5_1950_2100.csv")
fs <- fert[fert$period_start == 2015, ]; shape <- rep(0, A); shape[16:50] <- rep(fs$pasfr, each = 5); shape <- shape / sum(shape)
pop0 <- array(0, c(E, O, A, 2))
pw <- read.csv("data/real/wpp-netherlands-age/nl_pop_age5_sex_estimates_1950_2020.csv")
for (s in 1:2) { d <- pw[pw$year == 2020 & pw$sex == c("male", "female")[s], ]; d <- d[order(d$age_start), ]
  single <- c(rep(d$pop_thousands[1:20] * 200, each = 5), d$pop_thousands[21] * 1000)
  pop0[1, , , s] <- outer(c(.76, .04, .02, .06, .06, .01, .05), single) }
rc <- function(x, mu, c) 0.02 * exp(-0.1 * x) + 0.06 * exp(-0.1 * (x - mu) - exp(-0.4 * (x - mu))) + c
immAge <- rc(0:100 + 0.5, 22, 3e-4); immAge <- immAge / sum(immAge)
emInt <- rc(0:100 + 0.5, 22, 3e-3); emInt <- emInt / max(emInt)
emRate <- c(.009, .025, .02, .12, .012, .012, .015)
diffs <- c(1, 1.15, 1.45, .85, 1.05, 1.15, .95); child <- c(1, 5, 6, 7, 1, 1, 1)
val <- function(ts, y) { ys <- as.numeric(names(ts)); v <- unlist(ts); if (length(v) == 1) return(v); approx(ys, v, xout = y, rule = 2)$y }
totals <- c()
for (f in list.files("data/demography/scenarios/2020", full.names = TRUE)) {
  sc <- fromJSON(f); pop <- pop0
  for (y in 2019:2070) {
    nxt <- array(0, dim(pop)); births <- 0
    for (s in 1:2) {
      e0 <- val(if (s == 1) sc$e0_male else sc$e0_female, y)
      k <- uniroot(function(lk) lt_e0(std[[s]] * exp(lk)) - e0, c(-8, 8), tol = 1e-12)$root
      pr <- probs(std[[s]] * exp(k))
      em <- sweep(pop[, , , s], c(2, 3), outer(emRate, emInt), "*")
      im <- array(0, c(E, O, A)); for (g in 2:4) im[1, g, ] <- max(0, val(sc$net_migration[[g]], y) + sum(em[, g, ])) / 2 * immAge
      qa <- rep(pr$q, each = E * O); d <- (pop[, , , s] - em) * qa + im * qa / 2
      surv <- pop[, , , s] - em + im - d
      nxt[, , 2:A, s] <- surv[, , 1:(A - 1)]; nxt[, , A, s] <- nxt[, , A, s] + surv[, , A]
      if (s == 2) { w <- apply(pop[, , , 2], c(2, 3), sum); lev <- val(sc$tfr, y) / sum(shape * colSums(w * diffs) / pmax(colSums(w), 1))
        births <- rowSums(sweep(apply(pop[, , , 2] - em / 2 + im / 2 - d / 2, c(2, 3), sum), 2, shape, "*") * diffs) * lev }
    }
    for (o in 1:O) for (s in 1:2) nxt[1, child[o], 1, s] <- nxt[1, child[o], 1, s] + births[o] * c(.5122, .4878)[s] * 0.996
    pop <- nxt
  }
  totals <- c(totals, sum(pop))
}
cat(sprintf("%.0f\n", totals))
