# Reference values for the neighbourhoods area (diversity and segregation indices).
# Implements the index definitions directly in vectorised R (independently of the C# code) and writes
#   tests/Cohesion.Tests/Fixtures/neighbourhoods/segregation_input.csv      (wide counts, 4 groups, 6 parents)
#   tests/Cohesion.Tests/Fixtures/neighbourhoods/segregation_reference.json
#   tests/Cohesion.Tests/Fixtures/neighbourhoods/kwb_amsterdam_reference.json (indices of the real KWB 2019 file)
# Run from the repository root: Rscript tools/reference/neighbourhoods.R
suppressPackageStartupMessages(library(jsonlite))
out <- "tests/Cohesion.Tests/Fixtures/neighbourhoods"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

frac <- function(x) { t <- sum(x); if (t <= 0) return(NA_real_); p <- x / t; 1 - sum(p^2) }
ent  <- function(x) { t <- sum(x); if (t <= 0) return(NA_real_); p <- x[x > 0] / t; -sum(p * log(p)) }

# counts: matrix units x groups of ONE parent (units with zero total already removed)
dissim <- function(m, g = 1) {
  gi <- m[, g]; ri <- rowSums(m) - gi
  if (sum(gi) <= 0 || sum(ri) <= 0) return(NA_real_)
  0.5 * sum(abs(gi / sum(gi) - ri / sum(ri)))
}
theil <- function(m) {
  t <- rowSums(m); E <- ent(colSums(m)); if (is.na(E) || E <= 0) return(NA_real_)
  Ei <- apply(m, 1, ent)
  sum(t * (E - Ei)) / (sum(t) * E)
}
exposure <- function(m) {
  t <- rowSums(m); A <- colSums(m)
  k <- ncol(m); e <- matrix(NA_real_, k, k, dimnames = list(colnames(m), colnames(m)))
  for (a in 1:k) for (b in 1:k) if (A[a] > 0) e[a, b] <- sum((m[, a] / A[a]) * (m[, b] / t))
  e
}

indices <- function(df, unit, groups, parent) {
  m <- as.matrix(df[, groups]); storage.mode(m) <- "double"
  tot <- rowSums(m); keep <- tot > 0
  units <- data.frame(unit = df[[unit]][keep], parent = df[[parent]][keep], total = tot[keep],
                      fractionalisation = apply(m[keep, , drop = FALSE], 1, frac),
                      entropy = apply(m[keep, , drop = FALSE], 1, ent))
  units$entropy_normalised <- units$entropy / log(length(groups))
  parents <- lapply(unique(df[[parent]]), function(p) {
    sel <- keep & df[[parent]] == p
    mm <- m[sel, , drop = FALSE]
    e <- exposure(mm)
    list(parent = p, units = nrow(mm), total = sum(mm), dissimilarity = dissim(mm, 1), theil_h = theil(mm),
         isolation = as.list(setNames(diag(e), groups)),
         exposure = setNames(lapply(groups, function(a) as.list(e[a, ])), groups))
  })
  list(groups = groups, units = units, parents = parents)
}

# 1. synthetic test case: 6 parents, 4 groups, uneven sizes, zeros, one empty unit, one single-unit parent
set.seed(20261125)
n <- 90
parent <- c(sample(paste0("P", 1:5), n - 1, replace = TRUE), "P6")
lam <- cbind(a = rgamma(n, 2, 0.01), b = rgamma(n, 1, 0.02), c = rgamma(n, 0.5, 0.05), d = rgamma(n, 0.3, 0.1))
counts <- matrix(rpois(length(lam), lam), n, 4, dimnames = list(NULL, colnames(lam)))
counts[5, ] <- 0                  # zero total → excluded
counts[7, c("c", "d")] <- 0      # zero groups
counts[11, ] <- c(0, 0, 0, 13)    # one group only
df <- data.frame(buurt = sprintf("BU%04d", 1:n), wijk = parent, counts)
write.csv(df, file.path(out, "segregation_input.csv"), row.names = FALSE)
ref <- indices(df, "buurt", c("a", "b", "c", "d"), "wijk")
# whole data set as one parent
df$all <- "all"
ref_all <- indices(df, "buurt", c("b", "a", "c", "d"), "all")
write_json(list(by_wijk = ref, all_order_bacd = ref_all), file.path(out, "segregation_reference.json"),
           digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE)

# 2. the real CBS KWB 2019 Amsterdam export: buurten within wijken, Dutch = total - Western - non-Western (>= 0)
kwb <- read.csv("data/real/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv",
                check.names = FALSE, stringsAsFactors = FALSE, na.strings = c("NA", ".", ""))
