package dev.porcini.text;

import dev.porcini.module.FuncType;
import dev.porcini.module.ValType;
import dev.porcini.text.SExpr.Atom;
import dev.porcini.text.SExpr.SList;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's type section and its type uses. Explicit {@code (type ...)} definitions come first,
 * in text order; a type use without {@code (type x)} takes the first identical type, or appends a
 * new one. Callers resolve type uses in text order, so appended types follow the spec's order.
 */
final class Types {
    private final IndexSpace ids = new IndexSpace("type");
    private final List<FuncType> types = new ArrayList<>();

    /**
     * A parsed type use: {@code (type x)?} then inline {@code (param ...)} and {@code (result ...)}.
     *
     * @param typeRef the index or identifier in {@code (type x)}, or null
     * @param paramIds an identifier or null per parameter
     */
    record TypeUse(SExpr typeRef, List<ValType> params, List<Atom> paramIds, List<ValType> results) {
        private TypeUse(SExpr typeRef) {
            this(typeRef, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        boolean hasInline() {
            return !params.isEmpty() || !results.isEmpty();
        }

        FuncType signature() {
            return new FuncType(params.toArray(ValType[]::new), results.toArray(ValType[]::new));
        }
    }

    /** Adds an explicit type definition {@code (func (param ...)* (result ...)*)}; parameters may be named. */
    void define(Atom id, SList func) {
        ids.define(id);
        Cursor c = new Cursor(func, 1);
        TypeUse use = new TypeUse(null);
        signature(c, use, true);
        c.expectEnd();
        types.add(use.signature());
    }

    /** Reads a type use; {@code allowIds} says whether parameters may be named (functions only). */
    TypeUse typeUse(Cursor c, boolean allowIds) {
        SExpr typeRef = null;
        if (c.peekList("type")) {
            Cursor t = new Cursor(c.nextList("type"), 1);
            typeRef = t.next();
            t.expectEnd();
        }
        TypeUse use = new TypeUse(typeRef);
        signature(c, use, allowIds);
        // Out-of-order clauses, like (result) before (param), end the type use early.
        if (c.peekList("type") || c.peekList("param") || c.peekList("result")) {
            throw Cursor.unexpected(c.peek());
        }
        return use;
    }

    /** Reads {@code (param ...)* (result ...)*} into {@code use}; parameter ids only if allowed. */
    private static void signature(Cursor c, TypeUse use, boolean allowIds) {
        while (c.peekList("param")) {
            Cursor p = new Cursor(c.nextList("param"), 1);
            Atom id = p.optionalId();
            if (id != null) {
                if (!allowIds) {
                    throw Cursor.unexpected(id);
                }
                use.params().add(valType(p.next()));
                use.paramIds().add(id);
                p.expectEnd();
            }
            while (!p.atEnd()) {
                use.params().add(valType(p.next()));
                use.paramIds().add(null);
            }
        }
        while (c.peekList("result")) {
            Cursor r = new Cursor(c.nextList("result"), 1);
            while (!r.atEnd()) {
                use.results().add(valType(r.next()));
            }
        }
    }

    /**
     * The type index of a type use. With {@code (type x)}, inline parameters and results must
     * match type x. Without, the first identical type is used, or a new one is appended.
     */
    long resolve(TypeUse use) {
        if (use.typeRef() != null) {
            long index = ids.resolve(use.typeRef());
            if (use.hasInline()) {
                if (index >= types.size()) {
                    throw use.typeRef().error("unknown type " + use.typeRef());
                }
                if (!types.get((int) index).equals(use.signature())) {
                    throw use.typeRef().error("inline function type does not match type " + use.typeRef());
                }
            }
            return index;
        }
        FuncType signature = use.signature();
        int index = types.indexOf(signature);
        if (index < 0) {
            index = types.size();
            types.add(signature);
        }
        return index;
    }

    /** Block types: empty, one value type, or a type index for anything else (including any {@code (type x)}). */
    void writeBlockType(TypeUse use, ByteWriter out) {
        if (use.typeRef() == null && use.params().isEmpty() && use.results().size() <= 1) {
            out.u8(use.results().isEmpty() ? 0x40 : use.results().get(0).code);
        } else {
            out.s64(resolve(use));
        }
    }

    /** The number of parameters of type {@code index}, or 0 if there is no such type (validation reports it). */
    int paramCount(long index) {
        return index < types.size() ? types.get((int) index).params().length : 0;
    }

    void writeSection(ByteWriter out) {
        if (types.isEmpty()) {
            return;
        }
        ByteWriter entries = new ByteWriter();
        for (FuncType t : types) {
            entries.u8(0x60).u32(t.params().length);
            for (ValType p : t.params()) {
                entries.u8(p.code);
            }
            entries.u32(t.results().length);
            for (ValType r : t.results()) {
                entries.u8(r.code);
            }
        }
        out.section(1, new ByteWriter().vec(types.size(), entries));
    }

    static ValType valType(SExpr at) {
        if (at instanceof Atom a && a.kind() == Atom.Kind.KEYWORD) {
            for (ValType type : ValType.values()) {
                if (type.text.equals(a.text())) {
                    return type;
                }
            }
        }
        throw Cursor.unexpected(at);
    }

    static ValType refType(SExpr at) {
        ValType type = valType(at);
        if (!type.isReference()) {
            throw Cursor.unexpected(at);
        }
        return type;
    }
}
