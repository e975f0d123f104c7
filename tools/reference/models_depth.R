# Reference fixtures for issue 19: glmer (Laplace, AGQ), lmerTest (Satterthwaite, Kenward-Roger), profile intervals,
# plm (within/random/between/fd/pooling, phtest, pFtest), sandwich (vcovHC, multiway vcovCL).
# Usage: Rscript tools/reference/models_depth.R [tests/Cohesion.Tests/Fixtures/models_depth] [part]
#   part: all (default), glmm, lmm, panel, hedonic, sandwich
suppressMessages({library(lme4); library(lmerTest); library(pbkrtest); library(plm); library(sandwich); library(numDeriv); library(jsonlite)})
args <- commandArgs(TRUE)
out <- if (length(args) >= 1) args[1] else "tests/Cohesion.Tests/Fixtures/models_depth"
part <- if (length(args) >= 2) args[2] else "all"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
wcsv <- function(d, name) write.csv(d, file.path(out, paste0(name, ".csv")), row.names = FALSE)
wjson <- function(x, name) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"),
                                      file.path(out, paste0(name, ".json")))
versions <- sapply(c("lme4", "lmerTest", "pbkrtest", "plm", "sandwich"), function(p) as.character(packageVersion(p)))

varcorr_rows <- function(m) {
  vc <- as.data.frame(VarCorr(m))
  lapply(seq_len(nrow(vc)), function(i) list(grp = vc$grp[i], var1 = if (is.na(vc$var1[i])) NULL else vc$var1[i],
                                             var2 = if (is.na(vc$var2[i])) NULL else vc$var2[i], vcov = vc$vcov[i], sdcor = vc$sdcor[i]))
}
# VarCorr rows at a given theta (lme4's order and names), for GLMMs (no residual scale)
varcorr_theta <- function(m, theta) {
  cn <- m@cnms; grp <- make.unique(names(cn)); rows <- list(); o <- 0
  for (t in seq_along(cn)) {
    k <- length(cn[[t]]); nt <- k * (k + 1) / 2
    L <- matrix(0, k, k); L[lower.tri(L, diag = TRUE)] <- theta[o + seq_len(nt)]; o <- o + nt
    S <- L %*% t(L)
    for (a in seq_len(k)) rows[[length(rows) + 1]] <- list(grp = grp[t], var1 = cn[[t]][a], var2 = NULL, vcov = S[a, a], sdcor = sqrt(S[a, a]))
    if (k > 1) for (a in 1:(k - 1)) for (b in (a + 1):k)
      rows[[length(rows) + 1]] <- list(grp = grp[t], var1 = cn[[t]][a], var2 = cn[[t]][b], vcov = S[b, a], sdcor = S[b, a] / sqrt(S[a, a] * S[b, b]))
  }
  rows
}

