# R counterpart of bench/Cohesion.Bench/Framework/MeasureBenchmarks.cs: the built-in synthetic survey tiled
# TILES times (municipalities renumbered per copy), the cbs-ssw recodes and dimension scores, then svymean and
# svyby(~education3) for the 27 variables with the stratified-cluster design. Prints the median of 3 timings
# of the estimation step (recode + estimate; reading excluded) in seconds.
# Usage (repository root): Rscript bench/scripts/framework/measure_svyby.R 10
suppressPackageStartupMessages(library(survey))
tiles <- as.integer(commandArgs(TRUE)[1]); if (is.na(tiles)) tiles <- 1
d0 <- read.csv("data/survey/nl-synthetic-ssw.csv", stringsAsFactors = FALSE)
d <- d0[rep(seq_len(nrow(d0)), tiles), ]
d$municipality <- paste0(d$municipality, "-", rep(seq_len(tiles) - 1, each = nrow(d0)))
run <- function() {
  miss <- function(x, codes = c(998, 999)) { x[x %in% codes] <- NA; x }
  inset <- function(x, set, codes = c(998, 999)) { x <- miss(x, codes); ifelse(is.na(x), NA, as.numeric(x %in% set)) }
  le <- function(x, k) { x <- miss(x); ifelse(is.na(x), NA, as.numeric(x <= k)) }
  score <- function(mat) { k <- ncol(mat); cnt <- rowSums(!is.na(mat)); s <- rowSums(mat, na.rm = TRUE) / cnt; s[cnt < ceiling(k / 2)] <- NA; s }
  x <- d
  x$trust_people <- inset(d$q_trust_people, 1); x$feels_at_home <- inset(d$q_home_nl, 1:2); x$views_other_groups <- miss(d$q_other_groups) / 10
  x$volunteering <- inset(d$q_volunteer, 1); x$association_member <- inset(d$q_association, 1)
  x$contact_neighbours <- le(d$q_contact_neighbours, 2); x$contact_family <- le(d$q_contact_family, 2); x$contact_friends <- le(d$q_contact_friends, 2)
  inst <- c("q_trust_tweede_kamer", "q_trust_government", "q_trust_judges", "q_trust_police", "q_trust_army", "q_trust_press",
            "q_trust_eu", "q_trust_civil_servants", "q_trust_banks", "q_trust_companies")
  for (q in inst) x[[sub("^q_", "i_", q)]] <- inset(d[[q]], 1:2)
  x$voted <- inset(d$q_voted, 1, c(997, 998, 999))
  pol <- c("q_contact_politician", "q_petition", "q_demonstration", "q_online_political")
  for (q in pol) x[[sub("^q_", "i_", q)]] <- inset(d[[q]], 1)
  x$social_trust <- score(as.matrix(x[, c("trust_people", "feels_at_home", "views_other_groups")]))
  x$social_participation <- score(as.matrix(x[, c("volunteering", "association_member", "contact_neighbours", "contact_family", "contact_friends")]))
  x$institutional_trust <- score(as.matrix(x[, sub("^q_", "i_", inst)]))
  x$political_participation <- score(as.matrix(x[, c("voted", sub("^q_", "i_", pol))]))
  vars <- c("social_trust", "social_participation", "institutional_trust", "political_participation", "trust_people", "feels_at_home",
            "views_other_groups", "volunteering", "association_member", "contact_neighbours", "contact_family", "contact_friends",
            sub("^q_", "i_", inst), "voted", sub("^q_", "i_", pol))
  des <- svydesign(ids = ~municipality, strata = ~province, weights = ~weight, data = x)
  for (v in vars) {
    f <- as.formula(paste0("~", v))
    svymean(f, des, na.rm = TRUE)
    svyby(f, ~education3, des, svymean, na.rm = TRUE)
  }
  length(vars)
}
times <- replicate(3, system.time(run())[["elapsed"]])
cat(sprintf("R survey: %d respondents, 27 variables x (national + svyby education3): median %.3f s (runs: %s)\n",
            nrow(d), median(times), paste(sprintf("%.3f", times), collapse = ", ")))
