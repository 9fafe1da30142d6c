package dev.porcini.binary;

import dev.porcini.error.WasmException;
import dev.porcini.module.ConstExpr;
import dev.porcini.module.CustomSection;
import dev.porcini.module.DataSegment;
import dev.porcini.module.ElementSegment;
import dev.porcini.module.Export;
import dev.porcini.module.ExternKind;
import dev.porcini.module.FuncType;
import dev.porcini.module.FunctionBody;
import dev.porcini.module.Global;
import dev.porcini.module.GlobalType;
import dev.porcini.module.Import;
import dev.porcini.module.Limits;
import dev.porcini.module.MemoryType;
import dev.porcini.module.SegmentMode;
import dev.porcini.module.TableType;
import dev.porcini.module.ValType;
import dev.porcini.module.WasmModule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the WebAssembly 2.0 binary format into a {@link WasmModule}.
 *
 * <p>Everything but the function bodies is decoded here; bodies are only delimited, and the
 * validator reads their instructions once, validating and lowering them in one pass. Semantic
 * checks (index ranges, types) are left to the validator; this class reports only MALFORMED errors.
 */
public final class ModuleDecoder {
    /** Implementation limit on a function's declared locals (the spec allows up to 2^32 - 1). */
    public static final int MAX_LOCALS = 50_000;

    private static final int SECTION_CUSTOM = 0;
    private static final int SECTION_TYPE = 1;
    private static final int SECTION_IMPORT = 2;
    private static final int SECTION_FUNCTION = 3;
    private static final int SECTION_TABLE = 4;
    private static final int SECTION_MEMORY = 5;
    private static final int SECTION_GLOBAL = 6;
    private static final int SECTION_EXPORT = 7;
    private static final int SECTION_START = 8;
    private static final int SECTION_ELEMENT = 9;
    private static final int SECTION_CODE = 10;
    private static final int SECTION_DATA = 11;
    private static final int SECTION_DATA_COUNT = 12;

    /** The position of each section id in the required order (the data count section sits before code). */
    private static final int[] SECTION_RANK = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

    private static final ValType[] NO_LOCALS = new ValType[0];

    private final byte[] bytes;
    private final BinaryReader r;

    private FuncType[] types = new FuncType[0];
    private final List<Import> imports = new ArrayList<>();
    private int[] functionTypes = new int[0];
    private int importedFunctions;
    private final List<TableType> tables = new ArrayList<>();
    private int importedTables;
    private final List<MemoryType> memories = new ArrayList<>();
    private int importedMemories;
    private final List<GlobalType> globalTypes = new ArrayList<>();
    private int importedGlobals;
    private Global[] globals = new Global[0];
    private Export[] exports = new Export[0];
    private int start = -1;
    private ElementSegment[] elements = new ElementSegment[0];
    private DataSegment[] datas = new DataSegment[0];
    private int dataCount = -1;
    private FunctionBody[] codes;
    private Map<Integer, String> functionNames = Map.of();
    private String moduleName;
    private final List<CustomSection> customSections = new ArrayList<>();

    /** Whether function bodies are read instruction by instruction rather than skipped by their size. */
    private final boolean scanBodies;
    private boolean codeSectionSeen;

    private ModuleDecoder(byte[] bytes, boolean scanBodies) {
        this.bytes = bytes;
        this.r = new BinaryReader(bytes, 0, bytes.length);
        this.scanBodies = scanBodies;
    }

    /**
     * Decodes a module. On bad input throws a MALFORMED {@link WasmException} whose message starts
     * with the spec's wording and ends with the byte offset where decoding stopped.
     */
    public static WasmModule decode(byte[] bytes) {
        ModuleDecoder fast = new ModuleDecoder(bytes, false);
        try {
            return fast.decodeModule();
        } catch (WasmException e) {
            if (fast.codeSectionSeen) {
                // Bodies were skipped by their declared sizes, but the reference decoder reads their
                // instructions and may hit another error first (a body overrunning its size, say).
                // Only failing modules pay for that second, instruction-level reading.
                ModuleDecoder careful = new ModuleDecoder(bytes, true);
                try {
                    careful.decodeModule();
                } catch (WasmException first) {
                    throw careful.located(first);
                }
            }
            throw fast.located(e);
        }
    }