# ---- GLMM ------------------------------------------------------------------------------------------------
# glmer with a tight bobyqa and PIRLS tolerance, then Newton steps on lme4's own deviance function (numDeriv
# derivatives): lme4's tight optimiser still stops up to 1e-4 short in flat directions (VerbAgg's intercept); the
# polished point is lme4's optimum to ~1e-8. Standard errors: vcov's formula (beta block of (H/2)^-1) with H the
# Richardson Hessian (numDeriv::hessian) at the polished optimum; summary(glmer)'s own (deriv12, step 1e-4) are kept
# as se_lme4 -- for deviances in the thousands their second differences are quantised at ~1e-4.
# tolPwrss: lme4 stops PIRLS on the relative change of the penalised deviance, so at 1e-12 the modes can still be
# ~1e-4 off and log|L|^2 (taken at the previous iteration's weights) ~1e-5 off; at 1e-14 the deviance is exact
gtightp <- function(tp) glmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-10, maxfun = 1e5), tolPwrss = tp)
gtight <- gtightp(1e-14)
newton <- function(f, x, lower, iters = 10) {
  fx <- f(x)
  e <- environment(f)
  for (it in 1:iters) {
    # derivatives of a smooth function: PIRLS restarted from the current modes at every point
    f(x); d0 <- e$pp$delu
    fd <- function(q) { e$pp$setDelu(d0); f(q) }
    g <- grad(fd, x, method.args = list(d = 1e-3, r = 4)); H <- hessian(fd, x, method.args = list(d = 1e-2))
    free <- !(x <= lower & g > 0)
    step <- numeric(length(x)); step[free] <- -solve(H[free, free, drop = FALSE], g[free])
    t <- 1
    repeat { xn <- pmax(x + t * step, lower); fn <- f(xn); if (fn <= fx + 1e-12 * abs(fx) || t < 1e-3) break; t <- t / 2 }
    if (fn > fx) break
    done <- max(abs(xn - x)) < 1e-10
    x <- xn; fx <- fn
    if (done) break
  }
  x
}
glmm_case <- function(name, rform, cform, data, family, nAGQ = 1, weights = NULL, wname = NULL) {
  cl <- list(formula = rform, data = data, family = family, nAGQ = nAGQ, control = gtight)
  if (!is.null(weights)) cl$weights <- weights
  m <- tryCatch(do.call(glmer, cl), error = function(e) NULL)
  if (is.null(m)) { cl$control <- gtightp(1e-13); m <- do.call(glmer, cl) }
  cl$devFunOnly <- TRUE
  df <- do.call(glmer, cl)
  nt <- length(getME(m, "theta")); p <- length(fixef(m))
  x0 <- if (nAGQ == 0) unname(getME(m, "theta")) else c(unname(getME(m, "theta")), unname(fixef(m)))
  lower <- c(getME(m, "lower"), rep(-Inf, if (nAGQ == 0) 0 else p))
  x <- newton(df, x0, lower)
  dev <- df(x)
  res <- list(name = name, formula = cform, r_formula = deparse(rform, width.cutoff = 500), family = family, nAGQ = nAGQ,
              weights = wname, n = nobs(m), terms = names(fixef(m)), theta = x[seq_len(nt)], logLik = -dev / 2,
              aic = dev + 2 * (nt + p), bic = dev + log(nobs(m)) * (nt + p),
              theta_lme4 = unname(getME(m, "theta")), estimate_lme4 = unname(fixef(m)), se_lme4 = unname(sqrt(diag(vcov(m)))),
              logLik_lme4 = as.numeric(logLik(m)), singular = isSingular(m),
              messages = as.list(m@optinfo$conv$lme4$messages))
  if (nAGQ > 0) {
    beta <- x[nt + seq_len(p)]
    # lme4's devfun starts PIRLS where the last call ended: for a smooth function, every call starts from the modes
    # at the optimum (and falls back to lme4's default tolerance where 1e-14 cannot be met far from it)
    e <- environment(df); df(x); d0 <- e$pp$delu; tp <- e$tolPwrss
    fdet <- function(q) { e$pp$setDelu(d0); tryCatch(df(q), error = function(err) { e$tolPwrss <- 1e-12; e$pp$setDelu(d0); v <- df(q); e$tolPwrss <- tp; v }) }
    # a variance parameter at its bound: the deviance is even in it there, so its cross terms vanish; drop it
    free <- c(!(x[seq_len(nt)] == 0 & getME(m, "lower") == 0), rep(TRUE, p))
    fsub <- function(q) { z <- x; z[free] <- q; fdet(z) }
    H <- hessian(fsub, x[free], method.args = list(d = 0.03))  # d = 0.1 reaches where PIRLS needs the 1e-12 fallback
    nf <- sum(free[seq_len(nt)])
    V <- solve(H)[nf + seq_len(p), nf + seq_len(p), drop = FALSE]; V <- V + t(V)
    res$estimate <- beta; res$se <- sqrt(diag(V))
    res$z <- beta / res$se; res$p <- 2 * pnorm(-abs(res$z))
  } else {
    res$estimate <- unname(fixef(m)); res$se <- unname(sqrt(diag(vcov(m))))
  }
  res$varcomp <- varcorr_theta(m, x[seq_len(nt)])
  res
}

