package dev.porcini.validation;

import dev.porcini.binary.BinaryReader;
import dev.porcini.binary.Instructions;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.module.ConstExpr;
import dev.porcini.module.DataSegment;
import dev.porcini.module.ElementSegment;
import dev.porcini.module.Export;
import dev.porcini.module.FuncType;
import dev.porcini.module.FunctionBody;
import dev.porcini.module.GlobalType;
import dev.porcini.module.Import;
import dev.porcini.module.Limits;
import dev.porcini.module.MemoryType;
import dev.porcini.module.SegmentMode;
import dev.porcini.module.TableType;
import dev.porcini.module.ValType;
import dev.porcini.module.WasmModule;

import java.util.HashSet;
import java.util.Set;

/**
 * Validates a decoded module per the WebAssembly 2.0 validation rules and lowers every function
 * body to {@link dev.porcini.bytecode.Bytecode} in the same pass.
 *
 * <p>The module-level context (types as small code arrays, the declared function references, ...)
 * is computed once here and shared by the {@link CodeValidator} that walks the bodies.
 */
public final class Validator {
    /** The spec's limit on memory sizes: 2^16 pages of 64 KiB (4 GiB). */
    static final long MAX_PAGES = 65536;

    final WasmModule module;
    /** Parameter and result types of each type section entry, as value type codes. */
    final byte[][] typeParams;
    final byte[][] typeResults;
    final int functionCount;
    /** The element type code of each table. */
    final byte[] tableTypes;
    final int memoryCount;
    final byte[] globalTypes;
    final boolean[] globalMutable;
    /** The element type code of each element segment. */
    final byte[] elemTypes;
    /** C.refs: the functions that ref.func may name inside bodies. */
    final boolean[] declaredRefs;

    private Validator(WasmModule module) {
        this.module = module;
        FuncType[] types = module.types();
        typeParams = new byte[types.length][];
        typeResults = new byte[types.length][];
        for (int i = 0; i < types.length; i++) {
            typeParams[i] = codes(types[i].params());
            typeResults[i] = codes(types[i].results());
        }
        functionCount = module.functionCount();
        TableType[] tables = module.tables();
        tableTypes = new byte[tables.length];
        for (int i = 0; i < tables.length; i++) {
            tableTypes[i] = (byte) tables[i].elementType().code;
        }
        memoryCount = module.memories().length;
        GlobalType[] globals = module.globalTypes();
        globalTypes = new byte[globals.length];
        globalMutable = new boolean[globals.length];
        for (int i = 0; i < globals.length; i++) {
            globalTypes[i] = (byte) globals[i].type().code;
            globalMutable[i] = globals[i].mutable();
        }
        ElementSegment[] elems = module.elements();
        elemTypes = new byte[elems.length];
        for (int i = 0; i < elems.length; i++) {
            elemTypes[i] = (byte) elems[i].elementType().code;
        }
        declaredRefs = new boolean[functionCount];
    }

    private static byte[] codes(ValType[] types) {
        byte[] result = new byte[types.length];
        for (int i = 0; i < types.length; i++) {
            result[i] = (byte) types[i].code;
        }
        return result;
    }

    /**
     * Validates {@code module} and returns the lowered code of each defined function (index =
     * function index minus imported functions). Throws an INVALID {@link WasmException}, or a
     * MALFORMED one when a function body has an encoding error (which takes precedence, as a
     * decoder that read the whole module first would have found it).
     */
    public static LoweredCode[] validate(WasmModule module) {
        Validator v = new Validator(module);
        int firstUnchecked = 0; // bodies before this one were fully read without encoding errors
        try {
            v.validateModule();
            LoweredCode[] result = new LoweredCode[module.codes().length];
            CodeValidator code = new CodeValidator(v);
            for (int i = 0; i < result.length; i++) {
                firstUnchecked = i;
                result[i] = code.validate(module.importedFunctions() + i);
            }
            return result;
        } catch (WasmException e) {
            if (e.kind() == ErrorKind.INVALID) {
                v.checkSyntax(firstUnchecked);
            }
            throw e;
        }
    }

