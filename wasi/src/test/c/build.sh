#!/bin/sh
# Compiles the WASI conformance programs to ../resources/wasi-programs/*.wasm with Debian's
# clang and wasi-libc (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32).
# With --check, also cross-checks every program's "//!" expectations against the reference
# runtimes (../reference/check.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/wasi-programs"
mkdir -p "$out"
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    clang --target=wasm32-wasi -O2 -Wno-unused-result -Wl,--strip-debug -o "$out/$name.wasm" "$src"
    echo "built $name.wasm"
done
if [ "${1:-}" = "--check" ]; then
    "$here/../reference/check.sh"
fi
