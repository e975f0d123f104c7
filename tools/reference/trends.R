# Reference fixtures for `cohesion trends` (src/Cohesion.Statistics/Survey/SurveyContrasts.cs, SeriesFit.cs and
# src/Cohesion.Core/Trends): R survey's svyby / svycontrast / svyglm on stacked survey waves, and lm for published series.
# Run from the repository root:  Rscript tools/reference/trends.R
# Writes tests/Cohesion.Tests/Fixtures/trends/*.csv and trends_reference.json. CI does not need R: the outputs are committed.
#
# The microdata are SYNTHETIC (made here with set.seed); they only serve to check the estimators against R.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
out <- "tests/Cohesion.Tests/Fixtures/trends"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
num <- function(x) unname(as.numeric(x))

# ---- 1. Repeated cross-sections: three waves, 4 strata, PSUs nested in stratum within year, weights, a 0/1 and a
# continuous variable with item non-response, and a group ("edu") with no respondents of level "none" in 2020.
set.seed(20251010)
make_wave <- function(year, n) {
  stratum <- sample(c("north", "east", "south", "west"), n, replace = TRUE, prob = c(0.2, 0.3, 0.3, 0.2))
  psu <- sample(1:5, n, replace = TRUE)              # PSU codes repeat across strata and years: nest=TRUE
  edu <- sample(c("low", "middle", "high", "none"), n, replace = TRUE, prob = c(0.3, 0.4, 0.27, 0.03))
  if (year == 2020) edu[edu == "none"] <- "low"
  u <- rnorm(20)[(match(stratum, c("north", "east", "south", "west")) - 1) * 5 + psu] * 0.3
  eta <- -0.2 + 0.8 * (edu == "high") + 0.3 * (edu == "middle") + 0.06 * (year - 2018) + u
  trust <- rbinom(n, 1, plogis(eta))
  score <- round(5 + 1.2 * (edu == "high") + 0.1 * (year - 2018) + 2 * u + rnorm(n), 3)
  weight <- round(runif(n, 0.5, 2.5) * (1 + 0.4 * (edu == "low")), 4)
  data.frame(year, stratum, psu, edu, weight, trust, score, stringsAsFactors = FALSE)
}
d <- rbind(make_wave(2018, 600), make_wave(2020, 500), make_wave(2022, 650))
d$trust[sample(nrow(d), 30)] <- NA
d$score[sample(nrow(d), 25)] <- NA
write.csv(d, file.path(out, "waves.csv"), row.names = FALSE, na = "")
d$yearf <- factor(d$year)

# ---- 2. A panel: 400 people (clusters) followed over waves 1, 2, 3 with attrition, two strata, weights that vary
# by wave; a person effect makes the waves correlated so paired SEs differ from independent ones.
set.seed(20251011)
np <- 400
person <- 1:np
pst <- sample(c("A", "B"), np, replace = TRUE)
pedu <- sample(c("low", "middle", "high"), np, replace = TRUE)
pu <- rnorm(np)
rows <- list()
for (w in 1:3) {
  keep <- if (w == 1) rep(TRUE, np) else runif(np) < 0.85
  i <- person[keep]
  eta <- -0.1 + 0.7 * (pedu[i] == "high") + 0.15 * (w - 1) + 1.2 * pu[i]
  rows[[w]] <- data.frame(pid = i, wave = w, st = pst[i], edu = pedu[i],
                          wt = round(runif(length(i), 0.8, 1.6), 4),
                          agree = rbinom(length(i), 1, plogis(eta)),
                          trust10 = pmin(10, pmax(0, round(5 + 1.5 * pu[i] + 0.2 * (w - 1) + 0.6 * (pedu[i] == "high") + rnorm(length(i)), 0))),
                          stringsAsFactors = FALSE)
}
p <- do.call(rbind, rows)
p$trust10[sample(nrow(p), 12)] <- NA
write.csv(p, file.path(out, "panel.csv"), row.names = FALSE, na = "")
p$wavef <- factor(p$wave)

