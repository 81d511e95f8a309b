#!/usr/bin/env bash
# End-to-end checks: the command line, and the terminal interface driven through tmux.
# Usage: .ci/e2e.sh PATH/TO/kohort
set -euo pipefail
bin="$1"
fail() { echo "E2E FAILED: $*"; [ -n "${screen:-}" ] && printf '%s\n' "$screen"; exit 1; }
passed=0; failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fail "check: $*"; fi; }

echo "-- command line"
out=$("$bin" --version); check grep -q "^kohort " <<<"$out"
out=$("$bin" search lymfekuter --limit 5); check grep -qi "lymfeknuter" <<<"$out"
out=$("$bin" search kjonn --register SSB --limit 3); check grep -q "BEFOLKNING_KJOENN" <<<"$out"
out=$("$bin" catalogue); check grep -q "Kreftregisteret (593)" <<<"$out"
# Assets are found from any working directory, and from a copy of the binary elsewhere.
out=$(cd / && "$bin" catalogue); check grep -q "Total: " <<<"$out"
copy=$(mktemp -d)/kohort; cp "$bin" "$copy"
out=$(cd / && "$copy" search kjonn --limit 1); check grep -q "Found:" <<<"$out"
out=$("$bin" describe BEFOLKNING_KJOENN --json); check python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["codes"], d' <<<"$out"
set +e; "$bin" frobnicate >/dev/null 2>/tmp/kohort-e2e-err; rc=$?; set -e
check test "$rc" -eq 2
check grep -q "unknown command 'frobnicate'" /tmp/kohort-e2e-err