    /** Reads bodies from {@code from} on for encoding errors only, throwing the first one found. */
    private void checkSyntax(int from) {
        FunctionBody[] codes = module.codes();
        boolean noDataCount = module.dataCount() < 0;
        for (int i = from; i < codes.length; i++) {
            FunctionBody body = codes[i];
            try {
                BinaryReader r = new BinaryReader(module.bytes(), body.codeStart(), module.bytes().length);
                Instructions.skipSequence(r, noDataCount);
                if (r.pos() != body.codeEnd()) {
                    throw WasmException.malformed("section size mismatch");
                }
            } catch (WasmException e) {
                throw CodeValidator.located(e, module, module.importedFunctions() + i, -1);
            }
        }
    }

    // ---- module-level rules ----

    private void validateModule() {
        for (Import imp : module.imports()) {
            switch (imp.kind()) {
                case FUNC -> checkTypeIndex(imp.typeIndex());
                case TABLE -> checkTable(imp.table());
                case MEMORY -> checkMemory(imp.memory());
                case GLOBAL -> {
                }
            }
        }
        int[] funcTypes = module.functionTypes();
        for (int i = module.importedFunctions(); i < funcTypes.length; i++) {
            checkTypeIndex(funcTypes[i]);
        }
        TableType[] tables = module.tables();
        for (int i = module.importedTables(); i < tables.length; i++) {
            checkTable(tables[i]);
        }
        MemoryType[] memories = module.memories();
        for (int i = module.importedMemories(); i < memories.length; i++) {
            checkMemory(memories[i]);
        }
        if (memories.length > 1) {
            throw WasmException.invalid("multiple memories");
        }
        collectDeclaredRefs();
        var globals = module.globals();
        for (int i = 0; i < globals.length; i++) {
            validateConstExpr(globals[i].init(), globals[i].type().type());
        }
        validateElements();
        validateDatas();
        validateStart();
        validateExports();
    }

    private void checkTypeIndex(int index) {
        if (index < 0 || index >= typeParams.length) {
            throw WasmException.invalid("unknown type " + index);
        }
    }

    private static void checkTable(TableType t) {
        checkMinMax(t.limits());
    }

    private static void checkMemory(MemoryType m) {
        Limits l = m.limits();
        if (l.min() > MAX_PAGES || l.max() > MAX_PAGES) {
            throw WasmException.invalid("memory size must be at most 65536 pages (4GiB)");
        }
        checkMinMax(l);
    }

    private static void checkMinMax(Limits l) {
        if (l.hasMax() && l.min() > l.max()) {
            throw WasmException.invalid("size minimum must not be greater than maximum");
        }
    }

    /**
     * C.refs: functions named by ref.func outside function bodies (globals, element segments) or
     * exported. Only these may be referenced with ref.func inside bodies.
     */
    private void collectDeclaredRefs() {
        for (var g : module.globals()) {
            collectRefs(g.init());
        }
        for (ElementSegment e : module.elements()) {
            if (e.offset() != null) {
                collectRefs(e.offset());
            }
            for (ConstExpr item : e.items()) {
                collectRefs(item);
            }
        }
        for (DataSegment d : module.datas()) {
            if (d.offset() != null) {
                collectRefs(d.offset());
            }
        }
        for (Export e : module.exports()) {
            if (e.kind() == dev.porcini.module.ExternKind.FUNC && e.index() >= 0 && e.index() < functionCount) {
                declaredRefs[e.index()] = true;
            }
        }
    }

    private void collectRefs(ConstExpr expr) {
        byte[] code = expr.code();
        BinaryReader r = new BinaryReader(code, 0, code.length);
        while (!r.atLimit()) {
            int op = r.u8();
            if (op == 0xD2) {
                int index = r.index();
                if (index < functionCount) {
                    declaredRefs[index] = true;
                }
            } else if (op != 0x0B) {
                Instructions.skipImmediates(r, op, false);
            }
        }
    }

