# Reference values for `hausman` when V_fe - V_re is NOT positive semi-definite, as Stata
# reports it (a generalized inverse by sweeping, the statistic with a note, df = its rank, and
# no p-value when the statistic is negative). Data: plm's Grunfeld (Fixtures/grunfeld.csv,
# written by panel.R). FE = plm within, RE = plm random (Swamy-Arora), classical covariances.
# - value ~ inv + capital: V_fe - V_re has one positive and one negative eigenvalue but is
#   nonsingular, so every generalized inverse is the inverse: chi2 = d' solve(V) d, df 2.
# - value ~ capital: V_fe - V_re is a negative 1x1, so chi2 = d^2 / V < 0.
# Needs r-cran-plm, r-cran-jsonlite. Output: Fixtures/hausman.json
suppressMessages(library(plm)); library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
g <- read.csv(file.path(out, "grunfeld.csv"))
p <- pdata.frame(g, index = c("firm", "year"))
case <- function(fm) {
  fe <- plm(as.formula(fm), data = p, model = "within")
  re <- plm(as.formula(fm), data = p, model = "random", random.method = "swar")
  nm <- names(coef(fe))
  d <- coef(fe)[nm] - coef(re)[nm]
  V <- vcov(fe)[nm, nm] - vcov(re)[nm, nm]
  chi2 <- drop(t(d) %*% solve(V) %*% d)
  list(chi2 = chi2, df = length(nm), p = if (chi2 >= 0) pchisq(chi2, length(nm), lower.tail = FALSE) else NA,
       eigenvalues = eigen(V, symmetric = TRUE)$values)
}
res <- list(indefinite = case("value ~ inv + capital"), negative = case("value ~ capital"))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "hausman.json"))
str(res)
