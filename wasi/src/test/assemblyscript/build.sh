#!/bin/sh
# Compiles the AssemblyScript WASI conformance programs (*.ts) to
# ../resources/wasi-programs/*.wasm with the compiler and WASI shim pinned in package.json
# (installed into node_modules/ here, which is not committed; no lockfile is kept).
# With --check, also cross-checks every program's "//!" expectations against the reference
# runtimes (../reference/check.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/wasi-programs"
mkdir -p "$out"
cd "$here"
if [ ! -x node_modules/.bin/asc ]; then
    npm install --no-package-lock --no-audit --no-fund
fi
for src in "$here"/*.ts; do
    name=$(basename "$src" .ts)
    node_modules/.bin/asc "$src" --config node_modules/@assemblyscript/wasi-shim/asconfig.json \
        -O3 --outFile "$out/$name.wasm"
    echo "built $name.wasm"
done
if [ "${1:-}" = "--check" ]; then
    "$here/../reference/check.sh"
fi
