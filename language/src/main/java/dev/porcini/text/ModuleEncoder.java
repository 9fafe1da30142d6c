package dev.porcini.text;

import dev.porcini.module.ExternKind;
import dev.porcini.module.ValType;
import dev.porcini.text.SExpr.Atom;
import dev.porcini.text.SExpr.SList;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the fields of a text module into a binary module.
 *
 * <p>Two passes: the first assigns every index space's indices and identifiers (so fields may refer
 * to ones defined later) and checks that imports come first; the second encodes the fields in text
 * order into their sections. Type uses are resolved in text order, so the types they append
 * come in the order the spec prescribes (see {@link Types}).
 */
final class ModuleEncoder {
    final IndexSpace funcs = new IndexSpace("func");
    final IndexSpace tables = new IndexSpace("table");
    final IndexSpace memories = new IndexSpace("memory");
    final IndexSpace globals = new IndexSpace("global");
    final IndexSpace elems = new IndexSpace("elem");
    final IndexSpace datas = new IndexSpace("data");
    final Types types = new Types();
    /** Set by memory.init and data.drop, which need the data count section. */
    boolean usesDataCount;

    private final Section importSection = new Section(2);
    private final Section functionSection = new Section(3);
    private final Section tableSection = new Section(4);
    private final Section memorySection = new Section(5);
    private final Section globalSection = new Section(6);
    private final Section exportSection = new Section(7);
    private final Section elemSection = new Section(9);
    private final Section codeSection = new Section(10);
    private final Section dataSection = new Section(11);
    private long start = -1;

    /** Indices the second pass hands out, mirroring the first pass's. */
    private int nextFunc;
    private int nextTable;
    private int nextMemory;
    private int nextGlobal;

    private final NameSection names = new NameSection();

    /** A section's entry count and encoded entries. */
    private static final class Section {
        final int id;
        final ByteWriter entries = new ByteWriter();
        int count;

        Section(int id) {
            this.id = id;
        }

        /** Starts a new entry and returns the writer to encode it into. */
        ByteWriter add() {
            count++;
            return entries;
        }

        void writeTo(ByteWriter out) {
            if (count > 0) {
                out.section(id, new ByteWriter().vec(count, entries));
            }
        }
    }

    /**
     * Encodes a module.
     *
     * @param moduleId the module's identifier ({@code (module $m ...)}), or null
     * @param withNames whether to emit a {@code name} section
     */
    static byte[] encode(List<SExpr> fields, Atom moduleId, boolean withNames) {
        ModuleEncoder encoder = new ModuleEncoder();
        List<SList> lists = new ArrayList<>();
        for (SExpr field : fields) {
            if (!(field instanceof SList list) || list.head() == null) {
                throw Cursor.unexpected(field instanceof SList l && !l.items().isEmpty() ? l.items().get(0) : field);
            }
            lists.add(list);
        }
        String firstDefinition = null;
        for (SList field : lists) {
            firstDefinition = encoder.declare(field, firstDefinition);
        }
        for (SList field : lists) {
            encoder.encodeField(field);
        }
        return encoder.assemble(moduleId, withNames);
    }

    // ---------------------------------------------------------------- pass 1: indices and ids

    /** Declares what {@code field} defines; returns the kind of the first non-import definition so far. */
    private String declare(SList field, String firstDefinition) {
        Cursor c = new Cursor(field, 1);
        String head = field.head();
        switch (head) {
            case "type" -> {
                types.define(c.optionalId(), c.nextList("func"));
                c.expectEnd();
            }
            case "import" -> {
                c.nextName();
                c.nextName();
                SList desc = externDescriptor(c);
                space(desc.head()).define(new Cursor(desc, 1).optionalId());
                checkImportOrder(field, firstDefinition);
            }
            case "func", "table", "memory", "global" -> {
                space(head).define(c.optionalId());
                while (c.peekList("export")) {
                    c.next();
                }
                if (c.peekList("import")) {
                    checkImportOrder(field, firstDefinition);
                    return firstDefinition;
                }
                if (head.equals("table") && c.peek(1) != null && c.peek(1).isList("elem")) {
                    elems.define(null);
                } else if (head.equals("memory") && c.peekList("data")) {
                    datas.define(null);
                }
                return firstDefinition != null ? firstDefinition : head;
            }
            case "elem", "data" -> space(head).define(c.optionalId());
            case "export", "start" -> {
            }
            default -> throw Cursor.unexpected(field.items().get(0));
        }
        return firstDefinition;
    }

