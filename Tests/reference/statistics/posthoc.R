# Reference values for `anova y g, posthoc` (Stata's `oneway y g, bonferroni scheffe sidak`)
# on R's chickwts (weight by feed: 6 unbalanced groups, N = 71).
# For groups i < j (in sorted level order): difference mean_j - mean_i,
# t = diff / sqrt(MSE (1/n_i + 1/n_j)) on N - k df, m = k(k-1)/2 comparisons.
# Bonferroni p: pairwise.t.test(pool.sd = TRUE, p.adjust.method = "bonferroni") (R's own code);
# Sidak p = 1 - (1 - p_unadjusted)^m (as -expm1(m log1p(-p)), exact for small p) and Scheffe p = P(F(k-1, N-k) > t^2/(k-1)) by hand,
# the formulas of Stata's [R] oneway. Tukey HSD (Stata's `pwcompare, mcompare(tukey)`): R's
# TukeyHSD (p adj via ptukey, simultaneous lwr/upr via qtukey). The studentized range grid:
# R's ptukey (both tails) and qtukey at several (q, k, df). Needs r-cran-jsonlite.
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
hsd <- TukeyHSD(aov(weight ~ feed, data = chickwts), conf.level = 0.95)$feed
rows <- list()
for (i in 1:(k - 1)) for (j in (i + 1):k) {
  diff <- unname(means[j] - means[i]); se <- sqrt(mse * (1 / ns[i] + 1 / ns[j]))
  t <- unname(diff / se); p <- raw[j - 1, i]
  rows[[length(rows) + 1]] <- list(i = i - 1, j = j - 1, diff = diff, t = t, p = p,
    bonferroni = bonf[j - 1, i], sidak = -expm1(m * log1p(-p)),
    scheffe = pf(t^2 / (k - 1), k - 1, N - k, lower.tail = FALSE),
    tukey = hsd[paste0(levels(chickwts$feed)[j], "-", levels(chickwts$feed)[i]), "p adj"],
    tukey_low = hsd[paste0(levels(chickwts$feed)[j], "-", levels(chickwts$feed)[i]), "lwr"],
    tukey_high = hsd[paste0(levels(chickwts$feed)[j], "-", levels(chickwts$feed)[i]), "upr"])
}
ranges <- list()
for (df in c(2, 5, 10, 20, 65, 120, 1000, Inf)) for (kk in c(2, 3, 6, 10, 20)) for (q in c(0.5, 1, 2.5, 3.5, 4.5, 6, 9)) {
  ranges[[length(ranges) + 1]] <- list(q = q, k = kk, df = if (is.finite(df)) df else "Inf",
    lower = ptukey(q, kk, df), upper = ptukey(q, kk, df, lower.tail = FALSE))
}
quantiles <- list()
for (df in c(3, 10, 65, 500, Inf)) for (kk in c(2, 4, 6, 15)) for (p in c(0.5, 0.9, 0.95, 0.99)) {
  quantiles[[length(quantiles) + 1]] <- list(p = p, k = kk, df = if (is.finite(df)) df else "Inf", q = qtukey(p, kk, df))
}
writeLines(toJSON(list(comparisons = rows, mse = mse, df = N - k, ranges = ranges, quantiles = quantiles), digits = NA, auto_unbox = TRUE, pretty = TRUE),
           file.path(out, "posthoc.json"))
print(rows[[1]])
