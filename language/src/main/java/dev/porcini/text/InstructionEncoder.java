package dev.porcini.text;

import dev.porcini.module.ValType;
import dev.porcini.text.Opcodes.Imm;
import dev.porcini.text.Opcodes.Op;
import dev.porcini.text.SExpr.Atom;
import dev.porcini.text.SExpr.SList;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes instruction sequences (function bodies and constant expressions), plain and folded,
 * resolving local and label identifiers. Module-level names and type uses go through the
 * {@link ModuleEncoder}.
 */
final class InstructionEncoder {
    private final ModuleEncoder module;
    private final IndexSpace locals;
    /** Label identifiers of the enclosing blocks, innermost last; null for an unnamed block. */
    private final List<String> labels = new ArrayList<>();

    InstructionEncoder(ModuleEncoder module, IndexSpace locals) {
        this.module = module;
        this.locals = locals;
    }

    /** Encodes every remaining element of {@code c} as instructions. */
    void instructions(Cursor c, ByteWriter out) {
        while (!c.atEnd()) {
            instruction(c, out);
        }
    }

    private void instruction(Cursor c, ByteWriter out) {
        SExpr item = c.next();
        if (item instanceof SList list) {
            folded(list, out);
            return;
        }
        Op op = operator(item);
        switch (op.imm()) {
            case BLOCK -> plainBlock(op, c, out);
            case ELSE, END -> throw Cursor.unexpected(item);
            default -> operation(op, c, out);
        }
    }

    /** The instruction an operator token names. */
    private static Op operator(SExpr at) {
        Op op = at instanceof Atom a && a.kind() == Atom.Kind.KEYWORD ? Opcodes.lookup(a.text()) : null;
        if (op == null) {
            throw Cursor.unexpected(at);
        }
        return op;
    }

    /** {@code block label? blocktype instr* end label?}, and the same for loop and if/else. */
    private void plainBlock(Op op, Cursor c, ByteWriter out) {
        String label = blockStart(op, c, out);
        boolean isIf = op.code() == 0x04;
        int elseEnd = -1;
        while (!c.peekKeyword("end")) {
            if (isIf && c.tryKeyword("else")) {
                closingLabel(c, label);
                out.u8(0x05);
                elseEnd = out.size();
                isIf = false; // at most one else
                continue;
            }
            if (c.atEnd()) {
                throw c.error("unexpected token ), missing end");
            }
            instruction(c, out);
        }
        c.next();
        closingLabel(c, label);
        if (elseEnd == out.size()) {
            out.truncate(elseEnd - 1); // an empty else branch needs no else opcode
        }
        blockEnd(out);
    }

    /** Reads the label and block type, writes the opcode and block type, and opens the label scope. */
    private String blockStart(Op op, Cursor c, ByteWriter out) {
        Atom id = c.optionalId();
        Types.TypeUse type = module.types.typeUse(c, false);
        out.u8(op.code());
        module.types.writeBlockType(type, out);
        String label = id == null ? null : id.idName();
        labels.add(label);
        return label;
    }

    private void blockEnd(ByteWriter out) {
        labels.remove(labels.size() - 1);
        out.u8(0x0B);
    }

    /** The optional label after {@code else} or {@code end} must repeat the block's own. */
    private static void closingLabel(Cursor c, String label) {
        Atom id = c.optionalId();
        if (id != null && !id.idName().equals(label)) {
            throw id.error("mismatching label " + id.text());
        }
    }

    /** Encodes one folded instruction. */
    void folded(SList list, ByteWriter out) {
        if (list.head() != null && Opcodes.lookup(list.head()) == null && Opcodes.isKeyword(list.head())) {
            throw Cursor.unexpected(list); // e.g. a misplaced (param ...)
        }
        if (list.items().isEmpty()) {
            throw list.error("unexpected token ()");
        }
        Op op = operator(list.items().get(0));
        Cursor c = new Cursor(list, 1);
        switch (op.imm()) {
            case BLOCK -> {
                if (op.code() == 0x04) {
                    foldedIf(op, c, out);
                } else {
                    blockStart(op, c, out);
                    instructions(c, out);
                    blockEnd(out);
                }
            }
            case ELSE, END -> throw Cursor.unexpected(list.items().get(0));
            default -> {
                // Operands come first in the binary, but immediates come first in the text.
                ByteWriter self = new ByteWriter();
                operation(op, c, self);
                while (!c.atEnd()) {
                    SExpr operand = c.next();
                    if (!(operand instanceof SList operandList)) {
                        throw Cursor.unexpected(operand);
                    }
                    folded(operandList, out);
                }
                out.append(self);
            }
        }
    }