echo "-- datastore validate / import (microdata-tools examples)"
fixtures="$(cd "$(dirname "$0")/.." && pwd)/Tests/KohortCoreTests/Fixtures/Store"
store=$(mktemp -d)/store
"$bin" datastore validate --quiet "$fixtures"/*; passed=$((passed + 1))
out=$("$bin" datastore import "$fixtures"/* --into "$store" --name no.example.store --quiet); check grep -q "ADD  BEFOLKNING_KJOENN" <<<"$out"
out=$("$bin" datastore info --datastore "$store"); check grep -q "no.example.store" <<<"$out"

out=$("$bin" search sivilstand --datastore "$store" --register no.example.store); check grep -q "BEFOLKNING_SIVILSTAND" <<<"$out"

echo "-- the store's policy.json sets the disclosure thresholds"
script='require no.example.store:1 as eks
create-dataset d
import eks/BEFOLKNING_KJOENN as kjonn
tabulate kjonn'
set +e; out=$(printf '%s\n' "$script" | "$bin" run - --datastore "$store" 2>&1); rc=$?; set -e
check test "$rc" -eq 1
check grep -q "fewer than 1000 units" <<<"$out"
printf '{"minimum_population": 50, "minimum_units_changed": 1}\n' > "$store/policy.json"
out=$(printf '%s\n' "$script" | "$bin" run - --datastore "$store" --json); check grep -q '"kind":"table"' <<<"$out"
rm "$store/policy.json"

echo "-- a killed import leaves the store as it was"
big=$(mktemp -d)/BIG_EVENT; mkdir -p "$big"
sed 's/"Sivilstand"/"Stor hendelse"/' "$fixtures/BEFOLKNING_SIVILSTAND/BEFOLKNING_SIVILSTAND.json" > "$big/BIG_EVENT.json"
python3 - "$big/BIG_EVENT.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(1, 1_500_001):
        f.write(f"{i:014d};{1 + i % 9};2001-01-01;2001-12-31;\n{i:014d};{1 + (i + 1) % 9};2002-01-01;;\n")
PY
before=$(cat "$store/manifest.json")
"$bin" datastore import "$big" --into "$store" --name no.example.store --quiet >/dev/null 2>&1 & pid=$!
# Kill it while it writes its staging area (mid-import), and prove it was still running then.
for _ in $(seq 1 400); do compgen -G "$store/.staging-*" >/dev/null && break; sleep 0.01; done
check kill -9 "$pid"
wait "$pid" 2>/dev/null || true
check test "$before" = "$(cat "$store/manifest.json")"
out=$("$bin" datastore info --datastore "$store"); check grep -q "no.example.store  1 " <<<"$out"
out=$("$bin" describe no.example.store/BEFOLKNING_KJOENN --datastore "$store"); check grep -q "Temporality" <<<"$out"

echo "-- terminal interface in tmux (100x30)"
session="kohort-e2e-$$"
tmux kill-session -t "$session" 2>/dev/null || true
tmux new-session -d -s "$session" -x 100 -y 30 "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color XDG_DATA_HOME=$(mktemp -d) $bin; echo KOHORT-EXITED; sleep 30"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
wait_for() { # wait_for TEXT [SECONDS]
  local deadline=$((SECONDS + ${2:-15}))
  while [ $SECONDS -lt $deadline ]; do
    screen=$(tmux capture-pane -p -t "$session")
    grep -qF -- "$1" <<<"$screen" && return 0
    grep -q KOHORT-EXITED <<<"$screen" && fail "kohort exited while waiting for '$1'"
    sleep 0.2
  done
  fail "'$1' did not appear on screen"
}
wait_for "Found:"
wait_for "1 Variables"
tmux send-keys -t "$session" "/"
tmux send-keys -t "$session" -l "lymfekuter"
wait_for "Search: lymfekuter"
wait_for "lymfeknuter"
passed=$((passed + 1))
tmux send-keys -t "$session" Enter
wait_for "Temporality"
wait_for "KRG_KREFTTILFELLE"
passed=$((passed + 1))
tmux send-keys -t "$session" Escape
wait_for "Found:"
tmux send-keys -t "$session" Escape "?"
wait_for "Help"
tmux send-keys -t "$session" "x" "q"
wait_for "KOHORT-EXITED" 10
passed=$((passed + 1))
tmux kill-session -t "$session" 2>/dev/null || true

echo "-- a full session in tmux: search a variable, add a rule, see the count, draw a histogram, quit"
# Data: the built-in synthetic default when it is wired, else a small store made here from the
# microdata-tools fixtures plus a residence status (BEFOLKNING_STATUSKODE '1' on 2020-01-01).
# The synthetic default runs at a small population with its own cache, so the session stays
# quick and CI writes no full-size cache.
data_args=(--persons 20000)
export XDG_CACHE_HOME="$(mktemp -d)"
if ! printf 'require no.ssb.fdb as ssb\n' | "$bin" run - >/dev/null 2>&1; then
  raw=$(mktemp -d)
  cp -r "$fixtures"/* "$raw"/
  mkdir -p "$raw/BEFOLKNING_STATUSKODE"
  python3 - "$raw" <<'PY'
import json, sys, os
raw = sys.argv[1]
meta = json.load(open(os.path.join(raw, "BEFOLKNING_BOSTED", "BEFOLKNING_BOSTED.json"), encoding="utf-8"))
mv = meta["measureVariables"][0]
mv["name"] = [{"languageCode": "no", "value": "Bosatt-status"}]
mv["description"] = [{"languageCode": "no", "value": "Registerstatus (1 = bosatt)"}]
mv["valueDomain"] = {"codeList": [{"code": "1", "categoryTitle": [{"languageCode": "no", "value": "Bosatt"}], "validFrom": "1900-01-01"},
                                  {"code": "3", "categoryTitle": [{"languageCode": "no", "value": "Utvandret"}], "validFrom": "1900-01-01"}]}
json.dump(meta, open(os.path.join(raw, "BEFOLKNING_STATUSKODE", "BEFOLKNING_STATUSKODE.json"), "w", encoding="utf-8"), ensure_ascii=False)
ids = [l.split(";")[0] for l in open(os.path.join(raw, "BEFOLKNING_KJOENN", "BEFOLKNING_KJOENN.csv"), encoding="utf-8") if l.strip()]
with open(os.path.join(raw, "BEFOLKNING_STATUSKODE", "BEFOLKNING_STATUSKODE.csv"), "w", encoding="utf-8") as f:
    for i, pid in enumerate(ids):
        f.write(f"{pid};{'3' if i % 10 == 9 else '1'};2020-01-01;2020-01-01;\n")
PY
  full=$(mktemp -d)/store
  "$bin" datastore import "$raw"/* --into "$full" --name no.ssb.fdb --quiet >/dev/null
  data_args=(--datastore "$full")
  echo "   (synthetic default not available: using a fixture store)"
fi
xdg=$(mktemp -d)
session="kohort-e2e-full-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
tmux new-session -d -s "$session" -x 120 -y 36 "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color XDG_DATA_HOME=$xdg XDG_CACHE_HOME=$XDG_CACHE_HOME $bin ${data_args[*]}; echo KOHORT-EXITED; sleep 30"
wait_for "Found:"
tmux send-keys -t "$session" "/"
tmux send-keys -t "$session" -l "befolkning_kjoenn"
wait_for "BEFOLKNING_KJOENN · SSB · Befolkning"
passed=$((passed + 1))
# a: a rule on the selected variable; its code list is a checklist (Space checks '1').
tmux send-keys -t "$session" Escape "a"
wait_for "Rule: BEFOLKNING_KJOENN"
wait_for "[ ] 1  Mann"
tmux send-keys -t "$session" " "
wait_for "[x] 1  Mann"
tmux send-keys -t "$session" Enter
wait_for "[x] 1. BEFOLKNING_KJOENN in (1)"
# The released count arrives off the input loop: a number where "…" stood.
deadline=$((SECONDS + 20))
until grep -qE 'in \(1\) +[0-9][0-9 ,.]* +[0-9]+\.[0-9]' <<<"$(tmux capture-pane -p -t "$session")"; do
  [ $SECONDS -lt $deadline ] || { screen=$(tmux capture-pane -p -t "$session"); fail "no count for the rule"; }
  sleep 0.2
done
passed=$((passed + 1))
# v: the same variable as an analysis variable; h: a histogram of it.
tmux send-keys -t "$session" "1" "v"
wait_for "analysis variable BEFOLKNING_KJOENN added"
tmux send-keys -t "$session" "2" "h"
deadline=$((SECONDS + 20))
while :; do
  screen=$(tmux capture-pane -p -t "$session")
  # Drawn (the result is in the Results pane), or refused with the engine's reason as line:col: message.
  grep -qE "results? (is|are) in the Results pane|^ [0-9]+:[0-9]+: |'histogram' is not available yet" <<<"$screen" && break
  [ $SECONDS -lt $deadline ] || fail "the histogram neither drew nor reported why"
  sleep 0.2
done
if grep -q "Results pane" <<<"$screen"; then
  tmux send-keys -t "$session" "3"
  wait_for "histogram kjonn"
fi
passed=$((passed + 1))
# The session script holds the applied cohort; the autosave replays with kohort run.
tmux send-keys -t "$session" "4"
wait_for "keep if inlist(kjonn, '1')"
saved=$(ls "$xdg"/kohort/sessions/session-*.kohort | head -1)
check test -s "$saved"
out=$("$bin" run "$saved" ${data_args[*]}); passed=$((passed + 1))
# q asks because the cohort has unsaved changes.
tmux send-keys -t "$session" "q"
wait_for "Quit with unsaved work"
tmux send-keys -t "$session" "y"
wait_for "KOHORT-EXITED" 10
passed=$((passed + 1))
echo "end-to-end checks passed: $passed"
