# Reference values for tabulate's chi2/lrchi2/V and oneway (ANOVA F, Bartlett), on mtcars and
# ChickWeight (fixtures written by descriptives.R and ols.R). Needs r-cran-jsonlite.
# Output: Fixtures/tables.json
library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
tab <- table(mtcars$cyl, mtcars$gear)
ct <- suppressWarnings(chisq.test(tab, correct = FALSE))
g2 <- 2 * sum(ifelse(tab > 0, tab * log(tab / ct$expected), 0))
tab2 <- table(mtcars$am, mtcars$vs)
ct2 <- suppressWarnings(chisq.test(tab2, correct = FALSE))
a <- anova(lm(weight ~ factor(Diet), data = ChickWeight))
bt <- bartlett.test(weight ~ factor(Diet), data = ChickWeight)
res <- list(
  cyl_gear = list(counts = unclass(unname(tab)), chi2 = unname(ct$statistic), p = ct$p.value, df = unname(ct$parameter),
                  g2 = g2, g2_p = pchisq(g2, ct$parameter, lower.tail = FALSE),
                  v = sqrt(unname(ct$statistic) / (sum(tab) * (min(dim(tab)) - 1)))),
  am_vs = list(counts = unclass(unname(tab2)), chi2 = unname(ct2$statistic),
               v_signed = (tab2[1,1]*tab2[2,2] - tab2[1,2]*tab2[2,1]) / sqrt(prod(rowSums(tab2)) * prod(colSums(tab2)))),
  oneway_diet = list(F = a$`F value`[1], p = a$`Pr(>F)`[1], ssb = a$`Sum Sq`[1], ssw = a$`Sum Sq`[2],
                     bartlett = unname(bt$statistic), bartlett_p = bt$p.value)
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "tables.json"))
