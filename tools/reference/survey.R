# Reference values for Cohesion's survey estimators (src/Cohesion.Statistics/Survey), from R's survey package.
# Run: Rscript tools/reference/survey.R tests/Cohesion.Tests/Fixtures/survey
# Writes the data (CSV) and survey_reference.json: per case the R call, estimates, SEs, design effects, groups.
suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/survey"
dir.create(out, showWarnings=FALSE, recursive=TRUE)
data(api); data(nhanes)
keep <- c("cds","stype","cname","dnum","snum","sch.wide","awards","api00","api99","enroll","acs.k3","meals","pw")
clean <- function(d, extra) { d <- d[, c(keep, extra)]; names(d) <- gsub(".", "_", names(d), fixed=TRUE)
  for (v in names(d)) if (is.factor(d[[v]])) d[[v]] <- as.character(d[[v]]); d }
strat <- clean(apistrat, "fpc"); clus1 <- clean(apiclus1, "fpc"); clus2 <- clean(apiclus2, c("fpc1","fpc2"))
# sampling fractions instead of population sizes (R: values <= 1 are fractions)
clus2$frac1 <- 40 / clus2$fpc1
clus2$frac2 <- ave(clus2$snum, clus2$dnum, FUN=length) / clus2$fpc2
write.csv(strat, file.path(out, "apistrat.csv"), row.names=FALSE, na="")
write.csv(clus1, file.path(out, "apiclus1.csv"), row.names=FALSE, na="")
write.csv(clus2, file.path(out, "apiclus2.csv"), row.names=FALSE, na="")
strat$stype <- factor(strat$stype); clus1$stype <- factor(clus1$stype); clus2$stype <- factor(clus2$stype)
strat$awards <- factor(strat$awards); clus1$sch_wide <- factor(clus1$sch_wide)

num <- function(x) unname(as.numeric(x))
one <- function(x, call) { r <- list(call=call, estimate=num(coef(x)), se=num(SE(x)))
  d <- attr(x, "deff"); if (!is.null(d)) r$deff <- num(if (is.matrix(d)) diag(d) else d); r }
withdeff <- function(x, xr, call) { r <- one(x, call); r$deff_replace <- num(if (is.matrix(attr(xr, "deff"))) diag(attr(xr, "deff")) else attr(xr, "deff")); r }
by <- function(x, call) { df <- as.data.frame(x); r <- list(call=call, groups=as.character(df[[1]]), estimate=num(coef(x)), se=num(SE(x)))
  if (!is.null(attr(x, "svyby")$deffs) && !identical(attr(x, "svyby")$deffs, FALSE)) r$deff <- num(deff(x)); r }
rat <- function(x, call) { r <- list(call=call, estimate=num(coef(x)), se=num(SE(x)))
  if (!is.null(attr(x, "deff"))) r$deff <- num(attr(x, "deff")); r }
res <- list()

# ---- stratified with fpc (apistrat)
dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=strat)
res$strat_mean_api00 <- withdeff(svymean(~api00, dstrat, deff=TRUE), svymean(~api00, dstrat, deff="replace"), "svymean(~api00, svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc), deff=TRUE)")
res$strat_total_enroll <- withdeff(svytotal(~enroll, dstrat, deff=TRUE), svytotal(~enroll, dstrat, deff="replace"), "svytotal(~enroll, dstrat, deff=TRUE)")
res$strat_ratio_api00_api99 <- rat(svyratio(~api00, ~api99, dstrat, deff=TRUE), "svyratio(~api00, ~api99, dstrat, deff=TRUE)")
res$strat_prop_awards <- one(svymean(~awards, dstrat, deff=TRUE), "svymean(~factor(awards), dstrat, deff=TRUE)")
res$strat_by_stype_api00 <- by(svyby(~api00, ~stype, dstrat, svymean, deff=TRUE), "svyby(~api00, ~stype, dstrat, svymean, deff=TRUE)")
res$strat_by_stype_total_enroll <- by(svyby(~enroll, ~stype, dstrat, svytotal), "svyby(~enroll, ~stype, dstrat, svytotal)")
res$strat_by_stype_ratio <- by(svyby(~api00, ~stype, dstrat, svyratio, denominator=~api99), "svyby(~api00, ~stype, dstrat, svyratio, denominator=~api99)")
res$strat_by_awards_prop_stype <- (function(x) { df <- as.data.frame(x); list(call="svyby(~stype, ~awards, dstrat, svymean)", groups=as.character(df[[1]]),
    estimate=num(as.matrix(df[, 2:4])), se=num(as.matrix(df[, 5:7]))) })(svyby(~stype, ~awards, dstrat, svymean))
