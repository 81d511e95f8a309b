# Exports MASS's Insurance and quine as numeric CSVs for the count-model fixtures
# (counts.py fits them with statsmodels). Factors become integer codes (Insurance) or 0/1
# dummies (quine). Needs r-cran-mass. Output: Fixtures/insurance.csv, quine.csv
library(MASS)
out <- "../../StatisticsTests/Fixtures"
ins <- data.frame(claims = Insurance$Claims, holders = Insurance$Holders,
                  district = as.integer(Insurance$District), group = as.integer(Insurance$Group),
                  age = as.integer(Insurance$Age))
write.csv(ins, file.path(out, "insurance.csv"), row.names = FALSE)
q <- data.frame(days = quine$Days, ethN = as.integer(quine$Eth == "N"), sexM = as.integer(quine$Sex == "M"),
                age1 = as.integer(quine$Age == "F1"), age2 = as.integer(quine$Age == "F2"),
                age3 = as.integer(quine$Age == "F3"), lrnSL = as.integer(quine$Lrn == "SL"))
write.csv(q, file.path(out, "quine.csv"), row.names = FALSE)
