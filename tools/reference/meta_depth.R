# Reference fixtures for issue 20 (meta-analysis at metafor's depth): Mantel-Haenszel and Peto pooling, the
# additional escalc measures, rma.mv random structures (crossed terms, ~ inner | outer with struct, known V, vcalc),
# t tests with dfs = residual/contain, btt Wald/F tests, profile-likelihood CIs (confint.rma.mv), leave-one-out with
# moderators and influence.rma.uni.
# Computed with the Debian package of metafor (packageVersion is written into every fixture; 3.8-1 when made) and
# metadat. Usage: Rscript tools/reference/meta_depth.R tests/Cohesion.Tests/Fixtures/meta_depth
# Each fixture: <name>.csv (the data), optional <name>_V*.csv (a k x k sampling covariance matrix, header V1..Vk) and
# <name>.json with cases; a case has a "spec" (the options of `cohesion meta`, flag names without "--") and the
# expected results under the JSON names `cohesion meta --format json` uses. Tests compare to 1e-6 relative.
suppressMessages({library(metafor); library(metadat); library(jsonlite); library(numDeriv)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/meta_depth"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
mfver <- as.character(packageVersion("metafor"))

num <- function(x) if (length(x) == 1 && is.na(x)) NULL else unname(x)
coefs <- function(m) { co <- coef(summary(m))
  lapply(seq_len(nrow(co)), function(i) list(term = rownames(co)[i], estimate = co[i, "estimate"], se = co[i, "se"],
    statistic = unname(co[i, 3]), p = co[i, "pval"], ci_lower = co[i, "ci.lb"], ci_upper = co[i, "ci.ub"])) }

# rma.mh / rma.peto
pooled <- function(m) {
  r <- list(k = m$k, coefficients = coefs(m), Q = m$QE, Q_df = m$k.yi - 1, Q_p = m$QEp, I2 = m$I2, H2 = m$H2)
  if (!is.null(m$MH) && !is.na(m$MH)) r$cmh <- list(statistic = m$MH, p = m$MHp)
  if (!is.null(m$TA) && !is.na(m$TA)) r$tarone <- list(statistic = m$TA, p = m$TAp, df = m$k.pos - 1)
  r }

qm <- function(m) list(statistic = m$QM, df1 = unname(m$QMdf[1]), df2 = num(m$QMdf[2]), p = m$QMp, coefficients = I(m$btt))

uni <- function(m) {
  r <- list(k = m$k, coefficients = coefs(m), tau2 = m$tau2, I2 = m$I2, H2 = m$H2, Q = m$QE, Q_df = m$k - m$p, Q_p = m$QEp)
  if (m$p > 1) r$QM <- qm(m)
  r }

mv <- function(m) {
  r <- list(k = m$k, coefficients = coefs(m), Q = m$QE, Q_df = m$k - m$p, Q_p = m$QEp, logLik = as.numeric(logLik(m)))
  if (m$withS) r$sigma2 <- I(m$sigma2)
  if (m$withG) { r$tau2 <- m$tau2; r$rho <- m$rho }
  if (m$withH) { r$gamma2 <- m$gamma2; r$phi <- m$phi }
  if (m$p > 1 || !is.null(m$call$btt)) r$QM <- qm(m)
  if (m$test == "t") r$ddf <- I(unname(m$ddf))
  if (m$int.only && (!m$withG || m$tau2s == 1) && (!m$withH || m$gamma2s == 1)) {
    p <- predict(m); r$pi_lower <- p$pi.lb[1]; r$pi_upper <- p$pi.ub[1] }
  r }

# confint(rma.mv) of metafor's default fit; the estimate is the component at the refined maximum (see refine())
profinfo <- function(m, r) {
  ci <- suppressWarnings(confint(m))
  at <- function(name) { kind <- sub("\\.[0-9]+$", "", name); idx <- if (grepl("\\.[0-9]+$", name)) as.integer(sub(".*\\.", "", name)) else 1
    key <- c("sigma^2" = "sigma2", "tau^2" = "tau2", rho = "rho", "gamma^2" = "gamma2", phi = "phi")[[kind]]; r[[key]][idx] }
  one <- function(x) { rr <- x$random; list(component = rownames(rr)[1], estimate = at(rownames(rr)[1]), lower = num(rr[1, "ci.lb"]), upper = num(rr[1, "ci.ub"])) }
  if (inherits(ci, "list.confint.rma")) lapply(unname(ci[names(ci) != "digits"]), one) else list(one(ci)) }

cases <- list()
add <- function(spec, expected) { cases[[length(cases) + 1]] <<- list(spec = spec, expected = expected) }
save <- function(name, d, source) {
  write.csv(d, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")
  writeLines(toJSON(list(source = source, metafor = mfver, data = paste0(name, ".csv"), cases = cases), auto_unbox = TRUE,
    digits = NA, pretty = TRUE, null = "null", na = "null"), file.path(out, paste0(name, ".json")))
  cases <<- list() }
saveV <- function(name, V) { V <- as.matrix(V); colnames(V) <- paste0("V", seq_len(ncol(V)))
  write.csv(V, file.path(out, name), row.names = FALSE); name }

# ---------------------------------------------------------------------------------------------------------------
# 1. Mantel-Haenszel and Peto (rma.mh, rma.peto) on 2x2 tables and incidence rates
tables <- function(d, name, source, cells, measures = c("OR", "RR", "RD"), peto = TRUE) {
  for (ms in measures) {
    m <- do.call(rma.mh, c(list(measure = ms, data = d), lapply(cells, function(col) d[[col]])))
    add(c(list(measure = ms, method = "MH"), cells), pooled(m))
  }
  if (peto) { m <- do.call(rma.peto, c(list(data = d), lapply(cells, function(col) d[[col]]))); add(c(list(measure = "OR", method = "PETO"), cells), pooled(m)) }
  save(name, d, source) }
tables(dat.bcg, "mh_bcg", "metadat::dat.bcg", list(ai = "tpos", bi = "tneg", ci = "cpos", di = "cneg"))
d <- dat.collins1985a[, c("id", "trial", "year", "nti", "b.xti", "nci", "b.xci")]
names(d) <- c("id", "trial", "year", "nti", "bxti", "nci", "bxci")
tables(d, "mh_collins1985a", "metadat::dat.collins1985a (bleeding: b.xti of nti vs b.xci of nci)", list(ai = "bxti", n1i = "nti", ci = "bxci", n2i = "nci"))
d <- dat.yusuf1985[dat.yusuf1985$table == "6", ]
tables(d, "mh_yusuf1985", "metadat::dat.yusuf1985, table 6 (zero cells, all-zero tables dropped from Q as rma.mh drop00)", list(ai = "ai", n1i = "n1i", ci = "ci", n2i = "n2i"))
tables(dat.hine1989, "mh_hine1989", "metadat::dat.hine1989", list(ai = "ai", n1i = "n1i", ci = "ci", n2i = "n2i"))
d <- dat.nielweise2007
tables(d, "mh_nielweise2007", "metadat::dat.nielweise2007 (zero cells)", list(ai = "ai", n1i = "n1i", ci = "ci", n2i = "n2i"))
tables(dat.hart1999, "mh_hart1999", "metadat::dat.hart1999 (incidence rates)", list(x1i = "x1i", t1i = "t1i", x2i = "x2i", t2i = "t2i"), c("IRR", "IRD"), peto = FALSE)

# ---------------------------------------------------------------------------------------------------------------
# 2. escalc measures (metafor's default vtype, add and to) with a REML fit on the computed effect sizes
esc <- function(d, measure, spec) {
  e <- do.call(escalc, c(list(measure = measure), lapply(spec, function(col) d[[col]])))
  yi <- as.numeric(e$yi); vi <- as.numeric(e$vi)
  ok <- !is.na(yi) & !is.na(vi)
  m <- rma(yi[ok], vi[ok])
  add(c(list(measure = measure), spec), c(uni(m), list(yi = yi, vi = vi))) }
d <- dat.normand1999
for (ms in c("SMDH", "ROM")) esc(d, ms, list(m1i = "m1i", sd1i = "sd1i", n1i = "n1i", m2i = "m2i", sd2i = "sd2i", n2i = "n2i"))
save("esc_normand1999", d, "metadat::dat.normand1999")
d <- dat.curtis1998[, c("id", "paper", "genus", "fungrp", "time", "m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i")]
for (ms in c("ROM", "SMDH")) esc(d, ms, list(m1i = "m1i", sd1i = "sd1i", n1i = "n1i", m2i = "m2i", sd2i = "sd2i", n2i = "n2i"))
save("esc_curtis1998", d, "metadat::dat.curtis1998")
set.seed(2020)
d <- data.frame(study = 1:12, ni = sample(15:60, 12), ri = round(runif(12, 0.3, 0.85), 2))
d$m2i <- round(rnorm(12, 50, 5), 1); d$sd1i <- round(runif(12, 6, 12), 2); d$m1i <- round(d$m2i + rnorm(12, 4, 3), 1)
esc(d, "SMCR", list(m1i = "m1i", m2i = "m2i", sd1i = "sd1i", ni = "ni", ri = "ri"))
save("esc_prepost_simulated", d, "simulated in tools/reference/meta_depth.R (set.seed(2020)): pre-post means, pre SDs, correlations")
for (ms in c("IRR", "IRD")) esc(dat.hart1999, ms, list(x1i = "x1i", t1i = "t1i", x2i = "x2i", t2i = "t2i"))
save("esc_hart1999", dat.hart1999, "metadat::dat.hart1999")
for (ms in c("IRR", "IRD")) esc(dat.nielweise2008, ms, list(x1i = "x1i", t1i = "t1i", x2i = "x2i", t2i = "t2i"))
save("esc_nielweise2008", dat.nielweise2008, "metadat::dat.nielweise2008")
for (ms in c("PR", "PLN", "PAS", "PFT")) esc(dat.pritz1997, ms, list(xi = "xi", ni = "ni"))
save("esc_pritz1997", dat.pritz1997, "metadat::dat.pritz1997")
d <- dat.debruin2009[, c("author", "year", "ni", "xi", "mi")]
for (ms in c("PR", "PLN", "PAS", "PFT")) esc(d, ms, list(xi = "xi", ni = "ni"))
save("esc_debruin2009", d, "metadat::dat.debruin2009")
d <- data.frame(study = 1:6, xi = c(0, 3, 12, 20, 7, 25), ni = c(20, 30, 40, 20, 35, 25))
for (ms in c("PR", "PLN", "PAS", "PFT")) esc(d, ms, list(xi = "xi", ni = "ni"))
save("esc_proportions_edge", d, "constructed in tools/reference/meta_depth.R: proportions with 0 and n events (escalc add/to)")
d <- dat.molloy2014[, c("authors", "year", "ni", "ri")]
esc(d, "UCOR", list(ri = "ri", ni = "ni"))
save("esc_molloy2014", d, "metadat::dat.molloy2014")
d <- dat.mcdaniel1994[dat.mcdaniel1994$ni > 4, c("study", "ni", "ri", "type")]
esc(d, "UCOR", list(ri = "ri", ni = "ni"))
save("esc_mcdaniel1994", d, "metadat::dat.mcdaniel1994 (studies with ni > 4)")
d <- dat.bcg
for (ms in c("PHI", "RTET")) esc(d, ms, list(ai = "tpos", bi = "tneg", ci = "cpos", di = "cneg"))
save("esc_bcg", d, "metadat::dat.bcg")
d <- dat.hine1989; d$bi <- d$n1i - d$ai; d$di <- d$n2i - d$ci
for (ms in c("PHI", "RTET")) esc(d, ms, list(ai = "ai", bi = "bi", ci = "ci", di = "di"))
save("esc_hine1989", d, "metadat::dat.hine1989")

# ---------------------------------------------------------------------------------------------------------------
# 3. rma.mv: crossed and nested terms, structured ~ inner | outer terms, known V, vcalc, t/contain, btt, profile
fitmv <- function(spec, d, V = NULL) {
  a <- list(yi = d[[spec$yi]], V = if (is.null(V)) d[[spec$vi]] else V, data = d, random = eval(parse(text = spec$random)))
  if (!is.null(spec$mods)) a$mods <- as.formula(spec$mods)
  if (!is.null(spec$struct)) a$struct <- spec$struct
  if (!is.null(spec$method)) a$method <- spec$method
  if (!is.null(spec$test)) a$test <- spec$test
  if (!is.null(spec$dfs)) a$dfs <- spec$dfs
  if (!is.null(spec$btt)) a$btt <- if (grepl("^[0-9:,]+$", spec$btt)) eval(parse(text = paste0("c(", spec$btt, ")"))) else spec$btt
  m <- do.call(rma.mv, a)
  r <- refine(m, a)
  e <- mv(r)
  e$metafor_default <- mv(m)[c("coefficients", "sigma2", "tau2", "rho", "gamma2", "phi", "logLik")]
  e$metafor_default <- e$metafor_default[!sapply(e$metafor_default, is.null)]
  if (isTRUE(spec$profile)) e$profile <- profinfo(m, r)
  if (!is.null(spec$robust)) {
    rb <- if (isTRUE(spec$cr2)) robust(r, cluster = d[[spec$robust]], clubSandwich = TRUE) else robust(r, cluster = d[[spec$robust]])
    co <- coef(summary(rb))
    e$robust <- list(se = I(unname(co[, "se"])), df = I(unname(rep_len(rb$ddf, nrow(co)))), p = I(unname(co[, "pval"])),
      ci_lower = I(unname(co[, "ci.lb"])), ci_upper = I(unname(co[, "ci.ub"]))) }
  add(spec, e)
  invisible(m) }

# metafor's default optimiser (nlminb on log variances / atanh correlations / Cholesky factors) stops within about
# 1e-6 (relative) of the optimum for models whose likelihood is flat in some direction. The reference values are
# therefore metafor's results at the maximum of metafor's own (restricted) likelihood: Newton steps on logLik() of
# rma.mv with every component fixed (numDeriv gradient and Hessian), components at a bound kept there, then
# rma.mv with the components fixed at that maximum. metafor's default fit is kept under "metafor_default".
refine <- function(m, a) {
  kinds <- c("sigma2", "tau2", "rho", "gamma2", "phi")
  has <- c(m$withS, m$withG, m$withG, m$withH, m$withH)
  vals <- list(); fixd <- list()
  for (j in seq_along(kinds)) if (has[j]) { vals[[kinds[j]]] <- m[[kinds[j]]]; fixd[[kinds[j]]] <- m$vc.fix[[kinds[j]]] }
  flat <- unlist(vals, use.names = FALSE); kind <- rep(names(vals), sapply(vals, length)); free <- !unlist(fixd, use.names = FALSE)
  isvar <- kind %in% c("sigma2", "tau2", "gamma2")
  scale <- max(c(flat[isvar], 1e-8))
  b0 <- free & isvar & flat < 1e-6 * scale; flat[b0] <- 0; free[b0] <- FALSE
  b1 <- free & !isvar & abs(flat) > 1 - 1e-6; flat[b1] <- sign(flat[b1]); free[b1] <- FALSE
  argsAt <- function(th) { f <- flat; f[free] <- th; x <- a; for (kk in names(vals)) x[[kk]] <- f[kind == kk]; x }
  ll <- function(th) { fit <- try(suppressWarnings(do.call(rma.mv, argsAt(th))), silent = TRUE); if (inherits(fit, "try-error")) -Inf else as.numeric(logLik(fit)) }
  th <- flat[free]; lo <- ifelse(isvar[free], 0, -1); hi <- ifelse(isvar[free], Inf, 1)
  if (length(th)) for (it in 1:8) {
    g <- numDeriv::grad(ll, th, method.args = list(r = 2)); H <- numDeriv::hessian(ll, th, method.args = list(r = 2))
    step <- try(-solve(H, g), silent = TRUE); if (inherits(step, "try-error")) break
    l0 <- ll(th); t <- 1
    repeat { cand <- pmin(hi, pmax(lo, th + t * step)); l1 <- ll(cand); if (l1 >= l0 - 1e-13 * abs(l0) || t < 1e-6) break; t <- t / 2 }
    if (l1 < l0) break
    done <- max(abs(cand - th) / pmax(abs(th), 1e-8)) < 1e-9
    th <- cand
    if (done) break
  }
  suppressWarnings(do.call(rma.mv, argsAt(th))) }

d <- dat.konstantopoulos2011
fitmv(list(yi = "yi", vi = "vi", random = "list(~ 1 | district, ~ 1 | school)"), d)
fitmv(list(yi = "yi", vi = "vi", random = "list(~ 1 | district, ~ 1 | school)", method = "ML", mods = "~ year"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | district/school", profile = TRUE), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | district/school", mods = "~ year", test = "t"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | district/school", mods = "~ year", test = "t", dfs = "contain"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | district/school", test = "t", dfs = "contain"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ school | district", struct = "CS"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ school | district", struct = "ID"), d)
save("mv_konstantopoulos2011", d, "metadat::dat.konstantopoulos2011 (school labels repeat across districts: crossed when listed separately)")

d <- dat.assink2016
fitmv(list(yi = "yi", vi = "vi", random = "list(~ 1 | study, ~ 1 | esid)"), d)
fitmv(list(yi = "yi", vi = "vi", random = "list(~ 1 | study, ~ 1 | id)", mods = "~ deltype"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", mods = "~ year + deltype", btt = "3:4"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", mods = "~ year + deltype", btt = "deltype", test = "t"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", mods = "~ year + deltype", test = "t", dfs = "contain", btt = "2:4"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", profile = TRUE), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", mods = "~ deltype", profile = TRUE, method = "ML"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ esid | study", struct = "AR"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ deltype | study", struct = "DIAG"), d)
fitmv(list(yi = "yi", vi = "vi", random = "list(~ deltype | study, ~ 1 | id)", struct = "CS", profile = TRUE), d)
V <- vcalc(vi, cluster = study, obs = esid, rho = 0.6, data = d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", rho = 0.6), d, V)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", mods = "~ year", rho = 0.6, test = "t", dfs = "contain"), d, V)
fitmv(list(yi = "yi", V = saveV("mv_assink2016_V_rho06.csv", V), random = "~ 1 | study/esid", mods = "~ deltype"), d, V)
for (cr2 in c(FALSE, TRUE)) {
  fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | study/esid", mods = "~ year", rho = 0.6, robust = "study", cr2 = cr2), d, V)
  fitmv(list(yi = "yi", vi = "vi", random = "list(~ deltype | study, ~ 1 | id)", struct = "CS", robust = "study", cr2 = cr2), d) }
save("mv_assink2016", d, "metadat::dat.assink2016")

d <- dat.berkey1998
V <- bldiag(lapply(split(d[, c("v1i", "v2i")], d$trial), as.matrix))
vf <- saveV("mv_berkey1998_V.csv", V)
for (st in c("UN", "CS", "HCS", "DIAG", "ID"))
  fitmv(list(yi = "yi", V = vf, random = "~ outcome | trial", struct = st, mods = "~ outcome - 1", profile = st %in% c("UN", "CS")), d, V)
fitmv(list(yi = "yi", V = vf, random = "~ outcome | trial", struct = "UN", mods = "~ outcome + I(year - 1983) - 1", method = "ML", btt = "3"), d, V)
fitmv(list(yi = "yi", V = vf, random = "~ outcome | trial", struct = "UN", mods = "~ outcome - 1", test = "t", dfs = "contain"), d, V)
fitmv(list(yi = "yi", V = vf, random = "~ 1 | trial/outcome"), d, V)
for (cr2 in c(FALSE, TRUE)) fitmv(list(yi = "yi", V = vf, random = "~ outcome | trial", struct = "UN", mods = "~ outcome - 1", robust = "trial", cr2 = cr2), d, V)
save("mv_berkey1998", d, "metadat::dat.berkey1998 (V from v1i, v2i within trials)")

d <- dat.ishak2007
long <- do.call(rbind, lapply(1:4, function(t) data.frame(study = d$study, time = t, yi = d[[paste0("y", t, "i")]], vi = d[[paste0("v", t, "i")]], mdur = d$mdur, mbase = d$mbase)))
long <- long[!is.na(long$yi), ]; long <- long[order(long$study, long$time), ]; rownames(long) <- NULL
fitmv(list(yi = "yi", vi = "vi", random = "~ time | study", struct = "AR", mods = "~ factor(time) - 1", profile = TRUE), long)
fitmv(list(yi = "yi", vi = "vi", random = "~ time | study", struct = "HAR", mods = "~ factor(time) - 1"), long)
fitmv(list(yi = "yi", vi = "vi", random = "~ time | study", struct = "AR", mods = "~ factor(time) + mbase"), long)
save("mv_ishak2007", long, "metadat::dat.ishak2007 in long format (one row per study and time point)")

d <- dat.crede2010; d$esid <- seq_len(nrow(d))
d <- escalc(measure = "ZCOR", ri = ri, ni = ni, data = d); d$yi <- as.numeric(d$yi); d$vi <- as.numeric(d$vi)
fitmv(list(yi = "yi", vi = "vi", random = "list(~ 1 | studyid/sampleid, ~ 1 | esid)"), d)
fitmv(list(yi = "yi", vi = "vi", random = "~ 1 | studyid/sampleid/esid", mods = "~ criterion", test = "t", dfs = "contain"), d)
fitmv(list(yi = "yi", vi = "vi", random = "list(~ criterion | studyid, ~ 1 | esid)", struct = "UN"), d)
save("mv_crede2010", as.data.frame(d), "metadat::dat.crede2010, escalc ZCOR")

# ---------------------------------------------------------------------------------------------------------------
# 4. rma.uni: btt, leave-one-out with moderators (refits without each row), influence.rma.uni, profile of tau^2
d <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg); d$yi <- as.numeric(d$yi); d$vi <- as.numeric(d$vi)
l1 <- function(m, d, mods) {
  lapply(seq_len(nrow(d)), function(i) { r <- rma(yi, vi, mods = mods, data = d[-i, ], method = m$method, test = m$test)
    list(omitted = i, coefficients = I(unname(as.numeric(coef(r)))), se = I(unname(r$se)), tau2 = r$tau2, Q = r$QE) }) }
inf <- function(m) { x <- influence(m)$inf
  lapply(seq_len(m$k), function(i) list(row = i, rstudent = x$rstudent[i], dffits = x$dffits[i], cooks_distance = x$cook.d[i],
    cov_r = x$cov.r[i], tau2_del = x$tau2.del[i], QE_del = x$QE.del[i], hat = x$hat[i], weight = x$weight[i])) }
for (te in c("z", "knha")) {
  m <- rma(yi, vi, mods = ~ ablat + year, data = d, test = te)
  add(list(yi = "yi", vi = "vi", mods = "~ ablat + year", test = te, leave1out = TRUE, influence = TRUE), c(uni(m), list(leave1out = l1(m, d, ~ ablat + year), influence = inf(m))))
  m <- rma(yi, vi, mods = ~ ablat + factor(alloc), data = d, test = te, btt = 3:4)
  add(list(yi = "yi", vi = "vi", mods = "~ ablat + factor(alloc)", test = te, btt = "3:4"), uni(m))
  m <- rma(yi, vi, mods = ~ ablat + factor(alloc), data = d, test = te, btt = "alloc")
  add(list(yi = "yi", vi = "vi", mods = "~ ablat + factor(alloc)", test = te, btt = "alloc"), uni(m))
}
m <- rma(yi, vi, data = d, method = "DL")
add(list(yi = "yi", vi = "vi", method = "DL", influence = TRUE, leave1out = TRUE), c(uni(m), list(influence = inf(m), leave1out = l1(m, d, ~ 1))))
m <- rma(yi, vi, data = d, method = "FE")
add(list(yi = "yi", vi = "vi", method = "FE", influence = TRUE), c(uni(m), list(influence = inf(m))))
m <- rma(yi, vi, data = d); ci <- confint(m)
add(list(yi = "yi", vi = "vi", profile = TRUE), c(uni(m), list(profile = list(list(component = "tau^2", estimate = ci$random[1, 1], lower = ci$random[1, 2], upper = ci$random[1, 3])))))
save("uni_bcg", d[, c("trial", "author", "year", "tpos", "tneg", "cpos", "cneg", "ablat", "alloc", "yi", "vi")], "metadat::dat.bcg, escalc RR")
cat("done\n")
