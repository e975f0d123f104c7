# Reference values for design-based GLMs (src/Cohesion.Statistics/Glm/SurveyGlm.cs) from R's survey package:
# summary(svyglm(...)) for gaussian, binomial, quasibinomial, poisson and quasipoisson families on Taylor-linearised
# and replicate-weight designs, domains (subset.survey.design), calibrated designs and missing values.
# Run: Rscript tools/reference/survey_glm.R tests/Cohesion.Tests/Fixtures/survey_depth
# Writes the data sets (CSV) and survey_glm.json: per case the design/model spec (so the tests rebuild it), the R
# call, and summary()'s coefficient table, dispersion, df.residual, n and vcov.
suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/survey_depth"
dir.create(out, showWarnings=FALSE, recursive=TRUE)
data(api); data(nhanes)
keep <- c("cds","stype","dnum","snum","cname","sch.wide","comp.imp","both","awards","yr.rnd","api00","api99","growth",
          "meals","ell","mobility","acs.k3","avg.ed","full","emer","enroll","api.stu","pw")
clean <- function(d, extra) { d <- d[, c(keep, extra)]; names(d) <- gsub(".", "_", names(d), fixed=TRUE)
  for (v in names(d)) if (is.factor(d[[v]])) d[[v]] <- as.character(d[[v]]); d }
strat <- clean(apistrat, "fpc"); clus1 <- clean(apiclus1, "fpc"); clus2 <- clean(apiclus2, c("fpc1","fpc2"))
# an ordered outcome: share of students with subsidised meals in four bands (1 = 0-25% ... 4 = 75-100%)
band <- function(d) { d$mealcat <- cut(d$meals, c(-1, 25, 50, 75, 101), labels=FALSE); d }
strat <- band(strat); clus1 <- band(clus1); clus2 <- band(clus2)
clus1$sch_wide_yes <- as.numeric(clus1$sch_wide == "Yes")
# R's own bootstrap replicate weights for apiclus1, shipped with the data as a producer would (svrepdesign)
set.seed(42); boot <- as.svrepdesign(svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=clus1), type="bootstrap", replicates=50)
bw <- weights(boot, "analysis"); colnames(bw) <- paste0("bw", 1:ncol(bw)); clus1 <- cbind(clus1, bw)
write.csv(strat, file.path(out, "apistrat.csv"), row.names=FALSE, na="")
write.csv(clus1, file.path(out, "apiclus1.csv"), row.names=FALSE, na="")
write.csv(clus2, file.path(out, "apiclus2.csv"), row.names=FALSE, na="")
nh <- nhanes; nh$race <- as.integer(nh$race); write.csv(nh, file.path(out, "nhanes.csv"), row.names=FALSE, na="")
# BRR needs two PSUs per stratum: nhanes without PSU 3, with R's BRR weights exported as columns
nh2 <- nh[nh$SDMVPSU != 3, ]
brr <- as.svrepdesign(svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nh2), type="BRR")
brw <- weights(brr, "analysis"); colnames(brw) <- paste0("brr_", 1:ncol(brw)); nh2 <- cbind(nh2, brw)
write.csv(nh2, file.path(out, "nhanes_brr.csv"), row.names=FALSE, na="")
# Fay's modified BRR (rho = 0.3) on eight of the strata, exported as columns
nhf <- nh2[nh2$SDMVSTRA %in% sort(unique(nh2$SDMVSTRA))[1:8], c("SDMVPSU","SDMVSTRA","WTMEC2YR","HI_CHOL","race","agecat","RIAGENDR")]
fay <- as.svrepdesign(svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nhf), type="Fay", fay.rho=0.3)
fw <- weights(fay, "analysis"); colnames(fw) <- paste0("fay_", 1:ncol(fw)); nhf <- cbind(nhf, fw)
write.csv(nhf, file.path(out, "nhanes_fay.csv"), row.names=FALSE, na="")

# in R the text columns are factors (the CSV readers give text; level order is the sorted one, as in R)
fac <- function(d) { for (v in c("stype","sch_wide","comp_imp","both","awards","yr_rnd")) if (v %in% names(d)) d[[v]] <- factor(d[[v]]); d }
strat <- fac(strat); clus1 <- fac(clus1); clus2 <- fac(clus2)