code <- trimws(kwb[["Regioaanduiding.Codering..code."]])
bu <- kwb[startsWith(code, "BU"), ]
bcode <- trimws(bu[["Regioaanduiding.Codering..code."]])
col <- function(s) as.numeric(bu[[grep(s, names(bu), fixed = TRUE)[1]]])
pop <- col("Bevolking.Aantal.inwoners..aantal."); w <- col("Westers.totaal"); nw <- col("Niet.westers.totaal")
a <- data.frame(code = bcode, wijk = paste0("WK", substr(bcode, 3, 8)),
                dutch = pmax(pop - w - nw, 0), western = w, morocco = col("Marokko"), antilles = col("Antillen"),
                suriname = col("Suriname"), turkey = col("Turkije"), other_nonwestern = col("Overig.niet.westers"))
ams <- indices(a, "code", c("dutch", "western", "morocco", "antilles", "suriname", "turkey", "other_nonwestern"), "wijk")
a$all <- "all"
ams_all <- indices(a, "code", c("dutch", "western", "morocco", "antilles", "suriname", "turkey", "other_nonwestern"), "all")
write_json(list(population_buurten = sum(pop), western_buurten = sum(w), nonwestern_buurten = sum(nw),
                buurten = nrow(bu), by_wijk = ams, all = ams_all),
           file.path(out, "kwb_amsterdam_reference.json"), digits = NA, auto_unbox = TRUE, na = "null")
cat("written to", out, "\n")

# 3. The real-data analyses of `cohesion neighbourhoods --analysis utrecht|rivm|amsterdam`: the same models in
#    plm (pooled / within, vcovHC arellano "sss" clustered by region) and lme4 (REML), on the same complete cases.
suppressPackageStartupMessages({ library(plm); library(lme4); library(readxl) })
fits <- function(d, y, focus, controls, unit, region) {
  d <- d[complete.cases(d[, c(y, focus, controls, unit, region)]), ]
  f <- reformulate(c(focus, controls), y)
  pd <- pdata.frame(d, index = c(region, unit), drop.index = FALSE, row.names = FALSE)
  ols <- plm(f, pd, model = "pooling")
  fe <- plm(f, pd, model = "within", effect = "individual")
  cf <- function(m) { v <- vcovHC(m, type = "sss", cluster = "group")
    list(term = names(coef(m)), estimate = unname(coef(m)), se = unname(sqrt(diag(v)))) }
  mm <- lmer(update(f, paste(". ~ . + (1|", region, ")")), d, REML = TRUE)
  vc <- as.data.frame(VarCorr(mm))
  base <- plm(reformulate(focus, y), pd, model = "within", effect = "individual")
  list(n = nrow(d), ols = cf(ols), fe = cf(fe),
       fe_base_estimate = unname(coef(base)[focus]),
       lmm = list(term = names(fixef(mm)), estimate = unname(fixef(mm)), se = unname(sqrt(diag(as.matrix(vcov(mm))))),
                  region_variance = vc$vcov[vc$grp == region], residual_variance = sigma(mm)^2, loglik = as.numeric(logLik(mm))))
}
u <- read.csv("data/real/leefbaarometer-utrecht/buurten_utrecht_kwb2022_lbm2020.csv")
u$gemiddelde_woningwaarde[u$gemiddelde_woningwaarde == 0] <- NA
utrecht <- fits(u, "leefbarometer_sociale_samenhang", "social_economische_score_gemiddeld",
  c("koopwoning_percentage", "meergezinswoning_percentage", "bouwjaar_vanaf_2000_percentage", "gemiddelde_woningwaarde",
    "aantal_huishoudens_met_kinderen_percentage", "aantal_inwoners_tussen_25_44_percentage", "gemiddelde_huishoudensgrootte"),
  "buurt_code", "gm_naam")

r <- as.data.frame(read_excel("data/real/rivm-gezondheid-wijkbuurt-2016/50090NED_2016_18plus.xlsx"))
r$Codering_3 <- trimws(r$Codering_3)
r <- r[startsWith(r$Codering_3, "BU"), ]
num <- function(x) suppressWarnings(as.numeric(ifelse(trimws(x) == ".", NA, x)))
rv <- data.frame(buurt = r$Codering_3, gemeente = paste0("GM", substr(r$Codering_3, 3, 6)),
                 volunteering = num(r$Vrijwilligerswerk_33), lonely = num(r$Eenzaam_28), hardship = num(r$MoeiteMetRondkomen_38),
                 good_health = num(r$ErvarenGezondheidGoedZeerGoed_4), chronic_condition = num(r$EenOfMeerLangdurigeAandoeningen_16),
                 anxiety_depression = num(r$HoogRisicoOpAngstOfDepressie_25), control_own_life = num(r$MatigVeelRegieOverEigenLeven_27))
