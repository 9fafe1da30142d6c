package dev.porcini.binary;

import static dev.porcini.binary.Wasm.END;
import static dev.porcini.binary.Wasm.EXTERNREF;
import static dev.porcini.binary.Wasm.F64;
import static dev.porcini.binary.Wasm.FUNCREF;
import static dev.porcini.binary.Wasm.I32;
import static dev.porcini.binary.Wasm.I64;
import static dev.porcini.binary.Wasm.body;
import static dev.porcini.binary.Wasm.cat;
import static dev.porcini.binary.Wasm.functype;
import static dev.porcini.binary.Wasm.module;
import static dev.porcini.binary.Wasm.name;
import static dev.porcini.binary.Wasm.section;
import static dev.porcini.binary.Wasm.types;
import static dev.porcini.binary.Wasm.u32;
import static dev.porcini.binary.Wasm.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.module.ConstExpr;
import dev.porcini.module.ExternKind;
import dev.porcini.module.SegmentMode;
import dev.porcini.module.ValType;
import dev.porcini.module.WasmModule;
import org.junit.jupiter.api.Test;

class ModuleDecoderTest {

    private static final byte[] I32_CONST_0 = cat(0x41, 0x00, END);

    /** The message is the spec's text followed by the offset: "... (at offset 0x..)". */
    static void assertMalformed(String message, byte[] bytes) {
        WasmException e = assertThrows(WasmException.class, () -> ModuleDecoder.decode(bytes));
        assertEquals(ErrorKind.MALFORMED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(message + " (at offset 0x"), e.getMessage());
    }

    @Test
    void errorsNameTheOffset() {
        WasmException e = assertThrows(WasmException.class, () -> ModuleDecoder.decode(module(section(13))));
        assertEquals("malformed section id (at offset 0x9)", e.getMessage());
    }

    @Test
    void emptyModule() {
        WasmModule m = ModuleDecoder.decode(module());
        assertEquals(0, m.types().length);
        assertEquals(0, m.functionCount());
        assertEquals(-1, m.start());
        assertEquals(-1, m.dataCount());
        assertNull(m.moduleName());
        assertTrue(m.functionNames().isEmpty());
    }

    /** A module using every section; index spaces must list imports first. */
    @Test
    void everySection() {
        byte[] bytes = module(
                        section(1, vec(functype(types(I32), types(I32)), functype(types(), types()))),
                        section(2, vec(
                                        cat(name("env"), name("f"), 0x00, 0x01),
                                        cat(name("env"), name("t"), 0x01, FUNCREF, 0x00, 0x02),
                                        cat(name("env"), name("m"), 0x02, 0x01, 0x01, 0x02),
                                        cat(name("env"), name("g"), 0x03, I64, 0x00))),
                        section(3, vec(u32(0), u32(1))),
                        section(4, vec(cat(EXTERNREF, 0x01, 0x00, 0x10))),
                        section(6, vec(cat(I32, 0x01, I32_CONST_0))),
                        section(7, vec(cat(name("run"), 0x00, 0x02), cat(name("mem"), 0x02, 0x00))),
                        section(8, u32(2)),
                        section(9, vec(
                                        cat(0x00, I32_CONST_0, vec(u32(1), u32(2))), // active, table 0, function indices
                                        cat(0x01, 0x00, vec(u32(2))), // passive, function indices
                                        cat(0x07, FUNCREF, vec(cat(0xD0, FUNCREF, END))), // declarative, expressions
                                        cat(0x06, u32(1), I32_CONST_0, EXTERNREF, vec(cat(0xD0, EXTERNREF, END))))),
                        section(12, u32(2)),
                        section(10, vec(
                                        body(new int[]{2, I32, 1, F64}, 0x20, 0x00, END),
                                        body(new int[0], END))),
                        section(11, vec(
                                        cat(0x00, I32_CONST_0, vec(0x61, 0x62)),
                                        cat(0x01, vec(0x63)))),
                        section(0, name("producers"), 0x01, 0x02),
                        section(0, name("name"),
                                        0x00, u32(4), name("mod"),
                                        0x01, u32(6), vec(cat(u32(2), name("run")))));
        WasmModule m = ModuleDecoder.decode(bytes);

        assertEquals(2, m.types().length);
        assertArrayEquals(new ValType[]{ValType.I32}, m.types()[0].params());

        assertEquals(4, m.imports().length);
        assertEquals("env", m.imports()[0].module());
        assertEquals(ExternKind.FUNC, m.imports()[0].kind());
        assertEquals(1, m.imports()[0].typeIndex());
        assertEquals(ExternKind.GLOBAL, m.imports()[3].kind());

        assertArrayEquals(new int[]{1, 0, 1}, m.functionTypes());
        assertEquals(1, m.importedFunctions());
        assertEquals(3, m.functionCount());

        assertEquals(2, m.tables().length);
        assertEquals(1, m.importedTables());
        assertEquals(ValType.FUNCREF, m.tables()[0].elementType());
        assertEquals(2, m.tables()[0].limits().min());
        assertFalse(m.tables()[0].limits().hasMax());
        assertEquals(ValType.EXTERNREF, m.tables()[1].elementType());
        assertEquals(16, m.tables()[1].limits().max());

        assertEquals(1, m.memories().length);
        assertEquals(1, m.importedMemories());
        assertEquals(2, m.memories()[0].limits().max());

        assertEquals(2, m.globalTypes().length);
        assertEquals(1, m.importedGlobals());
        assertEquals(ValType.I64, m.globalTypes()[0].type());
        assertTrue(m.globalTypes()[1].mutable());
        assertEquals(1, m.globals().length);
        assertArrayEquals(I32_CONST_0, m.globals()[0].init().code());

        assertEquals("run", m.exports()[0].name());
        assertEquals(ExternKind.MEMORY, m.exports()[1].kind());
        assertEquals(2, m.start());

        assertEquals(4, m.elements().length);
        assertEquals(SegmentMode.ACTIVE, m.elements()[0].mode());
        assertEquals(0, m.elements()[0].tableIndex());
        assertArrayEquals(ConstExpr.refFunc(2).code(), m.elements()[0].items()[1].code());
        assertEquals(SegmentMode.PASSIVE, m.elements()[1].mode());
        assertEquals(SegmentMode.DECLARATIVE, m.elements()[2].mode());
        assertEquals(ValType.EXTERNREF, m.elements()[3].elementType());
        assertEquals(1, m.elements()[3].tableIndex());

        assertEquals(2, m.dataCount());
        assertArrayEquals(new byte[]{'a', 'b'}, m.datas()[0].bytes());
        assertEquals(SegmentMode.PASSIVE, m.datas()[1].mode());

        assertEquals(2, m.codes().length);
        assertArrayEquals(new ValType[]{ValType.I32, ValType.I32, ValType.F64}, m.codes()[0].locals());
        int start = m.codes()[0].codeStart();
        assertEquals(0x20, bytes[start]);
        assertEquals(start + 3, m.codes()[0].codeEnd());
        assertEquals(END, bytes[m.body(1).codeEnd() - 1]);

        assertEquals("mod", m.moduleName());
        assertEquals("run", m.functionName(2));
        assertEquals("func[1]", m.functionName(1));
        assertEquals(2, m.customSections().size());
        assertEquals("producers", m.customSections().get(0).name());
        assertEquals(2, m.customSections().get(0).end() - m.customSections().get(0).start());
    }

