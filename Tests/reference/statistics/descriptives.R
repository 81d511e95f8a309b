# Reference values for summarize / percentiles / Gini / winsorising / correlate (listwise,
# covariance, pairwise with each pair's N and p).
# Percentiles: Stata's summarize definition is Hyndman-Fan type 2 unweighted, so R's
# quantile(type = 2) is an independent check; frequency weights are checked by expanding the
# data (rep(x, w)), which is what a frequency weight means.
# Needs r-cran-jsonlite. Output: Fixtures/mtcars.csv, quakes.csv, airquality.csv, descriptives.json
library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
write.csv(mtcars, file.path(out, "mtcars.csv"), row.names = FALSE)
write.csv(quakes, file.path(out, "quakes.csv"), row.names = FALSE)
write.csv(airquality, file.path(out, "airquality.csv"), row.names = FALSE, na = "NA")
levels <- c(1, 5, 10, 25, 50, 75, 90, 95, 99)
gini <- function(x) { n <- length(x); sum(abs(outer(x, x, "-"))) / (2 * n^2 * mean(x)) }
mom <- function(x) { m <- mean(x); d <- x - m; c(skew = mean(d^3) / mean(d^2)^1.5, kurt = mean(d^4) / mean(d^2)^2) }
desc <- function(x) {
  list(n = length(x), mean = mean(x), sd = sd(x), min = min(x), max = max(x), sum = sum(x),
       skewness = unname(mom(x)["skew"]), kurtosis = unname(mom(x)["kurt"]),
       percentiles = unname(quantile(x, levels / 100, type = 2)),
       iqr = unname(diff(quantile(x, c(.25, .75), type = 2))), gini = gini(x))
}
wins <- function(x) { q <- quantile(x, c(.01, .99), type = 2); pmin(pmax(x, q[1]), q[2]) }
res <- list(
  levels = levels,
  mtcars_mpg = desc(mtcars$mpg),
  mtcars_hp = desc(mtcars$hp),
  quakes_mag = desc(quakes$mag),
  quakes_depth = desc(quakes$depth),
  # frequency weights: carb as weight on mpg
  mtcars_mpg_weighted_by_carb = desc(rep(mtcars$mpg, mtcars$carb)),
  quakes_depth_winsorized_mean = mean(wins(quakes$depth)),
  quakes_depth_winsorized_sd = sd(wins(quakes$depth)),
  mtcars_cor = unname(cor(mtcars[, c("mpg", "hp", "wt", "qsec")])),
  mtcars_cov = unname(cov(mtcars[, c("mpg", "hp", "wt", "qsec")])),
  mtcars_cor_p_mpg_qsec = cor.test(mtcars$mpg, mtcars$qsec)$p.value,
  airquality_pairwise_cor = unname(cor(airquality[, c("Ozone", "Solar.R", "Wind")], use = "pairwise.complete.obs")),
  airquality_pairwise_n = unname(crossprod(!is.na(airquality[, c("Ozone", "Solar.R", "Wind")]))),
  airquality_p_ozone_solar = cor.test(airquality$Ozone, airquality$Solar.R)$p.value,
  # pwcorr, sig on every pair (each on its own complete cases, as cor.test drops NA pairs),
  # and correlate, covariance (listwise: the rows complete in all three).
  airquality_pairwise_p = unname(outer(1:3, 1:3, Vectorize(function(i, j) {
    v <- airquality[, c("Ozone", "Solar.R", "Wind")]
    if (i == j) NA else cor.test(v[[i]], v[[j]])$p.value }))),
  airquality_listwise_cov = unname(cov(airquality[, c("Ozone", "Solar.R", "Wind")], use = "complete.obs")),
  airquality_listwise_n = sum(complete.cases(airquality[, c("Ozone", "Solar.R", "Wind")])),
  quakes_mag_ci = unname(t.test(quakes$mag, conf.level = 0.9)$conf.int)
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "descriptives.json"))