    /** The next element, which must be {@code (func ...)}, {@code (table ...)}, {@code (memory ...)} or {@code (global ...)}. */
    private static SList externDescriptor(Cursor c) {
        SExpr at = c.next();
        if (at instanceof SList l && l.head() != null && switch (l.head()) {
            case "func", "table", "memory", "global" -> true;
            default -> false;
        }) {
            return l;
        }
        throw Cursor.unexpected(at);
    }

    private static void checkImportOrder(SList field, String firstDefinition) {
        if (firstDefinition != null) {
            throw field.error("import after " + (firstDefinition.equals("func") ? "function" : firstDefinition));
        }
    }

    private IndexSpace space(String kind) {
        return switch (kind) {
            case "func" -> funcs;
            case "table" -> tables;
            case "memory" -> memories;
            case "global" -> globals;
            case "elem" -> elems;
            case "data" -> datas;
            default -> null;
        };
    }

    // ---------------------------------------------------------------- pass 2: fields

    private void encodeField(SList field) {
        Cursor c = new Cursor(field, 1);
        switch (field.head()) {
            case "type" -> {
            }
            case "import" -> encodeImport(c);
            case "func" -> encodeFunc(c, field);
            case "table" -> encodeTable(c);
            case "memory" -> encodeMemory(c);
            case "global" -> encodeGlobal(c);
            case "export" -> {
                byte[] name = c.nextName();
                SList desc = externDescriptor(c);
                Cursor d = new Cursor(desc, 1);
                export(name, ExternKind.valueOf(desc.head().toUpperCase()), space(desc.head()).resolve(d.next()));
                d.expectEnd();
                c.expectEnd();
            }
            case "start" -> {
                if (start >= 0) {
                    throw field.error("multiple start sections");
                }
                start = funcs.resolve(c.next());
                c.expectEnd();
            }
            case "elem" -> encodeElem(c);
            case "data" -> encodeData(c);
            default -> throw new IllegalStateException();
        }
    }

    private void export(byte[] name, ExternKind kind, long index) {
        exportSection.add().vec(name).u8(kind.code).u32(index);
    }

    /** Inline {@code (export "name")} abbreviations of a definition. */
    private void inlineExports(Cursor c, ExternKind kind, int index) {
        while (c.peekList("export")) {
            Cursor e = new Cursor(c.nextList("export"), 1);
            export(e.nextName(), kind, index);
            e.expectEnd();
        }
    }

    /** Writes an import's module and field name; returns the entry writer, positioned at the kind. */
    private ByteWriter importEntry(SList importList) {
        Cursor i = new Cursor(importList, 1);
        ByteWriter out = importSection.add().vec(i.nextName()).vec(i.nextName());
        i.expectEnd();
        return out;
    }

    private void encodeImport(Cursor c) {
        byte[] module = c.nextName();
        byte[] name = c.nextName();
        SList desc = externDescriptor(c);
        c.expectEnd();
        Cursor d = new Cursor(desc, 1);
        Atom id = d.optionalId();
        ByteWriter out = importSection.add().vec(module).vec(name);
        switch (desc.head()) {
            case "func" -> importFunc(d, id, out);
            case "table" -> out.u8(1).append(tableType(d));
            case "memory" -> out.u8(2).append(limits(d));
            case "global" -> out.u8(3).append(globalType(d.next()));
            default -> throw new IllegalStateException();
        }
        switch (desc.head()) {
            case "table" -> nextTable++;
            case "memory" -> nextMemory++;
            case "global" -> nextGlobal++;
            default -> {
            }
        }
        d.expectEnd();
    }

    private void importFunc(Cursor d, Atom id, ByteWriter out) {
        int index = nextFunc++;
        names.function(index, id);
        Types.TypeUse use = types.typeUse(d, true);
        out.u8(0).u32(types.resolve(use));
        for (int i = 0; i < use.paramIds().size(); i++) {
            names.local(index, i, use.paramIds().get(i));
        }
    }

