# Reference values for the studentized range distribution (StudentizedRange.swift) from SciPy's
# scipy.stats.studentized_range, which integrates adaptively to near double precision; R's
# ptukey/qtukey (posthoc.R) are only good to about 1e-7 (qtukey to 4 decimals, as its manual
# says), so the tight tolerances are tested against these. df = "Inf" is the range itself.
# Needs scipy >= 1.7. Output: Fixtures/studentized_range.json
import json, math
from scipy.stats import studentized_range as sr

out = "../../StatisticsTests/Fixtures/studentized_range.json"
tails, quantiles = [], []
for df in [2, 5, 10, 20, 65, 120, 1000, math.inf]:
    for k in [2, 3, 6, 10, 20]:
        for q in [0.5, 1, 2.5, 3.5, 4.5, 6, 9, 12]:
            tails.append({"q": q, "k": k, "df": "Inf" if math.isinf(df) else df,
                          "lower": float(sr.cdf(q, k, df)), "upper": float(sr.sf(q, k, df))})
for df in [3, 10, 65, 500, math.inf]:
    for k in [2, 4, 6, 15]:
        for p in [0.5, 0.9, 0.95, 0.99]:
            quantiles.append({"p": p, "k": k, "df": "Inf" if math.isinf(df) else df, "q": float(sr.ppf(p, k, df))})
with open(out, "w") as f:
    json.dump({"tails": tails, "quantiles": quantiles}, f, indent=1)
print(len(tails), len(quantiles), tails[-1])
