# Reference values for SurveyContrast (src/Cohesion.Statistics/Survey/SurveyContrast.cs): R survey's svycontrast on
# svyby(..., covmat=TRUE) results, on the api data already in tests/Cohesion.Tests/Fixtures/survey (made by survey.R).
# Run: Rscript tools/reference/contrast.R tests/Cohesion.Tests/Fixtures/survey
# Writes contrast_reference.json: per case the R call, the domain levels (svyby order), the contrasts (one
# coefficient per level), the estimates, SEs and normal two-sided p-values of the contrasts.
suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/survey"
rd <- function(f) read.csv(file.path(out, f), stringsAsFactors=FALSE)
strat <- rd("apistrat.csv"); clus1 <- rd("apiclus1.csv"); clus2 <- rd("apiclus2.csv")
for (v in c("stype", "awards", "sch_wide")) { strat[[v]] <- factor(strat[[v]]); clus1[[v]] <- factor(clus1[[v]]); clus2[[v]] <- factor(clus2[[v]]) }
num <- function(x) unname(as.numeric(x))
res <- list()
case <- function(name, call, by, contrasts) {
  levels <- as.character(as.data.frame(by)[[1]])
  cm <- unname(lapply(contrasts, function(k) num(k)))
  # svycontrast's vcov() fails on svyby(svyratio) results in survey 4.1-1 ('dimnames applied to non-array'): there the
  # contrast is formed from the covariance svyby stores (attr "var"), which is what svycontrast uses elsewhere
  sc <- tryCatch(svycontrast(by, contrasts), error=function(e) { message(name, ": ", conditionMessage(e)); NULL })
  if (is.null(sc)) {
    V <- attr(by, "var"); b <- num(coef(by))
    est <- sapply(contrasts, function(k) sum(k * b)); se <- sapply(contrasts, function(k) sqrt(drop(t(k) %*% V %*% k)))
  } else { est <- num(coef(sc)); se <- num(SE(sc)) }
  est <- num(est); se <- num(se)
  res[[name]] <<- list(call=call, levels=levels, contrasts=cm, estimate=I(est), se=I(se), p=I(2 * pnorm(-abs(est / se))),
                       domain_estimate=num(coef(by)), domain_se=num(SE(by)))
}
three <- list(E_minus_H=c(1, -1, 0), M_minus_H=c(0, -1, 1), E_minus_M=c(1, 0, -1), mean3=c(1, 1, 1) / 3, wsum=c(2, -0.5, 0.25))

dclus1 <- svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=clus1)
case("clus1_mean_api00_stype", "svycontrast(svyby(~api00, ~stype, svydesign(id=~dnum, weights=~pw, fpc=~fpc), svymean, covmat=TRUE), ...)",
     svyby(~api00, ~stype, dclus1, svymean, covmat=TRUE), three)
dclus1n <- svydesign(id=~dnum, weights=~pw, data=clus1)
case("clus1_nofpc_mean_api00_stype", "svycontrast(svyby(~api00, ~stype, svydesign(id=~dnum, weights=~pw), svymean, covmat=TRUE), ...)",
     svyby(~api00, ~stype, dclus1n, svymean, covmat=TRUE), three)
case("clus1_total_enroll_stype", "svycontrast(svyby(~enroll, ~stype, dclus1, svytotal, covmat=TRUE), ...)",
     svyby(~enroll, ~stype, dclus1, svytotal, covmat=TRUE), three)
case("clus1_ratio_stype", "svycontrast(svyby(~api00, ~stype, dclus1, svyratio, denominator=~api99, covmat=TRUE), ...)",
     svyby(~api00, ~stype, dclus1, svyratio, denominator=~api99, covmat=TRUE), three)

# svyby(covmat=TRUE) fails on multistage designs with fpc in survey 4.1-1, so the two-stage cases have no fpc
dclus2 <- svydesign(id=~dnum+snum, weights=~pw, data=clus2)
# two-stage with missing values: subset() + covmat fails here too, so the missing rows form their own domains
# (domain = stype x missing, y = 0 where missing) and the contrasts put no weight on them
clus2$enroll0 <- ifelse(is.na(clus2$enroll), 0, clus2$enroll); clus2$dom <- factor(paste0(clus2$stype, ifelse(is.na(clus2$enroll), ".NA", "")))
dclus2m <- svydesign(id=~dnum+snum, weights=~pw, data=clus2)
bym <- svyby(~enroll0, ~dom, dclus2m, svymean, covmat=TRUE)
keep <- !grepl(".NA", as.character(bym$dom), fixed=TRUE)
stopifnot(isTRUE(all.equal(num(SE(bym))[keep], num(SE(svyby(~enroll, ~stype, dclus2m, svymean, na.rm=TRUE))), tolerance=1e-12)))
V <- attr(bym, "var")[keep, keep]; b <- num(coef(bym))[keep]
res$clus2_mean_enroll_stype_narm <- list(call="svyby(~enroll, ~stype, svydesign(id=~dnum+snum, weights=~pw), svymean, na.rm=TRUE) with the covariance of svyby(covmat=TRUE) over stype x missing domains",
  levels=c("E", "H", "M"), contrasts=unname(lapply(three, num)), estimate=num(sapply(three, function(k) sum(k * b))),
  se=num(sapply(three, function(k) sqrt(drop(t(k) %*% V %*% k)))), domain_estimate=b, domain_se=num(SE(bym))[keep])
res$clus2_mean_enroll_stype_narm$p <- 2 * pnorm(-abs(res$clus2_mean_enroll_stype_narm$estimate / res$clus2_mean_enroll_stype_narm$se))
case("clus2_mean_api00_stype", "svycontrast(svyby(~api00, ~stype, svydesign(id=~dnum+snum, weights=~pw), svymean, covmat=TRUE), ...)",
     svyby(~api00, ~stype, dclus2, svymean, covmat=TRUE), three)