    private WasmException located(WasmException e) {
        return WasmException.of(e.kind(), e.getMessage() + " (at offset 0x" + Integer.toHexString(r.pos()) + ")");
    }

    private WasmModule decodeModule() {
        readHeader();
        int lastRank = 0;
        int definedFunctions = -1; // the function section's count, -1 while absent
        while (r.pos() < bytes.length) {
            int id = r.u8();
            if (id > SECTION_DATA_COUNT) {
                throw WasmException.malformed("malformed section id");
            }
            int size = r.length();
            int end = r.pos() + size;
            if (id != SECTION_CUSTOM) {
                // Sections come in a fixed order, each at most once.
                int rank = SECTION_RANK[id];
                if (rank <= lastRank) {
                    throw WasmException.malformed("unexpected content after last section");
                }
                lastRank = rank;
            }
            switch (id) {
                case SECTION_CUSTOM -> readCustomSection(end);
                case SECTION_TYPE -> readTypeSection();
                case SECTION_IMPORT -> readImportSection();
                case SECTION_FUNCTION -> definedFunctions = readFunctionSection();
                case SECTION_TABLE -> readTableSection();
                case SECTION_MEMORY -> readMemorySection();
                case SECTION_GLOBAL -> readGlobalSection();
                case SECTION_EXPORT -> readExportSection();
                case SECTION_START -> start = r.index();
                case SECTION_ELEMENT -> readElementSection();
                case SECTION_CODE -> readCodeSection();
                case SECTION_DATA -> readDataSection();
                case SECTION_DATA_COUNT -> dataCount = r.index();
                default -> throw new AssertionError(id);
            }
            // Sections are read up to the module's end, as the reference decoder does, and their
            // declared size is checked afterwards.
            if (r.pos() != end) {
                throw WasmException.malformed("section size mismatch");
            }
        }
        if (codes == null) {
            codes = new FunctionBody[0];
        }
        if (codes.length != Math.max(definedFunctions, 0)) {
            throw WasmException.malformed("function and code section have inconsistent lengths");
        }
        if (dataCount >= 0 && dataCount != datas.length) {
            throw WasmException.malformed("data count and data section have inconsistent lengths");
        }
        return new WasmModule(bytes, types, imports.toArray(new Import[0]), functionTypes, importedFunctions,
                        tables.toArray(new TableType[0]), importedTables, memories.toArray(new MemoryType[0]), importedMemories,
                        globalTypes.toArray(new GlobalType[0]), importedGlobals, globals, exports, start, elements, datas, dataCount,
                        codes, functionNames, moduleName, List.copyOf(customSections));
    }

    private void readHeader() {
        if (bytes.length < 4) {
            throw WasmException.malformed("unexpected end");
        }
        if (bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw WasmException.malformed("magic header not detected");
        }
        if (bytes.length < 8) {
            throw WasmException.malformed("unexpected end");
        }
        if (bytes[4] != 1 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0) {
            throw WasmException.malformed("unknown binary version");
        }
        r.setPos(8);
    }

    // ---- sections ----

    private void readCustomSection(int end) {
        String name = r.name();
        if (r.pos() > end) {
            throw BinaryReader.unexpectedEnd();
        }
        customSections.add(new CustomSection(name, r.pos(), end));
        if (name.equals("name")) {
            readNameSection(r.pos(), end);
        }
        r.setPos(end);
    }

    /**
     * Reads module and function names. The name section is only a debugging aid, so a broken one is
     * ignored as a whole rather than making the module malformed.
     */
    private void readNameSection(int from, int end) {
        BinaryReader nr = new BinaryReader(bytes, from, end);
        String module = null;
        Map<Integer, String> names = new HashMap<>();
        try {
            while (!nr.atLimit()) {
                int id = nr.u8();
                int size = nr.length();
                int subEnd = nr.pos() + size;
                if (subEnd > end) {
                    return;
                }
                nr.setLimit(subEnd);
                if (id == 0) {
                    module = nr.name();
                } else if (id == 1) {
                    int n = nr.count();
                    for (int i = 0; i < n; i++) {
                        int index = nr.index();
                        names.put(index, nr.name());
                    }
                }
                nr.setPos(subEnd); // other subsections (local names, ...) are skipped
                nr.setLimit(end);
            }
        } catch (WasmException e) {
            return;
        }
        moduleName = module;
        functionNames = names;
    }

