# Times R's survey::svyglm for the projection's group models: the four indicators of
# tests/Cohesion.Tests/Fixtures/simulation/group_models_framework.json on group_models_survey.csv (22,000 respondents,
# 12 strata, municipalities as PSUs), the same work as bench/Cohesion.Bench/Simulation/GroupModelsBenchmark.cs.
# Run from the repository root: Rscript bench/scripts/simulation/group_models_timing.R [repetitions]
suppressPackageStartupMessages(library(survey))
args <- commandArgs(TRUE)
reps <- if (length(args) > 0) as.integer(args[1]) else 5
s <- read.csv("tests/Cohesion.Tests/Fixtures/simulation/group_models_survey.csv", stringsAsFactors = FALSE)
fit_all <- function() {
  rec <- function(x, yes, missing = c(998, 999)) ifelse(x %in% missing | is.na(x), NA, as.numeric(x %in% yes))
  s$trust_people <- rec(s$q_trust_people, 1)
  s$trust_tweede_kamer <- rec(s$q_trust_tweede_kamer, c(1, 2))
  s$voted <- rec(s$q_voted, 1, c(997, 998, 999))
  s$views_other_groups <- ifelse(s$q_other_groups %in% c(998, 999) | is.na(s$q_other_groups), NA, s$q_other_groups / 10)
  s$sex <- factor(s$sex, levels = c("male", "female"))
  s$ageband <- cut(s$age, c(-Inf, 24, 34, 44, 54, 64, 74, Inf))
  s$education3 <- factor(s$education3, levels = c("low", "middle", "high"))
  s$origin7 <- factor(s$origin7)
  ds <- svydesign(ids = ~municipality, strata = ~province, weights = ~weight, data = s)
  lapply(c("trust_people", "trust_tweede_kamer", "voted", "views_other_groups"), function(ind)
    vcov(svyglm(as.formula(paste(ind, "~ sex + ageband + education3 + origin7")), design = ds, family = quasibinomial)))
}
invisible(fit_all()) # warm-up
times <- sapply(seq_len(reps), function(i) system.time(fit_all())[["elapsed"]])
cat(sprintf("R svyglm, 4 group models on 22,000 respondents: median %.3f s over %d runs (min %.3f, max %.3f)\n",
            median(times), reps, min(times), max(times)))
