#!/usr/bin/env bash
# Builds the modules of the JMH engine benchmarks (dev.porcini.bench.engine) from their sources.
# The .wasm files are committed, so running the benchmarks needs no tools; this needs wabt's wat2wasm
# and python3.
set -euo pipefail
cd "$(dirname "$0")"
for wat in call_indirect memory_loop; do
    wat2wasm "$wat.wat" -o "$wat.wasm"
done
tmp=$(mktemp --suffix=.wat)
trap 'rm -f "$tmp"' EXIT
python3 large_module.py "$tmp"
wat2wasm "$tmp" -o large_module.wasm
