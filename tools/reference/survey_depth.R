# Reference values for the survey depth of issue 18 (estimate --calibrate/--stat quantile/--ci/--test chisq, supplied
# replicate weights, multiple imputation) from R's survey 4.x and mitools, on the api and nhanes data written by
# tools/reference/survey_glm.R (run that first).
# Run: Rscript tools/reference/survey_depth.R tests/Cohesion.Tests/Fixtures/survey_depth
# Writes survey_depth.json: per case the design spec (as survey_glm.json), the analysis and R's rows
# (variable, level, group, estimate, se, ci_lower, ci_upper, quantile, df, fmi) or test statistics.
suppressMessages({library(survey); library(mitools); library(jsonlite)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/survey_depth"
rd <- function(f) { d <- read.csv(file.path(out, f), stringsAsFactors=FALSE)
  for (v in c("stype","sch_wide","comp_imp","both","awards","yr_rnd")) if (v %in% names(d)) d[[v]] <- factor(d[[v]]); d }
strat <- rd("apistrat.csv"); clus1 <- rd("apiclus1.csv"); clus2 <- rd("apiclus2.csv"); nh <- rd("nhanes.csv")
num <- function(x) unname(as.numeric(x))
res <- list()
spec <- function(data, weights, strata=NULL, clusters=list(), fpc=list(), nest=FALSE, subset=NULL, replicates=NULL,
                 repweights=NULL, rake=NULL, calibrate=NULL, lonely="fail", imputation=NULL)
  list(data=data, weights=weights, strata=strata, clusters=clusters, fpc=fpc, nest=nest, subset=subset, replicates=replicates,
       repweights=repweights, rake=rake, calibrate=calibrate, lonely=lonely, imputation=imputation)
C1 <- function(...) spec("apiclus1.csv", "pw", clusters=list("dnum"), fpc=list("fpc"), ...)
S <- function(...) spec("apistrat.csv", "pw", strata="stype", fpc=list("fpc"), ...)
rows1 <- function(x, variable, level=NULL, group=NULL) {
  ci <- confint(x); e <- num(coef(x)); s <- num(SE(x))
  lapply(seq_along(e), function(i) list(variable=variable, level=if (is.null(level)) NULL else level[i], group=if (is.null(group)) NULL else group[i],
                                         estimate=e[i], se=s[i], ci_lower=num(ci[i,1]), ci_upper=num(ci[i,2]))) }
case <- function(name, call, spec, analysis, rows) res[[name]] <<- list(call=call, spec=spec, analysis=analysis, rows=rows)
A <- function(stat, var, by=NULL, ...) list(stat=stat, var=var, by=by, ...)

# ---- calibration (calibrate(): linear/GREG, raking, logit, bounds), population totals from apipop
dclus1 <- svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=clus1)
dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=strat)
pop1 <- c(`(Intercept)`=6194, stypeH=755, stypeM=1018, api99=3914069)
P1 <- list(terms=names(pop1), totals=num(pop1))
CAL <- function(formula, calfun="linear", bounds=NULL, totals=P1) list(formula=formula, totals=totals, calfun=calfun, bounds=bounds)
calcases <- list(
  list(tag="linear", d=calibrate(dclus1, ~stype + api99, pop1), cal=CAL("~ stype + api99"), call="calibrate(dclus1, ~stype + api99, pop)"),
  list(tag="raking", d=calibrate(dclus1, ~stype + api99, pop1, calfun="raking"), cal=CAL("~ stype + api99", "raking"), call="calibrate(dclus1, ~stype + api99, pop, calfun='raking')"),
  list(tag="logit", d=calibrate(dclus1, ~stype + api99, pop1, calfun="logit", bounds=c(0.5, 2.5)), cal=CAL("~ stype + api99", "logit", c(0.5, 2.5)),
       call="calibrate(dclus1, ~stype + api99, pop, calfun='logit', bounds=c(0.5, 2.5))"),
  list(tag="linear_bounds", d=calibrate(dclus1, ~stype + api99, pop1, bounds=c(0.7, 1.7)), cal=CAL("~ stype + api99", "linear", c(0.7, 1.7)),
       call="calibrate(dclus1, ~stype + api99, pop, bounds=c(0.7, 1.7))"))
