# R reference timing: read the CSV, declare the design, svyby(~y, ~dom, des, svymean, na.rm=TRUE); write CSV.
# Usage: Rscript svyby.R IN.csv OUT.csv   (prints seconds for read, and for svyby)
suppressMessages({library(survey); library(data.table)})
args <- commandArgs(TRUE)
t0 <- Sys.time()
d <- as.data.frame(fread(args[1]))
t1 <- Sys.time()
des <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = d)
r <- svyby(~y, ~dom, des, svymean, na.rm = TRUE)
t2 <- Sys.time()
fwrite(data.table(group = as.character(r$dom), estimate = coef(r), se = SE(r)), args[2])
cat(sprintf("read %.2f s; design+svyby %.2f s; total %.2f s\n", as.numeric(t1 - t0, units = "secs"),
            as.numeric(t2 - t1, units = "secs"), as.numeric(t2 - t0, units = "secs")))
