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

# Two-way anova (main effects) by partial SS: drop1(lm, test = "F") on warpbreaks.
write.csv(data.frame(breaks = warpbreaks$breaks, wool = as.integer(warpbreaks$wool) - 1L,
                     tension = as.integer(warpbreaks$tension) - 1L), file.path(out, "warpbreaks.csv"), row.names = FALSE)
fit <- lm(breaks ~ wool + tension, data = warpbreaks)
d1 <- drop1(fit, test = "F")
res$anova2 <- list(ss = unname(d1$`Sum of Sq`[-1]), df = unname(d1$Df[-1]), F = unname(d1$`F value`[-1]),
                   p = unname(d1$`Pr(>F)`[-1]), model_F = unname(summary(fit)$fstatistic[1]))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "tables.json"))
