#!/bin/sh
# Rebuilds every Statistics fixture. Order matters: tables.R reads data written by
# descriptives.R and ols.R; counts.py reads counts_data.R's CSVs.
set -e
cd "$(dirname "$0")"
for r in longley distributions descriptives ols tables survival panel charts normality intervals counts_data posthoc hausman; do
  Rscript "$r.R"
done
for p in binary counts iv mlogit studentized_range panel_re; do
  python3 "$p.py"
done
python3 rdrobust.py   # needs: pip install rdrobust
