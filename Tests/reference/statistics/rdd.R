# Reference values for `rdd y x, cutoff(c) bandwidth(h) fuzzy(t)`: fuzzy regression
# discontinuity, local linear with a triangular kernel, as a kernel-weighted 2SLS on the window
# |x - c| < h: y on t, (x - c), z(x - c) and a constant, t instrumented by z = (x >= c).
# Just identified, so the estimate is exactly the ratio of the outcome jump to the treatment
# jump of the two kernel-weighted local linear fits; SEs are HC1 of the weighted 2SLS
# (sandwich::vcovHC(type = "HC1") on AER::ivreg), as the sharp rdd's HC1 of its weighted OLS.
# Data: the public Mroz (1987) wage sample (Fixtures/mroz.csv, written by iv.py): running
# variable exper, cutoff 12, bandwidth 8, outcome lwage. The treatment is CONSTRUCTED from
# public columns to make a fuzzy design: t = 1 if motheduc >= 8 above the cutoff, if
# motheduc >= 14 below it. Needs r-cran-aer, r-cran-sandwich, r-cran-jsonlite.
# Output: Fixtures/rdd.json
suppressMessages({library(AER); library(sandwich)}); library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
d <- read.csv(file.path(out, "mroz.csv"))
cut <- 12; h <- 8
d$xc <- d$exper - cut; d$z <- as.numeric(d$exper >= cut)
d$t <- as.numeric(ifelse(d$z == 1, d$motheduc >= 8, d$motheduc >= 14))
w <- d[abs(d$xc) < h, ]
w$k <- 1 - abs(w$xc) / h
w$zxc <- w$z * w$xc
iv <- ivreg(lwage ~ t + xc + zxc | z + xc + zxc, weights = k, data = w)
rf <- lm(lwage ~ z + xc + zxc, weights = k, data = w)
fs <- lm(t ~ z + xc + zxc, weights = k, data = w)
ord <- c("t", "xc", "zxc", "(Intercept)")
res <- list(cutoff = cut, bandwidth = h, n = nrow(w), n_below = sum(w$z == 0), n_above = sum(w$z == 1),
  b = unname(coef(iv)[ord]), se_hc1 = unname(sqrt(diag(vcovHC(iv, type = "HC1")))[match(ord, names(coef(iv)))]),
  outcome_jump = unname(coef(rf)["z"]), treatment_jump = unname(coef(fs)["z"]),
  treatment_jump_se_hc1 = unname(sqrt(diag(vcovHC(fs, type = "HC1")))["z"]))
stopifnot(abs(res$b[1] - res$outcome_jump / res$treatment_jump) < 1e-12)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out, "rdd.json"))
str(res)
