# Reference values for `anova y g, posthoc` (Stata's `oneway y g, bonferroni scheffe sidak`)
# on R's chickwts (weight by feed: 6 unbalanced groups, N = 71).
# For groups i < j (in sorted level order): difference mean_j - mean_i,
# t = diff / sqrt(MSE (1/n_i + 1/n_j)) on N - k df, m = k(k-1)/2 comparisons.
# Bonferroni p: pairwise.t.test(pool.sd = TRUE, p.adjust.method = "bonferroni") (R's own code);
# Sidak p = 1 - (1 - p_unadjusted)^m (as -expm1(m log1p(-p)), exact for small p) and Scheffe p = P(F(k-1, N-k) > t^2/(k-1)) by hand,
# the formulas of Stata's [R] oneway. Needs r-cran-jsonlite.
# Output: Fixtures/chickwts.csv, posthoc.json
library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
d <- data.frame(weight = chickwts$weight, feed = as.integer(chickwts$feed) - 1L)
write.csv(d, file.path(out, "chickwts.csv"), row.names = FALSE)
k <- nlevels(chickwts$feed); N <- nrow(d); m <- k * (k - 1) / 2
fit <- lm(weight ~ feed, data = chickwts)
mse <- deviance(fit) / df.residual(fit)
means <- tapply(chickwts$weight, chickwts$feed, mean); ns <- tapply(chickwts$weight, chickwts$feed, length)
bonf <- pairwise.t.test(chickwts$weight, chickwts$feed, pool.sd = TRUE, p.adjust.method = "bonferroni")$p.value
raw <- pairwise.t.test(chickwts$weight, chickwts$feed, pool.sd = TRUE, p.adjust.method = "none")$p.value
rows <- list()
for (i in 1:(k - 1)) for (j in (i + 1):k) {
  diff <- unname(means[j] - means[i]); se <- sqrt(mse * (1 / ns[i] + 1 / ns[j]))
  t <- unname(diff / se); p <- raw[j - 1, i]
  rows[[length(rows) + 1]] <- list(i = i - 1, j = j - 1, diff = diff, t = t, p = p,
    bonferroni = bonf[j - 1, i], sidak = -expm1(m * log1p(-p)),
    scheffe = pf(t^2 / (k - 1), k - 1, N - k, lower.tail = FALSE))
}
writeLines(toJSON(list(comparisons = rows, mse = mse, df = N - k), digits = NA, auto_unbox = TRUE, pretty = TRUE),
           file.path(out, "posthoc.json"))
print(rows[[1]])
