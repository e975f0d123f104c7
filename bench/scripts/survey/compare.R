# Compare cohesion's CSV output with R's: max relative difference of estimates and SEs.
suppressMessages(library(data.table))
args <- commandArgs(TRUE)
r <- fread(args[1]); c <- fread(args[2]); c$group <- as.character(c$group); r$group <- as.character(r$group)
m <- merge(r, c, by = "group", suffixes = c(".r", ".c"))
stopifnot(nrow(m) == nrow(r), nrow(m) == nrow(c))
cat(sprintf("groups %d; max rel diff estimate %.3g, se %.3g\n", nrow(m),
            max(abs(m$estimate.c / m$estimate.r - 1)), max(abs(m$se.c / m$se.r - 1))))
