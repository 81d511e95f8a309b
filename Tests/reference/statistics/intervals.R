# Reference values for ci proportions (exact = binom.test's Clopper-Pearson; Wilson =
# prop.test without continuity correction) and ci means, poisson (poisson.test).
# Needs r-cran-jsonlite. Output: Fixtures/intervals.json
library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
cases <- list(c(0, 20), c(1, 20), c(7, 20), c(20, 20), c(13, 1000), c(517, 1000))
res <- list(
  binomial = lapply(cases, function(c) list(k = c[1], n = c[2],
    exact = unname(binom.test(c[1], c[2], conf.level = 0.95)$conf.int[1:2]),
    exact90 = unname(binom.test(c[1], c[2], conf.level = 0.90)$conf.int[1:2]),
    wilson = unname(prop.test(c[1], c[2], correct = FALSE)$conf.int[1:2]))),
  poisson = lapply(list(c(0, 1), c(3, 1), c(42, 10.5), c(1000, 250)), function(c) list(k = c[1], t = c[2],
    ci = unname(poisson.test(c[1], c[2])$conf.int[1:2])))
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "intervals.json"))