num <- function(x) unname(as.numeric(x))
res <- list()
glmcase <- function(name, fit, spec, call) {
  s <- summary(fit); ct <- coef(s)
  r <- list(call=call, spec=spec, family=fit$family$family,
    coefficients=lapply(seq_len(nrow(ct)), function(i) list(term=rownames(ct)[i], estimate=ct[i,1], se=ct[i,2], statistic=ct[i,3], p=ct[i,4])),
    dispersion=num(s$dispersion), df_residual=fit$df.residual, n=sum(fit$prior.weights > 0), vcov=num(vcov(fit)),
    deviance=fit$deviance, null_deviance=fit$null.deviance, aic=if (is.finite(fit$aic)) fit$aic else NULL, iterations=fit$iter)
  if (fit$family$family %in% c("binomial","quasibinomial")) {
    ci <- confint(fit); r$odds_ratio <- num(exp(coef(fit))); r$or_lower <- num(exp(ci[,1])); r$or_upper <- num(exp(ci[,2]))
  }
  res[[name]] <<- r
}
spec <- function(data, formula, family, weights, strata=NULL, clusters=list(), fpc=list(), nest=FALSE, subset=NULL,
                 replicates=NULL, repweights=NULL, rake=NULL, poststratify=NULL, lonely="fail")
  list(data=data, formula=formula, family=family, weights=weights, strata=strata, clusters=clusters, fpc=fpc, nest=nest,
       subset=subset, replicates=replicates, repweights=repweights, rake=rake, poststratify=poststratify, lonely=lonely)

# ---- Taylor linearisation
dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=strat)
dclus1 <- svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=clus1)
dclus2 <- svydesign(id=~dnum+snum, weights=~pw, fpc=~fpc1+fpc2, data=clus2)
dnh <- svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nh)
S <- function(...) spec("apistrat.csv", ..., weights="pw", strata="stype", fpc=list("fpc"))
C1 <- function(...) spec("apiclus1.csv", ..., weights="pw", clusters=list("dnum"), fpc=list("fpc"))
C2 <- function(...) spec("apiclus2.csv", ..., weights="pw", clusters=list("dnum","snum"), fpc=list("fpc1","fpc2"))
NH <- function(...) spec("nhanes.csv", ..., weights="WTMEC2YR", strata="SDMVSTRA", clusters=list("SDMVPSU"), nest=TRUE)

glmcase("strat_gaussian", svyglm(api00 ~ ell + meals + mobility, dstrat), S("api00 ~ ell + meals + mobility", "gaussian"),
        "svyglm(api00 ~ ell + meals + mobility, svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc))")
glmcase("clus2_gaussian_factor_I", svyglm(api00 ~ ell + meals + factor(stype) + I(ell^2), dclus2),
        C2("api00 ~ ell + meals + factor(stype) + I(ell^2)", "gaussian"), "svyglm(api00 ~ ell + meals + factor(stype) + I(ell^2), dclus2)")
glmcase("clus1_gaussian_interaction", svyglm(api00 ~ ell * stype + meals, dclus1), C1("api00 ~ ell * stype + meals", "gaussian"),
        "svyglm(api00 ~ ell * stype + meals, dclus1)")
glmcase("clus1_quasibinomial", svyglm(sch_wide ~ ell + meals + stype, dclus1, family=quasibinomial()),
        C1("sch_wide ~ ell + meals + stype", "quasibinomial"), "svyglm(sch.wide ~ ell + meals + stype, dclus1, family=quasibinomial())")
glmcase("clus1_binomial", suppressWarnings(svyglm(sch_wide ~ ell + meals + stype, dclus1, family=binomial())),
        C1("sch_wide ~ ell + meals + stype", "binomial"), "svyglm(sch.wide ~ ell + meals + stype, dclus1, family=binomial())")