# ---- helpers --------------------------------------------------------------------------------------------------
# svyby with covmat, the contrasts of consecutive waves and first -> last per group, and the svyglm slopes
wave_case <- function(des, data, var, yearcol, by = NULL, family = NULL, call = "") {
  f <- as.formula(paste0("~", var))
  # svyby(covmat=TRUE) of survey 4.1 fails with na.rm=TRUE (influence rows vs domain rows); dropping the rows with a
  # missing value first gives the same estimates (their PSUs still count in the design's PSU numbers)
  des <- des[!is.na(data[[var]]), ]
  byf <- as.formula(paste0("~", yearcol, if (!is.null(by)) paste0("+", by) else ""))
  b <- svyby(f, byf, des, svymean, na.rm = TRUE, covmat = TRUE)
  df <- as.data.frame(b)
  groups <- if (is.null(by)) rep(NA_character_, nrow(df)) else as.character(df[[by]])
  years <- as.numeric(as.character(df[[yearcol]]))
  est <- coef(b); V <- vcov(b)
  # unweighted n per cell (non-missing)
  ok <- !is.na(data[[var]])
  nn <- sapply(seq_len(nrow(df)), function(i) sum(ok & data[[yearcol]] == years[i] & (if (is.null(by)) TRUE else data[[by]] == groups[i])))
  waves <- list(group = groups, year = years, estimate = num(est), se = num(SE(b)), n = nn)
  contrasts <- list(group = character(0), from = numeric(0), to = numeric(0), difference = numeric(0), se = numeric(0), p = numeric(0))
  slopes <- list(group = character(0), slope = numeric(0), se = numeric(0), p = numeric(0), df = numeric(0))
  glevels <- if (is.null(by)) NA_character_ else unique(groups)
  for (g in glevels) {
    idx <- which(if (is.na(g)) rep(TRUE, length(groups)) else groups == g)
    idx <- idx[order(years[idx])]
    pairs <- if (length(idx) >= 2) lapply(seq_len(length(idx) - 1), function(k) c(idx[k], idx[k + 1])) else list()
    if (length(idx) >= 3) pairs[[length(pairs) + 1]] <- c(idx[1], idx[length(idx)])
    for (pr in pairs) {
      cc <- rep(0, length(est)); cc[pr[1]] <- -1; cc[pr[2]] <- 1
      sc <- svycontrast(b, cc)
      dval <- num(coef(sc)); sval <- num(SE(sc))
      contrasts$group <- c(contrasts$group, g); contrasts$from <- c(contrasts$from, years[pr[1]]); contrasts$to <- c(contrasts$to, years[pr[2]])
      contrasts$difference <- c(contrasts$difference, dval); contrasts$se <- c(contrasts$se, sval)
      contrasts$p <- c(contrasts$p, 2 * pnorm(-abs(dval / sval)))
    }
    if (!is.null(family)) {
      dd <- if (is.na(g)) des else subset(des, eval(parse(text = paste0(by, " == '", g, "'"))))
      fit <- svyglm(as.formula(paste0(var, " ~ ", yearcol)), design = dd, family = family)
      s <- summary(fit)$coefficients
      slopes$group <- c(slopes$group, g); slopes$slope <- c(slopes$slope, s[yearcol, 1]); slopes$se <- c(slopes$se, s[yearcol, 2])
      slopes$p <- c(slopes$p, s[yearcol, 4]); slopes$df <- c(slopes$df, fit$df.residual)
    }
  }
  list(call = call, variable = var, waves = waves, contrasts = contrasts, trends = slopes,
       covariance = num(V))
}

res <- list(source = "tools/reference/trends.R (R survey 4.x svyby/svycontrast/svyglm on synthetic waves made with set.seed(20251010/20251011); lm on CBS series)")
res$survey_version <- as.character(packageVersion("survey"))

# strata nested in year, clusters nested in year x stratum
d1 <- svydesign(ids = ~psu, strata = ~interaction(year, stratum), weights = ~weight, nest = TRUE, data = d)
res$strat_clus_trust_by_edu <- wave_case(d1, d, "trust", "year", "edu", quasibinomial(),
  "svydesign(ids=~psu, strata=~interaction(year, stratum), weights=~weight, nest=TRUE); svyby(~trust, ~year+edu)")
