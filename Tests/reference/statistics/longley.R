# NIST StRD "Longley" in NIST's units, rebuilt from R's datasets::longley (which stores the same
# numbers rescaled), plus NIST's certified OLS values (copied from the StRD page for Longley).
# Output: Tests/StatisticsTests/Fixtures/longley.csv, longley_certified.json
out <- "../../StatisticsTests/Fixtures"
d <- datasets::longley
nist <- data.frame(
  y  = round(d$Employed * 1000),
  x1 = round(d$GNP.deflator, 1),
  x2 = round(d$GNP * 1000),
  x3 = round(d$Unemployed * 10),
  x4 = round(d$Armed.Forces * 10),
  x5 = round(d$Population * 1000),
  x6 = d$Year)
write.csv(nist, file.path(out, "longley.csv"), row.names = FALSE)
cert <- '{
  "coefficients": [-3482258.63459582, 15.0618722713733, -0.358191792925910E-01,
                   -2.02022980381683, -1.03322686717359, -0.511041056535807E-01, 1829.15146461355],
  "standardErrors": [890420.383607373, 84.9149257747669, 0.334910077722432E-01,
                     0.488399681651699, 0.214274163161675, 0.226073200069370, 455.478499142212],
  "residualStandardDeviation": 304.854073561965,
  "rSquared": 0.995479004577296,
  "note": "order: constant, x1..x6 (NIST StRD Longley certified values)"
}'
writeLines(cert, file.path(out, "longley_certified.json"))
f <- lm(y ~ ., data = nist)
print(format(coef(f), digits = 15)); print(summary(f)$r.squared, digits = 15)