    private void encodeFunc(Cursor c, SList field) {
        Atom id = c.optionalId();
        int index = nextFunc;
        inlineExports(c, ExternKind.FUNC, index);
        if (c.peekList("import")) {
            ByteWriter out = importEntry(c.nextList("import"));
            importFunc(c, id, out);
            c.expectEnd();
            return;
        }
        nextFunc++;
        names.function(index, id);
        Types.TypeUse use = types.typeUse(c, true);
        long typeIndex = types.resolve(use);
        functionSection.add().u32(typeIndex);

        IndexSpace locals = new IndexSpace("local");
        int params = use.typeRef() != null && !use.hasInline() ? types.paramCount(typeIndex) : use.params().size();
        for (int i = 0; i < params; i++) {
            Atom paramId = i < use.paramIds().size() ? use.paramIds().get(i) : null;
            names.local(index, locals.define(paramId), paramId);
        }
        List<ValType> localTypes = new ArrayList<>();
        while (c.peekList("local")) {
            Cursor l = new Cursor(c.nextList("local"), 1);
            Atom localId = l.optionalId();
            if (localId != null) {
                localTypes.add(Types.valType(l.next()));
                names.local(index, locals.define(localId), localId);
                l.expectEnd();
            }
            while (!l.atEnd()) {
                localTypes.add(Types.valType(l.next()));
                locals.define(null);
            }
        }

        ByteWriter body = new ByteWriter();
        writeLocals(localTypes, body);
        new InstructionEncoder(this, locals).instructions(c, body);
        body.u8(0x0B);
        codeSection.add().u32(body.size()).append(body);
    }

    /** Locals as runs of equal types: {@code vec((count, type))}. */
    private static void writeLocals(List<ValType> localTypes, ByteWriter out) {
        ByteWriter runs = new ByteWriter();
        int runCount = 0;
        for (int i = 0; i < localTypes.size();) {
            int j = i;
            while (j < localTypes.size() && localTypes.get(j) == localTypes.get(i)) {
                j++;
            }
            runs.u32(j - i).u8(localTypes.get(i).code);
            runCount++;
            i = j;
        }
        out.vec(runCount, runs);
    }

    /** {@code min max?} as the binary limits (flag, min, max?). */
    private static ByteWriter limits(Cursor c) {
        long min = Literals.u32(c.next());
        ByteWriter out = new ByteWriter();
        if (Literals.isNat(c.peek())) {
            out.u8(1).u32(min).u32(Literals.u32(c.next()));
        } else {
            out.u8(0).u32(min);
        }
        return out;
    }

    /** Text {@code limits reftype}, binary {@code reftype limits}. */
    private static ByteWriter tableType(Cursor c) {
        ByteWriter limits = limits(c);
        return new ByteWriter().u8(Types.refType(c.next()).code).append(limits);
    }

    private static ByteWriter globalType(SExpr at) {
        if (at.isList("mut")) {
            Cursor m = new Cursor((SList) at, 1);
            ByteWriter out = new ByteWriter().u8(Types.valType(m.next()).code).u8(1);
            m.expectEnd();
            return out;
        }
        return new ByteWriter().u8(Types.valType(at).code).u8(0);
    }

    private void encodeTable(Cursor c) {
        c.optionalId();
        int index = nextTable++;
        inlineExports(c, ExternKind.TABLE, index);
        if (c.peekList("import")) {
            importEntry(c.nextList("import")).u8(1).append(tableType(c));
        } else if (c.peek(1) != null && c.peek(1).isList("elem")) {
            // (table reftype (elem ...)): a table just large enough, and an active segment at 0.
            ValType type = Types.refType(c.next());
            Cursor e = new Cursor(c.nextList("elem"), 1);
            List<byte[]> items = e.peek() instanceof SList ? elemExprs(e) : funcIndexItems(e);
            tableSection.add().u8(type.code).u8(1).u32(items.size()).u32(items.size());
            writeElemSegment(Mode.ACTIVE, index, constI32Zero(), type, items);
        } else {
            tableSection.add().append(tableType(c));
        }
        c.expectEnd();
    }

