"""Reference values for ivregress 2sls on linearmodels' mroz data:
lwage ~ exper + expersq + (educ = fatheduc + motheduc), women with an observed wage.

linearmodels' unadjusted/robust/clustered covariances without debiasing are the raw
sigma^2 = RSS/N, HC0 and uncorrected cluster sums; Stata's factors are applied here:
cluster G/(G-1); with `small` additionally N/(N-K) (classical, robust) or (N-1)/(N-K)
(cluster). Needs: pip install linearmodels scipy. Output: Fixtures/mroz.csv, iv.json
"""
import json
import os
import numpy as np
from scipy import stats
from linearmodels.datasets import mroz
from linearmodels.iv import IV2SLS

out = os.path.join(os.path.dirname(__file__), "../../StatisticsTests/Fixtures")
d = mroz.load().dropna(subset=["lwage"]).reset_index(drop=True)
d["cluster"] = (d["age"] // 5).astype(int)
d["cluster"] = d["cluster"] - d["cluster"].min()
d["cluster"] = d["cluster"].rank(method="dense").astype(int) - 1
d[["lwage", "educ", "exper", "expersq", "fatheduc", "motheduc", "cluster"]].to_csv(os.path.join(out, "mroz.csv"), index=False)
d["const"] = 1.0
order = ["educ", "exper", "expersq", "const"]
m = IV2SLS(d["lwage"], d[["exper", "expersq", "const"]], d[["educ"]], d[["fatheduc", "motheduc"]])
n, k = len(d), 4
G = d["cluster"].nunique()
un = m.fit(cov_type="unadjusted", debiased=False)
rb = m.fit(cov_type="robust", debiased=False)
cl = m.fit(cov_type="clustered", clusters=d["cluster"], debiased=False)
se = lambda f, s=1.0: (np.sqrt(np.diag(f.cov.loc[order, order]) * s)).tolist()
b = un.params[order].values
small_se = np.sqrt(np.diag(un.cov.loc[order, order]) * n / (n - k))
res = {
    "b": b.tolist(), "se": se(un), "p": un.pvalues[order].tolist(),
    "se_robust": se(rb), "se_cluster": se(cl, G / (G - 1)), "G": G,
    "se_small": small_se.tolist(),
    "p_small": (2 * stats.t.sf(np.abs(b / small_se), n - k)).tolist(),
    "se_robust_small": se(rb, n / (n - k)),
    "se_cluster_small": se(cl, G / (G - 1) * (n - 1) / (n - k)),
    "r2": un.rsquared, "rmse": float(np.sqrt(un.resids.pow(2).sum() / n)),
}
# First stage: educ on exper, expersq, fatheduc, motheduc; partial F of the instruments.
import statsmodels.api as sm
fs_u = sm.OLS(d["educ"], d[["exper", "expersq", "fatheduc", "motheduc", "const"]]).fit()
fs_r = sm.OLS(d["educ"], d[["exper", "expersq", "const"]]).fit()
ftest = fs_u.compare_f_test(fs_r)
res["first_stage"] = {"b": fs_u.params.tolist(), "se": fs_u.bse.tolist(), "F": ftest[0], "p": ftest[1],
                      "partial_r2": 1 - fs_u.ssr / fs_r.ssr}
# The same diagnostics from linearmodels' own first-stage report (Stata's `estat firststage`):
# with debiased=True its F is the classical partial F on (q, N - L) df.
fsd = m.fit(cov_type="unadjusted", debiased=True).first_stage.diagnostics
res["first_stage"]["linearmodels"] = {"partial_r2": float(fsd.loc["educ", "partial.rsquared"]),
                                      "F": float(fsd.loc["educ", "f.stat"]), "df2": int(n - 5)}
with open(os.path.join(out, "iv.json"), "w") as fh:
    json.dump(res, fh, indent=1)
print(res["b"], G)