for (cc in calcases) {
  d <- cc$d; sp <- C1(calibrate=cc$cal)
  case(paste0("cal_", cc$tag, "_mean_api00"), paste0("svymean(~api00, ", cc$call, ")"), sp, A("mean", "api00"), rows1(svymean(~api00, d), "api00"))
  case(paste0("cal_", cc$tag, "_total_enroll"), paste0("svytotal(~enroll, ", cc$call, ")"), sp, A("total", "enroll"), rows1(svytotal(~enroll, d), "enroll"))
  b <- svyby(~api00, ~sch_wide, d, svymean)
  case(paste0("cal_", cc$tag, "_by_sch_wide_api00"), paste0("svyby(~api00, ~sch.wide, ", cc$call, ", svymean)"), sp, A("mean", "api00", "sch_wide"),
       rows1(b, "api00", group=as.character(b$sch_wide)))
  case(paste0("cal_", cc$tag, "_prop_awards"), paste0("svymean(~awards, ", cc$call, ")"), sp, A("mean", "awards"), rows1(svymean(~awards, d), "awards", level=levels(clus1$awards)))
}
pops <- c(`(Intercept)`=6194, sch_wideYes=5122, meals=297533)
dcs <- calibrate(dstrat, ~sch_wide + meals, pops)
case("cal_strat_linear_mean_api00", "svymean(~api00, calibrate(dstrat, ~sch.wide + meals, pop))", S(calibrate=CAL("~ sch_wide + meals", totals=list(terms=names(pops), totals=num(pops)))),
     A("mean", "api00"), rows1(svymean(~api00, dcs), "api00"))
jk1 <- as.svrepdesign(dclus1, type="JK1")
for (cf in c("linear", "raking")) {
  d <- calibrate(jk1, ~stype + api99, pop1, calfun=cf)
  case(paste0("cal_jk1_", cf, "_mean_api00"), paste0("svymean(~api00, calibrate(as.svrepdesign(dclus1, 'JK1'), ~stype + api99, pop, calfun='", cf, "'))"),
       C1(replicates=list(type="JK1"), calibrate=CAL("~ stype + api99", cf)), A("mean", "api00"), rows1(svymean(~api00, d), "api00"))
}


# ---- quantiles (svyquantile, qrule="math", interval.type="mean"; svyby for domains)
dclus2 <- svydesign(id=~dnum+snum, weights=~pw, fpc=~fpc1+fpc2, data=clus2)
C2 <- function(...) spec("apiclus2.csv", "pw", clusters=list("dnum","snum"), fpc=list("fpc1","fpc2"), ...)
qrows <- function(x, variable, probs, group=NULL) { m <- x[[1]]
  lapply(seq_along(probs), function(i) list(variable=variable, group=group, quantile=probs[i], estimate=num(m[i,1]), se=num(m[i,4]), ci_lower=num(m[i,2]), ci_upper=num(m[i,3]))) }
qcase <- function(name, call, sp, design, var, probs, by=NULL) {
  f <- as.formula(paste0("~", var))
  if (is.null(by)) rows <- qrows(svyquantile(f, design, probs, ci=TRUE, na.rm=TRUE), var, probs)
  else { g <- sort(unique(na.omit(design$variables[[by]]))); rows <- list()
    for (lv in g) rows <- c(rows, qrows(svyquantile(f, subset(design, design$variables[[by]] == lv), probs, ci=TRUE, na.rm=TRUE), var, probs, as.character(lv))) }
  case(name, call, sp, A("quantile", var, by, quantiles=probs), rows) }
