"""Reference values for `regress-panel y x, re` (Stata's default `xtreg, re`) and `re sa`
(`xtreg, re sa`) on unbalanced cuts of plm's Grunfeld data (Fixtures/grunfeld.csv, written
by panel.R), and on the balanced data, where the two must agree.

Stata's default random-effects components (Methods and formulas of [XT] xtreg):
  sigma2_e = within RSS / (N - n - K)               (K slopes)
  sigma2_u = max(0, RSS_b / (n - K - 1) - sigma2_e / T_bar)
             RSS_b from the unweighted OLS of the panel means, T_bar = n / sum(1/T_i)
  theta_i  = 1 - sqrt(sigma2_e / (T_i sigma2_u + sigma2_e))
then OLS of y - theta_i ybar_i on x - theta_i xbar_i and (1 - theta_i), covariance
s^2 (X*'X*)^-1 with s^2 on N - K - 1 df; R^2 within/between/overall are squared
correlations of the slopes' index with y - ybar_i, ybar_i and y.
linearmodels' RandomEffects (7.1) computes exactly these components by default
(small_sample=False: harmonic T_bar, unweighted between regression) and Baltagi-Chang's
Swamy-Arora (Stata's `sa`, plm's "swar") with small_sample=True; debiased=True is the
N - K - 1 df. This script also follows the formulas above in numpy, line by line, and
checks that both agree before writing. Needs: pip install linearmodels pandas numpy.
Output: Fixtures/grunfeld_unbalanced2.csv, panel_re.json
"""
import json
import os
import numpy as np
import pandas as pd
from linearmodels.panel import RandomEffects

out = os.path.join(os.path.dirname(__file__), "../../StatisticsTests/Fixtures")
g = pd.read_csv(os.path.join(out, "grunfeld.csv"))
mild = g.iloc[:199].reset_index(drop=True)          # plm's own test: Grunfeld[1:199, ]
strong = pd.read_csv(os.path.join(out, "grunfeld_unbalanced.csv"))  # panel.R's cut, T_i = 10..20
# A harsher cut: every firm keeps a different number of years (T_i = 4, 6, ..., 20).
harsh = g[g.year < 1935 + 4 + 2 * g.firm].reset_index(drop=True)
harsh.to_csv(os.path.join(out, "grunfeld_unbalanced2.csv"), index=False)
xs = ["value", "capital"]


def by_hand(d, sa):
    y, X = d["inv"].to_numpy(float), d[xs].to_numpy(float)
    firm = d["firm"].to_numpy()
    ids, code = np.unique(firm, return_inverse=True)
    n, N, K = len(ids), len(y), X.shape[1]
    T = np.bincount(code).astype(float)
    ybar = np.bincount(code, y) / T
    Xbar = np.column_stack([np.bincount(code, X[:, j]) / T for j in range(K)])
    yw, Xw = y - ybar[code], X - Xbar[code]
    bw = np.linalg.lstsq(Xw, yw, rcond=None)[0]
    s2e = ((yw - Xw @ bw) ** 2).sum() / (N - n - K)
    Zb = np.column_stack([np.ones(n), Xbar])
    if not sa:
        eb = ybar - Zb @ np.linalg.lstsq(Zb, ybar, rcond=None)[0]
        tbar = n / (1 / T).sum()
        s2u = max(0.0, (eb ** 2).sum() / (n - K - 1) - s2e / tbar)
    else:  # Baltagi-Chang: between regression weighted by T_i, trace correction
        w = np.sqrt(T)
        eb = ybar - Zb @ np.linalg.lstsq(Zb * w[:, None], ybar * w, rcond=None)[0]
        A, B = (Zb.T * T) @ Zb, (Zb.T * T ** 2) @ Zb
        s2u = max(0.0, ((T * eb ** 2).sum() - (n - K - 1) * s2e) / (N - np.trace(np.linalg.solve(A, B))))
    th = 1 - np.sqrt(s2e / (T * s2u + s2e))
    ys = y - th[code] * ybar[code]
    Xs = np.column_stack([X - th[code][:, None] * Xbar[code], 1 - th[code]])
    b = np.linalg.lstsq(Xs, ys, rcond=None)[0]
    e = ys - Xs @ b
    V = (e @ e) / (N - K - 1) * np.linalg.inv(Xs.T @ Xs)
    r2 = lambda a, c: float(np.corrcoef(a, c)[0, 1] ** 2)
    s = b[:K]
    return dict(b=b.tolist(), se=np.sqrt(np.diag(V)).tolist(), theta=th.tolist(),
                sigma_e=float(np.sqrt(s2e)), sigma_u=float(np.sqrt(s2u)), T=T.tolist(),
                r2_within=r2(Xw @ s, yw), r2_between=r2(Xbar @ s, ybar), r2_overall=r2(X @ s, y))


def linear_models(d, sa):
    p = d.set_index(["firm", "year"]).copy()
    p["const"] = 1.0
    r = RandomEffects(p["inv"], p[xs + ["const"]]).fit(small_sample=sa, debiased=True)
    th = r.theta.groupby(level=0).first()["theta"].to_numpy()
    return dict(b=r.params[xs + ["const"]].tolist(), se=r.std_errors[xs + ["const"]].tolist(), theta=th.tolist(),
                sigma_e=float(np.sqrt(r.variance_decomposition["Residual"])),
                sigma_u=float(np.sqrt(r.variance_decomposition["Effects"])))


res = {}
for name, d in [("balanced", g), ("mild", mild), ("strong", strong), ("harsh", harsh)]:
    for sa in (False, True):
        h, lm = by_hand(d, sa), linear_models(d, sa)
        for k in lm:
            assert np.allclose(h[k], lm[k], rtol=1e-9, atol=0), (name, sa, k, h[k], lm[k])
        res[name + ("_sa" if sa else "")] = h
json.dump(res, open(os.path.join(out, "panel_re.json"), "w"), indent=1)
for k, v in res.items():
    print(k, v["b"], v["sigma_u"])
