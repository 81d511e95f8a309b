#!/bin/sh
# Micro-benchmark of the bucketed selection (see bucket_micro.swift). Usage, from the checkout:
#   .build/release/kohort datastore export-columns /tmp/kohort-columns
#   sh Tests/bench/bucket_micro.sh [/tmp/kohort-columns/personer.lonn.f64]
set -e
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Top-level code must be in a file named main.swift.
cp Tests/bench/bucket_micro.swift "$out/main.swift"
swiftc -O -wmo -module-name BucketMicro Sources/Statistics/*.swift "$out/main.swift" -o "$out/bucket_micro"
"$out/bucket_micro" "$@"
