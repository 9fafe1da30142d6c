package dev.porcini.validation;

import static dev.porcini.binary.Wasm.EMPTY;
import static dev.porcini.binary.Wasm.END;
import static dev.porcini.binary.Wasm.EXTERNREF;
import static dev.porcini.binary.Wasm.F32;
import static dev.porcini.binary.Wasm.FUNCREF;
import static dev.porcini.binary.Wasm.I32;
import static dev.porcini.binary.Wasm.I64;
import static dev.porcini.binary.Wasm.body;
import static dev.porcini.binary.Wasm.cat;
import static dev.porcini.binary.Wasm.func;
import static dev.porcini.binary.Wasm.functype;
import static dev.porcini.binary.Wasm.module;
import static dev.porcini.binary.Wasm.name;
import static dev.porcini.binary.Wasm.section;
import static dev.porcini.binary.Wasm.types;
import static dev.porcini.binary.Wasm.u32;
import static dev.porcini.binary.Wasm.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.binary.ModuleDecoder;
import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.module.WasmModule;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private static final byte[] I32_CONST_0 = cat(0x41, 0x00, END);
    private static final byte[] VOID = functype(types(), types());

    private static void assertValid(byte[] bytes) {
        WasmModule m = ModuleDecoder.decode(bytes);
        var codes = Validator.validate(m);
        for (int i = 0; i < codes.length; i++) {
            LoweredCodeVerifier.verify(m, m.importedFunctions() + i, codes[i]);
        }
    }

    /** Messages start with the spec's text; body errors add the function and offset after it. */
    private static WasmException assertFails(ErrorKind kind, String message, byte[] bytes) {
        WasmModule m = ModuleDecoder.decode(bytes);
        WasmException e = assertThrows(WasmException.class, () -> Validator.validate(m));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(message), () -> "expected '" + message + "' but was '" + e.getMessage() + "'");
        return e;
    }

    private static void assertInvalid(String message, byte[] bytes) {
        assertFails(ErrorKind.INVALID, message, bytes);
    }

    /** A module with a void function whose body is {@code instructions}, after the given extra sections. */
    private static byte[] voidFunc(Object... instructions) {
        return func(types(), types(), instructions);
    }

    // ---- module level ----

    @Test
    void typeIndices() {
        assertInvalid("unknown type", module(section(1, vec(VOID)), section(3, vec(u32(1))), section(10, vec(body(new int[0], END)))));
        assertInvalid("unknown type", module(section(2, vec(cat(name("m"), name("f"), 0x00, 0x00)))));
    }

    @Test
    void limits() {
        assertInvalid("multiple memories",
                        module(section(2, vec(cat(name("m"), name("mem"), 0x02, 0x00, 0x00))), section(5, vec(cat(0x00, 0x00)))));
        assertInvalid("memory size must be at most 65536 pages (4GiB)", module(section(5, vec(cat(0x00, u32(65537))))));
        assertInvalid("memory size must be at most 65536 pages (4GiB)", module(section(5, vec(cat(0x01, 0x00, u32(65537))))));
        assertInvalid("size minimum must not be greater than maximum", module(section(5, vec(cat(0x01, 0x02, 0x01)))));
        assertInvalid("size minimum must not be greater than maximum", module(section(4, vec(cat(FUNCREF, 0x01, 0x02, 0x01)))));
        assertValid(module(section(5, vec(cat(0x01, 0x00, u32(65536))))));
        assertValid(module(section(4, vec(cat(FUNCREF, 0x00, u32(0xFFFFFFFFL))))));
    }

    @Test
    void exportsAndStart() {
        byte[] types = section(1, vec(VOID, functype(types(I32), types())));
        byte[] funcs = section(3, vec(u32(0), u32(1)));
        byte[] code = section(10, vec(body(new int[0], END), body(new int[0], END)));
        assertInvalid("duplicate export name", module(types, funcs, section(7, vec(cat(name("a"), 0x00, 0x00), cat(name("a"), 0x00, 0x01))), code));
        assertInvalid("unknown function", module(types, funcs, section(7, vec(cat(name("a"), 0x00, 0x02))), code));
        assertInvalid("unknown memory", module(section(7, vec(cat(name("a"), 0x02, 0x00)))));
        assertInvalid("unknown global", module(section(7, vec(cat(name("a"), 0x03, 0x00)))));
        assertInvalid("unknown table", module(section(7, vec(cat(name("a"), 0x01, 0x00)))));
        assertInvalid("start function", module(types, funcs, section(8, u32(1)), code));
        assertInvalid("unknown function", module(types, funcs, section(8, u32(5)), code));
        assertValid(module(types, funcs, section(8, u32(0)), code));
    }

    @Test
    void globalInitializers() {
        byte[] importMut = section(2, vec(cat(name("m"), name("g"), 0x03, I32, 0x01)));
        byte[] importConst = section(2, vec(cat(name("m"), name("g"), 0x03, I32, 0x00)));
        assertInvalid("constant expression required", module(section(6, vec(cat(I32, 0x00, 0x41, 0x00, 0x41, 0x00, 0x6A, END)))));
        assertInvalid("constant expression required", module(section(6, vec(cat(I32, 0x00, 0x01, END)))));
        assertInvalid("type mismatch", module(section(6, vec(cat(I32, 0x00, 0x43, 0, 0, 0, 0, END)))));
        assertInvalid("type mismatch", module(section(6, vec(cat(I32, 0x00, END)))));
        assertInvalid("type mismatch", module(section(6, vec(cat(I32, 0x00, 0x41, 0x00, 0x41, 0x00, END)))));
        // Only imported globals are visible, and only immutable ones are constant.
        assertInvalid("unknown global", module(section(6, vec(cat(I32, 0x00, I32_CONST_0), cat(I32, 0x00, 0x23, 0x00, END)))));
        assertInvalid("constant expression required", module(importMut, section(6, vec(cat(I32, 0x00, 0x23, 0x00, END)))));
        assertValid(module(importConst, section(6, vec(cat(I32, 0x00, 0x23, 0x00, END)))));
        assertValid(module(section(6, vec(cat(FUNCREF, 0x00, 0xD0, FUNCREF, END), cat(EXTERNREF, 0x01, 0xD0, EXTERNREF, END)))));
        assertInvalid("unknown function", module(section(6, vec(cat(FUNCREF, 0x00, 0xD2, 0x00, END)))));
    }

    @Test
    void segments() {
        byte[] funcrefTable = section(4, vec(cat(FUNCREF, 0x00, 0x01)));
        assertInvalid("unknown table", module(section(9, vec(cat(0x00, I32_CONST_0, vec())))));
        assertInvalid("type mismatch", module(funcrefTable, section(9, vec(cat(0x06, 0x00, I32_CONST_0, EXTERNREF, vec())))));
        assertInvalid("type mismatch", module(funcrefTable, section(9, vec(cat(0x00, 0x42, 0x00, END, vec())))));
        assertInvalid("type mismatch", module(section(9, vec(cat(0x05, EXTERNREF, vec(cat(0xD0, FUNCREF, END)))))));
        assertInvalid("unknown function", module(funcrefTable, section(9, vec(cat(0x00, I32_CONST_0, vec(u32(0)))))));
        assertInvalid("unknown memory", module(section(11, vec(cat(0x00, I32_CONST_0, vec())))));
        assertValid(module(section(5, vec(cat(0x00, 0x01))), section(11, vec(cat(0x00, I32_CONST_0, vec(0x01))))));
    }

    @Test
    void declaredFunctionReferences() {
        byte[] types = section(1, vec(VOID));
        byte[] funcs = section(3, vec(u32(0)));
        byte[] refFunc = section(10, vec(body(new int[0], 0xD2, 0x00, 0x1A, END)));
        assertInvalid("undeclared function reference", module(types, funcs, refFunc));
        // An export, a declarative segment or a global initializer declares the reference.
        assertValid(module(types, funcs, section(7, vec(cat(name("f"), 0x00, 0x00))), refFunc));
        assertValid(module(types, funcs, section(9, vec(cat(0x03, 0x00, vec(u32(0))))), refFunc));
        assertValid(module(types, funcs, section(6, vec(cat(FUNCREF, 0x00, 0xD2, 0x00, END))), refFunc));
        // A ref.func inside a body does not declare itself.
        assertInvalid("undeclared function reference",
                        module(types, funcs, section(10, vec(body(new int[0], 0xD2, 0x00, 0xD2, 0x00, 0x1A, 0x1A, END)))));
    }

    // ---- function bodies ----

    @Test
    void typeMismatches() {
        assertInvalid("type mismatch", voidFunc(0x41, 0x00, 0x42, 0x00, 0x6A, 0x1A, END));
        assertInvalid("type mismatch", voidFunc(0x6A, END)); // empty stack
        assertInvalid("type mismatch", voidFunc(0x41, 0x00, END)); // value left at the end
        assertInvalid("type mismatch", func(types(), types(I32), END)); // missing result
        assertInvalid("type mismatch", voidFunc(0x41, 0x00, 0x02, EMPTY, 0x1A, END, END)); // block cannot see outer values
        assertInvalid("type mismatch", voidFunc(0x41, 0x00, 0x04, I32, 0x41, 0x00, END, 0x1A, END)); // if without else with a result
        assertInvalid("type mismatch", voidFunc(0xD0, FUNCREF, 0xD0, FUNCREF, 0x41, 0x00, 0x1B, 0x1A, END)); // untyped select of refs
        assertInvalid("type mismatch", voidFunc(0x41, 0x00, 0xD1, 0x1A, END)); // ref.is_null of a number
        assertValid(voidFunc(0xD0, FUNCREF, 0xD0, FUNCREF, 0x41, 0x00, 0x1C, 0x01, FUNCREF, 0x1A, END));
        assertInvalid("invalid result arity", voidFunc(0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, I32, I32, 0x1A, END));
    }

    @Test
    void unknownIndices() {
        assertInvalid("unknown local", voidFunc(0x20, 0x00, 0x1A, END));
        assertInvalid("unknown global", voidFunc(0x23, 0x00, 0x1A, END));
        assertInvalid("unknown function", voidFunc(0x10, 0x01, END));
        assertInvalid("unknown table", voidFunc(0x41, 0x00, 0x25, 0x00, 0x1A, END));
        assertInvalid("unknown table", voidFunc(0x41, 0x00, 0x11, 0x00, 0x00, END));
        assertInvalid("unknown memory", voidFunc(0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, END));
        assertInvalid("unknown memory", voidFunc(0x3F, 0x00, 0x1A, END));
        assertInvalid("unknown label", voidFunc(0x0C, 0x01, END));
        assertInvalid("unknown label", voidFunc(0x02, EMPTY, 0x41, 0x00, 0x0E, 0x00, 0x02, END, END));
        assertInvalid("unknown type", voidFunc(0x02, 0x05, END, END));
        assertInvalid("unknown elem segment 0", voidFunc(0xFC, 0x0D, 0x00, END));
        byte[] withDataCount = module(section(1, vec(VOID)), section(3, vec(u32(0))), section(12, u32(0)),
                        section(10, vec(body(new int[0], 0xFC, 0x09, 0x00, END))));
        assertInvalid("unknown data segment 0", withDataCount);
    }

    @Test
    void globalsAndAlignment() {
        byte[] globals = section(6, vec(cat(I32, 0x00, I32_CONST_0)));
        assertInvalid("global is immutable", module(section(1, vec(VOID)), section(3, vec(u32(0))), globals,
                        section(10, vec(body(new int[0], 0x41, 0x00, 0x24, 0x00, END)))));
        byte[] memory = section(5, vec(cat(0x00, 0x01)));
        byte[] type = section(1, vec(VOID));
        byte[] func = section(3, vec(u32(0)));
        assertInvalid("alignment must not be larger than natural",
                        module(type, func, memory, section(10, vec(body(new int[0], 0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, END)))));
        assertValid(module(type, func, memory, section(10, vec(body(new int[0], 0x41, 0x00, 0x29, 0x03, 0x00, 0x1A, END)))));
    }

    @Test
    void callIndirectNeedsAFuncrefTable() {
        byte[] bytes = module(section(1, vec(VOID)), section(3, vec(u32(0))), section(4, vec(cat(EXTERNREF, 0x00, 0x00))),
                        section(10, vec(body(new int[0], 0x41, 0x00, 0x11, 0x00, 0x00, END))));
        assertInvalid("type mismatch", bytes);
    }

    // ---- unreachable code and the polymorphic stack ----

    @Test
    void polymorphicStackAfterUnconditionalBranches() {
        assertValid(voidFunc(0x00, 0x6A, 0x1A, END)); // unreachable, i32.add pops two unknowns
        assertValid(func(types(), types(I32), 0x00, END)); // result supplied by the polymorphic stack
        assertValid(func(types(), types(I32), 0x41, 0x01, 0x0F, 0x41, 0x00, END));
        assertValid(voidFunc(0x02, EMPTY, 0x0C, 0x00, 0x1B, 0x1A, END, END)); // select of unknowns
        assertValid(voidFunc(0x00, 0x04, EMPTY, END, END)); // if condition from the empty polymorphic stack
        assertValid(func(types(), types(I32), 0x00, 0x0E, 0x00, 0x00, END)); // br_table to the function label
    }

    @Test
    void unreachableCodeIsStillTyped() {
        assertInvalid("type mismatch", voidFunc(0x00, 0x42, 0x00, 0x6A, 0x1A, END)); // known i64 where i32 is needed
        assertInvalid("type mismatch", voidFunc(0x00, 0x41, 0x00, END)); // leftover value above the polymorphic base
        assertInvalid("type mismatch", voidFunc(0x00, 0xD0, FUNCREF, 0x41, 0x00, 0x41, 0x00, 0x1B, 0x1A, END));
        assertInvalid("unknown local", voidFunc(0x00, 0x20, 0x00, 0x1A, END));
    }

    @Test
    void brTableInUnreachableCode() {
        // Labels of the same arity but different types are fine when the operand is unknown...
        byte[] sameArity = func(types(), types(I32),
                        0x02, F32, 0x00, 0x0E, 0x01, 0x00, 0x01, END, 0x1A, 0x41, 0x00, END);
        assertValid(sameArity);
        // ...but not when it is known, and never with different arities.
        assertInvalid("type mismatch", func(types(), types(I32),
                        0x02, F32, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, END, 0x1A, 0x41, 0x00, END));
        assertInvalid("type mismatch", func(types(), types(I32),
                        0x02, EMPTY, 0x00, 0x0E, 0x01, 0x00, 0x01, END, 0x41, 0x00, END));
    }

    // ---- malformed bodies ----

    @Test
    void malformedBodies() {
        assertFails(ErrorKind.MALFORMED, "illegal opcode", voidFunc(0x06, END));
        assertFails(ErrorKind.MALFORMED, "illegal opcode", voidFunc(0xFC, 0x12, END));
        assertFails(ErrorKind.MALFORMED, "END opcode expected", voidFunc(0x02, EMPTY, 0x05, END, END));
        assertFails(ErrorKind.MALFORMED, "zero byte expected", module(section(1, vec(VOID)), section(3, vec(u32(0))),
                        section(5, vec(cat(0x00, 0x01))), section(10, vec(body(new int[0], 0x3F, 0x01, 0x1A, END)))));
        assertFails(ErrorKind.MALFORMED, "malformed memop flags", voidFunc(0x41, 0x00, 0x28, 0x20, 0x00, 0x1A, END));
        assertFails(ErrorKind.MALFORMED, "data count section required", voidFunc(0xFC, 0x09, 0x00, END));
        assertFails(ErrorKind.MALFORMED, "section size mismatch", voidFunc(END, 0x01));
    }

    @Test
    void malformedBodyWinsOverAnEarlierInvalidOne() {
        byte[] bytes = module(section(1, vec(VOID)), section(3, vec(u32(0), u32(0))), section(10, vec(
                        body(new int[0], 0x6A, END), // invalid: type mismatch
                        body(new int[0], 0xFF, END)))); // malformed: illegal opcode
        WasmException e = assertFails(ErrorKind.MALFORMED, "illegal opcode", bytes);
        assertTrue(e.getMessage().contains("func[1]"), e.getMessage());
        // Module-level errors also yield to malformed bodies.
        assertFails(ErrorKind.MALFORMED, "illegal opcode", module(section(1, vec(VOID)), section(3, vec(u32(0))),
                        section(7, vec(cat(name("a"), 0x00, 0x00), cat(name("a"), 0x00, 0x00))),
                        section(10, vec(body(new int[0], 0xFF, END)))));
    }

    @Test
    void errorsNameTheFunctionAndOffset() {
        byte[] code = module(section(1, vec(VOID)), section(3, vec(u32(0))), section(10, vec(body(new int[0], 0x01, 0x6A, END))));
        int offset = code.length - 2; // the i32.add
        byte[] bytes = cat(code, section(0, name("name"), 0x01, u32(7), vec(cat(u32(0), name("main")))));
        WasmException e = assertFails(ErrorKind.INVALID, "type mismatch", bytes);
        assertEquals("type mismatch (in main at offset 0x" + Integer.toHexString(offset) + ")", e.getMessage());
    }
}
