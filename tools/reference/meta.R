# Reference fixtures for the meta-analysis engine (issue 3), computed with metafor 3.8-1 and clubSandwich.
# Usage: Rscript tools/reference/meta.R tests/Cohesion.Tests/Fixtures/meta
# Each fixture: <name>.csv (the data) and <name>.json with a list of cases; a case has a "spec" (the options of
# `cohesion meta`) and the expected metafor results. Tests compare to 1e-6 relative.
suppressMessages({library(metafor); library(metadat); library(jsonlite); library(clubSandwich)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/meta"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

coefs <- function(m) { co <- coef(summary(m))
  lapply(seq_len(nrow(co)), function(i) list(term = rownames(co)[i], estimate = co[i, "estimate"], se = co[i, "se"],
    statistic = unname(co[i, 3]), p = co[i, "pval"], ci_lower = co[i, "ci.lb"], ci_upper = co[i, "ci.ub"])) }

fitinfo <- function(m) {
  uni <- inherits(m, "rma.uni")
  r <- list(k = m$k, method = m$method, test = m$test, coefficients = coefs(m),
    Q = m$QE, Q_df = m$k - m$p, Q_p = m$QEp, converged = TRUE)
  if (m$p > 1) { r$QM <- m$QM; r$QM_p <- m$QMp }
  if (uni) { r$tau2 <- m$tau2; r$I2 <- m$I2; r$H2 <- m$H2
    if (!is.element(m$method, c("FE", "EE"))) { ci <- confint(m); r$tau2_ci <- c(ci$random["tau^2", "ci.lb"], ci$random["tau^2", "ci.ub"]) } }
  else r$sigma2 <- m$sigma2
  if (m$p == 1) { p <- predict(m); r$pi_lower <- p$pi.lb; r$pi_upper <- p$pi.ub }
  r }

robinfo <- function(m, cluster, cr2) {
  rb <- if (cr2) robust(m, cluster = cluster, clubSandwich = TRUE) else robust(m, cluster = cluster)
  co <- coef(summary(rb))
  list(se = unname(co[, "se"]), df = unname(rep_len(rb$ddf, nrow(co))), p = unname(co[, "pval"]),
       statistic = unname(co[, 3]), ci_lower = unname(co[, "ci.lb"]), ci_upper = unname(co[, "ci.ub"])) }

biasinfo <- function(m) {
  t <- regtest(m); r <- list(egger = list(z = t$zval, p = t$pval))
  if (m$p == 1) { tf <- trimfill(m); r$trimfill <- list(k0 = tf$k0, side = tf$side, estimate = as.numeric(tf$beta), se = tf$se) }
  r }

cases <- list()
add <- function(spec, m, extra = list()) { cases[[length(cases) + 1]] <<- list(spec = spec, expected = c(fitinfo(m), extra)) }
save <- function(name, d, source) {
  write.csv(d, file.path(out, paste0(name, ".csv")), row.names = FALSE)
  writeLines(toJSON(list(source = source, data = paste0(name, ".csv"), cases = cases), auto_unbox = TRUE, digits = NA,
    pretty = TRUE, null = "null"), file.path(out, paste0(name, ".json")))
  cases <<- list() }

methods <- c("DL", "REML", "ML", "PM", "HS", "SJ", "HE", "EB")

# 1. Raudenbush (1985): every estimator x test, continuous and factor moderators, bias, leave-one-out
d <- dat.raudenbush1985; d$yi <- as.numeric(d$yi); d$vi <- as.numeric(d$vi)
for (me in methods) for (te in c("z", "knha", "t")) {
  m <- rma(yi, vi, data = d, method = me, test = te); add(list(yi = "yi", vi = "vi", method = me, test = te), m)
  m <- rma(yi, vi, mods = ~ weeks, data = d, method = me, test = te); add(list(yi = "yi", vi = "vi", method = me, test = te, mods = "~ weeks"), m)
}
for (me in c("REML", "DL", "ML")) for (te in c("z", "knha")) {
  m <- rma(yi, vi, mods = ~ weeks + factor(setting) + tester, data = d, method = me, test = te)
  add(list(yi = "yi", vi = "vi", method = me, test = te, mods = "~ weeks + factor(setting) + tester"), m)
}
m <- rma(yi, vi, data = d); add(list(yi = "yi", vi = "vi", bias = TRUE), m, biasinfo(m))
m <- rma(yi, vi, data = d, method = "DL", test = "knha"); add(list(yi = "yi", vi = "vi", method = "DL", test = "knha", bias = TRUE), m, biasinfo(m))
m <- rma(yi, vi, mods = ~ weeks, data = d); add(list(yi = "yi", vi = "vi", mods = "~ weeks", bias = TRUE), m, biasinfo(m))
l1 <- leave1out(rma(yi, vi, data = d))
cases[[length(cases) + 1]] <- list(spec = list(yi = "yi", vi = "vi", leave1out = TRUE), expected = list(leave1out = list(estimate = l1$estimate, se = l1$se, p = l1$pval, tau2 = l1$tau2, I2 = l1$I2, Q = l1$Q)))
save("raudenbush1985", d[, c("study", "author", "year", "weeks", "setting", "tester", "n1i", "n2i", "yi", "vi")], "metadat::dat.raudenbush1985")

# 2. Hackshaw (1998): trim-and-fill on the left side, PET with sei
d <- dat.hackshaw1998
for (me in c("REML", "DL", "FE")) { m <- rma(yi, vi, data = d, method = me); add(list(yi = "yi", vi = "vi", method = me, bias = TRUE), m, biasinfo(m)) }
d$sei <- sqrt(d$vi)
m <- rma(yi, sei = sei, data = d); add(list(yi = "yi", sei = "sei"), m)
save("hackshaw1998", d[, c("study", "author", "year", "country", "design", "cases", "yi", "vi", "sei")], "metadat::dat.hackshaw1998")

# 3. Permutation tests that are exact in metafor (small k)
d <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)[1:7, ]; d$yi <- as.numeric(d$yi); d$vi <- as.numeric(d$vi)
m <- rma(yi, vi, mods = ~ ablat, data = d); pt <- permutest(m, iter = 10000, progbar = FALSE)
add(list(yi = "yi", vi = "vi", mods = "~ ablat", permutations = 10000), m, list(permutation = list(p = unname(pt$pval), iterations = nrow(pt$zval.perm), QM_p = pt$QMp)))
m <- rma(yi, vi, mods = ~ factor(alloc), data = d, test = "knha"); pt <- permutest(m, iter = 1000, progbar = FALSE)
add(list(yi = "yi", vi = "vi", mods = "~ factor(alloc)", test = "knha", permutations = 1000), m, list(permutation = list(p = unname(pt$pval), iterations = nrow(pt$zval.perm), QM_p = pt$QMp)))
m <- rma(yi, vi, data = d, method = "DL"); pt <- permutest(m, iter = 1000, progbar = FALSE)
add(list(yi = "yi", vi = "vi", method = "DL", permutations = 1000), m, list(permutation = list(p = unname(pt$pval), iterations = nrow(as.data.frame(pt$zval.perm)))))
save("bcg7_permutest", d[, c("trial", "author", "year", "ablat", "alloc", "yi", "vi")], "metadat::dat.bcg, first 7 trials, escalc RR")

# 4. escalc for every measure, then a REML fit on the computed effect sizes
esc <- function(d, measure, spec) {
  e <- do.call(escalc, c(list(measure = measure), lapply(spec, function(col) d[[col]])))
  yi <- as.numeric(e$yi); vi <- as.numeric(e$vi)
  m <- rma(yi, vi); add(c(list(measure = measure), spec), m, list(yi = yi, vi = vi))
  e }
d <- dat.normand1999
for (ms in c("SMD", "MD")) esc(d, ms, list(m1i = "m1i", sd1i = "sd1i", n1i = "n1i", m2i = "m2i", sd2i = "sd2i", n2i = "n2i"))
save("normand1999", d, "metadat::dat.normand1999")
d <- dat.nielweise2007; d$bi <- d$n1i - d$ai; d$di <- d$n2i - d$ci
for (ms in c("OR", "RR", "RD")) esc(d, ms, list(ai = "ai", bi = "bi", ci = "ci", di = "di"))
save("nielweise2007", d, "metadat::dat.nielweise2007 (zero cells: 1/2 added as escalc's to='only0')")
d <- dat.pritz1997
esc(d, "PLO", list(xi = "xi", ni = "ni"))
save("pritz1997", d, "metadat::dat.pritz1997")
d <- dat.molloy2014
for (ms in c("COR", "ZCOR")) esc(d, ms, list(ri = "ri", ni = "ni"))
save("molloy2014", d[, c("authors", "year", "ni", "ri", "controls", "design", "meanage")], "metadat::dat.molloy2014")

# 5. Multilevel (Assink 2016: effect sizes within studies), moderators, ML, t test, CR1 and CR2
d <- dat.assink2016
for (me in c("REML", "ML")) {
  m <- rma.mv(yi, vi, random = ~ 1 | study/esid, data = d, method = me); add(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", method = me), m,
    list(robust_cr1 = robinfo(m, d$study, FALSE), robust_cr2 = robinfo(m, d$study, TRUE)))
  m <- rma.mv(yi, vi, mods = ~ year + factor(deltype), random = ~ 1 | study/esid, data = d, method = me)
  add(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", method = me, mods = "~ year + factor(deltype)"), m,
    list(robust_cr1 = robinfo(m, d$study, FALSE), robust_cr2 = robinfo(m, d$study, TRUE)))
}
m <- rma.mv(yi, vi, mods = ~ pubstatus, random = ~ 1 | study/esid, data = d, test = "t"); add(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", test = "t", mods = "~ pubstatus"), m)
m <- rma.mv(yi, vi, random = ~ 1 | study, data = d); add(list(yi = "yi", vi = "vi", random = "~ 1 | study"), m)
# robust on univariate models (clusters = studies)
m <- rma(yi, vi, data = d); add(list(yi = "yi", vi = "vi", robust = "study"), m, list(robust_cr1 = robinfo(m, d$study, FALSE), robust_cr2 = robinfo(m, d$study, TRUE)))
m <- rma(yi, vi, mods = ~ year, data = d, method = "DL"); add(list(yi = "yi", vi = "vi", method = "DL", mods = "~ year", robust = "study"), m,
  list(robust_cr1 = robinfo(m, d$study, FALSE), robust_cr2 = robinfo(m, d$study, TRUE)))
m <- rma(yi, vi, data = d, test = "knha"); add(list(yi = "yi", vi = "vi", test = "knha", robust = "study"), m, list(robust_cr1 = robinfo(m, d$study, FALSE), robust_cr2 = robinfo(m, d$study, TRUE)))
save("assink2016", d, "metadat::dat.assink2016")

# 6. Konstantopoulos (2011): ML with moderator and t test
d <- dat.konstantopoulos2011
m <- rma.mv(yi, vi, mods = ~ year, random = ~ 1 | district/school, data = d, method = "ML", test = "t")
add(list(yi = "yi", vi = "vi", random = "~ 1 | district/school", method = "ML", test = "t", mods = "~ year"), m,
  list(robust_cr1 = robinfo(m, d$district, FALSE), robust_cr2 = robinfo(m, d$district, TRUE)))
save("konstantopoulos2011", d, "metadat::dat.konstantopoulos2011")
# 7. Four levels (three nested random components): countries / studies / effect sizes, simulated with a fixed seed
set.seed(4321)
nc <- 8; ns <- 5; ne <- 3
d <- expand.grid(esid = 1:ne, study = 1:ns, country = 1:nc)
d$study <- d$country * 100 + d$study; d$esid <- seq_len(nrow(d))
d$x <- round(rnorm(nrow(d)), 3)
d$vi <- round(runif(nrow(d), 0.01, 0.06), 5)
d$yi <- round(0.2 + 0.1 * d$x + rnorm(nc, 0, 0.15)[d$country] + rnorm(nc * ns, 0, 0.1)[match(d$study, unique(d$study))] +
  rnorm(nrow(d), 0, 0.05) + rnorm(nrow(d), 0, sqrt(d$vi)), 5)
for (me in c("REML", "ML")) {
  m <- rma.mv(yi, vi, random = ~ 1 | country/study/esid, data = d, method = me); add(list(yi = "yi", vi = "vi", random = "~ 1 | country/study/esid", method = me), m)
  m <- rma.mv(yi, vi, mods = ~ x, random = ~ 1 | country/study/esid, data = d, method = me)
  add(list(yi = "yi", vi = "vi", random = "~ 1 | country/study/esid", method = me, mods = "~ x"), m,
    list(robust_cr1 = robinfo(m, d$country, FALSE), robust_cr2 = robinfo(m, d$country, TRUE)))
}
save("fourlevel_simulated", d, "simulated in tools/reference/meta.R (set.seed(4321)): 8 countries x 5 studies x 3 effect sizes")
cat("done\n")