if (part %in% c("all", "glmm")) {
  cb <- cbpp; cb$herd <- as.character(cb$herd); cb$period <- as.character(cb$period); cb$prop <- cb$incidence / cb$size
  cb$w <- 1 + (seq_len(nrow(cb)) %% 3) / 2
  r <- list(
    glmm_case("laplace", cbind(incidence, size - incidence) ~ period + (1 | herd), "cbind(incidence, size - incidence) ~ factor(period) + (1|herd)", cbpp, "binomial"),
    glmm_case("agq9", cbind(incidence, size - incidence) ~ period + (1 | herd), "cbind(incidence, size - incidence) ~ factor(period) + (1|herd)", cbpp, "binomial", nAGQ = 9),
    glmm_case("agq25", cbind(incidence, size - incidence) ~ period + (1 | herd), "cbind(incidence, size - incidence) ~ factor(period) + (1|herd)", cbpp, "binomial", nAGQ = 25),
    glmm_case("nagq0", cbind(incidence, size - incidence) ~ period + (1 | herd), "cbind(incidence, size - incidence) ~ factor(period) + (1|herd)", cbpp, "binomial", nAGQ = 0),
    glmm_case("proportion_weights", prop ~ period + (1 | herd), "prop ~ factor(period) + (1|herd)", cb, "binomial", weights = cb$size, wname = "size"),
    glmm_case("poisson_offset", incidence ~ period + offset(log(size)) + (1 | herd), "incidence ~ factor(period) + offset(log(size)) + (1|herd)", cbpp, "poisson"),
    glmm_case("poisson_offset_agq", incidence ~ period + offset(log(size)) + (1 | herd), "incidence ~ factor(period) + offset(log(size)) + (1|herd)", cbpp, "poisson", nAGQ = 7),
    glmm_case("poisson_weights", incidence ~ period + (1 | herd), "incidence ~ factor(period) + (1|herd)", cb, "poisson", weights = cb$w, wname = "w"))
  wcsv(cb, "glmm_cbpp")
  wjson(list(source = "lme4::cbpp", data = "glmm_cbpp.csv", versions = versions, cases = r), "glmm_cbpp")

  gt <- grouseticks; gt$YEAR <- as.character(gt$YEAR); gt$BROOD <- as.character(gt$BROOD); gt$INDEX <- as.character(gt$INDEX); gt$LOCATION <- as.character(gt$LOCATION)
  r <- list(
    glmm_case("olre_crossed", TICKS ~ YEAR + cHEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION), "TICKS ~ factor(YEAR) + cHEIGHT + (1|BROOD) + (1|INDEX) + (1|LOCATION)", gt, "poisson"),
    glmm_case("nested", TICKS ~ YEAR + cHEIGHT + (1 | LOCATION/BROOD), "TICKS ~ factor(YEAR) + cHEIGHT + (1|LOCATION/BROOD)", gt, "poisson"))
  wcsv(gt, "glmm_grouseticks")
  wjson(list(source = "lme4::grouseticks", data = "glmm_grouseticks.csv", versions = versions, cases = r), "glmm_grouseticks")

  va <- VerbAgg[, c("Anger", "Gender", "item", "btype", "situ", "id", "r2")]
  va$item <- as.character(va$item); va$id <- as.character(va$id); va$btype <- as.character(va$btype); va$situ <- as.character(va$situ)
  va$Gender <- as.character(va$Gender); va$r2 <- as.character(va$r2)
  r <- list(
    glmm_case("crossed", r2 ~ Anger + Gender + btype + situ + (1 | id) + (1 | item), "r2 ~ Anger + Gender + btype + situ + (1|id) + (1|item)", VerbAgg, "binomial"),
    glmm_case("slope_correlated", r2 ~ Gender + btype + (1 | id) + (Gender | item), "r2 ~ Gender + btype + (1|id) + (Gender|item)", VerbAgg, "binomial"),
    glmm_case("slope_uncorrelated", r2 ~ Anger + btype + (1 | id) + (Anger || item), "r2 ~ Anger + btype + (1|id) + (Anger||item)", VerbAgg, "binomial"))
  wcsv(va, "glmm_verbagg")
  wjson(list(source = "lme4::VerbAgg", data = "glmm_verbagg.csv", versions = versions, cases = r), "glmm_verbagg")

  # people in buurten in gemeenten (synthetic), a binary outcome with a random slope and a singular case
  set.seed(19); ng <- 25; nb <- 150; n <- 3000
  b2g <- sample(ng, nb, TRUE); bu <- sample(nb, n, TRUE)
  sim <- data.frame(gemeente = sprintf("GM%02d", b2g[bu]), buurt = sprintf("BU%03d", bu), age = round(rnorm(n, 45, 15)), edu = sample(c("low", "mid", "high"), n, TRUE))
  sim$x <- as.numeric(scale(sim$age))
  ub <- rnorm(nb, sd = 0.5); ug <- rnorm(ng, sd = 0.4); sl <- rnorm(ng, sd = 0.3)
  eta <- -0.3 + 0.4 * sim$x + 0.5 * (sim$edu == "high") - 0.3 * (sim$edu == "low") + ub[bu] + ug[b2g[bu]] + sl[b2g[bu]] * sim$x
  sim$trust <- rbinom(n, 1, plogis(eta))
  # no group variation at all: in every gemeente exactly half the people say yes (a singular fit)
  sim$noise <- 0
  for (g in unique(sim$gemeente)) { i <- which(sim$gemeente == g); sim$noise[sample(i, length(i) %/% 2)] <- 1 }
  sim$count <- rpois(n, exp(0.2 + 0.3 * sim$x + ub[bu]))
  r <- list(
    glmm_case("nested_binary", trust ~ x + edu + (1 | gemeente/buurt), "trust ~ x + edu + (1|gemeente/buurt)", sim, "binomial"),
    glmm_case("random_slope", trust ~ x + edu + (x | gemeente), "trust ~ x + edu + (x|gemeente)", sim, "binomial"),
    glmm_case("singular", noise ~ x + (1 | gemeente), "noise ~ x + (1|gemeente)", sim, "binomial"),
    glmm_case("poisson_agq", count ~ x + (1 | buurt), "count ~ x + (1|buurt)", sim, "poisson", nAGQ = 12))
  wcsv(sim, "glmm_buurten")
  wjson(list(source = "synthetic (set.seed(19)), generated in tools/reference/models_depth.R", data = "glmm_buurten.csv", versions = versions, cases = r), "glmm_buurten")
}