glmcase("strat_binomial_interaction", suppressWarnings(svyglm(comp_imp ~ meals * stype, dstrat, family=binomial())),
        S("comp_imp ~ meals * stype", "binomial"), "svyglm(comp.imp ~ meals * stype, dstrat, family=binomial())")
glmcase("clus1_poisson", svyglm(enroll ~ meals + stype, dclus1, family=poisson()), C1("enroll ~ meals + stype", "poisson"),
        "svyglm(enroll ~ meals + stype, dclus1, family=poisson())")
glmcase("clus2_quasipoisson_na", svyglm(enroll ~ meals + ell, dclus2, family=quasipoisson()), C2("enroll ~ meals + ell", "quasipoisson"),
        "svyglm(enroll ~ meals + ell, dclus2, family=quasipoisson()) (enroll has 6 missing values)")
glmcase("strat_gaussian_na", svyglm(api00 ~ acs_k3 + meals, dstrat), S("api00 ~ acs_k3 + meals", "gaussian"),
        "svyglm(api00 ~ acs.k3 + meals, dstrat) (acs.k3 missing for 103 schools)")
glmcase("nhanes_quasibinomial", svyglm(HI_CHOL ~ factor(race) + agecat + RIAGENDR, dnh, family=quasibinomial()),
        NH("HI_CHOL ~ factor(race) + agecat + RIAGENDR", "quasibinomial"),
        "svyglm(HI_CHOL ~ factor(race) + agecat + RIAGENDR, svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE), family=quasibinomial()) (HI_CHOL has missing values)")
glmcase("nhanes_trend_like_slope", svyglm(HI_CHOL ~ RIAGENDR, subset(dnh, agecat == "(39,59]"), family=quasibinomial()),
        NH("HI_CHOL ~ RIAGENDR", "quasibinomial", subset="agecat == '(39,59]'"),
        "svyglm(HI_CHOL ~ RIAGENDR, subset(dnh, agecat == '(39,59]'), family=quasibinomial())")

# ---- domains (subset.survey.design): variance from the full design
glmcase("clus1_domain_E", svyglm(api00 ~ ell + meals, subset(dclus1, stype == "E")), C1("api00 ~ ell + meals", "gaussian", subset="stype == 'E'"),
        "svyglm(api00 ~ ell + meals, subset(dclus1, stype == 'E'))")
glmcase("strat_domain_H", svyglm(api00 ~ ell + meals, subset(dstrat, stype == "H")), S("api00 ~ ell + meals", "gaussian", subset="stype == 'H'"),
        "svyglm(api00 ~ ell + meals, subset(dstrat, stype == 'H')) (two strata absent from the domain)")
glmcase("strat_domain_meals", svyglm(api00 ~ ell, subset(dstrat, meals > 50)), S("api00 ~ ell", "gaussian", subset="meals > 50"),
        "svyglm(api00 ~ ell, subset(dstrat, meals > 50))")
glmcase("clus2_domain_quasibinomial", svyglm(both ~ meals, subset(dclus2, stype != "H"), family=quasibinomial()),
        C2("both ~ meals", "quasibinomial", subset="stype != 'H'"), "svyglm(both ~ meals, subset(dclus2, stype != 'H'), family=quasibinomial())")
glmcase("nhanes_domain_quasipoisson", svyglm(race ~ RIAGENDR, subset(dnh, HI_CHOL == 1), family=quasipoisson()),
        NH("race ~ RIAGENDR", "quasipoisson", subset="HI_CHOL == 1"), "svyglm(race ~ RIAGENDR, subset(dnh, HI_CHOL == 1), family=quasipoisson())")

# ---- lonely PSUs (apistrat stratified by county)
options(survey.lonely.psu="adjust")
dl <- svydesign(id=~1, strata=~cname, weights=~pw, data=strat)
glmcase("lonely_adjust_gaussian", svyglm(api00 ~ ell + meals, dl), spec("apistrat.csv", "api00 ~ ell + meals", "gaussian", weights="pw", strata="cname", lonely="adjust"),
        "options(survey.lonely.psu='adjust'); svyglm(api00 ~ ell + meals, svydesign(id=~1, strata=~cname, weights=~pw))")
options(survey.lonely.psu="fail")