res$strat_total_awards <- one(svytotal(~awards, dstrat), "svytotal(~factor(awards), dstrat)")
res$strat_by_stype_total_awards <- (function(x) { df <- as.data.frame(x); list(call="svyby(~awards, ~stype, dstrat, svytotal)", groups=as.character(df[[1]]),
    estimate=num(as.matrix(df[, 2:3])), se=num(as.matrix(df[, 4:5]))) })(svyby(~awards, ~stype, dstrat, svytotal))
res$strat_mean_acs_k3_narm <- one(svymean(~acs_k3, dstrat, na.rm=TRUE, deff=TRUE), "svymean(~acs_k3, dstrat, na.rm=TRUE, deff=TRUE)")
res$strat_by_stype_acs_k3_narm <- by(svyby(~acs_k3, ~stype, dstrat, svymean, na.rm=TRUE), "svyby(~acs_k3, ~stype, dstrat, svymean, na.rm=TRUE)")
dstrat_nofpc <- svydesign(id=~1, strata=~stype, weights=~pw, data=strat)
res$strat_nofpc_mean_api00 <- one(svymean(~api00, dstrat_nofpc), "svymean(~api00, svydesign(id=~1, strata=~stype, weights=~pw))")
dsrs <- svydesign(id=~1, weights=~pw, data=strat)
res$srs_mean_api00 <- one(svymean(~api00, dsrs, deff=TRUE), "svymean(~api00, svydesign(id=~1, weights=~pw), deff=TRUE)")

# ---- one-stage cluster with fpc (apiclus1)
dclus1 <- svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=clus1)
res$clus1_mean_api00 <- withdeff(svymean(~api00, dclus1, deff=TRUE), svymean(~api00, dclus1, deff="replace"), "svymean(~api00, svydesign(id=~dnum, weights=~pw, fpc=~fpc), deff=TRUE)")
res$clus1_total_enroll <- one(svytotal(~enroll, dclus1, deff=TRUE), "svytotal(~enroll, dclus1, deff=TRUE)")
res$clus1_by_stype_api00 <- by(svyby(~api00, ~stype, dclus1, svymean, deff=TRUE), "svyby(~api00, ~stype, dclus1, svymean, deff=TRUE)")
res$clus1_prop_stype <- one(svymean(~stype, dclus1), "svymean(~stype, dclus1)")
res$clus1_ratio_api00_api99 <- rat(svyratio(~api00, ~api99, dclus1), "svyratio(~api00, ~api99, dclus1)")
dclus1_nofpc <- svydesign(id=~dnum, weights=~pw, data=clus1)
res$clus1_nofpc_mean_api00 <- one(svymean(~api00, dclus1_nofpc), "svymean(~api00, svydesign(id=~dnum, weights=~pw))")

# ---- two-stage cluster with fpc (apiclus2)
dclus2 <- svydesign(id=~dnum+snum, weights=~pw, fpc=~fpc1+fpc2, data=clus2)
res$clus2_mean_api00 <- one(svymean(~api00, dclus2, deff=TRUE), "svymean(~api00, svydesign(id=~dnum+snum, weights=~pw, fpc=~fpc1+fpc2), deff=TRUE)")
res$clus2_total_enroll_narm <- one(svytotal(~enroll, dclus2, na.rm=TRUE), "svytotal(~enroll, dclus2, na.rm=TRUE)")
res$clus2_by_stype_api00 <- by(svyby(~api00, ~stype, dclus2, svymean), "svyby(~api00, ~stype, dclus2, svymean)")
res$clus2_ratio_api00_api99 <- rat(svyratio(~api00, ~api99, dclus2), "svyratio(~api00, ~api99, dclus2)")
dclus2f <- svydesign(id=~dnum+snum, weights=~pw, fpc=~frac1+frac2, data=clus2)
res$clus2_fraction_mean_api00 <- one(svymean(~api00, dclus2f), "svymean(~api00, svydesign(id=~dnum+snum, weights=~pw, fpc=~frac1+frac2))")
dclus2_nofpc <- svydesign(id=~dnum+snum, weights=~pw, data=clus2)
res$clus2_nofpc_mean_api00 <- one(svymean(~api00, dclus2_nofpc), "svymean(~api00, svydesign(id=~dnum+snum, weights=~pw))")

