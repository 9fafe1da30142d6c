package dev.porcini.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import org.junit.jupiter.api.Test;

/** The text format's own malformed cases: each is rejected with line, column and the spec's wording. */
class WatErrorTest {

    /** Asserts that encoding fails as MALFORMED with a message starting with {@code expected}. */
    private static void malformed(String text, String expected) {
        WasmException e = assertThrows(WasmException.class, () -> Wat.encodeModule(text));
        assertEquals(ErrorKind.MALFORMED, e.kind());
        assertTrue(e.getMessage().startsWith(expected), () -> "expected '" + expected + "' but got '" + e.getMessage() + "'");
    }

    @Test
    void positionsAreLineAndColumnOfTheOffendingToken() {
        malformed("(module\n  (func (i32.const 0x100000000)))", "2:20: constant out of range (i32)");
        malformed("(module\n\n    (func (i32.foo)))", "3:12: unknown operator i32.foo");
        malformed("(module (func\n  (block $a\n    (br $b))))", "3:9: unknown label $b");
        malformed("(module (func i32.const))", "1:24: unexpected token )");
    }

    @Test
    void literals() {
        malformed("(func (f32.const 1e39) drop)", "1:18: constant out of range (f32)");
        malformed("(func (f64.const nan:0x0) drop)", "1:18: constant out of range (f64)");
        malformed("(func (i64.const -9223372036854775809) drop)", "1:18: constant out of range (i64)");
        malformed("(func (i32.const 1__0) drop)", "1:18: unknown operator 1__0");
        malformed("(func (i32.const nan:canonical) drop)", "1:18: unexpected token nan:canonical");
        malformed("(func (i32.const) drop)", "1:17: unexpected token )");
        malformed("(memory 0x1_0000_0000)", "1:9: i32 constant out of range");
        malformed("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))", "1:34: i32 constant out of range");
        malformed("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "1:34: alignment must be a power of two");
        malformed("(memory 1) (func (drop (i32.load offset=-1 (i32.const 0))))", "1:34: unknown operator offset=-1");
    }

    @Test
    void tokens() {
        malformed("(func br 0drop)", "1:10: unknown operator 0drop");
        malformed("(data $l\"a\")", "1:7: unknown operator $l\"a\"");
        malformed("(data \"a\"\"b\")", "1:7: unknown operator \"a\"\"b\"");
        malformed("(func \"a\"x)", "1:7: unknown operator");
        malformed("(module (func (nop)", "1:20: unexpected end of input");
        malformed("(module (func)))", "1:16: unexpected token )");
        malformed("(module (data \"abc))", "1:15: unclosed string");
        malformed("(module (; unclosed", "1:9: unclosed comment");
        malformed("(data \"\\q\")", "1:8: illegal escape");
        malformed("(data \"\\u{d800}\")", "1:8: illegal escape");
        malformed("(func (export \"\\80\"))", "1:15: malformed UTF-8 encoding");
        malformed("(import \"\\c0\\80\" \"x\" (func))", "1:9: malformed UTF-8 encoding");
    }

    @Test
    void duplicateIdentifiers() {
        malformed("(func $foo) (func $foo)", "1:19: duplicate func $foo");
        malformed("(import \"\" \"\" (func $foo)) (func $foo)", "1:34: duplicate func $foo");
        malformed("(func (param $foo i32) (local $foo i32))", "1:31: duplicate local $foo");
        malformed("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))", "1:39: duplicate global $g");
        malformed("(memory $m 1) (memory $m 1)", "1:23: duplicate memory $m");
        malformed("(table $t 1 funcref) (table $t 1 funcref)", "1:29: duplicate table $t");
        malformed("(type $t (func)) (type $t (func))", "1:24: duplicate type $t");
        malformed("(elem $e func) (elem $e func)", "1:22: duplicate elem $e");
        malformed("(data $d) (data $d)", "1:17: duplicate data $d");
    }

    @Test
    void unknownIdentifiersAndLabels() {
        malformed("(func (call $nope))", "1:13: unknown func $nope");
        malformed("(func (local.get $x))", "1:18: unknown local $x");
        malformed("(func (block $l (i32.const 0) (br_table $l0)))", "1:41: unknown label $l0");
        malformed("(func (call_indirect (type $t)))", "1:28: unknown type $t");
        malformed("(func block end $l)", "1:17: mismatching label $l");
        malformed("(func i32.const 0 if $a else $l end)", "1:30: mismatching label $l");
        malformed("(func loop $a end $l)", "1:19: mismatching label $l");
    }

    @Test
    void inlineTypeUsesMustMatchTheirType() {
        malformed("(type $sig (func (param i32) (result i32))) (func (type $sig) (param i32) (i32.const 0))",
                        "1:57: inline function type");
        malformed("(type $sig (func)) (table 0 funcref) (func (call_indirect (type $sig) (result i32) (i32.const 0)))",
                        "1:65: inline function type");
        malformed("(type $sig (func)) (func (block (type $sig) (result i32) (i32.const 0)))", "1:39: inline function type");
        // With inline parameters the type must exist; without, a missing type is left to validation.
        malformed("(func $f (result f64) (f64.const 0)) (type $t (func (param i32))) (func (type 2) (param i32))",
                        "1:79: unknown type 2");
        Wat.encodeModule("(func (type 42))");
    }

    @Test
    void fieldAndClauseOrder() {
        malformed("(func) (import \"\" \"\" (func))", "1:8: import after function");
        malformed("(global i64 (i64.const 0)) (import \"\" \"\" (memory 0))", "1:28: import after global");
        malformed("(table 0 funcref) (func (import \"\" \"\"))", "1:19: import after table");
        malformed("(memory 0) (global (import \"\" \"\") i32)", "1:12: import after memory");
        malformed("(func (local i32) (param i32))", "1:19: unexpected token (param");
        malformed("(func (result i32) (param i32) (local.get 0))", "1:20: unexpected token (param");
        malformed("(func (nop) (local i32))", "1:13: unexpected token (local");
        malformed("(type (func (result i32) (param i32)))", "1:26: unexpected token (param");
        malformed("(type (func (result $x i32)))", "1:21: unexpected token $x");
        malformed("(func (block (param $x i32) (drop)))", "1:21: unexpected token $x");
        malformed("(func (if i32.const 0 (then) (else)))", "1:11: unexpected token i32.const");
        malformed("(func $a (unreachable)) (func $b (unreachable)) (start $a) (start $b)", "1:60: multiple start sections");
        malformed("(func (drop (get_local 0)))", "1:14: unknown operator get_local");
    }

    @Test
    void simdImmediates() {
        malformed("(func (v128.const i32x4 0 0 0) drop)", "1:25: wrong number of lane literals");
        malformed("(func (v128.const i32x4 1 1 1 1 1) drop)", "1:33: wrong number of lane literals");
        malformed("(func (v128.const 0 0 0 0) drop)", "1:19: unexpected token 0");
        malformed("(func (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0) drop)", "1:25: constant out of range (i8)");
        malformed("(func (result i32) (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)))", "1:42: malformed lane index");
        malformed("(func (result i32) (i8x16.extract_lane_s -1 (v128.const i64x2 0 0)))", "1:42: unexpected token -1");
        malformed("(func (param v128) (result v128) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 (local.get 0) (local.get 0)))",
                        "1:84: invalid lane length");
        malformed("(func (result v128) (i8x16.shuffle 0.5 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0)))",
                        "1:36: malformed lane index");
    }

    @Test
    void quoteModulesReportPositionsInTheQuotedText() {
        malformed("(module quote \"(func\" \"\\n  (i32.const 1.5))\")", "2:14: unexpected token 1.5");
    }
}