qcase("q_clus1_api00", "svyquantile(~api00, dclus1, c(0.25, 0.5, 0.75), ci=TRUE)", C1(), dclus1, "api00", c(0.25, 0.5, 0.75))
qcase("q_strat_api00", "svyquantile(~api00, dstrat, c(0.1, 0.9), ci=TRUE)", S(), dstrat, "api00", c(0.1, 0.9))
qcase("q_clus2_enroll_na", "svyquantile(~enroll, dclus2, 0.5, ci=TRUE, na.rm=TRUE)", C2(), dclus2, "enroll", 0.5)
qcase("q_strat_acs_k3_na", "svyquantile(~acs.k3, dstrat, c(0.25, 0.5), ci=TRUE, na.rm=TRUE)", S(), dstrat, "acs_k3", c(0.25, 0.5))
qcase("q_by_stype_clus1_api00", "svyquantile(~api00, subset(dclus1, stype == g), c(0.5, 0.9), ci=TRUE) per stype (svyby)", C1(), dclus1, "api00", c(0.5, 0.9), by="stype")
qcase("q_jk1_api00", "svyquantile(~api00, as.svrepdesign(dclus1, 'JK1'), c(0.25, 0.5), ci=TRUE)", C1(replicates=list(type="JK1")), jk1, "api00", c(0.25, 0.5))
qcase("q_by_sch_wide_jk1_api00", "svyquantile(~api00, subset(JK1, sch.wide == g), 0.5, ci=TRUE) per sch.wide", C1(replicates=list(type="JK1")), jk1, "api00", 0.5, by="sch_wide")
qcase("q_cal_linear_api00", "svyquantile(~api00, calibrate(dclus1, ~stype + api99, pop), c(0.5, 0.75), ci=TRUE)", C1(calibrate=CAL("~ stype + api99")),
      calibrate(dclus1, ~stype + api99, pop1), "api00", c(0.5, 0.75))

# ---- svyciprop (logit, beta, mean), for a 0/1 variable and for the levels of a factor; domains as svyby(..., svyciprop)
dnh <- svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nh)
NH <- function(...) spec("nhanes.csv", "WTMEC2YR", strata="SDMVSTRA", clusters=list("SDMVPSU"), nest=TRUE, ...)
cprow <- function(x, variable, level=NULL, group=NULL) { ci <- num(attr(x, "ci"))
  list(variable=variable, level=level, group=group, estimate=num(x), se=sqrt(num(attr(x, "var"))), ci_lower=ci[1], ci_upper=ci[2]) }
for (m in c("logit", "beta", "mean")) {
  case(paste0("ciprop_", m, "_nhanes_hichol"), paste0("svyciprop(~HI_CHOL, dnh, method='", m, "', na.rm=TRUE)"), NH(), A("mean", "HI_CHOL", ci=m),
       list(cprow(svyciprop(~HI_CHOL, dnh, method=m, na.rm=TRUE), "HI_CHOL")))
  rows <- list(); for (g in sort(unique(nh$race))) rows[[length(rows) + 1]] <- cprow(svyciprop(~HI_CHOL, subset(dnh, race == g), method=m, na.rm=TRUE), "HI_CHOL", group=as.character(g))
  case(paste0("ciprop_", m, "_nhanes_hichol_by_race"), paste0("svyby(~HI_CHOL, ~race, dnh, svyciprop, method='", m, "', na.rm=TRUE)"), NH(), A("mean", "HI_CHOL", "race", ci=m), rows)
  ind <- function(d, v, l) { d$variables$ind <- as.numeric(d$variables[[v]] == l); d }
  rows <- lapply(levels(clus1$sch_wide), function(l) cprow(svyciprop(~ind, ind(dclus1, "sch_wide", l), method=m), "sch_wide", level=l))
  case(paste0("ciprop_", m, "_clus1_sch_wide"), paste0("svyciprop(~I(sch.wide == level), dclus1, method='", m, "') per level"), C1(), A("mean", "sch_wide", ci=m), rows)
  rows <- lapply(levels(clus1$stype), function(l) cprow(svyciprop(~ind, ind(jk1, "stype", l), method=m), "stype", level=l))
  case(paste0("ciprop_", m, "_jk1_stype"), paste0("svyciprop(~I(stype == level), as.svrepdesign(dclus1, 'JK1'), method='", m, "') per level"),
       C1(replicates=list(type="JK1")), A("mean", "stype", ci=m), rows)
}

dcal <- calibrate(dclus1, ~stype + api99, pop1)
for (m in c("logit", "beta")) {
  rows <- list(); for (g in levels(clus1$stype)) rows[[length(rows) + 1]] <- cprow(svyciprop(~ind, ind(subset(dcal, stype == g), "sch_wide", "Yes"), method=m), "sch_wide", level="Yes", group=g)
  case(paste0("ciprop_", m, "_cal_by_stype"), paste0("svyby(~I(sch.wide == 'Yes'), ~stype, calibrate(dclus1, ~stype + api99, pop), svyciprop, method='", m, "')"),
       C1(calibrate=CAL("~ stype + api99")), A("mean", "sch_wide_yes", "stype", ci=m), lapply(rows, function(r) { r$variable <- "sch_wide_yes"; r$level <- NULL; r }))
}

