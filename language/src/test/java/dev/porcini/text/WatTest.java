package dev.porcini.text;

import static dev.porcini.text.BinaryReader.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatTest {

    private static byte[] encode(String text) {
        return Wat.encodeModule(text, false);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** The instruction bytes of the module's only (or first) function body. */
    private static String body(String module) {
        return BinaryReader.bodies(encode(module)).get(0);
    }

    private static String section(String module, int id) {
        byte[] content = BinaryReader.sections(encode(module)).get(Integer.toString(id));
        return content == null ? null : hex(content);
    }

    @Test
    void emptyModule() {
        assertArrayEquals(bytes("0061736d01000000"), encode("(module)"));
        assertArrayEquals(bytes("0061736d01000000"), encode(""));
    }

    @Test
    void abbreviationsForExportsAndInlineSegments() {
        // Same bytes as wat2wasm: two inline exports of one function, a table sized by its inline
        // elem, a memory sized by its inline data, an exported mutable global.
        String text = """
                        (module
                          (func $f (export "f") (export "g") (param $x i32) (result i32) (local.get $x))
                          (table $t (export "t") funcref (elem $f $f))
                          (memory $m (export "m") (data "hi"))
                          (global $g (export "gl") (mut i32) (i32.const 7)))
                        """;
        assertArrayEquals(bytes("0061736d0100000001060160017f017f03020100040501700102020504010101010606017f0141070b07160501"
                        + "6600000167000001740100016d020002676c03000908010041000b0200000a0601040020000b0b08010041000b026869"),
                        encode(text));
    }

    @Test
    void inlineImportsAreImports() {
        String text = """
                        (module
                          (import "m" "f" (func $imp (param i32)))
                          (func $g (import "m" "g") (result i32))
                          (table (import "m" "t") 1 2 funcref)
                          (memory (import "m" "mem") 1)
                          (global $gi (import "m" "gl") i64)
                          (func (export "run") (call $imp (call $g))))
                        """;
        assertArrayEquals(bytes("0061736d01000000010c0360017f006000017f600000022705016d01660000016d01670001016d01740170010102"
                        + "016d036d656d020001016d02676c037e00030201020707010372756e00020a08010600100110000b"), encode(text));
    }

    @Test
    void inlineTypeUsesAppendTypesInTextOrderAfterAllExplicitTypes() {
        String text = """
                        (module
                          (type $a (func (param i32)))
                          (func (param i64))
                          (func (type $a))
                          (func (param i32))
                          (func (result i32) (i32.const 0))
                          (func (param i64))
                          (func (call_indirect (param f32) (f32.const 0) (i32.const 0))
                                (i32.const 1) (block (param i32) (result i64) (drop) (i64.const 0)) (drop))
                          (table 1 funcref)
                          (type $b (func (result f64))))
                        """;
        // Types: 0 $a, 1 $b (explicit, though defined last), then 2 [i64], 3 []->[i32], 4 [], 5 [f32], 6 [i32]->[i64].
        assertEquals("07 60 01 7f 00 60 00 01 7c 60 01 7e 00 60 00 01 7f 60 00 00 60 01 7d 00 60 01 7f 01 7e", section(text, 1));
        assertEquals("06 02 00 00 03 02 04", section(text, 3));
        assertEquals("43 00 00 00 00 41 00 11 05 00 41 01 02 06 1a 42 00 0b 1a 0b", BinaryReader.bodies(encode(text)).get(5));
    }

    @Test
    void typeUseWithTypeAndMatchingInlineSignatureNamesParameters() {
        String text = """
                        (module
                          (type $t (func (param i32 i64) (result i32)))
                          (func (type $t) (param $a i32) (param $b i64) (result i32) (local $c f32) (local.get $a) drop (local.get $c) drop (local.get $b) drop (local.get 0))
                          (func (type $t) (local $x i32) (local.get $x)))
                        """;
        assertEquals("02 00 00", section(text, 3), "both functions use type 0");
        List<String> bodies = BinaryReader.bodies(encode(text));
        assertEquals("20 00 1a 20 02 1a 20 01 1a 20 00 0b", bodies.get(0));
        assertEquals("20 02 0b", bodies.get(1), "without inline params, locals follow the type's parameters");
    }

    @Test
    void blockTypes() {
        assertEquals("02 40 0b 03 7f 41 01 0b 1a 0b", body("(func (block) (loop (result i32) (i32.const 1)) drop)"));
        // Multiple results and parameters use an (appended) type index.
        String multi = "(module (func (result i32 i32) (block (result i32 i32) (i32.const 1) (i32.const 2))))";
        assertEquals("02 00 41 01 41 02 0b 0b", body(multi));
        // (type x) always encodes the index, as the spec maps it.
        assertEquals("02 00 0b 0b", body("(module (type (func)) (func (block (type 0))))"));
    }

    @Test
    void foldedAndPlainFormsAreEquivalent() {
        String folded = """
                        (func (param i32) (result i32)
                          (if (result i32) (local.get 0)
                            (then (i32.add (i32.const 1) (i32.const 2)))
                            (else (block $b (result i32) (br $b (i32.const 3))))))
                        """;
        String plain = """
                        (func (param i32) (result i32)
                          local.get 0
                          if (result i32)
                            i32.const 1 i32.const 2 i32.add
                          else
                            block $b (result i32) i32.const 3 br $b end $b
                          end)
                        """;
        String expected = "20 00 04 7f 41 01 41 02 6a 05 02 7f 41 03 0c 00 0b 0b 0b";
        assertEquals(expected, body(folded));
        assertEquals(expected, body(plain));
        // Several folded conditions before (then), as in if.wast; an empty else needs no else opcode.
        assertEquals("41 01 45 04 40 0b 0b", body("(func (if (i32.const 1) (i32.eqz) (then) (else)))"));
        assertEquals("41 01 04 40 0b 0b", body("(func i32.const 1 if else end)"));
        assertEquals("41 01 04 40 05 01 0b 0b", body("(func i32.const 1 if $l else $l nop end $l)"));
    }

    @Test
    void labelsResolveToDepthsWithShadowing() {
        assertEquals("02 40 02 40 0c 01 0c 00 0c 00 0b 0b 0b",
                        body("(func (block $a (block $b (br $a) (br $b) (br 0))))"));
        assertEquals("02 40 02 40 0c 00 0b 0c 00 0b 0b", body("(func (block $l (block $l (br $l)) (br $l)))"));
        assertEquals("02 40 03 40 41 00 0e 02 00 01 01 0b 0b 0b",
                        body("(func (block $out (loop $in (br_table $in $out $out (i32.const 0)))))"));
    }

    @Test
    void memoryAccessImmediates() {
        String text = """
                        (module (memory 1) (func
                          (drop (i64.load (i32.const 0)))
                          (drop (i32.load offset=0x10 align=2 (i32.const 0)))
                          (i32.store8 offset=4294967295 (i32.const 0) (i32.const 0))
                          (drop (memory.size)) (drop (memory.grow (i32.const 1)))))
                        """;
        assertEquals("41 00 29 03 00 1a 41 00 28 01 10 1a 41 00 41 00 3a 00 ff ff ff ff 0f 3f 00 1a 41 01 40 00 1a 0b",
                        body(text));
    }

    @Test
    void referenceBulkAndSaturatingInstructions() {
        String text = """
                        (module
                          (table $t 1 funcref) (table $u 1 externref) (memory 1)
                          (elem $e func $f) (data $d "x")
                          (func $f
                            (drop (ref.null func)) (drop (ref.null extern)) (drop (ref.is_null (ref.func $f)))
                            (table.init $u $e (i32.const 0) (i32.const 0) (i32.const 0))
                            (table.init $e (i32.const 0) (i32.const 0) (i32.const 0))
                            (table.copy (i32.const 0) (i32.const 0) (i32.const 0))
                            (table.copy $u $t (i32.const 0) (i32.const 0) (i32.const 0))
                            (elem.drop $e) (drop (table.size $u)) (drop (table.get $t (i32.const 0)))
                            (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop $d)
                            (drop (i32.trunc_sat_f32_s (f32.const 1)))
                            (drop (select (result i64) (i64.const 1) (i64.const 2) (i32.const 0)))
                            (drop (select (i32.const 1) (i32.const 2) (i32.const 0)))))
                        """;
        String b = body(text);
        assertEquals("d0 70 1a d0 6f 1a d2 00 d1 1a "
                        + "41 00 41 00 41 00 fc 0c 00 01 "
                        + "41 00 41 00 41 00 fc 0c 00 00 "
                        + "41 00 41 00 41 00 fc 0e 00 00 "
                        + "41 00 41 00 41 00 fc 0e 01 00 "
                        + "fc 0d 00 fc 10 01 1a 41 00 25 00 1a "
                        + "41 00 41 00 41 00 fc 08 00 00 fc 09 00 "
                        + "43 00 00 80 3f fc 00 1a "
                        + "42 01 42 02 41 00 1c 01 7e 1a "
                        + "41 01 41 02 41 00 1b 1a 0b", b);
        assertEquals("01", section(text, 12), "memory.init and data.drop need the data count section");
        assertNull(section("(module (memory 1) (data \"x\"))", 12));
    }

    @Test
    void elementSegmentForms() {
        String text = """
                        (module
                          (table $t 1 funcref) (table $x 1 externref) (func $f)
                          (elem (i32.const 0) $f)
                          (elem func $f)
                          (elem (table $t) (offset (i32.const 1)) func 0)
                          (elem declare func $f)
                          (elem (i32.const 0) funcref (ref.null func))
                          (elem funcref (item ref.func $f) (ref.null func))
                          (elem (table $x) (i32.const 0) externref (ref.null extern))
                          (elem declare externref)
                          (elem $e (table 0) (i32.const 0) funcref (ref.func $f)))
                        """;
        assertEquals("09 "
                        + "00 41 00 0b 01 00 "
                        + "01 00 01 00 "
                        + "00 41 01 0b 01 00 "
                        + "03 00 01 00 "
                        + "04 41 00 0b 01 d0 70 0b "
                        + "05 70 02 d2 00 0b d0 70 0b "
                        + "06 01 41 00 0b 6f 01 d0 6f 0b "
                        + "07 6f 00 "
                        + "00 41 00 0b 01 00", section(text, 9));
    }

    @Test
    void dataSegmentForms() {
        String text = """
                        (module (memory $m 1)
                          (data (i32.const 1) "a" "b\\01")
                          (data $p "\\u{1F600}")
                          (data (memory $m) (offset (i32.const 2)))
                          (data (memory 1) (i32.const 3) "z"))
                        """;
        assertEquals("04 00 41 01 0b 03 61 62 01 01 04 f0 9f 98 80 00 41 02 0b 00 02 01 41 03 0b 01 7a",
                        section(text, 11));
    }

    @Test
    void stringEscapes() {
        assertEquals("01 00 41 00 0b 0c 09 0a 0d 22 27 5c 00 ff c3 a9 7f 7e",
                        section("(module (memory 1) (data (i32.const 0) \"\\t\\n\\r\\\"\\'\\\\\\00\\FF\\u{e9}\\7f~\"))", 11));
    }

    @Test
    void v128ConstantsInEveryShape() {
        String expected = "fd 0c 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 1a 0b";
        assertEquals(expected, body("(func (drop (v128.const i32x4 1 2 3 4)))"));
        assertEquals(expected, body("(func (drop (v128.const i8x16 1 0 0 0 2 0 0 0 3 0 0 0 4 0 0 0)))"));
        assertEquals(expected, body("(func (drop (v128.const i16x8 1 0 2 0 3 0 4 0)))"));
        assertEquals(expected, body("(func (drop (v128.const i64x2 0x0000000200000001 0x0000000400000003)))"));
        assertEquals("fd 0c 00 00 80 3f 00 00 c0 7f 00 00 80 ff 00 00 00 80 1a 0b",
                        body("(func (drop (v128.const f32x4 1 nan -inf -0)))"));
        assertEquals("fd 0c 00 00 00 00 00 00 f0 3f ff ff ff ff ff ff ff ff 1a 0b",
                        body("(func (drop (v128.const f64x2 1 -nan:0xfffffffffffff)))"));
        assertEquals("fd 0c ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 1a 0b",
                        body("(func (drop (v128.const i8x16 -1 255 -1 255 -1 255 -1 255 -1 255 -1 255 -1 255 -1 255)))"));
    }

    @Test
    void simdLaneAndMemoryImmediates() {
        String text = """
                        (module (memory 1) (func (param v128) (result v128)
                          (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (local.get 0))
                          (drop (i32x4.extract_lane 3 (local.get 0)))
                          (v128.load8_lane 15 (i32.const 0) (local.get 0))
                          (v128.load32_lane offset=8 align=2 1 (i32.const 0) (local.get 0))
                          (drop (v128.load offset=16 (i32.const 0)))
                          (drop (v128.load64_zero (i32.const 0)))
                          (f64x2.convert_low_i32x4_u (i32x4.dot_i16x8_s (local.get 0) (local.get 0)))
                          drop drop drop))
                        """;
        assertEquals("20 00 20 00 fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 1f "
                        + "20 00 fd 1b 03 1a "
                        + "41 00 20 00 fd 54 00 00 0f "
                        + "41 00 20 00 fd 56 01 08 01 "
                        + "41 00 fd 00 04 10 1a "
                        + "41 00 fd 5d 03 00 1a "
                        + "20 00 20 00 fd ba 01 fd ff 01 "
                        + "1a 1a 1a 0b", body(text));
    }

    @Test
    void nameSectionHasFunctionAndLocalNames() {
        byte[] binary = Wat.encodeModule("""
                        (module $mod
                          (import "m" "i" (func $imported (param $p i32)))
                          (func $first (param $a i32) (param i64) (local $b f32))
                          (func)
                          (func $third))
                        """, true);
        BinaryReader r = new BinaryReader(BinaryReader.sections(binary).get("0:name"), 0);
        assertEquals(0, r.u8());
        r.u32();
        assertEquals("mod", r.name());
        assertEquals(1, r.u8());
        r.u32();
        assertEquals(3, r.u32());
        assertEquals(Map.of(0L, "imported", 1L, "first", 3L, "third"),
                        Map.of(r.u32(), r.name(), r.u32(), r.name(), r.u32(), r.name()));
        assertEquals(2, r.u8());
        r.u32();
        assertEquals(2, r.u32(), "functions with named locals");
        assertEquals(0, r.u32());
        assertEquals(1, r.u32());
        assertEquals(0, r.u32());
        assertEquals("p", r.name());
        assertEquals(1, r.u32());
        assertEquals(2, r.u32());
        assertEquals(0, r.u32());
        assertEquals("a", r.name());
        assertEquals(2, r.u32());
        assertEquals("b", r.name());
        assertFalse(BinaryReader.sections(Wat.encodeModule("(module $m (func $f))", false)).containsKey("0:name"),
                        "names can be switched off");
    }

    @Test
    void binaryAndQuoteModules() {
        assertArrayEquals(bytes("0061736d01000000"), Wat.encodeModule("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")"));
        assertArrayEquals(encode("(module (func (nop)))"), encode("(module quote \"(func\" \" (nop))\")"));
    }

    @Test
    void tokensAreDelimitedByParenthesesAndComments() {
        assertEquals("01 01 0b", body("(module (func(nop)nop))"));
        assertEquals("0c 00 0b", body("(module (func br 0;;comment\n))"));
        assertEquals("01 0b", body("(module (;a (;nested;) comment;)(func(;x;)nop))"));
    }
}