# ---- replicate weights made from the design (as.svrepdesign)
jk1 <- as.svrepdesign(dclus1, type="JK1")
res$jk1_clus1_mean_api00 <- one(svymean(~api00, jk1), "svymean(~api00, as.svrepdesign(dclus1, type='JK1'))")
res$jk1_clus1_total_enroll <- one(svytotal(~enroll, jk1), "svytotal(~enroll, as.svrepdesign(dclus1, type='JK1'))")
res$jk1_clus1_by_stype_api00 <- by(svyby(~api00, ~stype, jk1, svymean), "svyby(~api00, ~stype, as.svrepdesign(dclus1, type='JK1'), svymean)")
res$jk1_clus1_ratio <- rat(svyratio(~api00, ~api99, jk1), "svyratio(~api00, ~api99, as.svrepdesign(dclus1, type='JK1'))")
res$jk1_clus1_prop_stype <- one(svymean(~stype, jk1), "svymean(~stype, as.svrepdesign(dclus1, type='JK1'))")
jk1mse <- as.svrepdesign(dclus1, type="JK1", mse=TRUE)
res$jk1_mse_clus1_mean_api00 <- one(svymean(~api00, jk1mse), "svymean(~api00, as.svrepdesign(dclus1, type='JK1', mse=TRUE))")
jk1_nofpc <- as.svrepdesign(dclus1_nofpc, type="JK1")
res$jk1_nofpc_clus1_mean_api00 <- one(svymean(~api00, jk1_nofpc), "svymean(~api00, as.svrepdesign(svydesign(id=~dnum, weights=~pw), type='JK1'))")
jkn <- as.svrepdesign(dstrat, type="JKn")
res$jkn_strat_mean_api00 <- one(svymean(~api00, jkn), "svymean(~api00, as.svrepdesign(dstrat, type='JKn'))")
res$jkn_strat_by_stype_api00 <- by(svyby(~api00, ~stype, jkn, svymean), "svyby(~api00, ~stype, as.svrepdesign(dstrat, type='JKn'), svymean)")
nh <- nhanes; dnh <- svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nh)
nh2 <- nh[nh$SDMVPSU != 3, c("SDMVPSU","SDMVSTRA","WTMEC2YR","HI_CHOL","race","agecat")]  # BRR needs two PSUs per stratum
write.csv(nh2, file.path(out, "nhanes_2psu.csv"), row.names=FALSE, na="")
dnh2 <- svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nh2)
brr <- as.svrepdesign(dnh2, type="BRR")
res$brr_nhanes_mean_HI_CHOL <- one(svymean(~HI_CHOL, brr, na.rm=TRUE), "svymean(~HI_CHOL, as.svrepdesign(nhanes without PSU 3, type='BRR'), na.rm=TRUE)")
res$brr_nhanes_total_HI_CHOL <- one(svytotal(~HI_CHOL, brr, na.rm=TRUE), "svytotal(~HI_CHOL, as.svrepdesign(nhanes without PSU 3, type='BRR'), na.rm=TRUE)")
res$brr_nhanes_by_race_HI_CHOL <- by(svyby(~HI_CHOL, ~race, brr, svymean, na.rm=TRUE), "svyby(~HI_CHOL, ~race, BRR, svymean, na.rm=TRUE)")
res$brr_nhanes_ncol <- list(call="ncol(brr$repweights$weights)", estimate=ncol(brr$repweights$weights), se=0)
nh4 <- nh2; s76 <- nh4$SDMVSTRA == 76; nh4$SDMVPSU[s76] <- nh4$SDMVPSU[s76] + 2; nh4$SDMVSTRA[s76] <- 75  # a stratum of 4 PSUs
brr4 <- as.svrepdesign(svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE, data=nh4), type="BRR")
res$brr_split_nhanes_mean_HI_CHOL <- one(svymean(~HI_CHOL, brr4, na.rm=TRUE), "BRR with stratum 76 merged into 75 (4 PSUs, split into pairs): svymean(~HI_CHOL, na.rm=TRUE)")
jknnh <- as.svrepdesign(dnh, type="JKn")
res$jkn_nhanes_by_agecat_HI_CHOL <- by(svyby(~HI_CHOL, ~agecat, jknnh, svymean, na.rm=TRUE), "svyby(~HI_CHOL, ~agecat, as.svrepdesign(nhanes, 'JKn'), svymean, na.rm=TRUE)")