# ---- svychisq (statistic "F", Rao-Scott second order); rows are svyby(~var, ~by, design, svymean)
byrows <- function(b, variable, levels) { e <- coef(b); s <- as.vector(as.matrix(SE(b))); ci <- confint(b); g <- as.character(b[[1]]); rows <- list()
  nm <- names(e); for (i in seq_along(e)) { parts <- strsplit(nm[i], ":", fixed=TRUE)[[1]]
    lev <- if (is.null(levels)) NULL else sub(paste0("^", variable), "", parts[2])
    rows[[i]] <- list(variable=variable, level=lev, group=parts[1], estimate=num(e[i]), se=num(s[i]), ci_lower=num(ci[i,1]), ci_upper=num(ci[i,2])) }
  rows[order(sapply(rows, function(r) match(r$group, sort(unique(g)))))] }
chi <- function(t) list(statistic=num(t$statistic), ndf=num(t$parameter[1]), ddf=num(t$parameter[2]), p=num(t$p.value))
chicase <- function(name, call, sp, design, var, by, levels=TRUE) {
  b <- svyby(as.formula(paste0("~", var)), as.formula(paste0("~", by)), design, svymean, na.rm=TRUE)
  res[[name]] <<- list(call=call, spec=sp, analysis=A("mean", var, by, test="chisq"), rows=byrows(b, var, if (levels) TRUE else NULL),
                        chisq=chi(svychisq(as.formula(paste0("~", var, "+", by)), design))) }
chicase("chisq_clus1_sch_wide_stype", "svychisq(~sch.wide + stype, dclus1)", C1(), dclus1, "sch_wide", "stype")
chicase("chisq_strat_awards_stype", "svychisq(~awards + stype, dstrat)", S(), dstrat, "awards", "stype")
chicase("chisq_clus2_stype_both", "svychisq(~stype + both, dclus2)", C2(), dclus2, "stype", "both")
chicase("chisq_jk1_sch_wide_stype", "svychisq(~sch.wide + stype, as.svrepdesign(dclus1, 'JK1'))", C1(replicates=list(type="JK1")), jk1, "sch_wide", "stype")
chicase("chisq_cal_sch_wide_stype", "svychisq(~sch.wide + stype, calibrate(dclus1, ~stype + api99, pop))", C1(calibrate=CAL("~ stype + api99")),
        calibrate(dclus1, ~stype + api99, pop1), "sch_wide", "stype")
chicase("chisq_nhanes_hichol_race_na", "svychisq(~HI_CHOL + race, dnh) (HI_CHOL missing for some)", NH(), dnh, "HI_CHOL", "race", levels=FALSE)
nhf <- nh; nhf$agecat <- factor(nhf$agecat); dnhf <- svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nhf)
chicase("chisq_nhanes_agecat_race", "svychisq(~agecat + race, dnh)", NH(), dnhf, "agecat", "race")

# ---- supplied replicate weights (svrepdesign): bootstrap (apiclus1), BRR (nhanes), JKn with rscales and JK1 with scale
jkn <- as.svrepdesign(svydesign(id=~1, strata=~stype, weights=~pw, data=strat), type="JKn")
jw <- weights(jkn, "analysis"); colnames(jw) <- paste0("jkn_", 1:ncol(jw))
write.csv(cbind(strat[, c("stype","pw","api00","api99","enroll","acs_k3","sch_wide","awards")], jw), file.path(out, "apistrat_jkn.csv"), row.names=FALSE, na="")
sjkn <- svrepdesign(data=cbind(strat, jw), repweights="jkn_[0-9]+", weights=~pw, type="JKn", rscales=jkn$rscales, combined.weights=TRUE)
JKN <- list(regex="^jkn_", type="JKn", rscales=num(jkn$rscales))
case("rep_jkn_mean_api00", "svymean(~api00, svrepdesign(repweights='jkn_', type='JKn', rscales=...))", spec("apistrat_jkn.csv", "pw", repweights=JKN), A("mean", "api00"), rows1(svymean(~api00, sjkn), "api00"))
b <- svyby(~api00, ~sch_wide, sjkn, svymean)
case("rep_jkn_by_sch_wide_api00", "svyby(~api00, ~sch.wide, svrepdesign(type='JKn', ...), svymean)", spec("apistrat_jkn.csv", "pw", repweights=JKN), A("mean", "api00", "sch_wide"),
     rows1(b, "api00", group=as.character(b$sch_wide)))
