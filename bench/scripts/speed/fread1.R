# Whole process: read a CSV with data.table::fread on one thread and describe it (column types and missing counts).
# Usage: Rscript fread1.R FILE
suppressMessages(library(data.table))
d <- fread(commandArgs(TRUE)[1], nThread = 1)
invisible(data.table(column = names(d), type = vapply(d, function(x) class(x)[1], ""), missing = vapply(d, function(x) sum(is.na(x)), 0L)))