dsc <- svydesign(id=~dnum, strata=~dstratum, weights=~pw, data=clus2)
case("stratclus_mean_api00_stype", "svycontrast(svyby(~api00, ~stype, svydesign(id=~dnum, strata=~dstratum, weights=~pw), svymean, covmat=TRUE), ...)",
     svyby(~api00, ~stype, dsc, svymean, covmat=TRUE), three)

dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=strat)
case("strat_mean_api00_stype", "svycontrast(svyby(~api00, ~stype, svydesign(id=~1, strata=~stype, fpc=~fpc), svymean, covmat=TRUE), ...) (domains = strata: zero covariance)",
     svyby(~api00, ~stype, dstrat, svymean, covmat=TRUE), three)
# missing values: svyby(na.rm=TRUE, covmat=TRUE) fails in survey 4.1-1 ("number of items to replace"), so the rows
# with a missing value are dropped by subset(), which keeps the design (the same estimates and SEs as na.rm=TRUE)
narm <- svyby(~acs_k3, ~awards, subset(dstrat, !is.na(acs_k3)), svymean, covmat=TRUE)
stopifnot(isTRUE(all.equal(num(SE(narm)), num(SE(svyby(~acs_k3, ~awards, dstrat, svymean, na.rm=TRUE))), tolerance=1e-12)))
case("strat_mean_acs_k3_awards_narm", "svycontrast(svyby(~acs_k3, ~awards, subset(dstrat, !is.na(acs_k3)), svymean, covmat=TRUE), Yes - No)",
     narm, list(Yes_minus_No=c(-1, 1)))


# replicate designs
jk1 <- as.svrepdesign(dclus1, type="JK1")
case("jk1_clus1_mean_api00_stype", "svycontrast(svyby(~api00, ~stype, as.svrepdesign(dclus1, type='JK1'), svymean, covmat=TRUE), ...)",
     svyby(~api00, ~stype, jk1, svymean, covmat=TRUE), three)
jk1mse <- as.svrepdesign(dclus1, type="JK1", mse=TRUE)
case("jk1_mse_clus1_mean_api00_stype", "svycontrast(svyby(~api00, ~stype, as.svrepdesign(dclus1, type='JK1', mse=TRUE), svymean, covmat=TRUE), ...)",
     svyby(~api00, ~stype, jk1mse, svymean, covmat=TRUE), three)
jkn <- as.svrepdesign(dstrat, type="JKn")
case("jkn_strat_mean_api00_awards", "svycontrast(svyby(~api00, ~awards, as.svrepdesign(dstrat, type='JKn'), svymean, covmat=TRUE), Yes - No)",
     svyby(~api00, ~awards, jkn, svymean, covmat=TRUE), list(Yes_minus_No=c(-1, 1)))
dstrat_nofpc <- svydesign(id=~1, strata=~stype, weights=~pw, data=strat)
set.seed(7); b7 <- as.svrepdesign(dstrat_nofpc, type="bootstrap", replicates=40)
case("boot_seed7_strat_nofpc_mean_api00_awards", "set.seed(7); svycontrast(svyby(~api00, ~awards, as.svrepdesign(svydesign(id=~1, strata=~stype, weights=~pw), type='bootstrap', replicates=40), svymean, covmat=TRUE), Yes - No)",
     svyby(~api00, ~awards, b7, svymean, covmat=TRUE), list(Yes_minus_No=c(-1, 1), both=c(0.5, 0.5)))

# calibrated designs: svyby(covmat=TRUE) fails on them in survey 4.1-1, so the difference of the two domain means comes
# from the saturated svyglm (coefficient of awardsYes = mean(Yes) - mean(No); its design-based vcov is the variance of
# that contrast, linearised and residualised on the calibration), the single-domain "contrasts" from svyby's SEs
calib <- function(name, call, des) {
  g <- svyglm(api00 ~ awards, des); b <- svyby(~api00, ~awards, des, svymean)
  est <- c(unname(coef(g)["awardsYes"]), num(coef(b))); se <- c(sqrt(vcov(g)["awardsYes", "awardsYes"]), num(SE(b)))
  res[[name]] <<- list(call=call, levels=as.character(b$awards), contrasts=list(c(-1, 1), c(1, 0), c(0, 1)),
                       estimate=est, se=se, p=2 * pnorm(-abs(est / se)), domain_estimate=num(coef(b)), domain_se=num(SE(b)))
}
rk <- rake(dclus1, list(~stype, ~sch_wide), list(data.frame(stype=c("E","H","M"), Freq=c(4421, 755, 1018)),
                                                  data.frame(sch_wide=c("No","Yes"), Freq=c(1072, 5122))))
calib("rake_clus1_mean_api00_awards", "svyglm(api00 ~ awards, rake(dclus1, ~stype + ~sch_wide)) and svyby(~api00, ~awards, ..., svymean)", rk)
ps <- postStratify(dclus1, ~stype, data.frame(stype=c("E","H","M"), Freq=c(4421, 755, 1018)))
calib("poststrat_clus1_mean_api00_awards", "svyglm(api00 ~ awards, postStratify(dclus1, ~stype)) and svyby(~api00, ~awards, ..., svymean)", ps)

writeLines(toJSON(list(generator="tools/reference/contrast.R", r=R.version.string, survey=as.character(packageVersion("survey")), results=res),
                  digits=NA, auto_unbox=TRUE, pretty=TRUE), file.path(out, "contrast_reference.json"))
