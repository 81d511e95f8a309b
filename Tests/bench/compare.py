#!/usr/bin/env python3
"""Kohort against DuckDB, Polars, numpy and statsmodels on the same columns, in one run.

Tooling, not a CI step (see README.md here for the venv). It
  1. exports the benchmark's columns with `kohort datastore export-columns DIR` (unless --columns
     points at an existing export),
  2. times the same operations in DuckDB, Polars, numpy and statsmodels (median of --runs after
     one warm-up),
  3. runs `kohort bench --json` for the same cases, and
  4. prints Kohort / best peer per case with issue 10's targets:
     ≤ 1.0× the best of DuckDB, Polars and numpy on filter (the kept rows as a table),
     filter-count (the bare count; Kohort: the cohort builder's count refresh), summarize, tabulate,
     collapse+merge and histogram; OLS ≤ 1.0× numpy's normal equations; logit and Cox ≥ 3×
     faster than statsmodels (ratio ≤ 0.33; for Cox the faster of statsmodels' PHReg and
     lifelines' CoxPHFitter, each timed --cox-runs times without a warm-up).

    python Tests/bench/compare.py [--kohort .build/release/kohort] [--runs 7] [--persons N]
                                  [--datastore DIR …] [--columns DIR] [--json OUT]

The operations mirror Sources/kohort/BenchScripts.swift and BenchRunner.swift (threshold 500 000
on wages, 50 bins, 12 regressors x1…x12, cox dager hendelse z1 z2 z3).
"""
import argparse, atexit, json, os, shutil, statistics, subprocess, sys, tempfile, time

import numpy as np


def load(columns_dir):
    with open(os.path.join(columns_dir, "manifest.json")) as f:
        manifest = json.load(f)
    out = {}
    for e in manifest:
        dtype = {"int64": "<i8", "float64": "<f8", "int32": "<i4"}[e["dtype"]]
        arr = np.fromfile(os.path.join(columns_dir, e["file"]), dtype=dtype)
        assert len(arr) == e["length"], e
        out[e["name"]] = arr
    return out


def timeit(fn, runs, warm=True):
    if warm:
        fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times), max(times)


