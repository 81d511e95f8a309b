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
tmux new-session -d -s "$session" -x 100 -y 30 "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $bin; echo KOHORT-EXITED; sleep 30"
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
echo "end-to-end checks passed: $passed"
