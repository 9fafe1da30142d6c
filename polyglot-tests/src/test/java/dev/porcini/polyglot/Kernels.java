package dev.porcini.polyglot;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** Wasm modules the polyglot tests share. */
final class Kernels {
    private Kernels() {
    }

    /**
     * Grayscale over RGBA pixels in memory, reporting each finished row to an imported callback;
     * and a function that calls back into the host with two numbers.
     */
    static final String IMAGE = """
                    (module
                      (import "host" "rowDone" (func $rowDone (param i32)))
                      (import "host" "combine" (func $combine (param i32 f64) (result f64)))
                      (memory (export "memory") 1)
                      (func (export "grayscale") (param $ptr i32) (param $width i32) (param $height i32)
                        (local $y i32) (local $x i32) (local $p i32) (local $g i32)
                        (local.set $p (local.get $ptr))
                        (block $rows_done
                          (loop $rows
                            (br_if $rows_done (i32.ge_u (local.get $y) (local.get $height)))
                            (local.set $x (i32.const 0))
                            (block $cols_done
                              (loop $cols
                                (br_if $cols_done (i32.ge_u (local.get $x) (local.get $width)))
                                ;; luma = (77 r + 150 g + 29 b) >> 8
                                (local.set $g (i32.shr_u
                                  (i32.add (i32.add
                                    (i32.mul (i32.load8_u (local.get $p)) (i32.const 77))
                                    (i32.mul (i32.load8_u offset=1 (local.get $p)) (i32.const 150)))
                                    (i32.mul (i32.load8_u offset=2 (local.get $p)) (i32.const 29)))
                                  (i32.const 8)))
                                (i32.store8 (local.get $p) (local.get $g))
                                (i32.store8 offset=1 (local.get $p) (local.get $g))
                                (i32.store8 offset=2 (local.get $p) (local.get $g))
                                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                                (br $cols)))
                            (call $rowDone (local.get $y))
                            (local.set $y (i32.add (local.get $y) (i32.const 1)))
                            (br $rows))))
                      (func (export "combine") (param i32 f64) (result f64) (call $combine (local.get 0) (local.get 1)))
                      (func (export "sum") (param $ptr i32) (param $n i32) (result i64) (local $s i64)
                        (block $done (loop $l
                          (br_if $done (i32.eqz (local.get $n)))
                          (local.set $s (i64.add (local.get $s) (i64.load8_u (local.get $ptr))))
                          (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
                          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                          (br $l)))
                        (local.get $s))
                      (func (export "fill") (param $ptr i32) (param $n i32) (param $v i32)
                        (memory.fill (local.get $ptr) (local.get $v) (local.get $n)))
                      (func (export "trap") (result i32) (i32.load (i32.const 70000))))
                    """;

    static Value imageModule(Context context) {
        return context.eval(Source.newBuilder("wasm", IMAGE, "image.wat").mimeType("text/x-wat").buildLiteral());
    }
}
