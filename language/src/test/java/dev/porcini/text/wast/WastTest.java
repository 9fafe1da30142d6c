package dev.porcini.text.wast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.module.ValType;
import dev.porcini.text.V128Literals.Shape;
import dev.porcini.text.Wat;
import dev.porcini.text.wast.WastCommand.ActionCommand;
import dev.porcini.text.wast.WastCommand.AssertExhaustion;
import dev.porcini.text.wast.WastCommand.AssertInvalid;
import dev.porcini.text.wast.WastCommand.AssertMalformed;
import dev.porcini.text.wast.WastCommand.AssertReturn;
import dev.porcini.text.wast.WastCommand.AssertTrap;
import dev.porcini.text.wast.WastCommand.AssertUninstantiable;
import dev.porcini.text.wast.WastCommand.AssertUnlinkable;
import dev.porcini.text.wast.WastCommand.ModuleCommand;
import dev.porcini.text.wast.WastCommand.ModuleDefinition;
import dev.porcini.text.wast.WastCommand.ModuleInstance;
import dev.porcini.text.wast.WastCommand.RegisterCommand;
import dev.porcini.text.wast.WastValue.Num;
import java.util.List;
import org.junit.jupiter.api.Test;

class WastTest {

    private static final String SCRIPT = """
                    (module $M (func (export "add") (param i32 i32) (result i32)
                      (i32.add (local.get 0) (local.get 1))))
                    (register "m" $M)
                    (assert_return (invoke $M "add" (i32.const 1) (i32.const -2)) (i32.const -1))
                    (invoke "add" (i32.const 0) (i32.const 0))
                    (assert_return (get "g") (f32.const nan:canonical))
                    (assert_trap (invoke "div" (i64.const 0)) "integer divide by zero")
                    (assert_exhaustion (invoke "loop") "call stack exhausted")
                    (module binary "\\00asm" "\\01\\00\\00\\00")
                    (assert_malformed (module quote "(func (i32.const 0x1_0000_0000))") "constant out of range")
                    (assert_invalid (module (func (result i32))) "type mismatch")
                    (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
                    (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
                    (assert_uninstantiable (module (func $s unreachable) (start $s)) "unreachable")
                    (module definition $D)
                    (module instance $I $D)
                    """;

    @Test
    void everyCommandKindWithItsLine() {
        List<WastCommand> commands = Wast.parse(SCRIPT, "test.wast").commands();
        assertEquals(15, commands.size());

        ModuleCommand module = assertInstanceOf(ModuleCommand.class, commands.get(0));
        assertEquals(1, module.line());
        assertEquals("M", module.id());
        assertEquals(WastModule.Kind.TEXT, module.module().kind());

        assertEquals(new RegisterCommand(3, "m", "M"), commands.get(1));

        AssertReturn ret = assertInstanceOf(AssertReturn.class, commands.get(2));
        assertEquals(4, ret.line());
        assertEquals(new WastAction.Invoke("M", "add", List.of(new Num(ValType.I32, 1), new Num(ValType.I32, 0xFFFFFFFEL))),
                        ret.action());
        assertEquals(List.of(new WastExpected.Exact(new Num(ValType.I32, -1))), ret.expected());

        ActionCommand action = assertInstanceOf(ActionCommand.class, commands.get(3));
        assertNull(action.action().moduleId(), "no module id means the latest module");

        AssertReturn get = assertInstanceOf(AssertReturn.class, commands.get(4));
        assertEquals(new WastAction.Get(null, "g"), get.action());
        assertEquals(List.of(new WastExpected.CanonicalNan(ValType.F32)), get.expected());

        assertEquals("integer divide by zero", assertInstanceOf(AssertTrap.class, commands.get(5)).message());
        assertEquals("call stack exhausted", assertInstanceOf(AssertExhaustion.class, commands.get(6)).message());

        ModuleCommand binary = assertInstanceOf(ModuleCommand.class, commands.get(7));
        assertEquals(WastModule.Kind.BINARY, binary.module().kind());
        assertArrayEquals(new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0}, binary.module().encode());