def peers(cols, runs, only, cox_runs=1):
    import duckdb
    import polars as pl
    import statsmodels.api as sm

    P = {k.split(".", 1)[1]: v for k, v in cols.items() if k.startswith("personer.")}
    K = {k.split(".", 1)[1]: v for k, v in cols.items() if k.startswith("kontakter.")}
    T = {k.split(".", 1)[1]: v for k, v in cols.items() if k.startswith("tilfeller.")}
    xs = [f"x{i}" for i in range(1, 13)]
    pdf = pl.DataFrame(P)
    kdf = pl.DataFrame({"personid": K["personid"].astype(np.int64), "id": K["id"]})
    con = duckdb.connect()
    con.execute(f"SET threads TO {os.cpu_count()}")
    import pandas as pd  # DuckDB reads numpy-backed pandas frames without pyarrow
    con.register("p", pd.DataFrame(P))
    con.register("k", pd.DataFrame({"personid": K["personid"].astype(np.int64), "id": K["id"]}))
    con.execute("CREATE TABLE pt AS SELECT * FROM p")
    con.execute("CREATE TABLE kt AS SELECT * FROM k")
    lonn, kom, utd = P["lonn"], P["kommune_n"], P["utd_n"]
    qs = [1, 5, 10, 25, 50, 75, 90, 95, 99]
    res = {}

    def case(key, engine, fn, runs=runs, warm=True):
        if only and key not in only:
            return
        med, lo, hi = timeit(fn, runs, warm)
        res.setdefault(key, {})[engine] = med
        print(f"  {key:15s} {engine:12s} {med:10.2f} ms  (min {lo:.2f}, max {hi:.2f})", file=sys.stderr)

    # filter: `keep if lonn > 500000` makes the dataset of the kept rows, so each peer makes the
    # table of the kept rows too (every exported person column), and reports its row count.
    case("filter", "duckdb", lambda: con.execute(
        "CREATE OR REPLACE TEMP TABLE f AS SELECT * FROM pt WHERE lonn > 500000; SELECT count(*) FROM f").fetchall())
    case("filter", "polars", lambda: pdf.filter(pl.col("lonn") > 500000).height)
    def np_filter():
        keep = lonn > 500000
        kept = {name: col[keep] for name, col in P.items()}
        return len(kept["id"])
    case("filter", "numpy", np_filter)
    # filter-count: the number of persons with lonn > 500000. The language has no count-only
    # command; a researcher waits for this count in the cohort builder, so Kohort's side is
    # `kohort bench filter-count`: a count refresh whose entry is the person table's rows and
    # whose one rule is `keep if lonn > 500000` (released through the cell key method).
    case("filter-count", "duckdb", lambda: con.execute("SELECT count(*) FROM pt WHERE lonn > 500000").fetchall())
    case("filter-count", "polars", lambda: pdf.filter(pl.col("lonn") > 500000).height)
    case("filter-count", "numpy", lambda: np.count_nonzero(lonn > 500000))
    # summarize: n, mean, sd, p1 … p99
    case("summarize", "duckdb", lambda: con.execute(
        "SELECT count(lonn), avg(lonn), stddev_samp(lonn), quantile_cont(lonn, [0.01,0.05,0.1,0.25,0.5,0.75,0.9,0.95,0.99]) FROM pt").fetchall())
    case("summarize", "polars", lambda: pdf.select([pl.col("lonn").count().alias("n"), pl.col("lonn").mean().alias("m"),
                                                     pl.col("lonn").std().alias("s")] +
                                                    [pl.col("lonn").quantile(q / 100, "linear").alias(f"p{q}") for q in qs]))
    def np_summ():
        x = lonn[~np.isnan(lonn)]
        return len(x), x.mean(), x.std(ddof=1), np.percentile(x, qs)
    case("summarize", "numpy", np_summ)
    # two-way tabulate municipality × education
    case("tabulate", "duckdb", lambda: con.execute("SELECT kommune_n, utd_n, count(*) FROM pt GROUP BY ALL").fetchall())
    case("tabulate", "polars", lambda: pdf.group_by(["kommune_n", "utd_n"]).len())
    def np_tab():
        ok = ~(np.isnan(kom) | np.isnan(utd))
        key = kom[ok].astype(np.int64) * 16 + utd[ok].astype(np.int64)
        c = np.bincount(key)
        return np.nonzero(c)[0], c[c > 0]
    case("tabulate", "numpy", np_tab)
    # collapse (count) of a year of contacts by person, then merge (left join) into persons
    case("collapse-merge", "duckdb", lambda: con.execute(
        "CREATE OR REPLACE TEMP TABLE r AS SELECT pt.id, c.n FROM pt LEFT JOIN "
        "(SELECT personid, count(*) AS n FROM kt GROUP BY personid) c ON pt.id = c.personid").fetchall())
    case("collapse-merge", "polars", lambda: pdf.select("id").join(kdf.group_by("personid").len(), left_on="id",
                                                                    right_on="personid", how="left"))
    pid_sorted = np.sort(P["id"])
    def np_cm():
        u, n = np.unique(K["personid"].astype(np.int64), return_counts=True)
        pos = np.searchsorted(u, P["id"])
        pos[pos >= len(u)] = 0
        hit = u[pos] == P["id"]
        return np.where(hit, n[pos], 0)
    case("collapse-merge", "numpy", np_cm)
    # 50-bin histogram (equal width from the minimum)
    def duck_hist():
        return con.execute("WITH b AS (SELECT min(lonn) lo, max(lonn) hi FROM pt) SELECT least(49, floor((lonn - lo) / ((hi - lo) / 50)))::INT AS bin, "
                           "count(*) FROM pt, b WHERE lonn IS NOT NULL AND NOT isnan(lonn) GROUP BY bin").fetchall()
    case("histogram", "duckdb", duck_hist)
    def pl_hist():
        c = pl.col("lonn")
        return pdf.select(((c - c.min()) / ((c.max() - c.min()) / 50)).floor().clip(0, 49).alias("b")).group_by("b").len()
    case("histogram", "polars", pl_hist)
    case("histogram", "numpy", lambda: np.histogram(lonn[~np.isnan(lonn)], bins=50))
    # OLS, 12 regressors + constant: numpy normal equations (with residual variance and SEs,
    # which Kohort's regress reports too); statsmodels for reference
    # complete cases only, as regress/logit do (the default data has persons with no
    # municipality or education on the date)
    X = np.column_stack([np.ones(len(lonn))] + [P[x] for x in xs])
    complete = ~np.isnan(X).any(axis=1) & ~np.isnan(P["y"]) & ~np.isnan(P["yb"])
    X = np.ascontiguousarray(X[complete])
    y = P["y"][complete]
    def np_ols():
        xtx = X.T @ X
        b = np.linalg.solve(xtx, X.T @ y)
        e = y - X @ b
        s2 = e @ e / (len(y) - X.shape[1])
        return b, np.sqrt(np.diag(np.linalg.inv(xtx)) * s2)
    case("ols", "numpy", np_ols)
    case("ols", "statsmodels", lambda: sm.OLS(y, X).fit())
    yb = P["yb"][complete]
    case("logit", "statsmodels", lambda: sm.Logit(yb, X).fit(disp=0))
    if T:
        # Cox, Efron ties as Kohort's default. statsmodels' PHReg takes minutes on the full
        # 1.27 M cases, so it is timed once, without a warm-up (--cox-runs; its import and
        # set-up are not in the time). lifelines' CoxPHFitter (also Efron, Newton on the same
        # partial likelihood) is timed the same way when it is installed; the ratio uses the
        # faster of the two.
        # Complete cases only, as Kohort's cox (NaN rows make PHReg's information singular).
        Z = np.column_stack([T["z1"], T["z2"], T["z3"]])
        ok = ~np.isnan(Z).any(axis=1) & ~np.isnan(T["dager"]) & ~np.isnan(T["hendelse"])
        Z = Z[ok]
        # A constant covariate is not identified in a Cox model (Kohort omits it as collinear;
        # PHReg's information would be singular): drop it here too, should a store lack a
        # stage code.
        keep = [j for j in range(Z.shape[1]) if Z[:, j].min() != Z[:, j].max()]
        if len(keep) < Z.shape[1]:
            print(f"  cox: dropping constant covariates z{[j + 1 for j in range(Z.shape[1]) if j not in keep]}", file=sys.stderr)
        Z = np.ascontiguousarray(Z[:, keep])
        dager, hendelse = T["dager"][ok], T["hendelse"][ok]
        case("cox", "statsmodels", lambda: sm.PHReg(dager, Z, status=hendelse, ties="efron").fit(),
             runs=cox_runs, warm=False)
        try:
            from lifelines import CoxPHFitter
        except ImportError:
            print("  cox: lifelines not installed (pip install lifelines); statsmodels only", file=sys.stderr)
        else:
            cdf = pd.DataFrame({"dager": dager, "hendelse": hendelse, **{f"z{j}": Z[:, j] for j in range(Z.shape[1])}})
            case("cox", "lifelines", lambda: CoxPHFitter().fit(cdf, duration_col="dager", event_col="hendelse"),
                 runs=cox_runs, warm=False)
    return res