    private void readTypeSection() {
        int n = r.count();
        types = new FuncType[n];
        for (int i = 0; i < n; i++) {
            if (r.flags() != 0x60) {
                throw WasmException.malformed("malformed functype");
            }
            ValType[] params = readValTypes();
            ValType[] results = readValTypes();
            types[i] = new FuncType(params, results);
        }
    }

    private ValType[] readValTypes() {
        int n = r.count();
        ValType[] result = new ValType[n];
        for (int i = 0; i < n; i++) {
            result[i] = r.valType();
        }
        return result;
    }

    private void readImportSection() {
        int n = r.count();
        int[] funcs = new int[n];
        int funcCount = 0;
        for (int i = 0; i < n; i++) {
            String module = r.name();
            String name = r.name();
            int kind = r.u8();
            switch (kind) {
                case 0 -> {
                    int typeIndex = r.index();
                    funcs[funcCount++] = typeIndex;
                    imports.add(new Import(module, name, ExternKind.FUNC, typeIndex, null, null, null));
                }
                case 1 -> {
                    TableType t = readTableType();
                    tables.add(t);
                    imports.add(new Import(module, name, ExternKind.TABLE, -1, t, null, null));
                }
                case 2 -> {
                    MemoryType m = readMemoryType();
                    memories.add(m);
                    imports.add(new Import(module, name, ExternKind.MEMORY, -1, null, m, null));
                }
                case 3 -> {
                    GlobalType g = readGlobalType();
                    globalTypes.add(g);
                    imports.add(new Import(module, name, ExternKind.GLOBAL, -1, null, null, g));
                }
                default -> throw WasmException.malformed("malformed import kind");
            }
        }
        functionTypes = Arrays.copyOf(funcs, funcCount);
        importedFunctions = funcCount;
        importedTables = tables.size();
        importedMemories = memories.size();
        importedGlobals = globalTypes.size();
    }

    private int readFunctionSection() {
        int n = r.count();
        int[] all = Arrays.copyOf(functionTypes, importedFunctions + n);
        for (int i = 0; i < n; i++) {
            all[importedFunctions + i] = r.index();
        }
        functionTypes = all;
        return n;
    }

    private void readTableSection() {
        int n = r.count();
        for (int i = 0; i < n; i++) {
            tables.add(readTableType());
        }
    }

    private void readMemorySection() {
        int n = r.count();
        for (int i = 0; i < n; i++) {
            memories.add(readMemoryType());
        }
    }

    private void readGlobalSection() {
        int n = r.count();
        globals = new Global[n];
        for (int i = 0; i < n; i++) {
            GlobalType type = readGlobalType();
            globalTypes.add(type);
            globals[i] = new Global(type, readConstExpr());
        }
    }

    private void readExportSection() {
        int n = r.count();
        exports = new Export[n];
        for (int i = 0; i < n; i++) {
            String name = r.name();
            ExternKind kind = switch (r.u8()) {
                case 0 -> ExternKind.FUNC;
                case 1 -> ExternKind.TABLE;
                case 2 -> ExternKind.MEMORY;
                case 3 -> ExternKind.GLOBAL;
                default -> throw WasmException.malformed("malformed export kind");
            };
            exports[i] = new Export(name, kind, r.index());
        }
    }

    /**
     * Element segments. The flags' three bits say: bit 0 passive or declarative, bit 1 an explicit
     * table index (active) or declarative (otherwise), bit 2 items are expressions rather than
     * function indices.
     */
    private void readElementSection() {
        int n = r.count();
        elements = new ElementSegment[n];
        for (int i = 0; i < n; i++) {
            int flags = r.u32();
            if (flags < 0 || flags > 7) {
                throw WasmException.malformed("malformed elements segment kind");
            }
            boolean active = (flags & 1) == 0;
            boolean explicitTable = (flags & 2) != 0;
            boolean expressions = (flags & 4) != 0;
            SegmentMode mode = active ? SegmentMode.ACTIVE : explicitTable ? SegmentMode.DECLARATIVE : SegmentMode.PASSIVE;
            int table = 0;
            ConstExpr offset = null;
            if (active) {
                if (explicitTable) {
                    table = r.index();
                }
                offset = readConstExpr();
            }
            ValType type = ValType.FUNCREF;
            if (!active || explicitTable) {
                // Flags 1, 2, 3 carry an element kind (0x00 = funcref); 5, 6, 7 a reference type.
                if (expressions) {
                    type = r.refType();
                } else if (r.u8() != 0x00) {
                    throw WasmException.malformed("malformed element kind");
                }
            }
            int count = r.count();
            ConstExpr[] items = new ConstExpr[count];
            for (int k = 0; k < count; k++) {
                items[k] = expressions ? readConstExpr() : ConstExpr.refFunc(r.index());
            }
            elements[i] = new ElementSegment(mode, type, table, offset, items);
        }
    }