# ---- LMM inference -----------------------------------------------------------------------------------------
ltight <- lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_rel = 1e-14, ftol_rel = 1e-15, ftol_abs = 1e-15, xtol_abs = 1e-14, maxeval = 100000))
crit <- function(m) if (isREML(m)) REMLcrit(m) else deviance(m)
fitbest <- function(f, d, REML = TRUE, weights = NULL) {
  cl <- list(formula = f, data = d, REML = REML, control = ltight); if (!is.null(weights)) cl$weights <- weights
  m1 <- do.call(lmerTest::lmer, cl)
  cl2 <- cl; cl2$control <- lmerControl(optimizer = "Nelder_Mead", optCtrl = list(FtolAbs = 1e-14, FtolRel = 1e-15, XtolRel = 1e-12, maxfun = 100000))
  m2 <- do.call(lmerTest::lmer, cl2)
  b <- if (crit(m2) < crit(m1)) m2 else m1
  cl$start <- list(theta = getME(b, "theta")); m3 <- do.call(lmerTest::lmer, cl)
  if (crit(m3) <= crit(m1)) m3 else m1
}
lmm_case <- function(name, rform, cform, data, REML = TRUE, weights = NULL, wname = NULL, kr = REML, profile = FALSE) {
  m <- fitbest(rform, data, REML, weights)
  s <- coef(summary(m, ddf = "Satterthwaite"))
  res <- list(name = name, formula = cform, REML = REML, weights = wname, n = nobs(m), terms = rownames(s),
              estimate = unname(s[, 1]), se = unname(s[, 2]), df = unname(s[, 3]), statistic = unname(s[, 4]), p = unname(s[, 5]),
              theta = unname(getME(m, "theta")), logLik = as.numeric(logLik(m)), aic = AIC(m), bic = BIC(m),
              residual_variance = sigma(m)^2, varcomp = varcorr_rows(m))
  if (kr) {
    k <- coef(summary(m, ddf = "Kenward-Roger"))
    res$kr <- list(se = unname(k[, 2]), df = unname(k[, 3]), statistic = unname(k[, 4]), p = unname(k[, 5]))
  }
  if (profile) {
    ci <- confint(m, parm = "theta_", method = "profile", oldNames = FALSE, quiet = TRUE)
    res$profile <- list(parameter = rownames(ci), lower = unname(ci[, 1]), upper = unname(ci[, 2]))
  }
  res
}