TARGETS = {  # key: (peers it is compared with, target ratio Kohort / best)
    "filter": (["duckdb", "polars", "numpy"], 1.0),
    "filter-count": (["duckdb", "polars", "numpy"], 1.0),
    "summarize": (["duckdb", "polars", "numpy"], 1.0),
    "tabulate": (["duckdb", "polars", "numpy"], 1.0),
    "collapse-merge": (["duckdb", "polars", "numpy"], 1.0),
    "histogram": (["duckdb", "polars", "numpy"], 1.0),
    "ols": (["numpy"], 1.0),
    "logit": (["statsmodels"], 1 / 3),
    "cox": (["statsmodels", "lifelines"], 1 / 3),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kohort", default=".build/release/kohort")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--persons")
    ap.add_argument("--datastore", action="append", default=[])
    ap.add_argument("--columns", help="an existing export-columns folder (default: export to a temporary folder)")
    ap.add_argument("--keep-columns", action="store_true", help="keep the temporary export (print its folder; reuse with --columns)")
    ap.add_argument("--only", action="append", default=[], help="a case key (repeatable)")
    ap.add_argument("--json", help="write the table as JSON here")
    ap.add_argument("--cox-runs", type=int, default=1, help="timed runs of the Cox peers (no warm-up; PHReg takes minutes)")
    a = ap.parse_args()
    data = []
    for d in a.datastore:
        data += ["--datastore", d]
    if a.persons:
        data += ["--persons", a.persons]
    cols_dir = a.columns
    if not cols_dir:
        cols_dir = tempfile.mkdtemp(prefix="kohort-columns-")
        if not a.keep_columns:
            # The full-size export is about 2 GB: a temporary folder does not outlive the run.
            atexit.register(shutil.rmtree, cols_dir, True)
        subprocess.run([a.kohort, "datastore", "export-columns", cols_dir] + data, check=True)
    cols = load(cols_dir)
    print(f"columns: {cols_dir}: persons {len(cols['personer.id'])}, contacts {len(cols.get('kontakter.id', []))}, "
          f"cases {len(cols.get('tilfeller.id', []))}", file=sys.stderr)
    res = peers(cols, a.runs, set(a.only), a.cox_runs)
    keys = [k for k in TARGETS if (not a.only or k in a.only)]
    groups = sorted({k for k in keys})
    print("kohort bench " + " ".join(groups), file=sys.stderr)
    out = subprocess.run([a.kohort, "bench", *groups, "--json", "--runs", str(max(5, a.runs))] + data,
                         check=True, capture_output=True, text=True).stdout
    kohort = {m["key"]: m for m in json.loads(out)["measurements"]}
    rows = []
    for key in keys:
        names, target = TARGETS[key]
        p = res.get(key, {})
        cand = {n: p[n] for n in names if n in p}
        best = min(cand, key=cand.get) if cand else None
        m = kohort.get(key)
        k_ms = m["median_ms"] if m and m["status"] != "unavailable" else None
        ratio = k_ms / cand[best] if (k_ms is not None and best) else None
        verdict = "unavailable" if k_ms is None else ("ok" if ratio <= target else "MISSED")
        rows.append({"case": key, "kohort_ms": k_ms, "duckdb_ms": p.get("duckdb"), "polars_ms": p.get("polars"),
                     "numpy_ms": p.get("numpy"), "statsmodels_ms": p.get("statsmodels"),
                     "lifelines_ms": p.get("lifelines"), "best_peer": best,
                     "ratio": ratio, "target_ratio": target, "verdict": verdict,
                     "note": (m or {}).get("note") if k_ms is None else None})
    f = lambda v: "–" if v is None else (f"{v:.3f}" if v < 10 else f"{v:.1f}")
    header = ["case", "Kohort ms", "DuckDB ms", "Polars ms", "numpy ms", "statsmodels ms", "lifelines ms", "best peer", "Kohort/best", "target", ""]
    table = [header] + [[r["case"], f(r["kohort_ms"]), f(r["duckdb_ms"]), f(r["polars_ms"]), f(r["numpy_ms"]), f(r["statsmodels_ms"]),
                         f(r["lifelines_ms"]), r["best_peer"] or "–", "–" if r["ratio"] is None else f"{r['ratio']:.2f}×",
                         f"≤ {r['target_ratio']:.2f}×", r["verdict"]] for r in rows]
    w = [max(len(row[i]) for row in table) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(header)) + " |")
    print("|" + "|".join("-" * (x + 2) for x in w) + "|")
    for row in table[1:]:
        print("| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(row)) + " |")
    for r in rows:
        if r["note"]:
            print(f"  {r['case']}: unavailable in Kohort: {r['note']}")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
