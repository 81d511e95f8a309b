# Reference values for OLS: classical, HC1 robust, cluster-robust (Stata's small-sample factor
# G/(G-1) * (N-1)/(N-K), which is sandwich::vcovCL(type = "HC1", cadjust = TRUE)),
# noconstant, 90% intervals, R2, adjusted R2, F (Wald F for robust), root MSE, VIF.
# Needs r-cran-sandwich, r-cran-jsonlite. Output: Fixtures/chickweight.csv, ols.json
library(sandwich); library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
cw <- data.frame(weight = ChickWeight$weight, Time = ChickWeight$Time,
                 chick = as.integer(as.character(ChickWeight$Chick)) - 1L,  # dense codes 0..49
                 Diet = as.integer(as.character(ChickWeight$Diet)))
write.csv(cw, file.path(out, "chickweight.csv"), row.names = FALSE)
# Stata order: slopes first, constant last.
reorder <- function(v) c(v[-1], v[1])
reorderM <- function(m) { i <- c(2:nrow(m), 1); m[i, i] }
wald <- function(b, V, idx) drop(t(b[idx]) %*% solve(V[idx, idx]) %*% b[idx]) / length(idx)
summ <- function(f, V, level = 0.95, df = f$df.residual, slopes = 2:length(coef(f))) {
  b <- coef(f); se <- sqrt(diag(V)); tq <- qt(0.5 + level / 2, df)
  s <- summary(f)
  list(b = reorder(unname(b)), se = reorder(unname(se)), t = reorder(unname(b / se)),
       p = reorder(unname(2 * pt(abs(b / se), df, lower.tail = FALSE))),
       lower = reorder(unname(b - tq * se)), upper = reorder(unname(b + tq * se)),
       r2 = s$r.squared, adjr2 = s$adj.r.squared, rmse = s$sigma, n = nobs(f),
       rss = sum(resid(f)^2), F = wald(b, V, slopes), df_r = df)
}
f1 <- lm(mpg ~ wt + hp + qsec + am, data = mtcars)
cl <- lm(weight ~ Time + factor(Diet), data = cw)
G <- length(unique(cw$chick))
vcl <- vcovCL(cl, cluster = ~chick, type = "HC1", cadjust = TRUE)
f0 <- lm(mpg ~ 0 + wt + qsec, data = mtcars)
s0 <- summary(f0)
vif <- sapply(c("wt", "hp", "qsec", "am"), function(v) {
  others <- setdiff(c("wt", "hp", "qsec", "am"), v)
  1 / (1 - summary(lm(reformulate(others, v), data = mtcars))$r.squared) })
res <- list(
  classical = c(summ(f1, vcov(f1)), list(F_classical = unname(summary(f1)$fstatistic[1]))),
  classical_level90 = summ(f1, vcov(f1), level = 0.90),
  robust = summ(f1, vcovHC(f1, type = "HC1")),
  cluster = c(summ(cl, vcl, df = G - 1), list(G = G)),
  noconstant = list(b = unname(coef(f0)), se = unname(sqrt(diag(vcov(f0)))), r2 = s0$r.squared,
                    adjr2 = s0$adj.r.squared, F = unname(s0$fstatistic[1]), rmse = s0$sigma),
  vif = unname(vif)
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "ols.json"))

# regress [aweight = disp]: Stata rescales aweights to sum to N, so lm gets disp/mean(disp)
# (coefficients and SEs do not depend on the scale, root MSE does); HC1 and cluster(cyl) through
# sandwich on the weighted fit.
fw <- lm(mpg ~ wt + hp + qsec + am, data = mtcars, weights = disp / mean(disp))
cyl <- as.integer(factor(mtcars$cyl)) - 1L
res$weighted <- c(summ(fw, vcov(fw)), list(
  se_robust = unname(reorder(sqrt(diag(vcovHC(fw, type = "HC1"))))),
  se_cluster = unname(reorder(sqrt(diag(vcovCL(fw, cluster = cyl, type = "HC1", cadjust = TRUE)))))))

# regress-predict: fitted, residuals, leverage, Cook's distance; regress, beta.
res$predict <- list(fitted = unname(fitted(f1)), resid = unname(resid(f1)), hat = unname(hatvalues(f1)),
                    cooksd = unname(cooks.distance(f1)),
                    beta = unname(coef(f1)[-1] * sapply(mtcars[, c("wt", "hp", "qsec", "am")], sd) / sd(mtcars$mpg)))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "ols.json"))
