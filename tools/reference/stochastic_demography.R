# Reference values for the stochastic demography (Cohesion issue 16, item 1).
# Run from the repository root:  Rscript tools/reference/stochastic_demography.R
# Writes tests/Cohesion.Tests/Fixtures/demography/stochastic.json:
#  - quantile(type = 7) of a small fixed vector (with ties and an unsorted order) at the probabilities the projection uses
#    and at the ends;
#  - the WPP 2022 total-population interval distances from the median (relative to the median) for the Netherlands in
#    2050 and 2100, computed from the shipped file data/real/wpp2022-netherlands/.
library(jsonlite)
out <- "tests/Cohesion.Tests/Fixtures/demography"
dir.create(out, recursive = TRUE, showWarnings = FALSE)

x <- c(17.2, 3.5, 9.9, 9.9, -1.25, 42, 0, 12.75, 5.5, 8.125, 30.5)
p <- c(0, 0.025, 0.1, 0.5, 0.9, 0.975, 1, 1/3)
q <- unname(quantile(x, p, type = 7))
x2 <- c(4.2, -7)
q2 <- unname(quantile(x2, p, type = 7))

w <- read.csv("data/real/wpp2022-netherlands/wpp2022_netherlands_annual_indicators.csv")
dist <- lapply(c(2050, 2100), function(yr) {
  r <- w[w$year == yr, ]
  m <- r$pop
  list(year = yr, median = m * 1000,
       lower95 = (m - r$pop_95l) / m, lower80 = (m - r$pop_80l) / m,
       upper80 = (r$pop_80u - m) / m, upper95 = (r$pop_95u - m) / m)
})

write_json(list(quantile = list(x = x, p = p, q = q, x2 = x2, q2 = q2), wpp2022_population = dist,
                made_by = "tools/reference/stochastic_demography.R", r_version = R.version.string),
           file.path(out, "stochastic.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "stochastic.json"), "\n")
