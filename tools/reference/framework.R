# Reference values for the framework area (cohesion measure), made with R's survey package.
# Recodes are written out here by hand (independently of the C# framework code), following
# data/framework/cbs-ssw.json and data/framework/vu-election-panel-2021.json.
# Run from the repository root:  Rscript tools/reference/framework.R
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
out <- "tests/Cohesion.Tests/Fixtures/framework"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

est_rows <- function(variable, group, m) {
  # m: svymean or svyby result; returns data.frame rows
  data.frame(variable = variable, group = group, estimate = unname(coef(m)), se = unname(SE(m)))
}

score <- function(mat) {               # mean of non-missing indicators when at least half are present
  k <- ncol(mat); need <- max(1, ceiling(0.5 * k - 1e-12))
  cnt <- rowSums(!is.na(mat)); s <- rowSums(mat, na.rm = TRUE) / cnt
  s[cnt < need] <- NA; s
}

## ---- 1. the built-in synthetic survey with the CBS/SSW framework --------------------------------------------
d <- read.csv("data/survey/nl-synthetic-ssw.csv", stringsAsFactors = FALSE)
miss <- function(x, codes = c(998, 999)) { x[x %in% codes] <- NA; x }
inset <- function(x, set, codes = c(998, 999)) { x <- miss(x, codes); ifelse(is.na(x), NA, as.numeric(x %in% set)) }
le <- function(x, k) { x <- miss(x); ifelse(is.na(x), NA, as.numeric(x <= k)) }
ind <- data.frame(
  trust_people = inset(d$q_trust_people, 1),
  feels_at_home = inset(d$q_home_nl, c(1, 2)),
  views_other_groups = miss(d$q_other_groups) / 10,
  volunteering = inset(d$q_volunteer, 1),
  association_member = inset(d$q_association, 1),
  contact_neighbours = le(d$q_contact_neighbours, 2),
  contact_family = le(d$q_contact_family, 2),
  contact_friends = le(d$q_contact_friends, 2),
  trust_tweede_kamer = inset(d$q_trust_tweede_kamer, 1:2),
  trust_government = inset(d$q_trust_government, 1:2),
  trust_judges = inset(d$q_trust_judges, 1:2),
  trust_police = inset(d$q_trust_police, 1:2),
  trust_army = inset(d$q_trust_army, 1:2),
  trust_press = inset(d$q_trust_press, 1:2),
  trust_eu = inset(d$q_trust_eu, 1:2),
  trust_civil_servants = inset(d$q_trust_civil_servants, 1:2),
  trust_banks = inset(d$q_trust_banks, 1:2),
  trust_large_companies = inset(d$q_trust_companies, 1:2),
  voted = inset(d$q_voted, 1, c(997, 998, 999)),
  contacted_politician = inset(d$q_contact_politician, 1),
  signed_petition = inset(d$q_petition, 1),
  demonstrated = inset(d$q_demonstration, 1),
  online_political_action = inset(d$q_online_political, 1))
dims <- list(
  social_trust = c("trust_people", "feels_at_home", "views_other_groups"),
  social_participation = c("volunteering", "association_member", "contact_neighbours", "contact_family", "contact_friends"),
  institutional_trust = c("trust_tweede_kamer", "trust_government", "trust_judges", "trust_police", "trust_army", "trust_press",
                          "trust_eu", "trust_civil_servants", "trust_banks", "trust_large_companies"),
  political_participation = c("voted", "contacted_politician", "signed_petition", "demonstrated", "online_political_action"))
for (k in names(dims)) ind[[k]] <- score(as.matrix(ind[, dims[[k]]]))
d <- cbind(d, ind)
des <- svydesign(ids = ~municipality, strata = ~province, weights = ~weight, data = d)

rows <- list()
vars <- c(names(dims), "trust_people", "feels_at_home", "views_other_groups", "volunteering", "trust_tweede_kamer",
          "trust_police", "trust_judges", "trust_army", "voted")