if (part %in% c("all", "lmm")) {
  ss <- sleepstudy; ss$Subject <- as.character(ss$Subject)
  set.seed(3); ss$w <- round(runif(nrow(ss), 0.5, 2), 2); ss$expo <- ss$Days / 2
  r <- list(
    lmm_case("slopes_reml", Reaction ~ Days + (Days | Subject), "Reaction ~ Days + (Days|Subject)", ss, profile = TRUE),
    lmm_case("slopes_ml", Reaction ~ Days + (Days | Subject), "Reaction ~ Days + (Days|Subject)", ss, REML = FALSE),
    lmm_case("intercept_reml", Reaction ~ Days + (1 | Subject), "Reaction ~ Days + (1|Subject)", ss, profile = TRUE),
    lmm_case("uncorrelated_reml", Reaction ~ Days + (Days || Subject), "Reaction ~ Days + (Days||Subject)", ss),
    lmm_case("weighted_reml", Reaction ~ Days + (Days | Subject), "Reaction ~ Days + (Days|Subject)", ss, weights = ss$w, wname = "w", kr = FALSE),
    lmm_case("weighted_ml", Reaction ~ Days + (1 | Subject), "Reaction ~ Days + (1|Subject)", ss, REML = FALSE, weights = ss$w, wname = "w"),
    lmm_case("offset_reml", Reaction ~ Days + offset(expo) + (1 | Subject), "Reaction ~ Days + offset(expo) + (1|Subject)", ss))
  wcsv(ss, "lmm_sleepstudy")
  wjson(list(source = "lme4::sleepstudy (w: synthetic weights, set.seed(3); expo = Days/2)", data = "lmm_sleepstudy.csv", versions = versions, cases = r), "lmm_sleepstudy")

  pe <- Penicillin; pe$plate <- as.character(pe$plate); pe$sample <- as.character(pe$sample)
  pa <- Pastes[, c("strength", "batch", "cask")]; pa$batch <- as.character(pa$batch); pa$cask <- as.character(pa$cask)
  r <- list(lmm_case("crossed_reml", diameter ~ 1 + (1 | plate) + (1 | sample), "diameter ~ 1 + (1|plate) + (1|sample)", pe, profile = TRUE))
  wcsv(pe, "lmm_penicillin"); wjson(list(source = "lme4::Penicillin", data = "lmm_penicillin.csv", versions = versions, cases = r), "lmm_penicillin")
  r <- list(lmm_case("nested_reml", strength ~ 1 + (1 | batch/cask), "strength ~ 1 + (1|batch/cask)", pa, profile = TRUE),
            lmm_case("nested_ml", strength ~ 1 + (1 | batch/cask), "strength ~ 1 + (1|batch/cask)", pa, REML = FALSE))
  wcsv(pa, "lmm_pastes"); wjson(list(source = "lme4::Pastes", data = "lmm_pastes.csv", versions = versions, cases = r), "lmm_pastes")

  ie <- InstEval[InstEval$dept %in% c("1", "5", "12") & as.integer(InstEval$d) <= 400, c("y", "s", "d", "service", "studage", "lectage", "dept")]
  ie$s <- as.character(ie$s); ie$d <- as.character(ie$d); ie$service <- as.character(ie$service); ie$studage <- as.character(ie$studage)
  ie$lectage <- as.character(ie$lectage); ie$dept <- factor(as.integer(as.character(ie$dept)))  # levels in numeric order, as factor() of the CSV's numbers
  r <- list(lmm_case("crossed_reml", y ~ service + studage + dept + (1 | s) + (1 | d), "y ~ factor(service) + factor(studage) + factor(dept) + (1|s) + (1|d)", ie, kr = FALSE),
            lmm_case("crossed_ml", y ~ service + lectage + (1 | s) + (1 | d), "y ~ factor(service) + factor(lectage) + (1|s) + (1|d)", ie, REML = FALSE))
  wcsv(ie, "lmm_insteval")
  wjson(list(source = "lme4::InstEval, departments 1, 5 and 12 with lecturer codes d <= 400", data = "lmm_insteval.csv", versions = versions, cases = r), "lmm_insteval")

  sim <- read.csv("tests/Cohesion.Tests/Fixtures/models/lmm_simulated.csv")
  r <- list(lmm_case("ri_factor_reml", y ~ x1 + f + (1 | g), "y ~ x1 + f + (1|g)", sim),
            lmm_case("slope_crossed_ml", y ~ x1 + (x1 | g) + (1 | h), "y ~ x1 + (x1|g) + (1|h)", sim, REML = FALSE))
  wjson(list(source = "tests/Cohesion.Tests/Fixtures/models/lmm_simulated.csv (tools/reference/models.R)", data = "../models/lmm_simulated.csv", versions = versions, cases = r), "lmm_simulated")
}

# ---- plm ---------------------------------------------------------------------------------------------------
coefrows <- function(m) { s <- summary(m)$coefficients
  list(terms = rownames(s), estimate = unname(s[, 1]), se = unname(s[, 2]), statistic = unname(s[, 3]), p = unname(s[, 4])) }