# ---- calibration
pop.types <- data.frame(stype=c("E","H","M"), Freq=c(4421,755,1018))
pop.schwide <- data.frame(sch_wide=c("No","Yes"), Freq=c(1072,5122))
rclus1 <- rake(dclus1, list(~stype, ~sch_wide), list(pop.types, pop.schwide))
res$rake_clus1_mean_api00 <- one(svymean(~api00, rclus1), "svymean(~api00, rake(dclus1, list(~stype, ~sch_wide), list(pop.types, pop.schwide)))")
res$rake_clus1_total_enroll <- one(svytotal(~enroll, rclus1), "svytotal(~enroll, rake(dclus1, ...))")
res$rake_clus1_by_stype_api00 <- by(svyby(~api00, ~stype, rclus1, svymean), "svyby(~api00, ~stype, rake(dclus1, ...), svymean)")
res$rake_clus1_ratio <- rat(svyratio(~api00, ~api99, rclus1), "svyratio(~api00, ~api99, rake(dclus1, ...))")
res$rake_clus1_weights_sum <- list(call="sum(weights(rclus1))", estimate=sum(weights(rclus1)), se=0)
pclus1 <- postStratify(dclus1, ~stype, pop.types)
res$post_clus1_mean_api00 <- one(svymean(~api00, pclus1), "svymean(~api00, postStratify(dclus1, ~stype, pop.types))")
res$post_clus1_total_enroll <- one(svytotal(~enroll, pclus1), "svytotal(~enroll, postStratify(dclus1, ~stype, pop.types))")
res$post_clus1_by_sch_wide_api00 <- by(svyby(~api00, ~sch_wide, pclus1, svymean), "svyby(~api00, ~sch_wide, postStratify(dclus1, ~stype, pop.types), svymean)")
rjk1 <- rake(jk1, list(~stype, ~sch_wide), list(pop.types, pop.schwide))
res$rake_jk1_clus1_mean_api00 <- one(svymean(~api00, rjk1), "svymean(~api00, rake(as.svrepdesign(dclus1, type='JK1'), ...))")
res$rake_jk1_clus1_total_enroll <- one(svytotal(~enroll, rjk1), "svytotal(~enroll, rake(as.svrepdesign(dclus1, type='JK1'), ...))")
rstrat <- rake(dstrat, list(~sch_wide, ~awards), list(pop.schwide, data.frame(awards=c("No","Yes"), Freq=c(2500, 3694))), control=list(maxit=10, epsilon=1e-8))
res$rake_eps_strat_mean_api00 <- one(svymean(~api00, rstrat), "svymean(~api00, rake(dstrat, list(~sch_wide, ~awards), ..., control=list(epsilon=1e-8)))")

# ---- design effects with replicate weights and calibration
res$jk1_deff_clus1_mean_api00 <- one(svymean(~api00, jk1, deff=TRUE), "svymean(~api00, as.svrepdesign(dclus1, type='JK1'), deff=TRUE)")
res$rake_deff_clus1_mean_api00 <- one(svymean(~api00, rclus1, deff=TRUE), "svymean(~api00, rake(dclus1, ...), deff=TRUE)")

