#!/bin/sh
# Generates benchmark deliveries with make_store.py and imports them into three stores
# (no.ssb.fdb, no.fhi.npr, no.fhi.krg) under OUT/stores. Usage: make_store.sh OUT PERSONS [KOHORT]
set -e
out=$1; persons=$2; kohort=${3:-.build/release/kohort}
python3 "$(dirname "$0")/make_store.py" "$out/deliveries" --persons "$persons"
for pair in ssb:no.ssb.fdb npr:no.fhi.npr krg:no.fhi.krg; do
  dir=${pair%%:*}; name=${pair#*:}
  "$kohort" datastore import "$out/deliveries/$dir"/* --into "$out/stores/$dir" --name "$name" --quiet
done
echo "use: --datastore $out/stores/ssb --datastore $out/stores/npr --datastore $out/stores/krg"
