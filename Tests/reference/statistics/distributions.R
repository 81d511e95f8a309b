# Reference values for the distribution functions, from R's own (Rmath) implementations.
# Output: Tests/StatisticsTests/Fixtures/distributions.csv with columns
#   fn, x, a, b, value   (a, b = degrees of freedom where relevant; NA otherwise)
out <- "../../StatisticsTests/Fixtures"
rows <- list()
add <- function(fn, x, a, b, v) rows[[length(rows) + 1]] <<- data.frame(fn = fn, x = x, a = a, b = b, value = v)
# R's own quantile functions are not always exact far in the tails (qf/qbeta at p = 1e-6 is
# off in the fifth digit); keep a quantile row only if R's cdf maps it back to p within 1e-12.
addq <- function(fn, p, a, b, q, cdf) if (abs(cdf(q) - p) <= 1e-12 * p) add(fn, p, a, b, q)
xs <- c(-38, -20, -8.5, -5, -3, -1.96, -1, -0.3, 0, 0.25, 1, 1.645, 2.5, 4, 7, 9)
for (x in xs) { add("pnorm", x, NA, NA, pnorm(x)); add("pnorm_upper", x, NA, NA, pnorm(x, lower.tail = FALSE)) }
ps <- c(1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-9)
for (p in ps) add("qnorm", p, NA, NA, qnorm(p))
dfs <- c(1, 2, 3.5, 5, 10, 30, 100, 1000, 1e5)
ts <- c(-50, -6, -2.5, -1, -0.1, 0, 0.5, 1.3, 2, 3, 8, 40)
for (v in dfs) for (t in ts) { add("pt", t, v, NA, pt(t, v)); add("pt_upper", t, v, NA, pt(t, v, lower.tail = FALSE)) }
for (v in dfs) for (p in c(1e-8, 0.001, 0.025, 0.1, 0.4, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9999)) addq("qt", p, v, NA, qt(p, v), function(q) pt(q, v))
cdfs <- c(0.5, 1, 2, 3, 7, 10, 25, 100, 1000)
for (k in cdfs) for (x in c(0.001, 0.1, 0.5, 1, 2, 3.84, 5, 10, 20, 50, 150, 900, 1200)) {
  add("pchisq", x, k, NA, pchisq(x, k)); add("pchisq_upper", x, k, NA, pchisq(x, k, lower.tail = FALSE)) }
for (k in cdfs) for (p in c(1e-6, 0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.99999)) addq("qchisq", p, k, NA, qchisq(p, k), function(q) pchisq(q, k))
fdf <- list(c(1, 1), c(1, 10), c(2, 5), c(3, 30), c(5, 100), c(10, 10), c(12, 5000), c(30, 2), c(100, 100))
for (d in fdf) {
  for (f in c(0.01, 0.2, 0.8, 1, 1.5, 3, 5, 12, 60, 400)) {
    add("pf", f, d[1], d[2], pf(f, d[1], d[2])); add("pf_upper", f, d[1], d[2], pf(f, d[1], d[2], lower.tail = FALSE)) }
  for (p in c(1e-6, 0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.9999)) addq("qf", p, d[1], d[2], qf(p, d[1], d[2]), function(q) pf(q, d[1], d[2]))
}
for (a in c(0.5, 1, 2.5, 10, 80)) for (b in c(0.5, 1, 3, 20, 150)) for (x in c(0.001, 0.05, 0.3, 0.5, 0.8, 0.99)) {
  add("pbeta", x, a, b, pbeta(x, a, b)) }
for (a in c(0.3, 1, 4.5, 30, 500)) for (x in c(0.01, 0.5, 1, 5, 30, 520, 800)) add("pgamma", x, a, NA, pgamma(x, a))
for (x in c(0.1, 0.5, 1, 1.5, 3.7, 10, 100, 1e4, 1e7)) add("lgamma", x, NA, NA, lgamma(x))
d <- do.call(rbind, rows)
write.csv(d, file.path(out, "distributions.csv"), row.names = FALSE, na = "NA")
cat(nrow(d), "rows\n")
