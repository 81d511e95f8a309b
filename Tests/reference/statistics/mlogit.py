"""Reference values for mlogit on statsmodels' anes96 (PID, 7 categories, ~ logpopul + selfLR +
age + educ + income), base outcome 0 (statsmodels' choice; the test passes base: 0).
Robust SEs: statsmodels HC0 times Stata's N/(N-1). Needs: pip install statsmodels.
Output: Fixtures/anes96.csv, mlogit.json
"""
import json
import os
import numpy as np
import statsmodels.api as sm

out = os.path.join(os.path.dirname(__file__), "../../StatisticsTests/Fixtures")
d = sm.datasets.anes96.load_pandas().data
d["logpopul"] = np.log(d["popul"] + 0.1)
cols = ["logpopul", "selfLR", "age", "educ", "income"]
d[["PID"] + cols].to_csv(os.path.join(out, "anes96.csv"), index=False)
X = d[cols].copy()
X["const"] = 1.0
y = d["PID"].values
n = len(y)
kw = dict(disp=0, method="newton", maxiter=200, tol=1e-14)
f = sm.MNLogit(y, X).fit(**kw)
r = sm.MNLogit(y, X).fit(cov_type="HC0", **kw)
# params: rows = regressors, columns = outcomes 1..6 -> flatten outcome-major (our table order)
res = {"b": f.params.values.T.ravel().tolist(), "se": f.bse.values.T.ravel().tolist(),
       "se_robust": (r.bse.values.T.ravel() * np.sqrt(n / (n - 1))).tolist(),
       "ll": f.llf, "ll0": f.llnull, "lr": f.llr, "pseudo_r2": f.prsquared,
       "counts": np.bincount(y.astype(int)).tolist()}
me = f.get_margeff(at="overall", method="dydx")
# margeff: regressors x outcomes (all 7, base included); store outcome-major.
res["ame"] = me.margeff.T.tolist()
res["ame_se"] = me.margeff_se.T.tolist()
with open(os.path.join(out, "mlogit.json"), "w") as fh:
    json.dump(res, fh, indent=1)
print(res["counts"], res["ll"])
