"""Reference values for logit/probit on statsmodels' spector data (GRADE ~ GPA + TUCE + PSI).

Stata's multipliers for ML sandwich covariances are N/(N-1) (robust) and G/(G-1) (cluster);
statsmodels' HC0 and uncorrected cluster covariances are scaled by them here so the fixture
holds what Stata would print. Average marginal effects: get_margeff(at="overall", dydx).
Needs: pip install statsmodels. Output: Fixtures/spector.csv, binary.json
"""
import json
import os
import numpy as np
import statsmodels.api as sm

out = os.path.join(os.path.dirname(__file__), "../../StatisticsTests/Fixtures")
d = sm.datasets.spector.load_pandas().data
d["cluster"] = np.arange(len(d)) % 8  # an arbitrary grouping, to exercise cluster SEs
d.to_csv(os.path.join(out, "spector.csv"), index=False)
y = d["GRADE"].values
X = d[["GPA", "TUCE", "PSI"]].copy()
X["const"] = 1.0  # Stata order: constant last
n, k = X.shape
G = d["cluster"].nunique()
res = {}
for name, model in [("logit", sm.Logit), ("probit", sm.Probit)]:
    f = model(y, X).fit(disp=0, tol=1e-14, maxiter=200, method="newton")
    rob = model(y, X).fit(disp=0, tol=1e-14, maxiter=200, method="newton", cov_type="HC0")
    clu = model(y, X).fit(disp=0, tol=1e-14, maxiter=200, method="newton", cov_type="cluster",
                          cov_kwds={"groups": d["cluster"].values, "use_correction": False})
    me = f.get_margeff(at="overall", method="dydx")
    me_rob = rob.get_margeff(at="overall", method="dydx")
    me_dummy = f.get_margeff(at="overall", method="dydx", dummy=True)  # PSI as a discrete change
    res[name] = {
        "b": f.params.tolist(), "se": f.bse.tolist(), "z": f.tvalues.tolist(), "p": f.pvalues.tolist(),
        "lower": f.conf_int()[0].tolist(), "upper": f.conf_int()[1].tolist(),
        "ll": f.llf, "ll0": f.llnull, "pseudo_r2": f.prsquared, "lr_chi2": f.llr, "lr_p": f.llr_pvalue,
        "se_robust": (np.sqrt(np.diag(rob.cov_params()) * n / (n - 1))).tolist(),
        "se_cluster": (np.sqrt(np.diag(clu.cov_params()) * G / (G - 1))).tolist(),
        "ame": me.margeff.tolist(), "ame_se": me.margeff_se.tolist(),
        "ame_se_robust": (me_rob.margeff_se * np.sqrt(n / (n - 1))).tolist(),
        "ame_dummy": me_dummy.margeff.tolist(), "ame_dummy_se": me_dummy.margeff_se.tolist(),
    }
res["logit"]["odds_ratios"] = np.exp(res["logit"]["b"]).tolist()
with open(os.path.join(out, "binary.json"), "w") as fh:
    json.dump(res, fh, indent=1)
print(json.dumps(res["probit"]["b"]))
