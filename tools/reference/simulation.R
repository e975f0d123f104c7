# Reference fixtures for the simulation area (group models): R glm (binomial, weighted) and survey::svyglm
# (quasibinomial) with design-based sandwich standard errors.
# Run from the repository root:  Rscript tools/reference/simulation.R
# Writes tests/Cohesion.Tests/Fixtures/simulation/*.csv and *.json. CI does not need R: the outputs are committed.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
out <- "tests/Cohesion.Tests/Fixtures/simulation"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

coef_table <- function(fit, vc) {
  b <- coef(fit)
  se <- rep(NA_real_, length(b)); names(se) <- names(b)
  ok <- !is.na(b)
  se[ok] <- sqrt(diag(vc))[names(b)[ok]]
  list(names = names(b), estimate = unname(b), se = unname(se))
}

# ---- 1. A synthetic survey with the canonical group coding (sex, age band, education3, origin7) ----------------
set.seed(20241125)
n <- 4000
strata <- sample(1:6, n, replace = TRUE)
psu <- paste0(strata, "_", sample(1:12, n, replace = TRUE))
sex <- sample(c("male", "female"), n, replace = TRUE)
age <- sample(18:95, n, replace = TRUE)
ageband <- cut(age, c(17, 24, 34, 44, 54, 64, 74, 200), labels = c("18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"))
education3 <- sample(c("low", "middle", "high"), n, replace = TRUE, prob = c(0.3, 0.4, 0.3))
origin7 <- sample(c("dutch", "g1_classic", "g1_asylum", "g1_labour", "g2_classic", "g2_asylum", "g2_labour"), n,
                  replace = TRUE, prob = c(0.7, 0.06, 0.04, 0.06, 0.05, 0.03, 0.06))
eta <- -0.3 + 0.1 * (sex == "female") + 1.2 * (education3 == "high") + 0.5 * (education3 == "middle") -
  0.6 * (origin7 %in% c("g1_classic", "g2_classic")) - 0.3 * (origin7 %in% c("g1_asylum")) + 0.01 * (age - 50) +
  0.3 * (education3 == "high") * (sex == "female") + rnorm(6)[strata] * 0.2
trust <- rbinom(n, 1, plogis(eta))
weight <- round(runif(n, 0.4, 3.5) * (1 + 0.5 * (education3 == "low")), 4)
d <- data.frame(trust, sex, age, ageband = as.character(ageband), education3, origin7, weight,
                stratum = strata, psu, stringsAsFactors = FALSE)
d$trust[sample(n, 25)] <- NA  # item non-response: complete cases only
write.csv(d, file.path(out, "glm_groups.csv"), row.names = FALSE, na = "")

f1 <- trust ~ sex + ageband + education3 + origin7 + sex:education3
g1 <- glm(f1, family = binomial, data = d, weights = weight)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d)
s1 <- svyglm(f1, design = des, family = quasibinomial)
# svyglm with a one-stage design without strata (each row its own PSU)
des0 <- svydesign(ids = ~1, weights = ~weight, data = d)
s0 <- svyglm(f1, design = des0, family = quasibinomial)
# unweighted glm with an aliased column (education3 duplicated as edu_copy)
d2 <- d; d2$edu_copy <- d2$education3
g2 <- glm(trust ~ education3 + edu_copy + age, family = binomial, data = d2)

res <- list(
  source = "tools/reference/simulation.R (R glm / survey::svyglm on a synthetic survey made with set.seed(20241125))",
  glm_weighted = c(list(formula = deparse(f1), deviance = deviance(g1), null_deviance = g1$null.deviance,
                        aic = g1$aic, df_residual = g1$df.residual, iterations = g1$iter),
                   coef_table(g1, vcov(g1))),
  svyglm_strat_cluster = c(list(formula = deparse(f1), df_residual = s1$df.residual),
                           coef_table(s1, vcov(s1)),
                           list(predicted_mean = unname(coef(svymean(~fitted, update(des, fitted = NA)[0, ], na.rm = TRUE)))[0])),
  svyglm_independent = c(list(formula = deparse(f1)), coef_table(s0, vcov(s0))),
  glm_aliased = c(list(formula = "trust ~ education3 + edu_copy + age", deviance = deviance(g2)), coef_table(g2, vcov(g2)))
)
# the weighted mean of fitted probabilities equals the weighted observed mean (intercept score equation)
cc <- !is.na(d$trust)
res$weighted_mean_trust <- sum(d$weight[cc] * d$trust[cc]) / sum(d$weight[cc])
res$weighted_mean_fitted <- sum(d$weight[cc] * fitted(g1)) / sum(d$weight[cc])
res$svyglm_strat_cluster$predicted_mean <- NULL
write(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "glm_groups.json"))