sjknm <- svrepdesign(data=cbind(strat, jw), repweights="jkn_[0-9]+", weights=~pw, type="JKn", rscales=jkn$rscales, combined.weights=TRUE, mse=TRUE)
case("rep_jkn_mse_total_enroll", "svytotal(~enroll, svrepdesign(type='JKn', ..., mse=TRUE))", spec("apistrat_jkn.csv", "pw", repweights=modifyList(JKN, list(mse=TRUE))),
     A("total", "enroll"), rows1(svytotal(~enroll, sjknm), "enroll"))
case("rep_jkn_ratio", "svyratio(~api00, ~api99, svrepdesign(type='JKn', ...))", spec("apistrat_jkn.csv", "pw", repweights=JKN), A("ratio", "api00", denominator="api99"),
     rows1(svyratio(~api00, ~api99, sjkn), "api00/api99"))
sb <- svrepdesign(data=clus1, repweights="bw[0-9]+", weights=~pw, type="bootstrap", combined.weights=TRUE)
case("rep_boot_prop_stype", "svymean(~stype, svrepdesign(repweights='bw', type='bootstrap'))", spec("apiclus1.csv", "pw", repweights=list(regex="^bw", type="bootstrap")),
     A("mean", "stype"), rows1(svymean(~stype, sb), "stype", level=levels(clus1$stype)))
sbs <- svrepdesign(data=clus1, repweights="bw[0-9]+", weights=~pw, type="bootstrap", combined.weights=TRUE, scale=0.03)
case("rep_boot_scale_mean_api00", "svymean(~api00, svrepdesign(type='bootstrap', scale=0.03))", spec("apiclus1.csv", "pw", repweights=list(regex="^bw", type="bootstrap", scale=0.03)),
     A("mean", "api00"), rows1(svymean(~api00, sbs), "api00"))
nh2 <- rd("nhanes_brr.csv"); sbr <- svrepdesign(data=nh2, repweights="brr_[0-9]+", weights=~WTMEC2YR, type="BRR", combined.weights=TRUE)
case("rep_brr_mean_hichol", "svymean(~HI_CHOL, svrepdesign(repweights='brr_', type='BRR'), na.rm=TRUE)", spec("nhanes_brr.csv", "WTMEC2YR", repweights=list(regex="^brr_", type="BRR")),
     A("mean", "HI_CHOL"), rows1(svymean(~HI_CHOL, sbr, na.rm=TRUE), "HI_CHOL"))
b <- svyby(~HI_CHOL, ~race, sbr, svymean, na.rm=TRUE)
case("rep_brr_by_race_hichol", "svyby(~HI_CHOL, ~race, svrepdesign(type='BRR'), svymean, na.rm=TRUE)", spec("nhanes_brr.csv", "WTMEC2YR", repweights=list(regex="^brr_", type="BRR")),
     A("mean", "HI_CHOL", "race"), rows1(b, "HI_CHOL", group=as.character(b$race)))
nhf2 <- rd("nhanes_fay.csv"); sfay <- svrepdesign(data=nhf2, repweights="fay_[0-9]+", weights=~WTMEC2YR, type="Fay", rho=0.3, combined.weights=TRUE)
case("rep_fay_mean_hichol", "svymean(~HI_CHOL, svrepdesign(type='Fay', rho=0.3), na.rm=TRUE)", spec("nhanes_fay.csv", "WTMEC2YR", repweights=list(regex="^fay_", type="Fay", rho=0.3)),
     A("mean", "HI_CHOL"), rows1(svymean(~HI_CHOL, sfay, na.rm=TRUE), "HI_CHOL"))