plm_case <- function(name, f, d, model, effect = "individual", method = NULL) {
  cl <- list(formula = f, data = d, model = model, effect = effect); if (!is.null(method)) cl$random.method <- method
  m <- do.call(plm, cl)
  r <- c(list(name = name, model = model, effect = effect, random_method = if (is.null(method)) "swar" else method,
              n = nobs(m), df = df.residual(m), rss = deviance(m)), coefrows(m))
  if (model == "random") {
    ec <- ercomp(m)
    r$sigma2 <- as.list(ec$sigma2)
    th <- ec$theta
    r$theta <- if (is.list(th)) lapply(th, function(v) unname(as.numeric(v))) else unname(as.numeric(th))
  }
  r }
panel_set <- function(f, d, balanced) {
  eff <- c("individual", "time", "twoways")
  r <- list()
  for (e in eff) {
    r[[length(r) + 1]] <- plm_case(paste0("within_", e), f, d, "within", e)
    r[[length(r) + 1]] <- plm_case(paste0("pooling_", e), f, d, "pooling", e)
    if (e != "twoways") r[[length(r) + 1]] <- plm_case(paste0("between_", e), f, d, "between", e)
    for (meth in c("swar", "walhus", "amemiya", "nerlove"))
      if (balanced || e != "twoways") r[[length(r) + 1]] <- plm_case(paste0("random_", meth, "_", e), f, d, "random", e, meth)
  }
  r[[length(r) + 1]] <- plm_case("fd_individual", f, d, "fd", "individual")
  tests <- list()
  for (e in if (balanced) eff else c("individual", "time")) {
    w <- plm(f, d, model = "within", effect = e); re <- plm(f, d, model = "random", effect = e); po <- plm(f, d, model = "pooling")
    h <- phtest(w, re); ft <- pFtest(plm(f, d, model = "within", effect = e), po)
    tests[[e]] <- list(hausman = list(statistic = unname(h$statistic), df = unname(h$parameter), p = unname(h$p.value)),
                       poolability = list(statistic = unname(ft$statistic), df1 = unname(ft$parameter[1]), df2 = unname(ft$parameter[2]), p = unname(ft$p.value)))
  }
  list(cases = r, tests = tests) }
if (part %in% c("all", "panel")) {
  data(Grunfeld, package = "plm")
  r <- panel_set(inv ~ value + capital, pdata.frame(Grunfeld, index = c("firm", "year")), TRUE)
  wcsv(Grunfeld, "plm_grunfeld")
  wjson(c(list(source = "plm::Grunfeld", data = "plm_grunfeld.csv", formula = "inv ~ value + capital", index = c("firm", "year"), versions = versions), r), "plm_grunfeld")
  data(EmplUK, package = "plm")
  r <- panel_set(emp ~ wage + capital + output, pdata.frame(EmplUK, index = c("firm", "year")), FALSE)
  wcsv(EmplUK, "plm_empluk")
  wjson(c(list(source = "plm::EmplUK (unbalanced)", data = "plm_empluk.csv", formula = "emp ~ wage + capital + output", index = c("firm", "year"), versions = versions), r), "plm_empluk")
  data(Produc, package = "plm")
  pr <- Produc[, c("state", "year", "gsp", "pcap", "pc", "emp", "unemp")]; pr$state <- as.character(pr$state); pr$lgsp <- log(pr$gsp); pr$lpcap <- log(pr$pcap); pr$lpc <- log(pr$pc); pr$lemp <- log(pr$emp)
  r <- panel_set(lgsp ~ lpcap + lpc + lemp + unemp, pdata.frame(pr, index = c("state", "year")), TRUE)
  wcsv(pr, "plm_produc")
  wjson(c(list(source = "plm::Produc (logs)", data = "plm_produc.csv", formula = "lgsp ~ lpcap + lpc + lemp + unemp", index = c("state", "year"), versions = versions), r), "plm_produc")
}