res$strat_clus_score_by_edu <- wave_case(d1, d, "score", "year", "edu", gaussian(), "same design; ~score by year+edu, gaussian svyglm")
res$strat_clus_trust_national <- wave_case(d1, d, "trust", "year", NULL, quasibinomial(), "same design; ~trust by year")
res$strat_clus_score_national <- wave_case(d1, d, "score", "year", NULL, gaussian(), "same design; ~score by year")
# without --strata each year is a stratum
d2 <- svydesign(ids = ~psu, strata = ~year, weights = ~weight, nest = TRUE, data = d)
res$year_strata_trust_by_edu <- wave_case(d2, d, "trust", "year", "edu", quasibinomial(), "svydesign(ids=~psu, strata=~year, weights=~weight, nest=TRUE)")
# no clusters either: each row its own PSU, years as strata
d3 <- svydesign(ids = ~1, strata = ~year, weights = ~weight, data = d)
res$srs_score_by_edu <- wave_case(d3, d, "score", "year", "edu", gaussian(), "svydesign(ids=~1, strata=~year, weights=~weight)")
# replicate weights from the design (JKn) and bootstrap
d1j <- as.svrepdesign(d1, type = "JKn")
res$jkn_trust_by_edu <- wave_case(d1j, d, "trust", "year", "edu", NULL, "as.svrepdesign(strat/clus design, type='JKn')")
# lonely PSU: a stratum with one PSU in 2022 (south, psu 1 only) handled by 'adjust'
dl <- d; dl$psu[dl$year == 2022 & dl$stratum == "south"] <- 1
write.csv(dl[, c("year", "stratum", "psu", "edu", "weight", "trust", "score")], file.path(out, "waves_lonely.csv"), row.names = FALSE, na = "")
options(survey.lonely.psu = "adjust")
dla <- svydesign(ids = ~psu, strata = ~interaction(year, stratum), weights = ~weight, nest = TRUE, data = dl)
res$lonely_adjust_score <- wave_case(dla, dl, "score", "year", "edu", gaussian(), "lonely PSU (2022 south), options(survey.lonely.psu='adjust')")
options(survey.lonely.psu = "fail")

# panel: the person is the cluster, not nested in the wave
dp <- svydesign(ids = ~pid, strata = ~st, weights = ~wt, nest = TRUE, data = p)
res$panel_agree_by_edu <- wave_case(dp, p, "agree", "wave", "edu", quasibinomial(), "svydesign(ids=~pid, strata=~st, weights=~wt, nest=TRUE)")
res$panel_trust10_national <- wave_case(dp, p, "trust10", "wave", NULL, gaussian(), "same panel design; ~trust10 by wave")
dp0 <- svydesign(ids = ~pid, weights = ~wt, data = p)
res$panel_nostrata_trust10_by_edu <- wave_case(dp0, p, "trust10", "wave", "edu", gaussian(), "svydesign(ids=~pid, weights=~wt)")
# the same waves treated as independent samples (for a test that paired SEs differ)
dpi <- svydesign(ids = ~pid, strata = ~interaction(wave, st), weights = ~wt, nest = TRUE, data = p)
res$panel_as_independent_trust10 <- wave_case(dpi, p, "trust10", "wave", NULL, NULL, "strata=~interaction(wave, st): waves as independent samples")

