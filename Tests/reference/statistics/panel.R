# Reference values for xtreg fe/be/re on plm's Grunfeld data (10 firms x 20 years, balanced):
# inv ~ value + capital. plm's within/between/random (Swamy-Arora) with its classical
# covariances; the FE cluster-robust covariance is plm's raw Arellano sandwich (HC0) times
# Stata's factor (G/(G-1))*((N-1)/(N-K-1)), K slopes (xtreg's regression includes _cons).
# Stata's FE _cons is mean(y) - mean(x)'b. Needs r-cran-plm, r-cran-jsonlite.
# Output: Fixtures/grunfeld.csv, panel.json
suppressMessages(library(plm)); library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
data("Grunfeld", package = "plm")
g <- data.frame(firm = Grunfeld$firm - 1L, year = Grunfeld$year, inv = Grunfeld$inv,
                value = Grunfeld$value, capital = Grunfeld$capital)
write.csv(g, file.path(out, "grunfeld.csv"), row.names = FALSE)
p <- pdata.frame(g, index = c("firm", "year"))
fe <- plm(inv ~ value + capital, data = p, model = "within")
be <- plm(inv ~ value + capital, data = p, model = "between")
re <- plm(inv ~ value + capital, data = p, model = "random", random.method = "swar")
po <- plm(inv ~ value + capital, data = p, model = "pooling")
N <- nrow(g); G <- 10; K <- 2
raw <- vcovHC(fe, method = "arellano", type = "HC0", cluster = "group")
fe_cl <- raw * (G / (G - 1)) * ((N - 1) / (N - K - 1))
ft <- pFtest(fe, po)
erc <- ercomp(re)
res <- list(
  fe = list(b = unname(coef(fe)), se = unname(sqrt(diag(vcov(fe)))),
            cons = mean(g$inv) - sum(colMeans(g[, c("value", "capital")]) * coef(fe)),
            se_cluster = unname(sqrt(diag(fe_cl))), r2_within = unname(summary(fe)$r.squared["rsq"]),
            F = unname(ft$statistic), F_df = unname(ft$parameter), sigma_e = sqrt(deviance(fe) / df.residual(fe))),
  be = list(b = unname(coef(be)[c(2, 3, 1)]), se = unname(sqrt(diag(vcov(be))))[c(2, 3, 1)],
            r2 = unname(summary(be)$r.squared["rsq"])),
  re = list(b = unname(coef(re)[c(2, 3, 1)]), se = unname(sqrt(diag(vcov(re))))[c(2, 3, 1)],
            theta = unname(erc$theta), sigma_e = sqrt(unname(erc$sigma2["idios"])), sigma_u = sqrt(unname(erc$sigma2["id"])))
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "panel.json"))
print(res$re)

# hausman fe re (plm's phtest uses the same quadratic form over the slopes).
ht <- phtest(fe, re)
res$hausman <- list(chi2 = unname(ht$statistic), df = unname(ht$parameter), p = ht$p.value)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "panel.json"))

# xtreg re on an UNBALANCED subset of Grunfeld (firms 1, 3, 6, 9 lose years; T_i = 10..20):
# plm's Swamy-Arora for unbalanced panels is Baltagi and Chang's (1994), Stata's `xtreg, re sa`.
# theta is per firm (plm's ercomp theta, one value per row, reduced to one per firm).
# Output: Fixtures/grunfeld_unbalanced.csv, the "re_unbalanced" entry of panel.json
keep <- !((g$firm == 0 & g$year > 1950) | (g$firm == 2 & g$year < 1940) |
          (g$firm == 5 & g$year %in% c(1940, 1941, 1945)) | (g$firm == 8 & g$year > 1944))
u <- g[keep, ]
write.csv(u, file.path(out, "grunfeld_unbalanced.csv"), row.names = FALSE)
pu <- pdata.frame(u, index = c("firm", "year"))
reu <- plm(inv ~ value + capital, data = pu, model = "random", random.method = "swar")
ercu <- ercomp(reu)
res$re_unbalanced <- list(b = unname(coef(reu)[c(2, 3, 1)]), se = unname(sqrt(diag(vcov(reu))))[c(2, 3, 1)],
  theta = unname(as.vector(tapply(ercu$theta, u$firm, function(t) t[1]))),
  sigma_e = sqrt(unname(ercu$sigma2["idios"])), sigma_u = sqrt(unname(ercu$sigma2["id"])),
  T = unname(as.vector(table(u$firm))))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "panel.json"))
print(res$re_unbalanced)