# ---- calibrated designs
pop.types <- data.frame(stype=c("E","H","M"), Freq=c(4421,755,1018))
pop.schwide <- data.frame(sch_wide=c("No","Yes"), Freq=c(1072,5122))
rclus1 <- rake(dclus1, list(~stype, ~sch_wide), list(pop.types, pop.schwide))
rk <- list(list(column="stype", levels=c("E","H","M"), totals=c(4421,755,1018)), list(column="sch_wide", levels=c("No","Yes"), totals=c(1072,5122)))
glmcase("rake_clus1_gaussian", svyglm(api00 ~ ell + meals, rclus1), C1("api00 ~ ell + meals", "gaussian", rake=rk),
        "svyglm(api00 ~ ell + meals, rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide)))")
glmcase("rake_clus1_domain", svyglm(api00 ~ ell + meals, subset(rclus1, stype == "E")), C1("api00 ~ ell + meals", "gaussian", rake=rk, subset="stype == 'E'"),
        "svyglm(api00 ~ ell + meals, subset(rake(dclus1, ...), stype == 'E'))")
pclus1 <- postStratify(dclus1, ~stype, pop.types)
glmcase("post_clus1_quasibinomial", svyglm(sch_wide ~ ell, pclus1, family=quasibinomial()), C1("sch_wide ~ ell", "quasibinomial", poststratify=rk[1]),
        "svyglm(sch.wide ~ ell, postStratify(dclus1, ~stype, pop.types), family=quasibinomial())")

pop1 <- c(`(Intercept)`=6194, stypeH=755, stypeM=1018, api99=3914069)
CAL <- list(formula="~ stype + api99", totals=list(terms=names(pop1), totals=unname(pop1)), calfun="linear", bounds=NULL)
gclus1 <- calibrate(dclus1, ~stype + api99, pop1)
glmcase("greg_clus1_gaussian", svyglm(api00 ~ ell + meals, gclus1), c(C1("api00 ~ ell + meals", "gaussian"), list(calibrate=CAL)),
        "svyglm(api00 ~ ell + meals, calibrate(dclus1, ~stype + api99, pop))")
glmcase("greg_clus1_domain_quasibinomial", svyglm(sch_wide ~ ell, subset(gclus1, stype != "H"), family=quasibinomial()),
        c(C1("sch_wide ~ ell", "quasibinomial", subset="stype != 'H'"), list(calibrate=CAL)), "svyglm(sch.wide ~ ell, subset(calibrate(dclus1, ...), stype != 'H'), family=quasibinomial())")
graking <- calibrate(dclus1, ~stype + api99, pop1, calfun="raking")
glmcase("raking_calibrate_clus1_poisson", svyglm(enroll ~ meals, graking, family=poisson()), c(C1("enroll ~ meals", "poisson"), list(calibrate=modifyList(CAL, list(calfun="raking")))),
        "svyglm(enroll ~ meals, calibrate(dclus1, ~stype + api99, pop, calfun='raking'), family=poisson())")

# ---- replicate weights built from the design (as.svrepdesign) and supplied (svrepdesign)
jk1 <- as.svrepdesign(dclus1, type="JK1")
glmcase("jk1_gaussian", svyglm(api00 ~ ell + meals, jk1), C1("api00 ~ ell + meals", "gaussian", replicates=list(type="JK1")),
        "svyglm(api00 ~ ell + meals, as.svrepdesign(dclus1, type='JK1'))")
glmcase("jk1_domain_E", svyglm(api00 ~ ell + meals, subset(jk1, stype == "E")), C1("api00 ~ ell + meals", "gaussian", replicates=list(type="JK1"), subset="stype == 'E'"),
        "svyglm(api00 ~ ell + meals, subset(as.svrepdesign(dclus1, type='JK1'), stype == 'E'))")
glmcase("jk1_quasibinomial", svyglm(sch_wide ~ ell + meals, jk1, family=quasibinomial()), C1("sch_wide ~ ell + meals", "quasibinomial", replicates=list(type="JK1")),
        "svyglm(sch.wide ~ ell + meals, as.svrepdesign(dclus1, type='JK1'), family=quasibinomial())")
