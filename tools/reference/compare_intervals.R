# Reference intervals for the built-in comparison's EVS/WVS shares (src/Cohesion.Core/Compare, CountryIntervals):
# the Wilson score interval R's prop.test(x, n, correct = FALSE) gives for x = trust * n_answering, where
# n_answering = n * p_response (simple random sampling, no design effect), for every EVS and WVS row of the
# shipped data/real/generalised-trust-surveys/df_trust.csv.
# Run: Rscript tools/reference/compare_intervals.R tests/Cohesion.Tests/Fixtures/compare
suppressMessages(library(jsonlite))
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "tests/Cohesion.Tests/Fixtures/compare"
d <- read.csv("data/real/generalised-trust-surveys/df_trust.csv", check.names = FALSE, stringsAsFactors = FALSE)
d <- d[d$survey %in% c("EVS", "WVS") & !is.na(d$trust) & !is.na(d$n) & !is.na(d$p_response), ]
ci <- t(mapply(function(p, n) suppressWarnings(prop.test(p * n, n, correct = FALSE)$conf.int), d$trust, d$n * d$p_response))
res <- data.frame(country = d[["country.name"]], survey = d$survey, years = d$years, trust = d$trust,
                  n_answering = d$n * d$p_response, lower = ci[, 1], upper = ci[, 2])
writeLines(toJSON(list(call = "prop.test(trust * n * p_response, n * p_response, correct = FALSE)$conf.int", rows = res),
                  digits = NA, auto_unbox = TRUE, pretty = FALSE), file.path(out, "compare_intervals.json"))
cat("wrote", nrow(res), "rows\n")
