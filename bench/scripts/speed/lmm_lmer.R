# Whole process: read lmm.csv with data.table::fread, lme4::lmer(y ~ x1 + ... + x5 + (1|g)), REML.
# Usage: Rscript lmm_lmer.R lmm.csv OUT.csv
suppressMessages({ library(data.table); library(lme4) })
a <- commandArgs(TRUE); d <- fread(a[1])
m <- lmer(y ~ x1 + x2 + x3 + x4 + x5 + (1 | g), data = d)
fwrite(data.table(term = names(fixef(m)), estimate = unname(fixef(m)), se = sqrt(diag(as.matrix(vcov(m))))), a[2])
