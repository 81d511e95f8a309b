"""Reference values for poisson and nbreg (NB2) from statsmodels, on MASS's Insurance (with
exposure = holders) and quine (exported by counts_data.R).

Stata's ML sandwich multipliers (N/(N-1) robust, G/(G-1) cluster) are applied to statsmodels'
HC0 / uncorrected cluster covariances. NB2 is fitted jointly in (beta, alpha) by Newton on the
observed information, as Stata's nbreg. Needs: pip install statsmodels. Output: counts.json
"""
import json
import os
import numpy as np
import pandas as pd
import statsmodels.api as sm

out = os.path.join(os.path.dirname(__file__), "../../StatisticsTests/Fixtures")
ins = pd.read_csv(os.path.join(out, "insurance.csv"))
quine = pd.read_csv(os.path.join(out, "quine.csv"))


def design(df, cols):
    X = df[cols].astype(float).copy()
    X["const"] = 1.0
    return X


def pack(f, n, extra=None):
    r = {"b": f.params.tolist(), "se": f.bse.tolist(), "p": f.pvalues.tolist(),
         "lower": f.conf_int()[0].tolist(), "upper": f.conf_int()[1].tolist(), "ll": f.llf, "ll0": f.llnull}
    return r


res = {}
Xi = design(ins, ["district", "group", "age"])
yi = ins["claims"].values
n = len(yi)
cl = (np.arange(n) % 6)
kw = dict(disp=0, method="newton", maxiter=200, tol=1e-14)
p = sm.Poisson(yi, Xi, exposure=ins["holders"].values).fit(**kw)
pr = sm.Poisson(yi, Xi, exposure=ins["holders"].values).fit(cov_type="HC0", **kw)
pc = sm.Poisson(yi, Xi, exposure=ins["holders"].values).fit(
    cov_type="cluster", cov_kwds={"groups": cl, "use_correction": False}, **kw)
res["poisson_insurance"] = pack(p, n)
res["poisson_insurance"]["lr"] = p.llr
res["poisson_insurance"]["se_robust"] = np.sqrt(np.diag(pr.cov_params()) * n / (n - 1)).tolist()
res["poisson_insurance"]["se_cluster"] = np.sqrt(np.diag(pc.cov_params()) * 6 / 5).tolist()

Xq = design(quine, ["ethN", "sexM", "age1", "age2", "age3", "lrnSL"])
yq = quine["days"].values
nq = len(yq)
nb = sm.NegativeBinomial(yq, Xq, loglike_method="nb2").fit(**kw)
nbr = sm.NegativeBinomial(yq, Xq, loglike_method="nb2").fit(cov_type="HC0", **kw)
k = Xq.shape[1]
res["nb_quine"] = {"b": nb.params[:k].tolist(), "se": nb.bse[:k].tolist(), "p": nb.pvalues[:k].tolist(),
                   "alpha": float(nb.params.iloc[k]), "alpha_se": float(nb.bse.iloc[k]), "ll": nb.llf,
                   "ll0": nb.llnull, "lr": nb.llr,
                   "se_robust": np.sqrt(np.diag(nbr.cov_params())[:k] * nq / (nq - 1)).tolist()}
# Insurance shows no overdispersion (alpha -> 0), so exposure is exercised on quine with an
# arbitrary deterministic exposure 1, 2, 3, 1, 2, 3, ...
expo = (np.arange(nq) % 3 + 1).astype(float)
nbe = sm.NegativeBinomial(yq, Xq, loglike_method="nb2", exposure=expo).fit(
    start_params=np.append(nb.params.values[:k] - np.log(2.0), nb.params.values[k]), **kw)
assert nbe.mle_retvals["converged"]
res["nb_quine_exposure"] = {"b": nbe.params[:k].tolist(), "se": nbe.bse[:k].tolist(), "alpha": float(nbe.params.iloc[k]),
                       "alpha_se": float(nbe.bse.iloc[k]), "ll": nbe.llf}
with open(os.path.join(out, "counts.json"), "w") as fh:
    json.dump(res, fh, indent=1)
print(res["nb_quine"]["alpha"], res["nb_quine_exposure"]["alpha"], res["nb_quine"]["ll0"])
