#!/bin/sh
# Cross-checks the "//!" expectations of the WASI conformance programs against two reference
# implementations: Node's node:wasi, and wasmtime's preview1 adapter run through jco (pinned in
# package.json, installed into node_modules/ here). Run after the build scripts:
#   wasi/src/test/reference/check.sh
# Mismatches are reported with their lines, not fatal: both references have known differences
# from the spec (see docs/wasi.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
wasm="$here/../resources/wasi-programs"
cd "$here"
if [ ! -x node_modules/.bin/jco ]; then
    npm install --no-package-lock --no-audit --no-fund
fi
for dir in c assemblyscript rust; do
    echo "== $dir: node:wasi"
    node --no-warnings check-node.mjs "$here/../$dir" "$wasm"
    echo "== $dir: wasmtime's preview1 adapter"
    node --no-warnings check-wasmtime-adapter.mjs "$here/../$dir" "$wasm"
done