    /**
     * Checks that {@code expr} is constant and leaves exactly one value of {@code expected}. In 2.0
     * global.get may only read imported (immutable) globals, in every constant expression.
     */
    private void validateConstExpr(ConstExpr expr, ValType expected) {
        int visibleGlobals = module.importedGlobals();
        byte[] code = expr.code();
        BinaryReader r = new BinaryReader(code, 0, code.length);
        int depth = 0;
        int type = 0;
        while (true) {
            int op = r.u8();
            int pushed;
            switch (op) {
                case 0x0B -> {
                    if (depth != 1 || type != expected.code) {
                        throw WasmException.invalid("type mismatch");
                    }
                    return;
                }
                case 0x41 -> {
                    r.s32();
                    pushed = ValType.I32.code;
                }
                case 0x42 -> {
                    r.s64();
                    pushed = ValType.I64.code;
                }
                case 0x43 -> {
                    r.fixed32();
                    pushed = ValType.F32.code;
                }
                case 0x44 -> {
                    r.fixed64();
                    pushed = ValType.F64.code;
                }
                case 0xD0 -> pushed = r.refType().code;
                case 0xD2 -> {
                    int index = r.index();
                    if (index >= functionCount) {
                        throw WasmException.invalid("unknown function " + index);
                    }
                    pushed = ValType.FUNCREF.code;
                }
                case 0x23 -> {
                    int index = r.index();
                    if (index >= visibleGlobals) {
                        throw WasmException.invalid("unknown global " + index);
                    }
                    if (globalMutable[index]) {
                        throw WasmException.invalid("constant expression required");
                    }
                    pushed = globalTypes[index];
                }
                case 0xFD -> {
                    // v128.const is the only constant SIMD instruction.
                    if (r.u32() != 0x0C) {
                        throw WasmException.invalid("constant expression required");
                    }
                    r.fixed64();
                    r.fixed64();
                    pushed = ValType.V128.code;
                }
                default -> throw WasmException.invalid("constant expression required");
            }
            depth++;
            type = pushed;
        }
    }

    private void validateElements() {
        ElementSegment[] elems = module.elements();
        for (ElementSegment e : elems) {
            for (ConstExpr item : e.items()) {
                validateConstExpr(item, e.elementType());
            }
            if (e.mode() == SegmentMode.ACTIVE) {
                if (e.tableIndex() >= tableTypes.length) {
                    throw WasmException.invalid("unknown table " + e.tableIndex());
                }
                validateConstExpr(e.offset(), ValType.I32);
                if (tableTypes[e.tableIndex()] != e.elementType().code) {
                    throw WasmException.invalid("type mismatch");
                }
            }
        }
    }

    private void validateDatas() {
        for (DataSegment d : module.datas()) {
            if (d.mode() == SegmentMode.ACTIVE) {
                if (d.memoryIndex() >= memoryCount) {
                    throw WasmException.invalid("unknown memory " + d.memoryIndex());
                }
                validateConstExpr(d.offset(), ValType.I32);
            }
        }
    }

    private void validateStart() {
        int start = module.start();
        if (start < 0) {
            return;
        }
        if (start >= functionCount) {
            throw WasmException.invalid("unknown function " + start);
        }
        int type = module.functionTypes()[start];
        if (typeParams[type].length != 0 || typeResults[type].length != 0) {
            throw WasmException.invalid("start function");
        }
    }

    private void validateExports() {
        Export[] exports = module.exports();
        Set<String> names = new HashSet<>(exports.length * 2);
        for (Export e : exports) {
            if (!names.add(e.name())) {
                throw WasmException.invalid("duplicate export name");
            }
            int index = e.index();
            switch (e.kind()) {
                case FUNC -> {
                    if (index >= functionCount) {
                        throw WasmException.invalid("unknown function " + index);
                    }
                }
                case TABLE -> {
                    if (index >= tableTypes.length) {
                        throw WasmException.invalid("unknown table " + index);
                    }
                }
                case MEMORY -> {
                    if (index >= memoryCount) {
                        throw WasmException.invalid("unknown memory " + index);
                    }
                }
                case GLOBAL -> {
                    if (index >= globalTypes.length) {
                        throw WasmException.invalid("unknown global " + index);
                    }
                }
            }
        }
    }
}
