#!/usr/bin/env python3
"""Writes large_module.wat: a module of about 2 MB for InstantiationBenchmark.

It is shaped like compiled C: thousands of functions with locals, loops, branches, memory traffic,
direct and indirect calls, one table holding every function, a data segment and a few exports.
The bodies are generated with a fixed seed, so the output is the same on every run.
"""
import random
import sys

FUNCTIONS = 11500
DATA_BYTES = 64 * 1024

rng = random.Random(20261124)
out = []
w = out.append

w("(module")
w("  (type $f (func (param i32 i32) (result i32)))")
w("  (memory (export \"memory\") 4)")
w("  (global $sp (mut i32) (i32.const 65536))")
w(f"  (table {FUNCTIONS} funcref)")
w("  (elem (i32.const 0) " + " ".join(f"$f{i}" for i in range(FUNCTIONS)) + ")")
binops = ["i32.add", "i32.sub", "i32.mul", "i32.xor", "i32.or", "i32.and", "i32.shl", "i32.shr_u", "i32.rotl"]


def expr(depth):
    """A random i32 expression over the parameters and locals."""
    if depth == 0 or rng.random() < 0.3:
        choice = rng.randrange(4)
        if choice == 0:
            return f"(i32.const {rng.randrange(-1000, 1000)})"
        if choice == 1:
            return f"(local.get {rng.randrange(5)})"
        if choice == 2:
            return f"(i32.load offset={4 * rng.randrange(1024)} (i32.and (local.get {rng.randrange(5)}) (i32.const 0xfffc)))"
        return "(global.get $sp)"
    return f"({rng.choice(binops)} {expr(depth - 1)} {expr(depth - 1)})"


for i in range(FUNCTIONS):
    w(f"  (func $f{i} (type $f) (local i32 i32 i32)")
    w(f"    (local.set 2 {expr(3)})")
    w("    (block $exit (loop $again")
    w(f"      (local.set 3 (i32.add (local.get 3) {expr(2)}))")
    w(f"      (i32.store offset={4 * rng.randrange(2048)} (i32.and (local.get 3) (i32.const 0xfffc)) {expr(2)})")
    w("      (block $c2 (block $c1 (block $c0")
    w("        (br_table $c0 $c1 $c2 (i32.and (local.get 4) (i32.const 3))))")
    w(f"        (local.set 2 {expr(2)}) (br $c2))")
    w(f"        (local.set 3 {expr(2)}))")
    w("      (local.set 4 (i32.add (local.get 4) (i32.const 1)))")
    w(f"      (br_if $again (i32.lt_u (local.get 4) (i32.const {rng.randrange(2, 9)})))))")
    if i > 0 and rng.random() < 0.5:
        w(f"    (local.set 2 (call $f{rng.randrange(i)} (local.get 2) (local.get 3)))")
    if i > 0 and rng.random() < 0.2:
        w(f"    (local.set 2 (call_indirect (type $f) (local.get 3) (local.get 2) (i32.const {rng.randrange(i)})))")
    w(f"    {expr(2)})")

w(f"  (export \"first\" (func $f0))")
w(f"  (export \"last\" (func $f{FUNCTIONS - 1}))")
data = bytes(rng.randrange(256) for _ in range(DATA_BYTES))
w("  (data (i32.const 0) \"" + "".join(f"\\{b:02x}" for b in data) + "\")")
w(")")

with open(sys.argv[1] if len(sys.argv) > 1 else "large_module.wat", "w") as f:
    f.write("\n".join(out) + "\n")
