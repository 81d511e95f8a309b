# Reference values for histogram bins and box-plot statistics on quakes$depth / mtcars$hp.
# Bins are [a, b) with the last closed, from the minimum; R's hist(right = FALSE,
# include.lowest = TRUE) with explicit breaks counts the same way. Quartiles: type 2.
# The normal overlay (Stata's `histogram, normal`): dnorm with the sample mean and sd at the
# bin midpoints, times N*width (frequency), width (fraction), 100*width (percent) or 1 (density).
# Needs r-cran-jsonlite. Output: Fixtures/charts.json
library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
x <- quakes$depth
k <- floor(min(sqrt(length(x)), 10 * log10(length(x))))
br <- seq(min(x), max(x), length.out = k + 1)
h <- hist(x, breaks = br, right = FALSE, include.lowest = TRUE, plot = FALSE)
bx <- function(v) {
  q <- quantile(v, c(.25, .5, .75), type = 2); iqr <- q[3] - q[1]
  inside <- v[v >= q[1] - 1.5 * iqr & v <= q[3] + 1.5 * iqr]
  list(q = unname(q), lw = min(inside), uw = max(inside), outside = sum(v < q[1] - 1.5 * iqr | v > q[3] + 1.5 * iqr))
}
res <- list(depth_bins = k, depth_counts = h$counts, depth_breaks = h$breaks, depth_density = h$density,
            hp_box = bx(mtcars$hp), mag_box = bx(quakes$mag))
mids <- h$mids; w <- diff(br)[1]; dn <- dnorm(mids, mean(x), sd(x))
res$depth_normal <- list(mean = mean(x), sd = sd(x), x = mids, density = dn, fraction = dn * w,
                         frequency = dn * w * length(x), percent = 100 * dn * w)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "charts.json"))
print(res$hp_box)