    private void readCodeSection() {
        codeSectionSeen = true;
        int n = r.count();
        codes = new FunctionBody[n];
        for (int i = 0; i < n; i++) {
            int size = r.length();
            int bodyEnd = r.pos() + size;
            ValType[] locals = readLocals();
            codes[i] = new FunctionBody(locals, r.pos(), bodyEnd);
            if (scanBodies) {
                Instructions.skipSequence(r, dataCount < 0);
                if (r.pos() != bodyEnd) {
                    throw WasmException.malformed("section size mismatch");
                }
            } else if (r.pos() > bodyEnd) {
                throw WasmException.malformed("section size mismatch");
            }
            r.setPos(bodyEnd);
        }
    }

    private ValType[] readLocals() {
        int groups = r.count();
        if (groups == 0) {
            return NO_LOCALS;
        }
        // First pass sums the counts so the array is allocated once, at its final size.
        int groupsStart = r.pos();
        long total = 0;
        for (int g = 0; g < groups; g++) {
            total += r.u32() & 0xFFFFFFFFL;
            r.valType();
        }
        if (total > MAX_LOCALS) {
            throw WasmException.malformed("too many locals");
        }
        ValType[] locals = new ValType[(int) total];
        r.setPos(groupsStart);
        int at = 0;
        for (int g = 0; g < groups; g++) {
            int count = r.u32();
            ValType t = r.valType();
            Arrays.fill(locals, at, at + count, t);
            at += count;
        }
        return locals;
    }

    private void readDataSection() {
        int n = r.count();
        datas = new DataSegment[n];
        for (int i = 0; i < n; i++) {
            int flags = r.u32();
            SegmentMode mode;
            int memory = 0;
            ConstExpr offset = null;
            switch (flags) {
                case 0 -> {
                    mode = SegmentMode.ACTIVE;
                    offset = readConstExpr();
                }
                case 1 -> mode = SegmentMode.PASSIVE;
                case 2 -> {
                    mode = SegmentMode.ACTIVE;
                    memory = r.index();
                    offset = readConstExpr();
                }
                default -> throw WasmException.malformed("malformed data segment kind");
            }
            int length = r.length();
            int from = r.pos();
            r.skip(length);
            datas[i] = new DataSegment(mode, memory, offset, Arrays.copyOfRange(bytes, from, from + length));
        }
    }

    // ---- shared pieces ----

    private TableType readTableType() {
        ValType type = r.refType();
        int flags = r.flags();
        if (flags > 1) {
            throw WasmException.malformed("integer too large");
        }
        return new TableType(type, readLimits(flags == 1));
    }

    /** Memory limits; flags 0x03 (shared, with maximum) is the threads proposal's shared memory. */
    private MemoryType readMemoryType() {
        int flags = r.flags();
        if (flags > 1 && flags != 3) {
            throw WasmException.malformed("integer too large");
        }
        return new MemoryType(readLimits((flags & 1) != 0), flags == 3);
    }

    private Limits readLimits(boolean hasMax) {
        long min = r.u32() & 0xFFFFFFFFL;
        long max = hasMax ? r.u32() & 0xFFFFFFFFL : -1;
        return new Limits(min, max);
    }

    private GlobalType readGlobalType() {
        ValType type = r.valType();
        int mut = r.u8();
        if (mut > 1) {
            throw WasmException.malformed("malformed mutability");
        }
        return new GlobalType(type, mut == 1);
    }

    /** A constant expression up to its final {@code end}; whether it is constant is the validator's business. */
    private ConstExpr readConstExpr() {
        int from = r.pos();
        Instructions.skipSequence(r, false);
        return new ConstExpr(Arrays.copyOfRange(bytes, from, r.pos()));
    }
}
