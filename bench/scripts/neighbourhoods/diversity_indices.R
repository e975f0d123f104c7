# The R side of compare_diversity.sh: reads the composition CSV with data.table::fread and computes the same
# indices as `cohesion diversity` (unit fractionalisation and entropy; per parent dissimilarity of the first group,
# Theil's H, isolation and exposure), vectorised; writes a CSV. Usage: Rscript diversity_indices.R in.csv out.csv
suppressPackageStartupMessages(library(data.table))
args <- commandArgs(TRUE)
t0 <- proc.time()[["elapsed"]]
d <- fread(args[1])
groups <- setdiff(names(d), c("unit", "parent"))
m <- as.matrix(d[, ..groups]); k <- ncol(m)
tot <- rowSums(m); keep <- tot > 0
m <- m[keep, , drop = FALSE]; tot <- tot[keep]; parent <- d$parent[keep]
p <- m / tot
frac <- 1 - rowSums(p^2)
ent <- -rowSums(ifelse(p > 0, p * log(p), 0))
G <- rowsum(m, parent)                          # parent × group totals
T <- rowSums(G)
idx <- match(parent, rownames(G))
# dissimilarity of group 1 vs the rest
g1 <- m[, 1]; r1 <- tot - g1
D <- 0.5 * tapply(abs(g1 / G[idx, 1] - r1 / (T[idx] - G[idx, 1])), parent, sum)
# Theil's H
PE <- -rowSums(ifelse(G > 0, (G / T) * log(G / T), 0))
H <- tapply(tot * (PE[idx] - ent), parent, sum) / (T * PE)[names(tapply(tot, parent, sum))]
# exposure a→b for all pairs (diagonal = isolation)
expo <- matrix(NA_real_, nrow(G), k * k)
for (a in 1:k) for (b in 1:k) expo[, (a - 1) * k + b] <- rowsum((m[, a] / G[idx, a]) * (m[, b] / tot), parent)[, 1]
units <- data.table(unit = d$unit[keep], total = tot, fractionalisation = frac, entropy = ent)
parents <- data.table(parent = rownames(G), dissimilarity = as.numeric(D[rownames(G)]), theil_h = as.numeric(H[rownames(G)]), expo)
fwrite(units, args[2]); fwrite(parents, sub("\\.csv$", "_parents.csv", args[2]))
cat(sprintf("R total %.2f s\n", proc.time()[["elapsed"]] - t0))
