# Whole process: read fe.csv with data.table::fread, plm two-way within, vcovHC(arellano, sss, cluster = group).
# Usage: Rscript fe_plm.R fe.csv OUT.csv
suppressMessages({ library(data.table); library(plm) })
a <- commandArgs(TRUE); d <- fread(a[1])
pd <- pdata.frame(as.data.frame(d), index = c("unit", "year"))
m <- plm(y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10, data = pd, model = "within", effect = "twoways")
V <- vcovHC(m, method = "arellano", type = "sss", cluster = "group")
fwrite(data.table(term = names(coef(m)), estimate = unname(coef(m)), se = sqrt(diag(V))), a[2])