ctl <- c("good_health", "chronic_condition", "anxiety_depression", "control_own_life")
rivm_vol <- fits(rv, "volunteering", "hardship", ctl, "buurt", "gemeente")
rivm_lonely <- fits(rv, "lonely", "hardship", ctl, "buurt", "gemeente")

cv <- read.csv("data/real/amsterdam-civic-orgs-2016/data_buurtanalyse.csv")
sh <- as.matrix(cv[, c("imm_autoch", "imm_W", "imm_Mar", "imm_Ant", "imm_Sur", "imm_Tur", "imm_otherNW")])
cv$diversity <- apply(sh, 1, frac)
cv$stadsdeel <- substr(cv$bc_code, 1, 1)
civic <- fits(cv, "vereniging_density", "diversity", c("edu_high", "unempl", "age_0t18", "age_66plus"), "bc_code", "stadsdeel")

write_json(list(utrecht = utrecht, rivm_volunteering = rivm_vol, rivm_lonely = rivm_lonely, civic = civic),
           file.path(out, "real_analyses_reference.json"), digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE)
cat("real-data analyses written\n")

# 4. The built-in analysis (`cohesion neighbourhoods`, default seed) in plm and lme4 on the exported SYNTHETIC panel:
#    pooled OLS with year dummies and two-way FE (vcovHC "sss" by buurt), the stepwise FE coefficients, the Gelbach
#    contributions with SEs (Γ V Γ' from the clustered FE covariance), and the LMM (1|gemeente/buurt).
panel_csv <- tempfile(fileext = ".csv")
stopifnot(system2("dotnet", c("run", "--project", "src/Cohesion.Cli", "-c", "Release", "--", "neighbourhoods", "--no-mixed",
                              "--export-panel", panel_csv, "--format", "json", "--out", tempfile())) == 0)
d <- as.data.frame(data.table::fread(panel_csv))
groups <- list(ses = c("income", "low_income"), housing = c("rental_share", "corporation_share"), neglect = "neglect", turnover = "turnover")
ctl <- unlist(groups, use.names = FALSE)
f <- reformulate(c("diversity", ctl), "cohesion")
pd <- pdata.frame(d, index = c("buurt", "year"))
pooled <- plm(update(f, . ~ . + factor(year)), pd, model = "pooling")
fe <- plm(f, pd, model = "within", effect = "twoways")
vf <- vcovHC(fe, type = "sss", cluster = "group")
cf <- function(m, v) list(term = names(coef(m)), estimate = unname(coef(m)), se = unname(sqrt(diag(v))))
steps <- sapply(0:4, function(s) coef(plm(reformulate(c("diversity", unlist(groups[seq_len(s)])), "cohesion"), pd,
                                          model = "within", effect = "twoways"))[["diversity"]])
X <- model.matrix(fe)
gam <- solve(crossprod(X[, "diversity", drop = FALSE]), crossprod(X[, "diversity", drop = FALSE], X[, ctl]))[1, ]
W <- sapply(groups, function(cols) { w <- setNames(numeric(length(coef(fe))), names(coef(fe))); w[cols] <- gam[cols]; w })
delta <- as.numeric(t(W) %*% coef(fe)); dse <- sqrt(diag(t(W) %*% vf %*% W))
mm <- lmer(update(f, . ~ . + factor(year) + (1 | gemeente/buurt)), d, REML = TRUE)
vc <- as.data.frame(VarCorr(mm))
write_json(list(n = nrow(d), buurten = length(unique(d$buurt)),
                pooled = cf(pooled, vcovHC(pooled, type = "sss", cluster = "group")), fe = cf(fe, vf), steps = steps,
                gelbach = list(group = names(groups), contribution = delta, se = unname(dse)),
                lmm = list(term = names(fixef(mm)), estimate = unname(fixef(mm)), se = unname(sqrt(diag(as.matrix(vcov(mm))))),
                           group = vc$grp, variance = vc$vcov, loglik = as.numeric(logLik(mm)))),
           file.path(out, "builtin_reference.json"), digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE)
cat("built-in analysis written\n")
