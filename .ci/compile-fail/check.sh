#!/usr/bin/env bash
# The disclosure boundary as a compile-time fact: code outside KohortCore cannot construct a
# ReleasedResult or any released payload. Type-checks ForgeRelease.swift against the built
# KohortCore module and succeeds only if every marked forgery fails as inaccessible/internal,
# while UsePublicAPI.swift (the legitimate path) type-checks cleanly.
set -uo pipefail
cd "$(dirname "$0")/../.."
swift build --target KohortCore >/dev/null 2>&1 || { echo "compile-fail: building KohortCore failed"; exit 1; }
bin="$(swift build --show-bin-path)"
modules="$bin/Modules"
[ -f "$modules/KohortCore.swiftmodule" ] || [ -d "$modules/KohortCore.swiftmodule" ] || modules="$bin"
flags=(-typecheck -swift-version 6 -I "$modules")

if ! out=$(swiftc "${flags[@]}" .ci/compile-fail/UsePublicAPI.swift 2>&1); then
  echo "compile-fail: the control (public API) does not type-check:"; echo "$out"; exit 1
fi
if out=$(swiftc "${flags[@]}" .ci/compile-fail/ForgeRelease.swift 2>&1); then
  echo "compile-fail: FAILED — released results can be constructed outside KohortCore"; exit 1
fi
expected=$(grep -c '// FORGE' .ci/compile-fail/ForgeRelease.swift)
rejected=0
while IFS= read -r n; do
  line=$(grep -n "// FORGE $n\$" .ci/compile-fail/ForgeRelease.swift | cut -d: -f1)
  if echo "$out" | grep -E "ForgeRelease.swift:$line:[0-9]+: error: .*(inaccessible|internal)" >/dev/null; then
    rejected=$((rejected + 1))
  else
    echo "compile-fail: forgery $n (line $line) was not rejected as inaccessible"
  fi
done < <(seq 1 "$expected")
if [ "$rejected" -ne "$expected" ]; then echo "$out"; exit 1; fi
echo "compile-fail: OK — $rejected forgeries of released results rejected as inaccessible outside KohortCore"