    private void encodeMemory(Cursor c) {
        c.optionalId();
        int index = nextMemory++;
        inlineExports(c, ExternKind.MEMORY, index);
        if (c.peekList("import")) {
            importEntry(c.nextList("import")).u8(2).append(limits(c));
        } else if (c.peekList("data")) {
            // (memory (data ...)): a memory just large enough, and an active segment at 0.
            byte[] bytes = strings(new Cursor(c.nextList("data"), 1));
            long pages = (bytes.length + 0xFFFFL) / 0x10000;
            memorySection.add().u8(1).u32(pages).u32(pages);
            writeDataSegment(index, constI32Zero(), bytes, true);
        } else {
            memorySection.add().append(limits(c));
        }
        c.expectEnd();
    }

    private void encodeGlobal(Cursor c) {
        c.optionalId();
        int index = nextGlobal++;
        inlineExports(c, ExternKind.GLOBAL, index);
        if (c.peekList("import")) {
            importEntry(c.nextList("import")).u8(3).append(globalType(c.next()));
            c.expectEnd();
            return;
        }
        ByteWriter out = globalSection.add().append(globalType(c.next()));
        out.append(constantExpression(c));
    }

    /** Encodes the rest of {@code c} as a constant expression, with its {@code end}. */
    private ByteWriter constantExpression(Cursor c) {
        ByteWriter out = new ByteWriter();
        new InstructionEncoder(this, new IndexSpace("local")).instructions(c, out);
        return out.u8(0x0B);
    }

    /** An offset: {@code (offset instr*)} or a single folded instruction. */
    private ByteWriter offset(Cursor c) {
        return expression(c.next(), "offset");
    }

    /** A constant expression written {@code (keyword instr*)} or as one folded instruction, with its end. */
    private ByteWriter expression(SExpr at, String keyword) {
        if (!(at instanceof SList list)) {
            throw Cursor.unexpected(at);
        }
        ByteWriter out = new ByteWriter();
        InstructionEncoder encoder = new InstructionEncoder(this, new IndexSpace("local"));
        if (list.isList(keyword)) {
            encoder.instructions(new Cursor(list, 1), out);
        } else {
            encoder.folded(list, out);
        }
        return out.u8(0x0B);
    }

    private static ByteWriter constI32Zero() {
        return new ByteWriter().u8(0x41).u8(0).u8(0x0B);
    }

    private static byte[] strings(Cursor c) {
        ByteWriter out = new ByteWriter();
        while (!c.atEnd()) {
            out.bytes(c.nextString());
        }
        return out.toByteArray();
    }

    private enum Mode {
        ACTIVE,
        PASSIVE,
        DECLARE
    }

    private void encodeElem(Cursor c) {
        c.optionalId();
        Mode mode = Mode.PASSIVE;
        long table = 0;
        ByteWriter offset = null;
        if (c.tryKeyword("declare")) {
            mode = Mode.DECLARE;
        } else if (c.peek() instanceof SList) {
            mode = Mode.ACTIVE;
            if (c.peekList("table")) {
                Cursor t = new Cursor(c.nextList("table"), 1);
                table = tables.resolve(t.next());
                t.expectEnd();
            }
            offset = offset(c);
        }
        ValType type = ValType.FUNCREF;
        List<byte[]> items;
        if (c.tryKeyword("func") || mode == Mode.ACTIVE && !(c.peek() instanceof Atom a && a.kind() == Atom.Kind.KEYWORD
                        && !Literals.isNat(a))) {
            items = funcIndexItems(c);
        } else {
            type = Types.refType(c.next());
            items = elemExprs(c);
        }
        writeElemSegment(mode, table, offset, type, items);
    }

    /** {@code funcidx*} as element expressions {@code ref.func x}. */
    private List<byte[]> funcIndexItems(Cursor c) {
        List<byte[]> items = new ArrayList<>();
        while (!c.atEnd()) {
            items.add(new ByteWriter().u8(0xD2).u32(funcs.resolve(c.next())).u8(0x0B).toByteArray());
        }
        return items;
    }