# ---- supplied replicate weights (svrepdesign): R's own bootstrap and JKn weights, exported with the data
set.seed(42)
boot <- as.svrepdesign(dclus1, type="bootstrap", replicates=50)
bw <- weights(boot, "analysis"); colnames(bw) <- paste0("bw", 1:ncol(bw))
jkn1 <- as.svrepdesign(svydesign(id=~dnum, strata=~stype, weights=~pw, nest=TRUE, data=clus1), type="JKn")
jw <- weights(jkn1, "analysis"); colnames(jw) <- paste0("jw", 1:ncol(jw))
write.csv(cbind(clus1[, c("api00", "api99", "stype", "pw")], bw, jw), file.path(out, "apiclus1_repweights.csv"), row.names=FALSE)
res$boot_scale <- list(call="as.svrepdesign(dclus1, type='bootstrap', replicates=50)$scale", estimate=boot$scale, se=0)
set.seed(7); b7 <- as.svrepdesign(dstrat_nofpc, type="bootstrap", replicates=40)
res$boot_seed7_strat_nofpc_mean_api00 <- one(svymean(~api00, b7), "set.seed(7); svymean(~api00, as.svrepdesign(svydesign(id=~1, strata=~stype, weights=~pw), type='bootstrap', replicates=40))")
res$boot_seed7_strat_nofpc_by_awards_api00 <- by(svyby(~api00, ~awards, b7, svymean), "set.seed(7); svyby(~api00, ~awards, as.svrepdesign(..., type='bootstrap', replicates=40), svymean)")
set.seed(11); b11 <- as.svrepdesign(dclus2, type="bootstrap", replicates=30)
res$boot_seed11_clus2_total_enroll <- one(svytotal(~enroll, b11, na.rm=TRUE), "set.seed(11); svytotal(~enroll, as.svrepdesign(dclus2, type='bootstrap', replicates=30), na.rm=TRUE)")
res$boot_asrep_seed42_clus1_mean_api00 <- one(svymean(~api00, boot), "(the same) set.seed(42); svymean(~api00, as.svrepdesign(dclus1, type='bootstrap', replicates=50))")
res$boot_asrep_clus1_mean_api00 <- one(svymean(~api00, boot), "set.seed(42); svymean(~api00, as.svrepdesign(dclus1, type='bootstrap', replicates=50))")
sb <- svrepdesign(data=cbind(clus1, bw), repweights="bw[0-9]+", weights=~pw, type="bootstrap", combined.weights=TRUE)
res$boot_supplied_clus1_mean_api00 <- one(svymean(~api00, sb), "svymean(~api00, svrepdesign(repweights='bw[0-9]+', weights=~pw, type='bootstrap', combined.weights=TRUE))")
res$boot_supplied_clus1_by_stype_api00 <- by(svyby(~api00, ~stype, sb, svymean), "svyby(~api00, ~stype, svrepdesign(... type='bootstrap'), svymean)")
res$jkn_rscales <- list(call="as.svrepdesign(svydesign(id=~dnum, strata=~stype, nest=TRUE), type='JKn')$rscales", estimate=num(jkn1$rscales), se=0*num(jkn1$rscales))
sj <- svrepdesign(data=cbind(clus1, jw), repweights="jw[0-9]+", weights=~pw, type="JKn", rscales=jkn1$rscales, combined.weights=TRUE)
res$jkn_supplied_clus1_ratio <- rat(svyratio(~api00, ~api99, sj), "svyratio(~api00, ~api99, svrepdesign(type='JKn', rscales=..., combined.weights=TRUE))")
res$jkn_supplied_clus1_mse_total <- one(svytotal(~api00, svrepdesign(data=cbind(clus1, jw), repweights="jw[0-9]+", weights=~pw, type="JKn", rscales=jkn1$rscales, mse=TRUE)), "svytotal(~api00, svrepdesign(type='JKn', ..., mse=TRUE))")

# ---- lonely PSUs: apistrat stratified by county (several counties hold one school)
for (opt in c("adjust", "average", "certainty", "remove")) {
  options(survey.lonely.psu=opt)
  dl <- svydesign(id=~1, strata=~cname, weights=~pw, data=strat)
  res[[paste0("lonely_", opt, "_mean_api00")]] <- one(svymean(~api00, dl), paste0("options(survey.lonely.psu='", opt, "'); svymean(~api00, svydesign(id=~1, strata=~cname, weights=~pw))"))
  res[[paste0("lonely_", opt, "_by_stype_api00")]] <- by(svyby(~api00, ~stype, dl, svymean), paste0("options(survey.lonely.psu='", opt, "'); svyby(~api00, ~stype, ..., svymean)"))
  if (opt != "remove") {
    jl <- as.svrepdesign(dl, type="JKn")
    res[[paste0("lonely_", opt, "_jkn_mean_api00")]] <- one(svymean(~api00, jl), paste0("options(survey.lonely.psu='", opt, "'); svymean(~api00, as.svrepdesign(..., type='JKn'))"))
  }
}
options(survey.lonely.psu="fail")
lonely <- names(which(table(strat$cname) == 1))
res$lonely_strata <- list(call="names(which(table(apistrat$cname) == 1))", groups=sort(lonely), estimate=length(lonely), se=0)

# ---- R's Hadamard matrices for BRR (precomputed, Paley, doubled), by number of strata
hn <- c(1:20, 21, 23, 25, 29, 33, 37, 41, 45, 50, 57, 60, 64, 70, 77, 100)
writeLines(toJSON(lapply(setNames(hn, hn), function(n) apply(survey:::hadamard(n), 1, paste, collapse="")), pretty=FALSE),
           file.path(out, "hadamard_reference.json"))

writeLines(toJSON(list(source="survey::api (apistrat, apiclus1, apiclus2), survey::nhanes", survey_version=as.character(packageVersion("survey")),
                       results=res), auto_unbox=TRUE, digits=NA, pretty=TRUE, null="null"), file.path(out, "survey_reference.json"))
cat("wrote", length(res), "cases\n")