# plm::Hedonic: an unbalanced panel (towns) indexed by the individual alone (index = "townid": periods 1, 2, ...
# within each town in row order), regressors constant within towns (dropped by within), phtest on the common ones
if (part %in% c("all", "hedonic")) {
  data(Hedonic, package = "plm")
  he <- Hedonic; he$chas <- as.character(he$chas)
  f <- mv ~ crim + zn + indus + chas + nox + rm + age + dis + rad + tax + ptratio + blacks + lstat
  d <- pdata.frame(he, index = "townid")
  r <- list(plm_case("within_individual", f, d, "within"), plm_case("pooling_individual", f, d, "pooling"),
            plm_case("between_individual", f, d, "between"))
  for (meth in c("swar", "walhus", "amemiya", "nerlove")) {
    cs <- tryCatch(plm_case(paste0("random_", meth, "_individual"), f, d, "random", "individual", meth), error = function(e) NULL)
    if (!is.null(cs)) r[[length(r) + 1]] <- cs
  }
  w <- plm(f, d, model = "within"); re <- plm(f, d, model = "random"); po <- plm(f, d, model = "pooling")
  h <- phtest(w, re); ft <- pFtest(w, po)
  tests <- list(individual = list(hausman = list(statistic = unname(h$statistic), df = unname(h$parameter), p = unname(h$p.value)),
                poolability = list(statistic = unname(ft$statistic), df1 = unname(ft$parameter[1]), df2 = unname(ft$parameter[2]), p = unname(ft$p.value))))
  wcsv(he, "plm_hedonic")
  wjson(list(source = "plm::Hedonic (unbalanced; index = \"townid\" only)", data = "plm_hedonic.csv", formula = deparse(f, width.cutoff = 500),
             index = "townid", versions = versions, cases = r, tests = tests), "plm_hedonic")
}

# ---- sandwich -------------------------------------------------------------------------------------------------
if (part %in% c("all", "sandwich")) {
  data(PetersenCL, package = "sandwich")
  pe <- PetersenCL; set.seed(5); pe$w <- round(runif(nrow(pe), 0.5, 2), 3)
  se_all <- function(m, cl1, cl2) {
    s <- function(V) unname(sqrt(diag(V)))
    list(terms = names(coef(m)), estimate = unname(coef(m)), iid = s(vcov(m)),
         hc0 = s(vcovHC(m, type = "HC0")), hc1 = s(vcovHC(m, type = "HC1")), hc2 = s(vcovHC(m, type = "HC2")), hc3 = s(vcovHC(m, type = "HC3")),
         cl_firm = s(vcovCL(m, cluster = cl1, type = "HC1")), cl_firm_hc0 = s(vcovCL(m, cluster = cl1, type = "HC0", cadjust = FALSE)),
         cl_firm_year = s(vcovCL(m, cluster = cl2, type = "HC1")), cl_firm_year_hc0 = s(vcovCL(m, cluster = cl2, type = "HC0")),
         df = df.residual(m)) }
  m <- lm(y ~ x, pe); mw <- lm(y ~ x, pe, weights = w)
  pe$z <- pe$x^2 + rnorm(nrow(pe)); m2 <- lm(y ~ x + z, pe)
  mfe <- lm(y ~ x + factor(firm), pe)
  fe <- se_all(mfe, ~firm, ~firm + year); keep <- fe$terms == "x"
  fe <- lapply(fe, function(v) if (length(v) == length(keep)) v[keep] else v)
  mfew <- lm(y ~ x + factor(firm), pe, weights = w)
  few <- se_all(mfew, ~firm, ~firm + year); few <- lapply(few, function(v) if (length(v) == length(keep)) v[keep] else v)
  r <- list(lm = se_all(m, ~firm, ~firm + year), lm_weighted = se_all(mw, ~firm, ~firm + year), lm_two = se_all(m2, ~firm, ~firm + year),
            fe_firm_dummies = fe, fe_firm_dummies_weighted = few)
  # plm within with clustered SEs (one-way): type sss and HC0
  pp <- plm(y ~ x, pdata.frame(pe, index = c("firm", "year")), model = "within")
  r$plm_within <- list(terms = names(coef(pp)), estimate = unname(coef(pp)),
                       sss = unname(sqrt(diag(vcovHC(pp, method = "arellano", type = "sss", cluster = "group")))),
                       hc0 = unname(sqrt(diag(vcovHC(pp, method = "arellano", type = "HC0", cluster = "group")))),
                       sss_time = unname(sqrt(diag(vcovHC(pp, method = "arellano", type = "sss", cluster = "time")))))
  wcsv(pe, "sandwich_petersen")
  wjson(list(source = "sandwich::PetersenCL (w, z: synthetic, set.seed(5))", data = "sandwich_petersen.csv", versions = versions, results = r), "sandwich_petersen")
}
cat("done\n")