jkn <- as.svrepdesign(dstrat, type="JKn")
glmcase("jkn_quasipoisson", svyglm(enroll ~ meals + ell, jkn, family=quasipoisson()), S("enroll ~ meals + ell", "quasipoisson", replicates=list(type="JKn")),
        "svyglm(enroll ~ meals + ell, as.svrepdesign(dstrat, type='JKn'), family=quasipoisson())")
jknmse <- as.svrepdesign(dstrat, type="JKn", mse=TRUE)
glmcase("jkn_mse_gaussian_na", svyglm(api00 ~ acs_k3 + meals, jknmse), S("api00 ~ acs_k3 + meals", "gaussian", replicates=list(type="JKn", mse=TRUE)),
        "svyglm(api00 ~ acs.k3 + meals, as.svrepdesign(dstrat, type='JKn', mse=TRUE))")
sb <- svrepdesign(data=clus1, repweights="bw[0-9]+", weights=~pw, type="bootstrap", combined.weights=TRUE)
BW <- list(regex="bw[0-9]+", type="bootstrap")
glmcase("boot_supplied_quasibinomial", svyglm(sch_wide ~ ell + meals, sb, family=quasibinomial()),
        spec("apiclus1.csv", "sch_wide ~ ell + meals", "quasibinomial", weights="pw", repweights=BW),
        "svyglm(sch.wide ~ ell + meals, svrepdesign(repweights='bw[0-9]+', weights=~pw, type='bootstrap', combined.weights=TRUE), family=quasibinomial())")
glmcase("boot_supplied_domain_gaussian", svyglm(api00 ~ ell, subset(sb, stype == "E")),
        spec("apiclus1.csv", "api00 ~ ell", "gaussian", weights="pw", repweights=BW, subset="stype == 'E'"),
        "svyglm(api00 ~ ell, subset(svrepdesign(... type='bootstrap'), stype == 'E'))")
sbr <- svrepdesign(data=nh2, repweights="brr_[0-9]+", weights=~WTMEC2YR, type="BRR", combined.weights=TRUE)
glmcase("brr_supplied_quasibinomial", svyglm(HI_CHOL ~ factor(race) + RIAGENDR, sbr, family=quasibinomial()),
        spec("nhanes_brr.csv", "HI_CHOL ~ factor(race) + RIAGENDR", "quasibinomial", weights="WTMEC2YR", repweights=list(regex="brr_[0-9]+", type="BRR")),
        "svyglm(HI_CHOL ~ factor(race) + RIAGENDR, svrepdesign(repweights='brr_[0-9]+', weights=~WTMEC2YR, type='BRR'), family=quasibinomial())")
sfay <- svrepdesign(data=nhf, repweights="fay_[0-9]+", weights=~WTMEC2YR, type="Fay", rho=0.3, combined.weights=TRUE)
glmcase("fay_supplied_poisson", svyglm(race ~ RIAGENDR + HI_CHOL, sfay, family=poisson()),
        spec("nhanes_fay.csv", "race ~ RIAGENDR + HI_CHOL", "poisson", weights="WTMEC2YR", repweights=list(regex="fay_[0-9]+", type="Fay", rho=0.3)),
        "svyglm(race ~ RIAGENDR + HI_CHOL, svrepdesign(repweights='fay_[0-9]+', type='Fay', rho=0.3), family=poisson()) (eight strata of nhanes)")
glmcase("fay_supplied_domain_quasibinomial", svyglm(HI_CHOL ~ RIAGENDR, subset(sfay, agecat != "(0,19]"), family=quasibinomial()),
        spec("nhanes_fay.csv", "HI_CHOL ~ RIAGENDR", "quasibinomial", weights="WTMEC2YR", repweights=list(regex="fay_[0-9]+", type="Fay", rho=0.3), subset="agecat != '(0,19]'"),
        "svyglm(HI_CHOL ~ RIAGENDR, subset(svrepdesign(... type='Fay', rho=0.3), agecat != '(0,19]'), family=quasibinomial())")
