# Writes a composition CSV of N units in P parents with 7 groups (seeded). Usage: Rscript make_composition.R N P out.csv
args <- commandArgs(TRUE); n <- as.integer(args[1]); P <- as.integer(args[2])
set.seed(42)
size <- 200 + sample.int(3000, n, TRUE)
m <- round(size * matrix(runif(n * 7), n, 7) * rep(c(4, 1, 1, 1, 1, 1, 1), each = n))
colnames(m) <- c("dutch", "western", "morocco", "antilles", "suriname", "turkey", "other_nonwestern")
d <- data.frame(unit = sprintf("BU%08d", 1:n), parent = sprintf("P%05d", sample.int(P, n, TRUE)), m)
data.table::fwrite(d, args[3])