    @Test
    void brokenNameSectionIsIgnored() {
        // The function names subsection claims more bytes than the section has.
        byte[] bytes = module(section(0, name("name"), 0x00, u32(4), name("mod"), 0x01, u32(20), vec(cat(u32(0), name("f")))));
        WasmModule m = ModuleDecoder.decode(bytes);
        assertNull(m.moduleName());
        assertTrue(m.functionNames().isEmpty());
        // Bad UTF-8 inside the name section is ignored as well.
        WasmModule m2 = ModuleDecoder.decode(module(section(0, name("name"), 0x00, 0x02, 0x01, 0xFF)));
        assertNull(m2.moduleName());
    }

    @Test
    void header() {
        assertMalformed("unexpected end", new byte[0]);
        assertMalformed("unexpected end", new byte[]{0, 'a', 's'});
        assertMalformed("magic header not detected", new byte[]{0, 'A', 'S', 'M', 1, 0, 0, 0});
        assertMalformed("unexpected end", new byte[]{0, 'a', 's', 'm', 1});
        assertMalformed("unknown binary version", new byte[]{0, 'a', 's', 'm', 2, 0, 0, 0});
    }

    @Test
    void sectionFraming() {
        assertMalformed("malformed section id", module(section(13)));
        assertMalformed("length out of bounds", cat(module(), 0x01, 0x05, 0x00));
        assertMalformed("section size mismatch", module(section(1, vec(), 0x00)));
        assertMalformed("unexpected content after last section", module(section(3, vec()), section(1, vec())));
        assertMalformed("unexpected content after last section", module(section(1, vec()), section(1, vec())));
        assertMalformed("unexpected end of section or function", cat(module(), 0x05, 0x01, 0x01));
        // The data count section sits between the element and code sections.
        ModuleDecoder.decode(module(section(9, vec()), section(12, u32(0)), section(10, vec())));
        assertMalformed("unexpected content after last section", module(section(10, vec()), section(12, u32(0))));
    }

    @Test
    void customSections() {
        assertMalformed("unexpected end of section or function", cat(module(), 0x00, 0x00));
        assertMalformed("malformed UTF-8 encoding", module(section(0, 0x01, 0xFF)));
        // Custom sections may appear anywhere, even between ordered sections.
        WasmModule m = ModuleDecoder.decode(module(section(1, vec()), section(0, name("x")), section(3, vec())));
        assertEquals("x", m.customSections().get(0).name());
    }

