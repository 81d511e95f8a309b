# Reference values for the Shapiro-Wilk test (R's shapiro.test implements Royston's AS R94,
# the algorithm Stata's swilk uses too) on built-in data of several sizes.
# Needs r-cran-jsonlite. Output: Fixtures/normality.json
library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
sw <- function(x) { s <- shapiro.test(x); list(x = x, w = unname(s$statistic), p = s$p.value) }
res <- list(
  n3 = sw(c(2.1, 3.7, 9.4)),
  n5 = sw(mtcars$mpg[1:5]),
  n8 = sw(mtcars$wt[1:8]),
  mpg = sw(mtcars$mpg),
  depth = sw(quakes$depth),
  mag = sw(quakes$mag),
  faithful = sw(faithful$eruptions)
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "normality.json"))
