# Reference values for Rubin's rules (Cohesion.Statistics.Imputation.RubinsRules) from mitools::MIcombine: pooled
# estimates, total covariance, df (with and without the Barnard-Rubin small-sample correction of df.complete) and
# missinfo, on seeded estimate vectors and positive-definite covariances (m = 2..10 imputations, K = 1..4 estimates),
# including an estimate on which the imputations agree exactly (B = 0: df infinite, or the observed-data df).
# Run: Rscript tools/reference/rubin.R tests/Cohesion.Tests/Fixtures/rubin
# Writes rubin_reference.json; an infinite df is written as null.
suppressMessages({library(mitools); library(jsonlite)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/rubin"
dir.create(out, showWarnings=FALSE, recursive=TRUE)
set.seed(20261202)
num <- function(x) unname(as.numeric(x))
fin <- function(x) lapply(num(x), function(v) if (is.infinite(v)) NULL else v)
cases <- list()
add <- function(name, m, K, dfc, agree=FALSE) {
  base <- rnorm(K, 0, 3)
  L <- matrix(rnorm(K * K, 0, 0.4), K, K)
  est <- lapply(1:m, function(i) { e <- base + rnorm(K, 0, 0.5); if (agree) e[K] <- base[K]; e })
  cov <- lapply(1:m, function(i) { A <- L + matrix(rnorm(K * K, 0, 0.1), K, K); A %*% t(A) + diag(0.05, K) })
  r <- MIcombine(est, cov, df.complete=dfc)
  cases[[name]] <<- list(
    call=sprintf("MIcombine(results, variances, df.complete=%s)", format(dfc)),
    completeDf=if (is.infinite(dfc)) NULL else dfc,
    estimates=lapply(est, function(e) I(num(e))), covariances=lapply(cov, function(v) I(num(t(v)))),
    pooled=I(num(coef(r))), covariance=I(num(t(vcov(r)))), df=fin(r$df), fmi=I(num(r$missinfo)))
}
add("m2_k1_inf", 2, 1, Inf)
add("m3_k2_inf", 3, 2, Inf)
add("m5_k3_inf", 5, 3, Inf)
add("m5_k3_df100", 5, 3, 100)
add("m5_k3_df20", 5, 3, 20)
add("m10_k4_df12", 10, 4, 12)
add("m3_k2_df5", 3, 2, 5)
add("m20_k2_df1000", 20, 2, 1000)
add("m5_k3_agree_inf", 5, 3, Inf, agree=TRUE)
add("m5_k3_agree_df30", 5, 3, 30, agree=TRUE)
writeLines(toJSON(list(mitools=as.character(packageVersion("mitools")), cases=cases), auto_unbox=TRUE, digits=NA, null="null", pretty=TRUE),
           file.path(out, "rubin_reference.json"))

# ---- df.complete through the survey verbs (estimate, glm --imputation --df-complete N): MIcombine(..., df.complete=N)
# on the stacked files written by survey_glm.R and survey_depth.R (pisa plausible values, mitools::smi).
suppressMessages(library(survey))
dd <- file.path(dirname(out), "survey_depth")
pv <- read.csv(file.path(dd, "pisa_pv_stacked.csv"), colClasses=c(SCHOOLID="character", STRATUM="character"))
sm <- read.csv(file.path(dd, "smi_stacked.csv"))
options(survey.lonely.psu="adjust")
pdes <- svydesign(id=~SCHOOLID, strata=~STRATUM, weights=~W_FSTUWT, nest=TRUE, data=imputationList(split(pv, pv$imp)))
sdes <- svydesign(id=~id, weights=~w, data=imputationList(split(sm, sm$imp)))
PS <- list(data="pisa_pv_stacked.csv", weights="W_FSTUWT", strata="STRATUM", clusters=list("SCHOOLID"), nest=TRUE, lonely="adjust", imputation="imp")
SS <- list(data="smi_stacked.csv", weights="w", clusters=list("id"), lonely="fail", imputation="imp")
pdegf <- degf(pdes$designs[[1]])
rows <- function(r) { e <- num(coef(r)); s <- sqrt(num(diag(vcov(r))))
  lapply(seq_along(e), function(i) list(term=names(coef(r))[i], estimate=e[i], se=s[i], df=num(r$df[i]), fmi=num(r$missinfo[i]))) }
sv <- list()
sv$mean_math_degf <- list(call=sprintf("MIcombine(with(pdes, svymean(~math)), df.complete=degf(design)=%d)", pdegf), kind="estimate",
  spec=PS, analysis=list(stat="mean", var="math"), completeDf=pdegf, rows=rows(MIcombine(with(pdes, svymean(~math)), df.complete=pdegf)))
sv$by_sex_math_df30 <- list(call="MIcombine(with(pdes, svyby(~math, ~ST04Q01, svymean)), df.complete=30)", kind="estimate",
  spec=PS, analysis=list(stat="mean", var="math", by="ST04Q01"), completeDf=30, rows=rows(MIcombine(with(pdes, svyby(~math, ~ST04Q01, svymean)), df.complete=30)))
sv$total_math_df8 <- list(call="MIcombine(with(pdes, svytotal(~math)), df.complete=8)", kind="estimate",
  spec=PS, analysis=list(stat="total", var="math"), completeDf=8, rows=rows(MIcombine(with(pdes, svytotal(~math)), df.complete=8)))
fits <- with(pdes, svyglm(math ~ ST04Q01 + MATHEFF))
sv$glm_gaussian_dfresid <- list(call="MIcombine(with(pdes, svyglm(math ~ ST04Q01 + MATHEFF)), df.complete=df.residual)", kind="glm",
  spec=PS, analysis=list(formula="math ~ ST04Q01 + MATHEFF", family="gaussian"), completeDf=fits[[1]]$df.residual, rows=rows(MIcombine(fits, df.complete=fits[[1]]$df.residual)))
fits <- with(sdes, svyglm(drinkreg ~ wave * sex, family=quasibinomial()))
sv$glm_smi_quasibinomial_df20 <- list(call="MIcombine(with(sdes, svyglm(drinkreg ~ wave * sex, family=quasibinomial())), df.complete=20)", kind="glm",
  spec=SS, analysis=list(formula="drinkreg ~ wave * sex", family="quasibinomial"), completeDf=20, rows=rows(MIcombine(fits, df.complete=20)))
# svyolr over imputations: drinking frequency (4 ordered categories) in mitools::smi, written here as a stacked file
data(smi, package="mitools")
so <- do.call(rbind, lapply(seq_along(smi$imputations), function(m) cbind(smi$imputations[[m]][, c("id","wave","sex","drkfre")], w=1, imp=m)))
so$drkfre <- as.character(so$drkfre)
write.csv(so, file.path(out, "smi_ordinal_stacked.csv"), row.names=FALSE, na="")
olev <- c("Non drinker", "not in last wk", "<3 days last wk", ">=3 days last wk")
so$drkfre <- factor(so$drkfre, levels=olev)
odes <- svydesign(id=~id, weights=~w, data=imputationList(split(so, so$imp)))
fits <- with(odes, svyolr(drkfre ~ wave + sex))
OS <- list(data="smi_ordinal_stacked.csv", dir="rubin", weights="w", clusters=list("id"), lonely="fail", imputation="imp")
sv$glm_smi_ordinal <- list(call="MIcombine(with(svydesign(id=~id, weights=~w, data=imputationList(smi)), svyolr(drkfre ~ wave + sex)))", kind="glm",
  spec=OS, analysis=list(formula="drkfre ~ wave + sex", family="ordinal", levels=paste(olev, collapse=";")), completeDf=NULL, rows=rows(MIcombine(fits)))
sv$glm_smi_ordinal_df40 <- list(call="MIcombine(with(..., svyolr(drkfre ~ wave + sex)), df.complete=40)", kind="glm",
  spec=OS, analysis=list(formula="drkfre ~ wave + sex", family="ordinal", levels=paste(olev, collapse=";")), completeDf=40, rows=rows(MIcombine(fits, df.complete=40)))
# panel (lm) and mixed (lmer) over the plausible values: MIcombine(lapply(fits, coef), lapply(fits, vcov), df.complete=N)
suppressMessages(library(lme4))
imps <- split(pv, pv$imp)
PP <- list(data="pisa_pv_stacked.csv", imputation="imp")
fits <- lapply(imps, function(d) lm(math ~ ST04Q01 + MATHEFF, data=d))
sv$panel_ols_dfresid <- list(call="MIcombine(lapply(fits, coef), lapply(fits, vcov), df.complete=df.residual) over lm(math ~ ST04Q01 + MATHEFF)", kind="panel",
  spec=PP, analysis=list(formula="math ~ ST04Q01 + MATHEFF"), completeDf=fits[[1]]$df.residual,
  rows=rows(MIcombine(lapply(fits, coef), lapply(fits, vcov), df.complete=fits[[1]]$df.residual)))
fits <- lapply(imps, function(d) lmer(math ~ ST04Q01 + MATHEFF + (1|SCHOOLID), data=d))
sv$mixed_reml_df40 <- list(call="MIcombine(lapply(fits, fixef), lapply(fits, vcov), df.complete=40) over lmer(math ~ ST04Q01 + MATHEFF + (1|SCHOOLID))", kind="mixed",
  spec=PP, analysis=list(formula="math ~ ST04Q01 + MATHEFF + (1|SCHOOLID)"), completeDf=40,
  rows=rows(MIcombine(lapply(fits, fixef), lapply(fits, function(f) as.matrix(vcov(f))), df.complete=40)))
writeLines(toJSON(list(mitools=as.character(packageVersion("mitools")), survey=as.character(packageVersion("survey")), cases=sv),
                  auto_unbox=TRUE, digits=NA, null="null", pretty=TRUE), file.path(out, "rubin_survey.json"))
