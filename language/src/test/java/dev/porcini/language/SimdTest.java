package dev.porcini.language;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** v128 through the engine: params, results, locals, globals, select, blocks, tables, interop. */
class SimdTest {
    private Context context;

    @BeforeEach
    void open() {
        context = Context.newBuilder("wasm").build();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private Value exports(String wat) {
        return WatSources.exports(context, wat);
    }

    private static byte[] bytes(Value v128) {
        assertTrue(v128.hasArrayElements(), "a v128 is an array for the host");
        assertEquals(16, v128.getArraySize());
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = v128.getArrayElement(i).asByte();
        }
        return b;
    }

    private static ProxyArray v128(int... lanes) {
        Object[] values = new Object[16];
        for (int i = 0; i < 16; i++) {
            values[i] = lanes[i];
        }
        return ProxyArray.fromArray(values);
    }

    @Test
    void v128ResultIsSixteenLittleEndianBytes() {
        Value e = exports("""
                        (module (func (export "c") (result v128) (v128.const i32x4 0x04030201 0x08070605 0x0c0b0a09 0x100f0e0d)))
                        """);
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, bytes(e.getMember("c").execute()));
    }

    @Test
    void v128ParamsFromHostArraysAndFromWasmResults() {
        Value e = exports("""
                        (module
                          (func (export "add") (param v128 v128) (result v128) (i8x16.add (local.get 0) (local.get 1)))
                          (func (export "lane") (param v128) (result i32) (i8x16.extract_lane_u 15 (local.get 0))))
                        """);
        Value sum = e.getMember("add").execute(v128(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 255),
                        v128(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2));
        assertArrayEquals(new byte[]{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1}, bytes(sum));
        assertEquals(1, e.getMember("lane").execute(sum).asInt());
        assertThrows(IllegalArgumentException.class, () -> e.getMember("lane").execute(42));
    }

    @Test
    void v128InLocalsGlobalsSelectBlocksAndTables() {
        Value e = exports("""
                        (module
                          (type $un (func (param v128) (result v128)))
                          (table 2 funcref)
                          (elem (i32.const 0) $double $negate)
                          (global $g (mut v128) (v128.const i64x2 5 6))
                          (global $k v128 (v128.const f32x4 1.5 2.5 -0 nan))
                          (func $double (type $un) (i32x4.add (local.get 0) (local.get 0)))
                          (func $negate (type $un) (i64x2.neg (local.get 0)))
                          (func (export "run") (param $which i32) (result i64)
                            (local $v v128)
                            ;; a zero-initialised local, then a block and loop carrying a v128
                            (local.set $v (i64x2.add (local.get $v) (global.get $g)))
                            (block (result v128) (local.get $v))
                            (call_indirect (type $un) (local.get $which))
                            (global.set $g)
                            (select (global.get $g) (v128.const i64x2 0 0) (i32.const 1))
                            (i64x2.extract_lane 1))
                          (func (export "k") (result v128) (global.get $k)))
                        """);
        assertEquals(12, e.getMember("run").execute(0).asLong()); // $g becomes (10, 12)
        assertEquals(-12, e.getMember("run").execute(1).asLong());
        byte[] k = bytes(e.getMember("k").execute());
        assertEquals(0x3FC00000L, le32(k, 0));
        assertEquals(0x80000000L, le32(k, 8));
        assertEquals(0x7FC00000L, le32(k, 12));
    }

    @Test
    void outOfBoundsV128StoreTrapsAndWritesNothing() {
        Value e = exports("""
                        (module (memory 1)
                          (func (export "store") (param i32) (v128.store (local.get 0) (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)))
                          (func (export "peek") (result i64) (i64.load (i32.const 65528))))
                        """);
        PolyglotException trap = assertThrows(PolyglotException.class, () -> e.getMember("store").execute(65528 - 4));
        assertTrue(trap.getMessage().startsWith("out of bounds memory access"), trap.getMessage());
        assertEquals(0, e.getMember("peek").execute().asLong());
        e.getMember("store").execute(65520);
        assertEquals(-1, e.getMember("peek").execute().asLong());
    }

    /** A dot-product loop, run long enough to be compiled; the result checks the compiled code. */
    @Test
    void simdLoopGivesTheSameResultCompiled() {
        Value e = exports("""
                        (module (memory 1)
                          (func (export "fill") (local $i i32)
                            (loop $l
                              (i32.store8 (local.get $i) (i32.and (local.get $i) (i32.const 0x7f)))
                              (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4096)))))
                          (func (export "dot") (result i32) (local $i i32) (local $acc v128)
                            (loop $l
                              (local.set $acc (i32x4.add (local.get $acc)
                                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (v128.load (local.get $i)))
                                                   (i16x8.extend_high_i8x16_u (v128.load (local.get $i))))))
                              (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 4096))))
                            (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                                     (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
                        """);
        e.getMember("fill").execute();
        int expected = 0;
        for (int base = 0; base < 4096; base += 16) {
            for (int j = 0; j < 8; j++) {
                expected += ((base + j) & 0x7f) * ((base + j + 8) & 0x7f);
            }
        }
        for (int i = 0; i < 2000; i++) {
            assertEquals(expected, e.getMember("dot").execute().asInt());
        }
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