for (v in vars) {
  f <- as.formula(paste0("~", v))
  rows[[length(rows) + 1]] <- est_rows(v, NA, svymean(f, des, na.rm = TRUE))
  for (by in c("education3", "origin7")) {
    b <- svyby(f, as.formula(paste0("~", by)), des, svymean, na.rm = TRUE)
    rows[[length(rows) + 1]] <- data.frame(variable = v, group = paste0(by, "=", b[[by]]), estimate = b[[v]], se = SE(b))
  }
}
# a crossed grouping (svyby(~education3+sex)) for the dimensions
for (v in names(dims)) {
  b <- svyby(as.formula(paste0("~", v)), ~education3 + sex, des, svymean, na.rm = TRUE)
  rows[[length(rows) + 1]] <- data.frame(variable = v, group = paste0("education3.sex=", b$education3, ".", b$sex), estimate = b[[v]], se = SE(b))
}
# unweighted valid counts per variable (national) for n
counts <- sapply(vars, function(v) sum(!is.na(d[[v]])))
synth <- do.call(rbind, rows)
write_json(list(source = "data/survey/nl-synthetic-ssw.csv", design = "svydesign(ids=~municipality, strata=~province, weights=~weight)",
                estimates = synth, n = as.list(counts)),
           file.path(out, "synthetic_measure.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)

## ---- 2. the VU election panel 2021 (real, unweighted) ---------------------------------------------------------
v <- read.csv("data/real/vu-election-panel-2021/wave0.csv", stringsAsFactors = FALSE)
vi <- data.frame(row.names = seq_len(nrow(v)))
items <- c(trust_justice = "F2_1", trust_journalism = "F2_2", trust_government = "F2_3", trust_tweede_kamer = "F2_4",
           trust_eu = "F2_5", trust_parties = "F2_6", trust_politicians = "F2_7", trust_democracy = "F2_8",
           trust_science = "F2_9", trust_large_companies = "F2_10", trust_banks = "F2_11")
for (k in names(items)) { x <- v[[items[[k]]]]; x[x %in% c(997, 998, 999)] <- NA; vi[[k]] <- ifelse(is.na(x), NA, as.numeric(x >= 6)) }
e1 <- v$E1; e1[e1 %in% c(997, 999)] <- NA
vi$voted_2017 <- ifelse(is.na(e1), NA, as.numeric(e1 <= 14))
vi$institutional_trust <- score(as.matrix(vi[, names(items)]))
vi$political_participation <- score(as.matrix(vi[, "voted_2017", drop = FALSE]))
vi$education <- v$education
vi$ethnicity <- v$ethnicity
vdes <- svydesign(ids = ~1, data = vi)          # no weights: equal probability (R warns and assumes equal weights)
vrows <- list()
for (k in c("institutional_trust", "political_participation", names(items), "voted_2017")) {
  f <- as.formula(paste0("~", k))
  vrows[[length(vrows) + 1]] <- est_rows(k, NA, svymean(f, vdes, na.rm = TRUE))
  for (by in c("education", "ethnicity")) {
    b <- svyby(f, as.formula(paste0("~", by)), vdes, svymean, na.rm = TRUE)
    vrows[[length(vrows) + 1]] <- data.frame(variable = k, group = paste0(by, "=", b[[by]]), estimate = b[[k]], se = SE(b))
  }
}
vcounts <- sapply(c("institutional_trust", "political_participation", names(items), "voted_2017"), function(k) sum(!is.na(vi[[k]])))
write_json(list(source = "data/real/vu-election-panel-2021/wave0.csv", design = "svydesign(ids=~1) (equal weights)",
                estimates = do.call(rbind, vrows), n = as.list(vcounts)),
           file.path(out, "vu_measure.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "synthetic_measure.json"), "and vu_measure.json\n")

## ---- 3. logit confidence intervals (svyciprop(method = "logit")), for --ci logit ------------------------------
ci_rows <- list()
for (k in c("trust_people", "social_trust", "institutional_trust")) {
  f <- as.formula(paste0("~", k))
  p <- svyciprop(f, des, method = "logit", na.rm = TRUE)
  ci_rows[[length(ci_rows) + 1]] <- data.frame(data = "synthetic", variable = k, group = NA, estimate = as.numeric(coef(p)),
                                                ci_lower = unname(confint(p)[1]), ci_upper = unname(confint(p)[2]))
  b <- svyby(f, ~education3, des, svyciprop, method = "logit", vartype = "ci", na.rm = TRUE)
  ci_rows[[length(ci_rows) + 1]] <- data.frame(data = "synthetic", variable = k, group = paste0("education3=", b$education3),
                                                estimate = b[[k]], ci_lower = b$ci_l, ci_upper = b$ci_u)
}
for (k in c("institutional_trust", "trust_tweede_kamer", "voted_2017")) {
  f <- as.formula(paste0("~", k))
  b <- svyby(f, ~ethnicity, vdes, svyciprop, method = "logit", vartype = "ci", na.rm = TRUE)
  ci_rows[[length(ci_rows) + 1]] <- data.frame(data = "vu", variable = k, group = paste0("ethnicity=", b$ethnicity),
                                                estimate = b[[k]], ci_lower = b$ci_l, ci_upper = b$ci_u)
}
write_json(list(method = "svyciprop(method='logit'); svyby(..., svyciprop, vartype='ci')", estimates = do.call(rbind, ci_rows)),
           file.path(out, "logit_ci.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "logit_ci.json"), "\n")

## ---- 4. replicate-weight SEs: as.svrepdesign(type = "JKn") on the synthetic survey, for --replicates jkn ----------
rdes <- as.svrepdesign(des, type = "JKn")
rep_rows <- list()
for (k in c(names(dims), "trust_people")) {
  f <- as.formula(paste0("~", k))
  rep_rows[[length(rep_rows) + 1]] <- est_rows(k, NA, svymean(f, rdes, na.rm = TRUE))
  b <- svyby(f, ~education3, rdes, svymean, na.rm = TRUE)
  rep_rows[[length(rep_rows) + 1]] <- data.frame(variable = k, group = paste0("education3=", b$education3), estimate = b[[k]], se = SE(b))
}
write_json(list(design = "as.svrepdesign(svydesign(ids=~municipality, strata=~province, weights=~weight), type='JKn')",
                estimates = do.call(rbind, rep_rows), n = list()),
           file.path(out, "synthetic_jkn.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "synthetic_jkn.json"), "\n")
