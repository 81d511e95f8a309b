"""Reference values for `rdd y x [, cutoff(c) fuzzy(t) polynomial(p) bandwidth(h) level(#)]`:
what rdrobust computes by default (bwselect = "mserd" with rdbwselect's pilot cascade,
triangular kernel, q = p + 1, vce = "nn" with nnmatch = 3, masspoints = "adjust",
stdvars = True, scaleregul = 1), from the official Python package (pip install rdrobust;
made with rdrobust 2.1.1).

Data: the U.S. Senate elections data that ship inside the rdrobust package
(rdrobust/data/rdrobust_RDsenate.csv; Cattaneo, Frandsen & Titiunik 2015), public. Only the
columns used are written: margin (running variable, cutoff 0), vote (outcome; NA where
missing) and t, a CONSTRUCTED fuzzy treatment (the data have none): t = 1 above the cutoff
unless class == 1, and below it when class == 1 and dopen == 1, so both sides have imperfect
compliance and the fuzzy bandwidth selector runs.
Output: Fixtures/senate.csv, Fixtures/rdrobust.json
"""
import json
import os
import sys
# This script shares the package's name: take its own folder off the path before importing it.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != _here]
import numpy as np
import pandas as pd
import rdrobust

out = os.path.join(os.path.dirname(__file__), "../../StatisticsTests/Fixtures")
d = pd.read_csv(os.path.join(os.path.dirname(rdrobust.__file__), "data/rdrobust_RDsenate.csv"))
cls, dopen = d["class"], d["dopen"].fillna(0)
d["t"] = np.where(d["margin"] >= 0, cls != 1, (cls == 1) & (dopen == 1)).astype(int)
d[["margin", "vote", "t"]].to_csv(os.path.join(out, "senate.csv"), index=False, na_rep="")

ok = d["vote"].notna()
y, x, t = d.loc[ok, "vote"].values, d.loc[ok, "margin"].values, d.loc[ok, "t"].values.astype(float)
cases = {
    "sharp_p1": dict(),
    "sharp_p2": dict(p=2),
    "sharp_p0": dict(p=0),
    "sharp_p3": dict(p=3),
    "sharp_p4": dict(p=4),
    "fuzzy_p1": dict(fuzzy=t),
    "bandwidth10_level90": dict(h=10, level=90),
    "cutoff10": dict(c=10),
    # An integer running variable: over 20 % mass points, so masspoints = "adjust" makes the
    # pilot bandwidth cover at least 10 distinct values on each side (bwcheck = 10).
    "masspoints": dict(x=np.round(x)),
}
res = {}
for name, kw in cases.items():
    xx = kw.pop("x", x)
    r = rdrobust.rdrobust(y, xx, **kw)
    res[name] = {
        "options": {k: (v if np.isscalar(v) else "t") for k, v in kw.items()},
        "integer_running": bool(xx is not x),
        "coef": r.coef.iloc[:, 0].tolist(), "se": r.se.iloc[:, 0].tolist(),
        "z": r.z.iloc[:, 0].tolist(), "pv": r.pv.iloc[:, 0].tolist(),
        "ci_lower": r.ci.iloc[:, 0].tolist(), "ci_upper": r.ci.iloc[:, 1].tolist(),
        "N": [int(v) for v in r.N], "N_h": [int(v) for v in r.N_h], "N_b": [int(v) for v in r.N_b],
        "h": float(r.bws.iloc[0, 0]), "b": float(r.bws.iloc[1, 0]),
    }
    if "fuzzy" in kw:
        res[name]["tau_T"] = [float(v) for v in np.asarray(r.tau_T).reshape(-1)]
        res[name]["se_T"] = [float(v) for v in np.asarray(r.se_T).reshape(-1)]
    print(name, res[name]["h"], res[name]["b"], res[name]["coef"], res[name]["se"])
# A larger design with heavy ties, made by arithmetic alone so that the Swift test rebuilds the
# same doubles without a data file: n = 20 000, x = ((7919 i) mod 101) − 50 (101 integer values,
# about 200 units each), y = 0.5 x + 3·1(x ≥ 0) + ((37 i) mod 97)/10 + 0.01 x², and a fuzzy
# t = 1(i mod 10 < 8) above the cutoff, 1(i mod 10 < 2) below.
i = np.arange(20000)
gx = ((7919 * i) % 101 - 50).astype(float)
gy = 0.5 * gx + 3.0 * (gx >= 0) + ((37 * i) % 97) / 10.0 + 0.01 * gx * gx
gt = np.where(gx >= 0, i % 10 < 8, i % 10 < 2).astype(float)
for name, kw in {"ties_sharp": dict(), "ties_fuzzy": dict(fuzzy=gt)}.items():
    r = rdrobust.rdrobust(gy, gx, **kw)
    res[name] = {
        "coef": r.coef.iloc[:, 0].tolist(), "se": r.se.iloc[:, 0].tolist(),
        "z": r.z.iloc[:, 0].tolist(), "pv": r.pv.iloc[:, 0].tolist(),
        "ci_lower": r.ci.iloc[:, 0].tolist(), "ci_upper": r.ci.iloc[:, 1].tolist(),
        "N": [int(v) for v in r.N], "N_h": [int(v) for v in r.N_h], "N_b": [int(v) for v in r.N_b],
        "h": float(r.bws.iloc[0, 0]), "b": float(r.bws.iloc[1, 0]),
    }
    print(name, res[name]["h"], res[name]["b"], res[name]["coef"], res[name]["se"])
with open(os.path.join(out, "rdrobust.json"), "w") as fh:
    json.dump(res, fh, indent=1)
