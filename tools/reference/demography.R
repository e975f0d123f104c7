# Reference values for the demography engine (Cohesion issue 4).
# Run from the repository root:  Rscript tools/reference/demography.R
# Writes tests/Cohesion.Tests/Fixtures/demography/graduation.json
library(jsonlite)
out <- "tests/Cohesion.Tests/Fixtures/demography"
dir.create(out, recursive = TRUE, showWarnings = FALSE)

pop <- read.csv("data/real/wpp-netherlands-age/nl_pop_age5_sex_estimates_1950_2020.csv")
grad <- list()
for (yr in c(1950, 2020)) for (sx in c("male", "female")) {
  d <- pop[pop$year == yr & pop$sex == sx & pop$age_start < 100, ]
  d <- d[order(d$age_start), ]
  counts <- d$pop_thousands * 1000
  x <- c(d$age_start, 100)
  y <- c(0, cumsum(counts))
  f <- splinefun(x, y, method = "hyman")          # monotone spline on the cumulative counts
  single <- diff(f(0:100))                         # single years 0..99
  grad[[length(grad) + 1]] <- list(year = yr, sex = sx, starts = d$age_start, counts = counts,
                                   single = single, slopes = f(x, deriv = 1))
}
# the FMM spline (R's default) on non-monotone data: slopes at the knots
set.seed(4)
xf <- c(0, 1, 2.5, 4, 7, 8, 10)
yf <- round(rnorm(7), 6)
ff <- splinefun(xf, yf, method = "fmm")
fmm <- list(x = xf, y = yf, slopes = ff(xf, deriv = 1))
# Hyman filter on non-monotone-spline but monotone data
xh <- c(0, 1, 2, 3, 4, 5, 6)
yh <- c(0, 0.1, 0.2, 5, 5.1, 5.2, 9)
fh <- splinefun(xh, yh, method = "hyman")
hyman <- list(x = xh, y = yh, slopes = fh(xh, deriv = 1), values = fh(seq(0, 6, by = 0.25)))

write_json(list(graduation = grad, fmm = fmm, hyman = hyman,
                made_by = "tools/reference/demography.R", r_version = R.version.string),
           file.path(out, "graduation.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out, "graduation.json"), "\n")
