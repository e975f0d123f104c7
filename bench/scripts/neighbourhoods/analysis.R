# The R side of compare_analysis.sh: the built-in diversity–cohesion analysis of `cohesion neighbourhoods` in R on
# the exported panel — pooled OLS with year dummies and two-way FE (plm, vcovHC arellano "sss" by buurt), the FE
# coefficient of diversity as control groups are added (4 more plm fits), the Gelbach decomposition (base and full
# fits), and lmer(cohesion ~ ... + factor(year) + (1|gemeente/buurt)). Usage: Rscript analysis.R panel.csv
suppressPackageStartupMessages({ library(data.table); library(plm); library(lme4) })
t0 <- proc.time()[["elapsed"]]
d <- as.data.frame(fread(commandArgs(TRUE)[1]))
groups <- list(ses = c("income", "low_income"), housing = c("rental_share", "corporation_share"), neglect = "neglect", turnover = "turnover")
ctl <- unlist(groups)
f <- reformulate(c("diversity", ctl), "cohesion")
pd <- pdata.frame(d, index = c("buurt", "year"))
pooled <- plm(update(f, . ~ . + factor(year)), pd, model = "pooling"); vp <- vcovHC(pooled, type = "sss", cluster = "group")
fe <- plm(f, pd, model = "within", effect = "twoways"); vf <- vcovHC(fe, type = "sss", cluster = "group")
steps <- sapply(0:4, function(s) {
  cols <- c("diversity", unlist(groups[seq_len(s)]))
  coef(plm(reformulate(cols, "cohesion"), pd, model = "within", effect = "twoways"))[["diversity"]]
})
# Gelbach (FE): delta_g = Gamma_g beta_g with Gamma from the within-transformed regressors
X <- model.matrix(fe); beta <- coef(fe)
g1 <- solve(crossprod(X[, "diversity", drop = FALSE]), crossprod(X[, "diversity", drop = FALSE], X[, ctl]))
delta <- sapply(groups, function(cols) sum(g1[1, cols] * beta[cols]))
mm <- lmer(update(f, . ~ . + factor(year) + (1 | gemeente/buurt)), d, REML = TRUE)
cat(sprintf("FE diversity %.6f (se %.6f); steps %s; gelbach %s; lmer logLik %.3f\n", coef(fe)[["diversity"]],
            sqrt(vf["diversity", "diversity"]), paste(round(steps, 4), collapse = " "), paste(round(delta, 4), collapse = " "),
            as.numeric(logLik(mm))))
cat(sprintf("R total %.2f s\n", proc.time()[["elapsed"]] - t0))
