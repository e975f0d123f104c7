# Reference fixtures for the models area (OLS, within/FE with clustered SEs, Gelbach, lme4 LMMs).
# Usage: Rscript tools/reference/models.R tests/Cohesion.Tests/Fixtures/models
suppressMessages({library(lme4); library(plm); library(jsonlite)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/models"
dir.create(out, showWarnings=FALSE, recursive=TRUE)
save <- function(name, d, spec, res) {
  if (!is.null(d)) write.csv(d, file.path(out, paste0(name, ".csv")), row.names=FALSE)
  writeLines(toJSON(list(source=spec$source, data=if (!is.null(d)) paste0(name, ".csv") else NULL, call=spec$call, results=res),
                    auto_unbox=TRUE, digits=NA, pretty=TRUE, null="null", na="null"), file.path(out, paste0(name, ".json"))) }

# ---- OLS (lm) -------------------------------------------------------------------------------------------
sss <- function(X, e, cl) { XtXi <- solve(crossprod(X)); G <- length(unique(cl)); n <- nrow(X); K <- ncol(X)
  S <- rowsum(X * e, cl); V <- XtXi %*% crossprod(S) %*% XtXi; V * G/(G-1) * (n-1)/(n-K) }
hc1 <- function(X, e, dfres) { XtXi <- solve(crossprod(X)); n <- nrow(X); XtXi %*% crossprod(X * e) %*% XtXi * n/dfres }
lminfo <- function(m, cl) { co <- coef(summary(m)); X <- model.matrix(m)[, !is.na(coef(m)), drop=FALSE]; e <- residuals(m)
  ci <- confint(m)[!is.na(coef(m)), , drop=FALSE]
  list(terms=rownames(co), estimate=unname(co[,1]), se=unname(co[,2]), statistic=unname(co[,3]), p=unname(co[,4]),
       ci_lower=unname(ci[,1]), ci_upper=unname(ci[,2]), aliased=names(coef(m))[is.na(coef(m))],
       df=df.residual(m), sigma=summary(m)$sigma, r2=summary(m)$r.squared,
       se_hc1=unname(sqrt(diag(hc1(X, e, df.residual(m))))), se_cluster=unname(sqrt(diag(sss(X, e, cl))))) }
mt <- mtcars; mt$car <- rownames(mtcars); mt$wt_hp <- mt$wt + mt$hp
r <- list(mpg_wt_hp_cyl=lminfo(lm(mpg ~ wt + hp + factor(cyl), mt), mt$gear),
          mpg_interaction=lminfo(lm(mpg ~ wt * hp + log(disp), mt), mt$gear),
          mpg_aliased=lminfo(lm(mpg ~ wt + hp + wt_hp, mt), mt$gear))
save("lm_mtcars", mt, list(source="datasets::mtcars", call="lm(...); HC1 and cluster(gear) sss computed by hand"), r)

# ---- plm within (one-way, two-way, unbalanced) ------------------------------------------------------------
cl <- function(m, cluster="group") { V <- vcovHC(m, method="arellano", type="sss", cluster=cluster); s <- summary(m)$coefficients
  list(terms=names(coef(m)), estimate=unname(coef(m)), se_iid=unname(sqrt(diag(vcov(m)))), se_cluster=unname(sqrt(diag(V))),
       p_iid=unname(s[,4]), df=df.residual(m), n=nobs(m)) }
data(Grunfeld, package="plm")
r <- list(oneway=cl(plm(inv ~ value + capital, Grunfeld, index=c("firm","year"), model="within")),
          twoways=cl(plm(inv ~ value + capital, Grunfeld, index=c("firm","year"), model="within", effect="twoways")),
          twoways_cluster_time=cl(plm(inv ~ value + capital, Grunfeld, index=c("firm","year"), model="within", effect="twoways"), "time"),
          pooling=cl(plm(inv ~ value + capital, Grunfeld, index=c("firm","year"), model="pooling")))
save("plm_grunfeld", Grunfeld, list(source="plm::Grunfeld", call="plm(inv ~ value + capital, model='within'|'pooling', effect=...); vcovHC(arellano, sss)"), r)
# singleton firms: plm keeps them (n and G count them in the sss factor); Cohesion drops them as fixest does but
# keeps plm's counts, so the numbers agree
gs <- rbind(Grunfeld, data.frame(firm=c(11, 12), year=c(1935, 1940), inv=c(50, 80), value=c(900, 1500), capital=c(100, 300)))
r <- list(oneway=cl(plm(inv ~ value + capital, gs, index=c("firm","year"), model="within")),
          twoways=cl(plm(inv ~ value + capital, gs, index=c("firm","year"), model="within", effect="twoways")))
save("plm_grunfeld_singletons", gs, list(source="plm::Grunfeld plus two singleton firms (11, 12)", call="plm(inv ~ value + capital, model='within', effect=...); vcovHC(arellano, sss)"), r)
data(Males, package="plm"); set.seed(1); M <- Males[sort(sample(nrow(Males), 3000)), c("nr","year","wage","exper","union","married","health")]
# no singletons in this subsample's nr (plm keeps singletons; fixest drops them)
tab <- table(M$nr); M <- M[M$nr %in% names(tab)[tab > 1], ]
r <- list(twoways_unbalanced=cl(plm(wage ~ union + married + health, M, index=c("nr","year"), model="within", effect="twoways")),
          oneway_unbalanced=cl(plm(wage ~ exper + union + married + health, M, index=c("nr","year"), model="within")))
save("plm_males_unbalanced", M, list(source="plm::Males, random subsample of 3000 rows (set.seed(1)) without singleton men", call="plm(..., model='within'); vcovHC(arellano, sss, cluster='group')"), r)

# ---- Gelbach (2016) by hand -----------------------------------------------------------------------------
set.seed(42); G <- 60; n <- 1200
d <- data.frame(gemeente=sample(sprintf("GM%02d", 1:G), n, TRUE), year=sample(2012:2016, n, TRUE))
u <- rnorm(G)[as.integer(factor(d$gemeente))]
d$woz <- 2 + 0.5*u + rnorm(n); d$income <- 30 + 3*u + 0.5*d$woz + rnorm(n, sd=3); d$rent <- 0.5 + 0.1*u + rnorm(n, sd=0.2)
d$turnover <- 0.1 + 0.02*d$rent + rnorm(n, sd=0.05)
d$diversity <- 0.3 - 0.1*d$woz + 0.05*d$rent + 0.3*d$turnover + rnorm(n, sd=0.1)
d$cohesion <- 5 - 1*d$diversity + 0.3*d$woz + 0.02*d$income - 0.8*d$rent - 2*d$turnover + 0.1*(d$year-2014) + u + rnorm(n)
gelbach <- function(y, X1, X2, groups, vtype, cl=NULL, absorbed=0) {
  X <- cbind(X1, X2); n <- nrow(X); K <- ncol(X)
  bf <- solve(crossprod(X), crossprod(X, y)); e <- y - X %*% bf
  bb <- solve(crossprod(X1), crossprod(X1, y)); eb <- y - X1 %*% bb
  XtXi <- solve(crossprod(X)); dfres <- n - K - absorbed
  V <- switch(vtype, classical=XtXi * sum(e^2)/dfres, hc1=hc1(X, as.vector(e), dfres), cluster=sss(X, as.vector(e), cl))
  Gam <- solve(crossprod(X1), crossprod(X1, X2)); v <- 1  # first column of X1 is the variable of interest
  idx2 <- ncol(X1) + seq_len(ncol(X2))
  W <- sapply(groups, function(g) { w <- numeric(K); w[ncol(X1) + g] <- Gam[v, g]; w })
  delta <- as.vector(t(W) %*% bf); C <- t(W) %*% V %*% W
  list(base=bb[v], full=bf[v], total=bb[v]-bf[v], delta=delta, se=sqrt(diag(C)), total_se=sqrt(sum(C)), groups=names(groups)) }
groups <- list(ses=1:2, housing=3, turnover=4)
X1 <- cbind(diversity=d$diversity, const=1); X2 <- cbind(woz=d$woz, income=d$income, rent=d$rent, turnover=d$turnover)
dm <- function(x, f) x - ave(x, f)
X1y <- cbind(diversity=dm(d$diversity, d$year)); X2y <- apply(X2, 2, dm, f=d$year); yy <- dm(d$cohesion, d$year)
r <- list(ols_classical=gelbach(d$cohesion, X1, X2, groups, "classical"),
          ols_hc1=gelbach(d$cohesion, X1, X2, groups, "hc1"),
          ols_cluster=gelbach(d$cohesion, X1, X2, groups, "cluster", d$gemeente),
          fe_year_cluster=gelbach(yy, X1y, X2y, groups, "cluster", d$gemeente),
          fe_year_hc1=gelbach(yy, X1y, X2y, groups, "hc1", absorbed=length(unique(d$year))))
save("gelbach_synthetic", d, list(source="synthetic (set.seed(42)), generated in tools/reference/models.R", call="Gelbach (2016) computed by hand: delta_g = Gamma_g beta2_g, Var = Gamma V Gamma'"), r)

# ---- lme4 -----------------------------------------------------------------------------------------------
lmmi <- function(m) { s <- summary(m); vc <- as.data.frame(VarCorr(m))
  list(terms=rownames(s$coefficients), estimate=unname(s$coefficients[,1]), se=unname(s$coefficients[,2]),
       varcomp=lapply(seq_len(nrow(vc)), function(i) list(grp=vc$grp[i], var1=vc$var1[i], var2=if (is.na(vc$var2[i])) NULL else vc$var2[i], vcov=vc$vcov[i], sdcor=vc$sdcor[i])),
       logLik=as.numeric(logLik(m)), REML=isREML(m), n=nobs(m), theta=unname(getME(m, "theta")),
       ranef=lapply(names(ranef(m)), function(g) { r <- ranef(m)[[g]]; list(grp=g, levels=rownames(r), terms=colnames(r), values=unname(as.matrix(r))) })) }
# lme4's default optimizer stops about 1e-5 (relative) short of the optimum in theta; the fixtures hold fits with a
# tight tolerance (the exact optimum, which Cohesion must match to 1e-6) and the default fits (matched to 1e-4).
tight <- lmerControl(optimizer="nloptwrap", optCtrl=list(xtol_rel=1e-14, ftol_rel=1e-15, ftol_abs=1e-15, xtol_abs=1e-14, maxeval=100000))
# The exact optimum: nloptwrap (tight) and Nelder-Mead from lme4's start, then nloptwrap (tight) again from the better of
# the two; the lowest criterion wins (for (x1 + x2|g) nloptwrap alone stops in a worse local optimum).
crit <- function(m) if (isREML(m)) REMLcrit(m) else deviance(m)
fitbest <- function(f, d, REML=TRUE) {
  m1 <- lmer(f, d, REML=REML, control=tight)
  m2 <- lmer(f, d, REML=REML, control=lmerControl(optimizer="Nelder_Mead", optCtrl=list(FtolAbs=1e-14, FtolRel=1e-15, XtolRel=1e-12, maxfun=100000)))
  b <- if (crit(m2) < crit(m1)) m2 else m1
  m3 <- lmer(f, d, REML=REML, control=tight, start=list(theta=getME(b, "theta")))
  if (crit(m3) <= crit(m1)) m3 else m1 }
both <- function(f, d) list(reml=lmmi(fitbest(f, d)), ml=lmmi(fitbest(f, d, FALSE)),
                            reml_default=lmmi(lmer(f, d)), ml_default=lmmi(lmer(f, d, REML=FALSE)))
r <- list(slopes=both(Reaction ~ Days + (Days|Subject), sleepstudy), uncorrelated=both(Reaction ~ Days + (Days||Subject), sleepstudy),
          intercept=both(Reaction ~ Days + (1|Subject), sleepstudy))
ss <- sleepstudy; ss$Subject <- as.character(ss$Subject)
# missing values: na.omit over the response and the covariates
ssna <- ss; ssna$Reaction[c(3, 50, 101)] <- NA; ssna$Days[c(7, 120)] <- NA
r$with_na <- both(Reaction ~ Days + (Days|Subject), ssna)
write.csv(ssna, file.path(out, "lmm_sleepstudy_na.csv"), row.names=FALSE)
save("lmm_sleepstudy", ss, list(source="lme4::sleepstudy", call="lmer(Reaction ~ Days + (Days|Subject)), (Days||Subject), (1|Subject); REML and ML"), r)
pe <- Penicillin; pe$plate <- as.character(pe$plate); pe$sample <- as.character(pe$sample)
save("lmm_penicillin", pe, list(source="lme4::Penicillin", call="lmer(diameter ~ 1 + (1|plate) + (1|sample))"), both(diameter ~ 1 + (1|plate) + (1|sample), Penicillin))
pa <- Pastes[, c("strength","batch","cask")]; pa$batch <- as.character(pa$batch); pa$cask <- as.character(pa$cask)
save("lmm_pastes", pa, list(source="lme4::Pastes", call="lmer(strength ~ 1 + (1|batch/cask))"), both(strength ~ 1 + (1|batch/cask), pa))
d2 <- Dyestuff2; d2$Batch <- as.character(d2$Batch)
save("lmm_dyestuff2", d2, list(source="lme4::Dyestuff2 (boundary: zero batch variance)", call="lmer(Yield ~ 1 + (1|Batch))"), both(Yield ~ 1 + (1|Batch), d2))
set.seed(7); ng <- 200; nn <- 3000
sim <- data.frame(g=sprintf("b%03d", sample(ng, nn, TRUE)), x1=rnorm(nn), x2=runif(nn), x3=rbinom(nn, 1, 0.3), f=sample(c("a","b","c"), nn, TRUE))
sim$x4 <- rnorm(nn); sim$x5 <- rnorm(nn)
sim$y <- 1 + 0.5*sim$x1 - 0.3*sim$x2 + 0.2*sim$x3 + 0.1*sim$x4 + 0*sim$x5 + rnorm(ng, sd=0.7)[as.integer(factor(sim$g))] + rnorm(nn)
sim$h <- sprintf("h%02d", (as.integer(factor(sim$g)) %% 20) + 1)
r <- list(ri5=both(y ~ x1 + x2 + x3 + x4 + x5 + (1|g), sim),
          ri_factor=both(y ~ x1 + f + (1|g), sim),
          slope_crossed=both(y ~ x1 + (x1|g) + (1|h), sim))
r$slopes3 <- both(y ~ x1 + x2 + (x1 + x2|g), sim)
r$factor_slope <- list(reml=lmmi(fitbest(y ~ x1 + (1 + x3|g) + (1|f), sim)), reml_default=lmmi(lmer(y ~ x1 + (1 + x3|g) + (1|f), sim)))
save("lmm_simulated", sim, list(source="synthetic (set.seed(7)), generated in tools/reference/models.R", call="lmer(y ~ x1..x5 + (1|g)), (x1|g) + (1|h)"), r)
cat("done\n")