rjk1 <- rake(jk1, list(~stype, ~sch_wide), list(pop.types, pop.schwide))
glmcase("rake_jk1_gaussian", svyglm(api00 ~ ell + meals, rjk1), C1("api00 ~ ell + meals", "gaussian", replicates=list(type="JK1"), rake=rk),
        "svyglm(api00 ~ ell + meals, rake(as.svrepdesign(dclus1, type='JK1'), ...))")

# ---- proportional odds (svyolr) for --family ordinal: coefficients, then thresholds "a|b"
olrcase <- function(name, fit, spec, call) {
  ct <- coef(summary(fit)); df <- fit$df.residual
  res[[name]] <<- list(call=call, spec=spec, family="ordinal",
    coefficients=lapply(seq_len(nrow(ct)), function(i) list(term=rownames(ct)[i], estimate=ct[i,1], se=ct[i,2], statistic=ct[i,3],
      p=2*pt(-abs(ct[i,3]), df))),
    df_residual=df, n=length(fit$fitted.values[,1]), vcov=num(vcov(fit))) }
strat$mealcat <- factor(strat$mealcat); clus1$mealcat <- factor(clus1$mealcat); clus2$mealcat <- factor(clus2$mealcat)
dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=strat)
dclus1 <- svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=clus1)
dclus2 <- svydesign(id=~dnum+snum, weights=~pw, fpc=~fpc1+fpc2, data=clus2)
nh$agecat <- factor(nh$agecat); dnh <- svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nh)
olrcase("olr_nhanes_agecat", svyolr(agecat ~ factor(race) + RIAGENDR, dnh), NH("agecat ~ factor(race) + RIAGENDR", "ordinal"),
        "svyolr(agecat ~ factor(race) + RIAGENDR, dnh)")
olrcase("olr_clus1_mealcat", svyolr(mealcat ~ ell + stype, dclus1), C1("mealcat ~ ell + stype", "ordinal"), "svyolr(factor(mealcat) ~ ell + stype, dclus1)")
olrcase("olr_strat_mealcat", svyolr(mealcat ~ api00 + growth, dstrat), S("mealcat ~ api00 + growth", "ordinal"), "svyolr(factor(mealcat) ~ api00 + growth, dstrat)")
olrcase("olr_clus2_mealcat_na", svyolr(mealcat ~ ell + enroll, dclus2), C2("mealcat ~ ell + enroll", "ordinal"), "svyolr(factor(mealcat) ~ ell + enroll, dclus2) (enroll missing for 6 schools)")
olrcase("olr_nhanes_domain", svyolr(agecat ~ RIAGENDR + factor(race), subset(dnh, HI_CHOL == 1)), NH("agecat ~ RIAGENDR + factor(race)", "ordinal", subset="HI_CHOL == 1"),
        "svyolr(agecat ~ RIAGENDR + factor(race), subset(dnh, HI_CHOL == 1))")
olrcase("olr_clus1_domain", svyolr(mealcat ~ ell, subset(dclus1, stype == "E")), C1("mealcat ~ ell", "ordinal", subset="stype == 'E'"),
        "svyolr(factor(mealcat) ~ ell, subset(dclus1, stype == 'E'))")
rclus1 <- rake(dclus1, list(~stype, ~sch_wide), list(pop.types, pop.schwide))
olrcase("olr_rake_clus1", svyolr(mealcat ~ ell, rclus1), C1("mealcat ~ ell", "ordinal", rake=rk), "svyolr(factor(mealcat) ~ ell, rake(dclus1, ...))")
jk1 <- as.svrepdesign(dclus1, type="JK1")
olrcase("olr_jk1_mealcat", svyolr(mealcat ~ ell + stype, jk1), C1("mealcat ~ ell + stype", "ordinal", replicates=list(type="JK1")),
        "svyolr(factor(mealcat) ~ ell + stype, as.svrepdesign(dclus1, type='JK1'))")