jk1w <- weights(jk1, "analysis"); colnames(jk1w) <- paste0("jk1_", 1:ncol(jk1w))
write.csv(cbind(clus1[, c("dnum","stype","pw","api00","api99","enroll","sch_wide")], jk1w), file.path(out, "apiclus1_jk1.csv"), row.names=FALSE, na="")
sjk1 <- svrepdesign(data=cbind(clus1, jk1w), repweights="jk1_[0-9]+", weights=~pw, type="JK1", scale=jk1$scale, combined.weights=TRUE)
case("rep_jk1_scale_mean_api00", "svymean(~api00, svrepdesign(type='JK1', scale=(1-f)(n-1)/n))", spec("apiclus1_jk1.csv", "pw", repweights=list(regex="^jk1_", type="JK1", scale=jk1$scale)),
     A("mean", "api00"), rows1(svymean(~api00, sjk1), "api00"))
sjk1d <- svrepdesign(data=cbind(clus1, jk1w), repweights="jk1_[0-9]+", weights=~pw, type="JK1", combined.weights=TRUE)
case("rep_jk1_default_scale_total_enroll", "svytotal(~enroll, svrepdesign(type='JK1')) (scale guessed as (R-1)/R)", spec("apiclus1_jk1.csv", "pw", repweights=list(regex="^jk1_", type="JK1")),
     A("total", "enroll"), rows1(svytotal(~enroll, sjk1d), "enroll"))
q <- svyquantile(~api00, sjk1d, c(0.5), ci=TRUE)
case("rep_jk1_quantile_api00", "svyquantile(~api00, svrepdesign(type='JK1'), 0.5, ci=TRUE)", spec("apiclus1_jk1.csv", "pw", repweights=list(regex="^jk1_", type="JK1")),
     A("quantile", "api00", quantiles=0.5), qrows(q, "api00", 0.5))

# ---- multiple imputation: PISA New Zealand's five plausible values of maths (mitools::pisamaths) as a stacked file
data(pisamaths, package="mitools")
pm <- pisamaths[, c("SCHOOLID","STRATUM","W_FSTUWT","ST04Q01","ST14Q02","MATHEFF")]
for (v in c("SCHOOLID","STRATUM","ST04Q01","ST14Q02")) pm[[v]] <- as.character(pm[[v]])
stack <- do.call(rbind, lapply(1:5, function(m) cbind(pm, math=pisamaths[[paste0("PV", m, "MATH")]], imp=m)))
stack$math500 <- as.numeric(stack$math >= 500)
write.csv(stack, file.path(out, "pisa_pv_stacked.csv"), row.names=FALSE, na="")
stack$ST04Q01 <- factor(stack$ST04Q01); stack$ST14Q02 <- factor(stack$ST14Q02)
implist <- imputationList(split(stack, stack$imp))
options(survey.lonely.psu="adjust")  # stratum NZL0102 holds one school
pdes <- svydesign(id=~SCHOOLID, strata=~STRATUM, weights=~W_FSTUWT, nest=TRUE, data=implist)
PI <- function(...) spec("pisa_pv_stacked.csv", "W_FSTUWT", strata="STRATUM", clusters=list("SCHOOLID"), nest=TRUE, imputation="imp", lonely="adjust", ...)
mirows <- function(r, variable, level=NULL, group=NULL) { e <- num(coef(r)); s <- sqrt(num(diag(vcov(r)))); crit <- qt(0.025, r$df, lower.tail=FALSE)
  lapply(seq_along(e), function(i) list(variable=variable, level=if (is.null(level)) NULL else level[i], group=if (is.null(group)) NULL else group[i],
    estimate=e[i], se=s[i], ci_lower=e[i] - crit[i]*s[i], ci_upper=e[i] + crit[i]*s[i], df=num(r$df[i]), fmi=num(r$missinfo[i]))) }
r <- MIcombine(with(pdes, svymean(~math)))
case("mi_pisa_mean_math", "MIcombine(with(svydesign(id=~SCHOOLID, strata=~STRATUM, weights=~W_FSTUWT, nest=TRUE, data=imputationList(5 PVs)), svymean(~math)))",
     PI(), A("mean", "math"), mirows(r, "math"))