    /** {@code (if label? blocktype folded* (then instr*) (else instr*)?)}. */
    private void foldedIf(Op op, Cursor c, ByteWriter out) {
        Atom id = c.optionalId();
        Types.TypeUse type = module.types.typeUse(c, false);
        while (!c.peekList("then")) {
            SExpr condition = c.next();
            if (!(condition instanceof SList conditionList)) {
                throw Cursor.unexpected(condition);
            }
            folded(conditionList, out);
        }
        out.u8(op.code());
        module.types.writeBlockType(type, out);
        labels.add(id == null ? null : id.idName());
        instructions(new Cursor(c.nextList("then"), 1), out);
        if (c.peekList("else")) {
            SList elseList = c.nextList("else");
            if (elseList.items().size() > 1) { // an empty else branch needs no else opcode
                out.u8(0x05);
                instructions(new Cursor(elseList, 1), out);
            }
        }
        c.expectEnd();
        blockEnd(out);
    }

    /** Writes a non-block instruction: opcode, then its immediates read from {@code c}. */
    private void operation(Op op, Cursor c, ByteWriter out) {
        if (op.imm() == Imm.SELECT) {
            select(c, out);
            return;
        }
        if (op.prefix() != 0) {
            out.u8(op.prefix()).u32(op.code());
        } else {
            out.u8(op.code());
        }
        switch (op.imm()) {
            case NONE -> {
            }
            case LABEL -> out.u32(label(c.next()));
            case BR_TABLE -> {
                List<Long> targets = new ArrayList<>();
                while (c.peekIndex()) {
                    targets.add(label(c.next()));
                }
                if (targets.isEmpty()) {
                    throw c.atEnd() ? c.error("unexpected token ), missing label") : Cursor.unexpected(c.peek());
                }
                out.u32(targets.size() - 1);
                targets.forEach(out::u32);
            }
            case FUNC -> out.u32(module.funcs.resolve(c.next()));
            case CALL_INDIRECT -> {
                long table = c.peekIndex() ? module.tables.resolve(c.next()) : 0;
                out.u32(module.types.resolve(module.types.typeUse(c, false)));
                out.u32(table);
            }
            case LOCAL -> out.u32(locals.resolve(c.next()));
            case GLOBAL -> out.u32(module.globals.resolve(c.next()));
            case TABLE -> out.u32(c.peekIndex() ? module.tables.resolve(c.next()) : 0);
            case TABLE_COPY -> twoIndices(c, module.tables, module.tables, out, false);
            case TABLE_INIT -> twoIndices(c, module.tables, module.elems, out, true);
            case ELEM -> out.u32(module.elems.resolve(c.next()));
            case MEMARG -> memarg(op, c, out);
            case MEMORY -> out.u32(c.peekIndex() ? module.memories.resolve(c.next()) : 0);
            case MEMORY_COPY -> twoIndices(c, module.memories, module.memories, out, false);
            case MEMORY_INIT -> {
                twoIndices(c, module.memories, module.datas, out, true);
                module.usesDataCount = true;
            }
            case DATA -> {
                out.u32(module.datas.resolve(c.next()));
                module.usesDataCount = true;
            }
            case REF_NULL -> out.u8(heapType(c.next()));
            case I32 -> out.s64(Literals.integer(c.next(), 32));
            case I64 -> out.s64(Literals.integer(c.next(), 64));
            case F32 -> out.f32(Literals.f32(c.next()));
            case F64 -> out.f64(Literals.f64(c.next()));
            case V128 -> out.bytes(V128Literals.v128Const(c));
            case SHUFFLE -> out.bytes(V128Literals.shuffleLanes(c));
            case LANE -> out.u8(V128Literals.laneIndex(c));
            case MEMARG_LANE -> {
                // The memory argument may be empty, so a lone number is the lane index.
                boolean laneOnly = Literals.isNat(c.peek()) && !Literals.isNat(c.peek(1)) && !isMemargKey(c.peek(1));
                if (laneOnly) {
                    writeMemarg(0, 0, op.align(), out);
                } else {
                    memarg(op, c, out);
                }
                out.u8(V128Literals.laneIndex(c));
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private static boolean isMemargKey(SExpr at) {
        return at instanceof Atom a && (a.text().startsWith("offset=") || a.text().startsWith("align="));
    }

    /** {@code select} is 0x1B, or 0x1C followed by its types when it has {@code (result ...)} clauses. */
    private static void select(Cursor c, ByteWriter out) {
        List<ValType> types = new ArrayList<>();
        boolean typed = false;
        while (c.peekList("result")) {
            typed = true;
            Cursor r = new Cursor(c.nextList("result"), 1);
            while (!r.atEnd()) {
                types.add(Types.valType(r.next()));
            }
        }
        if (!typed) {
            out.u8(0x1B);
            return;
        }
        out.u8(0x1C).u32(types.size());
        types.forEach(t -> out.u8(t.code));
    }

    /**
     * Instructions with an optional first index and a second one: table.copy (both optional, default
     * 0 0) and table.init/memory.init (first optional, second required). {@code secondFirst} writes
     * the second index first, as table.init and memory.init do.
     */
    private static void twoIndices(Cursor c, IndexSpace first, IndexSpace second, ByteWriter out, boolean secondFirst) {
        long a = 0;
        long b = 0;
        if (secondFirst) {
            SExpr x = c.next();
            if (c.peekIndex()) {
                a = first.resolve(x);
                b = second.resolve(c.next());
            } else {
                b = second.resolve(x);
            }
            out.u32(b).u32(a);
            return;
        }
        if (c.peekIndex()) {
            a = first.resolve(c.next());
            b = second.resolve(c.next());
        }
        out.u32(a).u32(b);
    }

    /** {@code memidx? offset=N? align=N?}: alignment as a power-of-two exponent, then the offset. */
    private void memarg(Op op, Cursor c, ByteWriter out) {
        long memory = c.peekIndex() ? module.memories.resolve(c.next()) : 0;
        long offset = 0;
        long align = op.align();
        if (c.peek() instanceof Atom a && a.text().startsWith("offset=")) {
            c.next();
            offset = Literals.u32(valueOf(a, "offset="));
        }
        if (c.peek() instanceof Atom a && a.text().startsWith("align=")) {
            c.next();
            align = Literals.u32(valueOf(a, "align="));
            if (Long.bitCount(align) != 1) {
                throw a.error("alignment must be a power of two");
            }
        }
        writeMemarg(memory, offset, align, out);
    }

    private static void writeMemarg(long memory, long offset, long align, ByteWriter out) {
        int exponent = Long.numberOfTrailingZeros(align);
        if (memory != 0) {
            out.u32(exponent | 0x40).u32(memory); // multi-memory: bit 6 flags an explicit memory index
        } else {
            out.u32(exponent);
        }
        out.u32(offset);
    }

    /** The number after {@code key=}, as an atom at the same position; it must be unsigned. */
    private static Atom valueOf(Atom a, String key) {
        Atom value = new Atom(Atom.Kind.KEYWORD, a.text().substring(key.length()), null, a.line(), a.column());
        if (!Literals.isNat(value)) {
            throw a.error("unknown operator " + a.text());
        }
        return value;
    }

    private long label(SExpr ref) {
        if (ref instanceof Atom a && a.kind() == Atom.Kind.ID) {
            int index = labels.lastIndexOf(a.idName());
            if (index < 0) {
                throw a.error("unknown label " + a.text());
            }
            return labels.size() - 1 - index;
        }
        return Literals.u32(ref);
    }

    static int heapType(SExpr at) {
        if (at.isKeyword("func")) {
            return 0x70;
        } else if (at.isKeyword("extern")) {
            return 0x6F;
        }
        throw Cursor.unexpected(at);
    }
}
