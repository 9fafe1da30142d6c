#!/bin/sh
# Compiles the Rust WASI conformance programs (*.rs) to ../resources/wasi-programs/*.wasm with
# Debian's rustc and its wasm32-wasi standard library (apt-get install rustc
# libstd-rust-dev-wasm32 lld). Debian's rustc is used by path because a rustup toolchain on
# PATH has no wasm32-wasi standard library of the same version.
# With --check, also cross-checks every program's "//!" expectations against the reference
# runtimes (../reference/check.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/wasi-programs"
rustc=${RUSTC:-/usr/bin/rustc}
mkdir -p "$out"
for src in "$here"/*.rs; do
    name=$(basename "$src" .rs)
    "$rustc" --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=debuginfo -o "$out/$name.wasm" "$src"
    echo "built $name.wasm"
done
if [ "${1:-}" = "--check" ]; then
    "$here/../reference/check.sh"
fi