sbr <- svrepdesign(data=nh2, repweights="brr_[0-9]+", weights=~WTMEC2YR, type="BRR", combined.weights=TRUE)
sbr$variables$agecat <- factor(sbr$variables$agecat)
olrcase("olr_brr_agecat", svyolr(agecat ~ RIAGENDR, sbr),
        spec("nhanes_brr.csv", "agecat ~ RIAGENDR", "ordinal", weights="WTMEC2YR", repweights=list(regex="brr_[0-9]+", type="BRR")),
        "svyolr(agecat ~ RIAGENDR, svrepdesign(repweights='brr_[0-9]+', type='BRR'))")

# ---- multiple imputation: MIcombine(with(svydesign(..., data=imputationList(...)), svyglm(...)))
suppressMessages(library(mitools))
micase <- function(name, r, fits, spec, call) {
  e <- num(coef(r)); s <- sqrt(num(diag(vcov(r)))); t <- e/s
  res[[name]] <<- list(call=call, spec=spec, family=fits[[1]]$family$family,
    coefficients=lapply(seq_along(e), function(i) list(term=names(coef(r))[i], estimate=e[i], se=s[i], statistic=t[i], p=2*pt(-abs(t[i]), r$df[i]),
      df=num(r$df[i]), fmi=num(r$missinfo[i]))),
    dispersion=mean(sapply(fits, function(f) num(summary(f)$dispersion))), df_residual=fits[[1]]$df.residual, n=sum(fits[[1]]$prior.weights > 0)) }
data(pisamaths, package="mitools")
pm <- pisamaths[, c("SCHOOLID","STRATUM","W_FSTUWT","ST04Q01","MATHEFF")]
for (v in c("SCHOOLID","STRATUM","ST04Q01")) pm[[v]] <- as.character(pm[[v]])
stack <- do.call(rbind, lapply(1:5, function(m) cbind(pm, math=pisamaths[[paste0("PV", m, "MATH")]], imp=m)))
write.csv(stack, file.path(out, "pisa_glm_stacked.csv"), row.names=FALSE, na="")
options(survey.lonely.psu="adjust")
pdes <- svydesign(id=~SCHOOLID, strata=~STRATUM, weights=~W_FSTUWT, nest=TRUE, data=imputationList(split(stack, stack$imp)))
fits <- with(pdes, svyglm(math ~ ST04Q01 + MATHEFF))
micase("mi_pisa_gaussian", MIcombine(fits), fits, c(spec("pisa_glm_stacked.csv", "math ~ ST04Q01 + MATHEFF", "gaussian", weights="W_FSTUWT", strata="STRATUM",
       clusters=list("SCHOOLID"), nest=TRUE, lonely="adjust"), imputation="imp"), "MIcombine(with(svydesign(id=~SCHOOLID, strata=~STRATUM, weights=~W_FSTUWT, nest=TRUE, data=imputationList(5 PVs)), svyglm(math ~ ST04Q01 + MATHEFF)))")
options(survey.lonely.psu="fail")
data(smi, package="mitools")
sm <- do.call(rbind, lapply(seq_along(smi$imputations), function(m) cbind(smi$imputations[[m]][, c("id","wave","sex","drinkreg")], w=1, imp=m)))
sm$drinkreg <- as.numeric(sm$drinkreg)
write.csv(sm, file.path(out, "smi_stacked.csv"), row.names=FALSE, na="")
sdes <- svydesign(id=~id, weights=~w, data=imputationList(split(sm, sm$imp)))
fits <- with(sdes, svyglm(drinkreg ~ wave * sex, family=quasibinomial()))
micase("mi_smi_quasibinomial", MIcombine(fits), fits, c(spec("smi_stacked.csv", "drinkreg ~ wave * sex", "quasibinomial", weights="w", clusters=list("id")), imputation="imp"),
       "MIcombine(with(svydesign(id=~id, weights=~w, data=imputationList(mitools::smi)), svyglm(drinkreg ~ wave * sex, family=quasibinomial())))")

writeLines(toJSON(list(source="survey::api (apistrat, apiclus1, apiclus2), survey::nhanes", survey_version=as.character(packageVersion("survey")),
                       results=res), auto_unbox=TRUE, digits=NA, pretty=TRUE, null="null"), file.path(out, "survey_glm.json"))
cat("wrote", length(res), "glm cases\n")
