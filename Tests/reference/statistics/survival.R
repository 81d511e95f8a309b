# Reference values for Cox (Efron, Breslow, robust, cluster), Kaplan-Meier and log-rank,
# from R's survival package on its lung and veteran data.
# Stata multiplies the robust (Lin-Wei) variance by N/(N-1) and the cluster one by G/(G-1);
# R does not, so the fixture applies those factors.
# Needs r-cran-survival, r-cran-jsonlite. Output: Fixtures/lung.csv, veteran.csv, survival.json
library(survival); library(jsonlite, quietly = TRUE, warn.conflicts = FALSE)
out <- "../../StatisticsTests/Fixtures"
lung2 <- na.omit(survival::lung[, c("inst", "time", "status", "age", "sex", "ph.ecog", "wt.loss")])
lung2$event <- lung2$status - 1
lung2$inst <- as.integer(factor(lung2$inst)) - 1L  # dense cluster codes
write.csv(lung2[, c("inst", "time", "event", "age", "sex", "ph.ecog", "wt.loss")], file.path(out, "lung.csv"), row.names = FALSE)
vet <- survival::veteran
vet$trt0 <- vet$trt - 1L
write.csv(vet[, c("trt0", "time", "status", "karno", "age")], file.path(out, "veteran.csv"), row.names = FALSE)
n <- nrow(lung2); G <- length(unique(lung2$inst))
cx <- function(ties) coxph(Surv(time, event) ~ age + sex + ph.ecog + wt.loss, data = lung2, ties = ties)
pack <- function(f) {
  ci <- confint(f, level = 0.95)
  list(b = unname(coef(f)), se = unname(sqrt(diag(vcov(f)))), ll = f$loglik[2], ll0 = f$loglik[1],
       lr = 2 * diff(f$loglik), lower = unname(ci[, 1]), upper = unname(ci[, 2]),
       p = unname(summary(f)$coefficients[, "Pr(>|z|)"]))
}
efron <- cx("efron"); breslow <- cx("breslow")
rob <- coxph(Surv(time, event) ~ age + sex + ph.ecog + wt.loss, data = lung2, ties = "efron", robust = TRUE)
rob_b <- coxph(Surv(time, event) ~ age + sex + ph.ecog + wt.loss, data = lung2, ties = "breslow", robust = TRUE)
clu <- coxph(Surv(time, event) ~ age + sex + ph.ecog + wt.loss, data = lung2, ties = "efron", cluster = inst)
km <- survfit(Surv(time, event) ~ 1, data = lung2, conf.type = "log-log")
kmv <- survfit(Surv(time, status) ~ 1, data = vet, conf.type = "log-log")
lr <- survdiff(Surv(time, status) ~ trt0, data = vet)
lrl <- survdiff(Surv(time, event) ~ ph.ecog, data = lung2)
kmpack <- function(k) list(time = k$time, n_risk = k$n.risk, n_event = k$n.event, n_censor = k$n.censor,
                           surv = k$surv, se = k$surv * k$std.err, lower = k$lower, upper = k$upper,
                           median = unname(summary(k)$table["median"]))
res <- list(
  efron = pack(efron), breslow = pack(breslow),
  se_robust_efron = unname(sqrt(diag(vcov(rob)) * n / (n - 1))),
  se_robust_breslow = unname(sqrt(diag(vcov(rob_b)) * n / (n - 1))),
  se_cluster_efron = unname(sqrt(diag(vcov(clu)) * G / (G - 1))), G = G,
  km_lung = kmpack(km), km_veteran = kmpack(kmv),
  logrank_veteran = list(chi2 = lr$chisq, obs = unname(lr$obs), exp = unname(lr$exp)),
  logrank_lung_ecog = list(chi2 = lrl$chisq, obs = unname(lrl$obs), exp = unname(lrl$exp), df = length(lrl$n) - 1)
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "survival.json"))
print(res$efron$b); print(table(lung2$ph.ecog))

# streg, distribution(weibull) in the PH metric from survreg's AFT fit:
# beta = -gamma/sigma, ln p = -log(sigma); the covariance by the delta method (exact for an
# ML reparametrisation's observed information).
sr <- survreg(Surv(time, event) ~ age + sex + ph.ecog + wt.loss, data = lung2, dist = "weibull")
g <- coef(sr); s <- sr$scale; V <- vcov(sr)   # order: (Intercept), slopes, Log(scale)
kk <- length(g)
J <- matrix(0, kk + 1, kk + 1)
for (i in 1:kk) { J[i, i] <- -1 / s; J[i, kk + 1] <- g[i] / s }
J[kk + 1, kk + 1] <- -1
ph <- c(-g / s, -log(s)); Vph <- J %*% V %*% t(J)
ord <- c(2:kk, 1)
srr <- survreg(Surv(time, event) ~ age + sex + ph.ecog + wt.loss, data = lung2, dist = "weibull", robust = TRUE)
Vr <- J %*% vcov(srr) %*% t(J) * n / (n - 1)   # survreg's robust is D'D; Stata adds N/(N-1)
res$weibull <- list(b = unname(ph[ord]), se = unname(sqrt(diag(Vph))[ord]), lnp = unname(ph[kk + 1]),
                    lnp_se = sqrt(Vph[kk + 1, kk + 1]), ll = sr$loglik[2],
                    se_robust = unname(sqrt(diag(Vr))[ord]))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "survival.json"))

# Delayed entry (counting-process data): survival's heart (Stanford transplant), rows are
# (start, stop] spells of a patient; cluster on the patient with Stata's G/(G-1).
h <- survival::heart
h$id0 <- as.integer(factor(h$id)) - 1L
write.csv(h[, c("id0", "start", "stop", "event", "age", "year", "surgery", "transplant")],
          file.path(out, "heart.csv"), row.names = FALSE)
Gh <- length(unique(h$id0))
he <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = h, ties = "efron")
hb <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = h, ties = "breslow")
hc <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = h, ties = "efron", cluster = id0)
res$heart_efron <- pack(he)
res$heart_breslow <- pack(hb)
res$heart_se_cluster <- unname(sqrt(diag(vcov(hc)) * Gh / (Gh - 1)))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "survival.json"))

# Kaplan-Meier with delayed entry on heart.
res$km_heart <- kmpack(survfit(Surv(start, stop, event) ~ 1, data = h, conf.type = "log-log"))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "survival.json"))

# Stratified Cox: strata(sex) on lung, Efron; robust with Stata's N/(N-1).
st <- coxph(Surv(time, event) ~ age + ph.ecog + wt.loss + strata(sex), data = lung2, ties = "efron")
str <- coxph(Surv(time, event) ~ age + ph.ecog + wt.loss + strata(sex), data = lung2, ties = "efron", robust = TRUE)
res$strata_sex <- c(pack(st), list(se_robust = unname(sqrt(diag(vcov(str)) * n / (n - 1)))))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(out, "survival.json"))