        AssertMalformed malformed = assertInstanceOf(AssertMalformed.class, commands.get(8));
        assertEquals(WastModule.Kind.QUOTE, malformed.module().kind());
        WasmException e = assertThrows(WasmException.class, () -> malformed.module().encode());
        assertEquals(ErrorKind.MALFORMED, e.kind());
        assertEquals("1:18: constant out of range (i32)", e.getMessage());

        assertEquals("type mismatch", assertInstanceOf(AssertInvalid.class, commands.get(9)).message());
        assertEquals("unknown import", assertInstanceOf(AssertUnlinkable.class, commands.get(10)).message());
        assertEquals(13, assertInstanceOf(AssertUninstantiable.class, commands.get(11)).line(), "assert_trap on a module");
        assertEquals(14, assertInstanceOf(AssertUninstantiable.class, commands.get(12)).line());
        assertEquals("D", assertInstanceOf(ModuleDefinition.class, commands.get(13)).id());
        assertEquals(new ModuleInstance(16, "I", "D"), commands.get(14));
    }

    @Test
    void textModulesEncodeOnDemand() {
        ModuleCommand module = (ModuleCommand) Wast.parse("(module (func (i32.const 0x1_0000_0000)))", "t.wast")
                        .commands().get(0);
        assertThrows(WasmException.class, () -> module.module().encode(), "the error shows at encode(), not at parse()");
        ModuleCommand ok = (ModuleCommand) Wast.parse("(module $m (func $f))", "t.wast").commands().get(0);
        assertArrayEquals(Wat.encodeModule("(module $m (func $f))", false), ok.module().encode(false));
    }

    @Test
    void aScriptOfModuleFieldsIsOneModule() {
        List<WastCommand> commands = Wast.parse("(func) (memory 0) (func (export \"f\"))", "inline.wast").commands();
        assertEquals(1, commands.size());
        assertArrayEquals(Wat.encodeModule("(module (func) (memory 0) (func (export \"f\")))"),
                        ((ModuleCommand) commands.get(0)).module().encode());
    }

    @Test
    void constantsOfEveryType() {
        String script = """
                        (invoke "f" (i64.const -1) (f32.const -nan:0x1) (f64.const 0x1p-1074) (ref.null func)
                          (ref.null extern) (ref.extern 7) (v128.const i16x8 1 2 3 4 5 6 7 -1))
                        """;
        WastAction.Invoke invoke = (WastAction.Invoke) ((ActionCommand) Wast.parse(script, "t.wast").commands().get(0)).action();
        byte[] v128 = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, -1, -1};
        assertEquals(List.of(new Num(ValType.I64, -1), new Num(ValType.F32, 0xFF800001L), new Num(ValType.F64, 1),
                        new WastValue.RefNull(ValType.FUNCREF), new WastValue.RefNull(ValType.EXTERNREF),
                        new WastValue.RefExtern(7), new WastValue.V128(v128)), invoke.args());
    }

    private static WastExpected expected(String result) {
        AssertReturn ret = (AssertReturn) Wast.parse("(assert_return (invoke \"f\") " + result + ")", "t.wast").commands().get(0);
        return ret.expected().get(0);
    }

    @Test
    void numbersMatchBitForBit() {
        WastExpected zero = expected("(f32.const 0)");
        assertTrue(zero.matches(ValType.F32, 0));
        assertFalse(zero.matches(ValType.F32, 0x80000000L), "-0 is not 0");
        assertFalse(zero.matches(ValType.I32, 0), "the type must match too");
        WastExpected nan = expected("(f64.const -nan:0x8000000000001)");
        assertTrue(nan.matches(ValType.F64, 0xFFF8000000000001L));
        assertFalse(nan.matches(ValType.F64, 0x7FF8000000000001L), "NaN sign and payload are exact");
        assertTrue(expected("(i32.const -1)").matches(ValType.I32, -1L), "i32 bits may come sign-extended");
        assertTrue(expected("(i32.const -1)").matches(ValType.I32, 0xFFFFFFFFL));
    }

    @Test
    void nanPatterns() {
        WastExpected canonical32 = expected("(f32.const nan:canonical)");
        assertTrue(canonical32.matches(ValType.F32, 0x7FC00000L));
        assertTrue(canonical32.matches(ValType.F32, 0xFFC00000L), "either sign");
        assertFalse(canonical32.matches(ValType.F32, 0x7FC00001L), "only the quiet bit in the payload");
        assertFalse(canonical32.matches(ValType.F32, 0x7FA00000L));
        assertFalse(canonical32.matches(ValType.F64, 0x7FF8000000000000L));

        WastExpected arithmetic32 = expected("(f32.const nan:arithmetic)");
        assertTrue(arithmetic32.matches(ValType.F32, 0x7FC00000L));
        assertTrue(arithmetic32.matches(ValType.F32, 0xFFC00001L));
        assertFalse(arithmetic32.matches(ValType.F32, 0x7F800001L), "a signalling NaN is not arithmetic");
        assertFalse(arithmetic32.matches(ValType.F32, 0x7F800000L), "infinity is not a NaN");

        WastExpected canonical64 = expected("(f64.const nan:canonical)");
        assertTrue(canonical64.matches(ValType.F64, 0xFFF8000000000000L));
        assertFalse(canonical64.matches(ValType.F64, 0x7FF8000000000001L));
        WastExpected arithmetic64 = expected("(f64.const nan:arithmetic)");
        assertTrue(arithmetic64.matches(ValType.F64, 0x7FFFFFFFFFFFFFFFL));
        assertFalse(arithmetic64.matches(ValType.F64, 0x7FF4000000000000L));
    }

    @Test
    void v128LanePatterns() {
        WastExpected lanes = expected("(v128.const f32x4 1.0 nan:canonical nan:arithmetic -0)");
        WastExpected.V128Lanes pattern = assertInstanceOf(WastExpected.V128Lanes.class, lanes);
        assertEquals(Shape.F32X4, pattern.shape());
        byte[] actual = {0, 0, (byte) 0x80, 0x3F, 0, 0, (byte) 0xC0, (byte) 0xFF, 1, 0, (byte) 0xC0, 0x7F, 0, 0, 0, (byte) 0x80};
        assertTrue(lanes.matches(new WastValue.V128(actual)));
        actual[4] = 1; // lane 1 is no longer canonical
        assertFalse(lanes.matches(new WastValue.V128(actual)));
        // Without NaN patterns, a float v128 is an exact value.
        assertEquals(new WastExpected.Exact(new WastValue.V128(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F})),
                        expected("(v128.const f64x2 0 1)"));
    }

    @Test
    void referencePatternsAndEither() {
        assertTrue(expected("(ref.func)").matches(new WastValue.RefFunc()));
        assertFalse(expected("(ref.func)").matches(new WastValue.RefNull(ValType.FUNCREF)));
        assertTrue(expected("(ref.extern)").matches(new WastValue.RefExtern(3)));
        assertTrue(expected("(ref.extern 3)").matches(new WastValue.RefExtern(3)));
        assertFalse(expected("(ref.extern 3)").matches(new WastValue.RefExtern(4)));
        assertTrue(expected("(ref.null extern)").matches(new WastValue.RefNull(ValType.EXTERNREF)));
        assertFalse(expected("(ref.null extern)").matches(new WastValue.RefNull(ValType.FUNCREF)));
        assertTrue(expected("(ref.null)").matches(new WastValue.RefNull(ValType.FUNCREF)));
        WastExpected either = expected("(either (i32.const 1) (i32.const 2))");
        assertTrue(either.matches(ValType.I32, 2));
        assertFalse(either.matches(ValType.I32, 3));
    }

    @Test
    void errorsNameFileLineAndColumn() {
        WasmException e = assertThrows(WasmException.class,
                        () -> Wast.parse("(module)\n(assert_return (invoke \"f\" (i32.const 1.5)))", "bad.wast"));
        assertEquals(ErrorKind.MALFORMED, e.kind());
        assertEquals("bad.wast:2:39: unexpected token 1.5", e.getMessage());
        assertEquals("bad.wast:1:2: unknown command frobnicate",
                        assertThrows(WasmException.class, () -> Wast.parse("(frobnicate)", "bad.wast")).getMessage());
        assertEquals("bad.wast:1:31: unexpected token \"extra\"", assertThrows(WasmException.class,
                        () -> Wast.parse("(assert_trap (invoke \"f\") \"x\" \"extra\")", "bad.wast")).getMessage());
    }
}