# ---- 3. Published series: lm(qlogis(value/100) ~ year, weights) per indicator x group --------------------------
series <- read.csv("data/real/cbs-ssw-national-trends/nl_cohesion_trends_cbs.csv", stringsAsFactors = FALSE)
fit_series <- function(s, breaks = NULL) {
  outl <- list(indicator = character(0), group = character(0), from = numeric(0), to = numeric(0),
               slope = numeric(0), se = numeric(0), intercept = numeric(0), n = numeric(0))
  for (key in unique(paste(s$indicator, s$group, sep = "\t"))) {
    k <- strsplit(key, "\t")[[1]]
    x <- s[s$indicator == k[1] & s$group == k[2], ]
    x <- x[order(x$year), ]
    yrs <- sort(unique(x$year))
    if (length(yrs) < 2) next
    cuts <- c(min(yrs), breaks[breaks > min(yrs) & breaks < max(yrs)], max(yrs))
    for (j in seq_len(length(cuts) - 1)) {
      seg <- x[x$year >= cuts[j] & x$year <= cuts[j + 1], ]
      if (length(unique(seg$year)) < 2) next
      w <- if ("n" %in% names(seg)) seg[["n"]] else if ("se" %in% names(seg)) 1 / seg[["se"]]^2 else rep(1, nrow(seg))
      m <- lm(qlogis(value / 100) ~ year, data = seg, weights = w)
      cf <- summary(m)$coefficients
      outl$indicator <- c(outl$indicator, k[1]); outl$group <- c(outl$group, k[2])
      outl$from <- c(outl$from, min(seg$year)); outl$to <- c(outl$to, max(seg$year))
      outl$slope <- c(outl$slope, coef(m)[["year"]])
      outl$se <- c(outl$se, if (nrow(cf) == 2 && ncol(cf) >= 2 && m$df.residual > 0) cf["year", 2] else NA)
      outl$intercept <- c(outl$intercept, coef(m)[["(Intercept)"]]); outl$n <- c(outl$n, nrow(seg))
    }
  }
  outl
}
res$series_cbs <- fit_series(series)
res$series_cbs_break2020 <- fit_series(series, 2020)
res$series_cbs_break2016_2020 <- fit_series(series, c(2016, 2020))
# a series with n and one with se (weights n and 1/se^2)
set.seed(20251012)
sn <- data.frame(indicator = "trust", group = rep(c("all", "low"), each = 7), year = rep(2012:2018, 2),
                 value = round(c(58 + 0.8 * (0:6), 40 + 0.3 * (0:6)) + rnorm(14, 0, 0.8), 1),
                 n = round(runif(14, 800, 7500)), source = "synthetic", stringsAsFactors = FALSE)
write.csv(sn, file.path(out, "series_n.csv"), row.names = FALSE)
res$series_n <- fit_series(sn)
ss <- sn; ss$n <- NULL; ss$se <- round(runif(14, 0.4, 1.6), 2)
write.csv(ss, file.path(out, "series_se.csv"), row.names = FALSE)
res$series_se <- fit_series(ss)
res$series_se_break2015 <- fit_series(ss, 2015)

# ---- 4. Replicate weights shipped with the waves (svrepdesign): the JKn weights of the stratified cluster design
# written as columns rep_1..rep_60 with their rscales, read back as a data producer's file would be
d1j <- as.svrepdesign(d1, type = "JKn", compress = FALSE)
rw <- unclass(weights(d1j, "analysis")); rw <- matrix(as.numeric(rw), nrow = nrow(d)); colnames(rw) <- paste0("rep_", seq_len(ncol(rw)))
write.csv(cbind(d[, c("year", "stratum", "psu", "edu", "weight", "trust", "score")], round(rw, 10)), file.path(out, "waves_repweights.csv"), row.names = FALSE, na = "")
writeLines(format(d1j$rscales, digits = 17), file.path(out, "waves_rscales.txt"))
wr <- read.csv(file.path(out, "waves_repweights.csv"))
dsup <- svrepdesign(data = wr, repweights = "rep_[0-9]+", weights = ~weight, type = "JKn", rscales = d1j$rscales, combined.weights = TRUE)
res$repweights_jkn_trust_by_edu <- wave_case(dsup, wr, "trust", "year", "edu", quasibinomial(),
  "svrepdesign(repweights='rep_[0-9]+', weights=~weight, type='JKn', rscales=..., combined.weights=TRUE) on waves_repweights.csv")
res$repweights_jkn_score_national <- wave_case(dsup, wr, "score", "year", NULL, gaussian(), "same supplied JKn weights; ~score by year")
dsupm <- svrepdesign(data = wr, repweights = "rep_[0-9]+", weights = ~weight, type = "JKn", rscales = d1j$rscales, combined.weights = TRUE, mse = TRUE)
res$repweights_jkn_mse_score_by_edu <- wave_case(dsupm, wr, "score", "year", "edu", gaussian(), "same supplied JKn weights, mse=TRUE")

writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), file.path(out, "trends_reference.json"))
cat("wrote", file.path(out, "trends_reference.json"), "\n")