    /** {@code ((item instr*) | folded-instr)*}. */
    private List<byte[]> elemExprs(Cursor c) {
        List<byte[]> items = new ArrayList<>();
        while (!c.atEnd()) {
            items.add(expression(c.next(), "item").toByteArray());
        }
        return items;
    }

    /**
     * Writes an element segment in the most compact binary form, as wabt does: function index lists
     * when every item of a funcref segment is {@code ref.func x}, and the table index only when it is
     * not 0.
     */
    private void writeElemSegment(Mode mode, long table, ByteWriter offset, ValType type, List<byte[]> items) {
        List<Long> funcIndices = type == ValType.FUNCREF ? new ArrayList<>() : null;
        for (int i = 0; funcIndices != null && i < items.size(); i++) {
            long f = loneRefFunc(items.get(i));
            if (f < 0) {
                funcIndices = null;
                break;
            }
            funcIndices.add(f);
        }
        // Flags 0 and 4 imply table 0 and funcref.
        boolean explicitTable = mode == Mode.ACTIVE && (table != 0 || type != ValType.FUNCREF);
        int flags = switch (mode) {
            case ACTIVE -> explicitTable ? 2 : 0;
            case PASSIVE -> 1;
            case DECLARE -> 3;
        };
        if (funcIndices == null) {
            flags |= 4;
        }
        ByteWriter out = elemSection.add().u32(flags);
        if (explicitTable) {
            out.u32(table);
        }
        if (mode == Mode.ACTIVE) {
            out.append(offset);
        }
        if (flags != 0 && flags != 4) {
            out.u8(funcIndices != null ? 0x00 : type.code); // elemkind 0x00 = funcref, or the reftype
        }
        out.u32(items.size());
        if (funcIndices != null) {
            funcIndices.forEach(out::u32);
        } else {
            items.forEach(out::bytes);
        }
    }

    /** The function index if {@code expr} is exactly {@code ref.func x end}, else -1. */
    private static long loneRefFunc(byte[] expr) {
        if ((expr[0] & 0xFF) != 0xD2) {
            return -1;
        }
        long value = 0;
        int i = 1;
        int shift = 0;
        while ((expr[i] & 0x80) != 0) {
            value |= (long) (expr[i++] & 0x7F) << shift;
            shift += 7;
        }
        value |= (long) (expr[i++] & 0x7F) << shift;
        return i == expr.length - 1 && expr[i] == 0x0B ? value : -1;
    }

    private void encodeData(Cursor c) {
        c.optionalId();
        if (!(c.peek() instanceof SList)) {
            writeDataSegment(-1, null, strings(c), false);
            return;
        }
        long memory = 0;
        if (c.peekList("memory")) {
            Cursor m = new Cursor(c.nextList("memory"), 1);
            memory = memories.resolve(m.next());
            m.expectEnd();
        }
        ByteWriter offset = offset(c);
        writeDataSegment(memory, offset, strings(c), true);
    }

    /** Flags 0 (active, memory 0), 1 (passive) or 2 (active, explicit memory). */
    private void writeDataSegment(long memory, ByteWriter offset, byte[] bytes, boolean active) {
        ByteWriter out = dataSection.add();
        if (!active) {
            out.u8(1);
        } else if (memory == 0) {
            out.u8(0).append(offset);
        } else {
            out.u8(2).u32(memory).append(offset);
        }
        out.vec(bytes);
    }

    // ---------------------------------------------------------------- output

    private byte[] assemble(Atom moduleId, boolean withNames) {
        ByteWriter out = new ByteWriter();
        out.bytes(new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0});
        types.writeSection(out);
        importSection.writeTo(out);
        functionSection.writeTo(out);
        tableSection.writeTo(out);
        memorySection.writeTo(out);
        globalSection.writeTo(out);
        exportSection.writeTo(out);
        if (start >= 0) {
            out.section(8, new ByteWriter().u32(start));
        }
        elemSection.writeTo(out);
        if (usesDataCount) {
            out.section(12, new ByteWriter().u32(datas.count()));
        }
        codeSection.writeTo(out);
        dataSection.writeTo(out);
        if (withNames) {
            names.writeTo(out, moduleId);
        }
        return out.toByteArray();
    }

}