# ---- 2. survey's api data: stratified with fpc and two-stage cluster with fpc -----------------------------------
data(api)
apistrat$sw <- as.integer(apistrat$sch.wide == "Yes")
apiclus2$sw <- as.integer(apiclus2$sch.wide == "Yes")
write.csv(apistrat[, c("sw", "ell", "meals", "stype", "stype", "pw", "fpc", "stype", "snum")[c(1:4, 6:7, 9)]],
          file.path(out, "api_strat.csv"), row.names = FALSE)
write.csv(apiclus2[, c("sw", "ell", "meals", "stype", "pw", "dnum", "snum", "fpc1", "fpc2")],
          file.path(out, "api_clus2.csv"), row.names = FALSE, na = "")
f2 <- sw ~ ell + meals + stype
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2, fpc = ~fpc1 + fpc2)
a1 <- svyglm(f2, design = dstrat, family = quasibinomial)
a2 <- svyglm(f2, design = dclus2, family = quasibinomial)
api <- list(
  source = "tools/reference/simulation.R (survey::svyglm on survey's api data)",
  strat_fpc = c(list(formula = deparse(f2), design = "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
                     df_residual = a1$df.residual), coef_table(a1, vcov(a1))),
  clus2_fpc = c(list(formula = deparse(f2), design = "svydesign(id=~dnum+snum, weights=~pw, fpc=~fpc1+fpc2)",
                     df_residual = a2$df.residual), coef_table(a2, vcov(a2)))
)
write(toJSON(api, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "glm_api.json"))
cat("fixtures written to", out, "\n")

# ---- 3. The group models of the projection on the built-in synthetic survey (data/survey/nl-synthetic-ssw.csv) ----
# svyglm(quasibinomial) of three indicators on sex + ageband + education3 + origin7 with the framework's design
# (strata = province, clusters = municipality, weights = weight); canonical level order (reference first).
s <- read.csv("data/survey/nl-synthetic-ssw.csv", stringsAsFactors = FALSE)
# the columns the test needs, committed as a fixture so the test does not depend on regenerations of the survey
write.csv(s[, c("age", "sex", "education3", "origin7", "province", "municipality", "weight",
                "q_trust_people", "q_trust_tweede_kamer", "q_voted", "q_other_groups")],
          file.path(out, "group_models_survey.csv"), row.names = FALSE)
rec <- function(x, yes, missing = c(998, 999)) ifelse(x %in% missing | is.na(x), NA, as.numeric(x %in% yes))
s$trust_people <- rec(s$q_trust_people, 1)
s$trust_tweede_kamer <- rec(s$q_trust_tweede_kamer, c(1, 2))
s$voted <- rec(s$q_voted, 1, c(997, 998, 999))
s$views_other_groups <- ifelse(s$q_other_groups %in% c(998, 999) | is.na(s$q_other_groups), NA, s$q_other_groups / 10)
s$sex <- factor(s$sex, levels = c("male", "female"))
s$ageband <- factor(cut(s$age, c(-Inf, 24, 34, 44, 54, 64, 74, Inf), labels = c("15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")),
                    levels = c("15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"))
s$education3 <- factor(s$education3, levels = c("low", "middle", "high"))
s$origin7 <- factor(s$origin7, levels = c("dutch", "g1_classic", "g1_asylum", "g1_labour", "g2_classic", "g2_asylum", "g2_labour"))
ds <- svydesign(ids = ~municipality, strata = ~province, weights = ~weight, data = s)
gm <- list(source = "tools/reference/simulation.R (survey::svyglm on data/survey/nl-synthetic-ssw.csv)")
for (ind in c("trust_people", "trust_tweede_kamer", "voted", "views_other_groups")) {
  f <- as.formula(paste(ind, "~ sex + ageband + education3 + origin7"))
  m <- svyglm(f, design = ds, family = quasibinomial)
  gm[[ind]] <- c(list(df_residual = m$df.residual, survey_mean = unname(coef(svymean(as.formula(paste0("~", ind)), ds, na.rm = TRUE)))),
                 coef_table(m, vcov(m)))
}
write(toJSON(gm, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "group_models_synthetic.json"))
cat("group model fixtures written\n")