    @Test
    void leb128Limits() {
        // A type index with one byte too many, and one too large for u32.
        assertMalformed("integer representation too long", module(section(3, vec(cat(0x80, 0x80, 0x80, 0x80, 0x80, 0x00)))));
        assertMalformed("integer too large", module(section(3, vec(cat(0x80, 0x80, 0x80, 0x80, 0x10)))));
        // i32.const with a value that does not fit 32 bits.
        assertMalformed("integer too large", module(section(6, vec(cat(I32, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x10, END)))));
    }

    @Test
    void functionAndCodeCounts() {
        byte[] type = section(1, vec(functype(types(), types())));
        assertMalformed("function and code section have inconsistent lengths", module(type, section(3, vec(u32(0)))));
        assertMalformed("function and code section have inconsistent lengths", module(section(10, vec(body(new int[0], END)))));
        assertMalformed("function and code section have inconsistent lengths",
                        module(type, section(3, vec(u32(0), u32(0))), section(10, vec(body(new int[0], END)))));
    }

    @Test
    void dataCount() {
        assertMalformed("data count and data section have inconsistent lengths", module(section(12, u32(1))));
        assertMalformed("data count and data section have inconsistent lengths",
                        module(section(12, u32(2)), section(11, vec(cat(0x01, vec())))));
    }

    @Test
    void locals() {
        byte[] tooMany = module(section(1, vec(functype(types(), types()))), section(3, vec(u32(0))),
                        section(10, vec(body(new int[]{0x40000000, I32, 0x40000000, I64}, END))));
        assertMalformed("too many locals", tooMany);
        assertMalformed("malformed value type", module(section(1, vec(functype(types(), types()))), section(3, vec(u32(0))),
                        section(10, vec(body(new int[]{1, 0x60}, END)))));
    }

    @Test
    void typesAndImports() {
        assertMalformed("integer representation too long", module(section(1, vec(cat(0xE0, 0x7F, 0x00, 0x00)))));
        assertMalformed("malformed value type", module(section(1, vec(functype(types(0x40), types())))));
        assertMalformed("malformed import kind", module(section(2, vec(cat(name("a"), name("b"), 0x04, 0x00)))));
        assertMalformed("malformed UTF-8 encoding", module(section(2, vec(cat(0x01, 0xC0, name("b"), 0x00, 0x00)))));
        assertMalformed("malformed mutability", module(section(6, vec(cat(I32, 0x02, I32_CONST_0)))));
        assertMalformed("malformed reference type", module(section(4, vec(cat(I32, 0x00, 0x00)))));
        assertMalformed("malformed export kind", module(section(7, vec(cat(name("e"), 0x04, 0x00)))));
    }

    @Test
    void limitsFlags() {
        assertMalformed("integer too large", module(section(4, vec(cat(FUNCREF, 0x02, 0x00)))));
        assertMalformed("integer representation too long", module(section(4, vec(cat(FUNCREF, 0x81, 0x00, 0x00)))));
        assertMalformed("integer too large", module(section(5, vec(cat(0x02, 0x00)))));
        // Flags 3 is the threads proposal's shared memory.
        assertTrue(ModuleDecoder.decode(module(section(5, vec(cat(0x03, 0x01, 0x02))))).memories()[0].shared());
    }

    @Test
    void constantExpressions() {
        // A global whose initializer runs into the next section's id (0x0a is no opcode).
        assertMalformed("illegal opcode", cat(module(section(6, vec(cat(I32, 0x00, 0x41, 0x00)))), section(10, vec())));
        assertMalformed("unexpected end of section or function", cat(module(), 0x06, 0x04, 0x01, I32, 0x00, 0x41));
        assertMalformed("malformed reference type", module(section(9, vec(cat(0x05, FUNCREF, vec(cat(0xD0, I32, END)))))));
    }

    @Test
    void segments() {
        assertMalformed("malformed elements segment kind", module(section(9, vec(cat(0x08)))));
        assertMalformed("malformed element kind", module(section(9, vec(cat(0x01, 0x01, vec())))));
        assertMalformed("malformed data segment kind", module(section(11, vec(cat(0x03)))));
        assertMalformed("unexpected end of section or function", cat(module(), 0x0B, 0x04, 0x01, 0x01, 0x02, 0x61));
    }

    @Test
    void bodyOverrunningItsSizeReportsTheInstructionError() {
        // The body claims 4 bytes, but its i32.const immediate is an over-long LEB128 running past
        // them. The reference decoder reads the instruction and so reports the LEB128 error.
        byte[] bytes = module(section(1, vec(functype(types(), types()))), section(3, vec(u32(0))),
                        section(10, vec(cat(u32(4), 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, END))));
        assertMalformed("integer representation too long", bytes);
    }
}