r <- MIcombine(with(pdes, svymean(~math500)))
case("mi_pisa_mean_math500", "MIcombine(with(pdes, svymean(~I(math >= 500))))", PI(), A("mean", "math500"), mirows(r, "math500"))
r <- MIcombine(with(pdes, svytotal(~math)))
case("mi_pisa_total_math", "MIcombine(with(pdes, svytotal(~math)))", PI(), A("total", "math"), mirows(r, "math"))
r <- MIcombine(with(pdes, svyby(~math, ~ST04Q01, svymean)))
case("mi_pisa_by_sex_math", "MIcombine(with(pdes, svyby(~math, ~ST04Q01, svymean)))", PI(), A("mean", "math", "ST04Q01"), mirows(r, "math", group=levels(stack$ST04Q01)))
r <- MIcombine(with(pdes, svyratio(~math, ~W_FSTUWT)))
case("mi_pisa_ratio", "MIcombine(with(pdes, svyratio(~math, ~W_FSTUWT)))", PI(), A("ratio", "math", denominator="W_FSTUWT"), mirows(r, "math/W_FSTUWT"))
r <- MIcombine(lapply(split(stack, stack$imp), function(d) svymean(~math, as.svrepdesign(svydesign(id=~SCHOOLID, strata=~STRATUM, weights=~W_FSTUWT, nest=TRUE, data=d), type="JKn"))))
case("mi_pisa_jkn_mean_math", "MIcombine(lapply(imputations, function(d) svymean(~math, as.svrepdesign(svydesign(...), type='JKn'))))", PI(replicates=list(type="JKn")),
     A("mean", "math"), mirows(r, "math"))

# ---- panel and mixed models on stacked imputations: MIcombine(lapply(fits, coef), lapply(fits, vcov))
suppressMessages({library(sandwich); library(lme4)})
imps <- split(stack, stack$imp)
mm <- list()
pool <- function(coefs, vars, call, extra=list()) { r <- MIcombine(coefs, vars); e <- num(coef(r)); s <- sqrt(num(diag(vcov(r))))
  c(list(call=call, terms=names(coef(r)), estimate=e, se=s, df=num(r$df), fmi=num(r$missinfo), p=2*pt(-abs(e/s), r$df)), extra) }
fits <- lapply(imps, function(d) lm(math ~ ST04Q01 + MATHEFF, data=d))
mm$panel_ols <- pool(lapply(fits, coef), lapply(fits, vcov), "MIcombine over lm(math ~ ST04Q01 + MATHEFF)", list(args=list("--formula", "math ~ ST04Q01 + MATHEFF")))
mm$panel_ols_cluster <- pool(lapply(fits, coef), lapply(fits, function(f) vcovCL(f, cluster=~SCHOOLID, type="HC1")),
  "MIcombine over lm(...) with vcovCL(cluster=~SCHOOLID, type='HC1')", list(args=list("--formula", "math ~ ST04Q01 + MATHEFF", "--cluster", "SCHOOLID")))
fits <- lapply(imps, function(d) lm(math ~ MATHEFF + factor(SCHOOLID), data=d))
mm$panel_within <- pool(lapply(fits, function(f) coef(f)["MATHEFF"]), lapply(fits, function(f) vcov(f)["MATHEFF", "MATHEFF", drop=FALSE]),
  "MIcombine over the within estimator (lm with school dummies) of math ~ MATHEFF | SCHOOLID", list(args=list("--formula", "math ~ MATHEFF | SCHOOLID")))
fits <- lapply(imps, function(d) lmer(math ~ ST04Q01 + MATHEFF + (1|SCHOOLID), data=d))
mm$mixed_reml <- pool(lapply(fits, fixef), lapply(fits, function(f) as.matrix(vcov(f))), "MIcombine(lapply(fits, fixef), lapply(fits, vcov)) over lmer(math ~ ST04Q01 + MATHEFF + (1|SCHOOLID))",
  list(args=list("--formula", "math ~ ST04Q01 + MATHEFF + (1|SCHOOLID)"), verb="mixed"))

writeLines(toJSON(list(source="survey::api (apistrat, apiclus1, apiclus2, apipop totals), survey::nhanes", survey_version=as.character(packageVersion("survey")),
                       mitools_version=as.character(packageVersion("mitools")), results=res, mi_models=mm), auto_unbox=TRUE, digits=NA, pretty=TRUE, null="null"),
           file.path(out, "survey_depth.json"))
cat("wrote", length(res), "cases\n")
