package dev.porcini.runtime;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

import dev.porcini.error.WasmException;
import dev.porcini.memory.LinearMemory;
import dev.porcini.memory.MemoryAccessException;
import dev.porcini.module.DataSegment;
import dev.porcini.module.ElementSegment;
import dev.porcini.module.Export;
import dev.porcini.module.FuncType;
import dev.porcini.module.GlobalType;
import dev.porcini.module.Import;
import dev.porcini.module.Limits;
import dev.porcini.module.MemoryType;
import dev.porcini.module.SegmentMode;
import dev.porcini.module.TableType;
import dev.porcini.module.WasmModule;

/**
 * Instantiates a module as the spec orders it: resolve and check imports, allocate functions,
 * globals, tables and memories, collect exports, initialize active element then data segments
 * (a trap here keeps the writes already done, as the spec requires), then run the start function.
 */
public final class Instantiator {
    private Instantiator() {
    }

    @TruffleBoundary
    public static WasmInstance instantiate(ModuleCode code, ImportResolver imports) {
        return instantiate(code, imports, LinearMemory.MAX_PAGES_32);
    }

    /** Instantiates with every memory the module defines capped at {@code maxMemoryPages} (an embedder's limit). */
    @TruffleBoundary
    public static WasmInstance instantiate(ModuleCode code, ImportResolver imports, long maxMemoryPages) {
        WasmModule m = code.module();
        WasmInstance instance = new WasmInstance(code);
        code.register(instance);
        linkImports(code, imports, instance);
        for (int i = m.importedFunctions(); i < m.functionCount(); i++) {
            FuncType type = m.functionType(i);
            instance.functions[i] = new WasmFunction(type, code.typeId(m.functionTypes()[i]), code.callTarget(i), instance,
                            m.functionName(i));
        }
        for (int i = m.importedGlobals(); i < m.globalTypes().length; i++) {
            WasmGlobal global = new WasmGlobal(m.globalTypes()[i]);
            global.setValue(ConstEvaluator.evaluate(m.globals()[i - m.importedGlobals()].init(), instance));
            instance.globals[i] = global;
        }
        for (int i = m.importedTables(); i < m.tables().length; i++) {
            instance.tables[i] = new WasmTable(m.tables()[i], WasmNull.INSTANCE);
        }
        for (int i = m.importedMemories(); i < m.memories().length; i++) {
            MemoryType type = m.memories()[i];
            LinearMemory memory = allocateMemory(type, maxMemoryPages);
            instance.memories[i] = memory;
            instance.memoryObjects[i] = new WasmMemory(memory);
        }
        for (Export e : m.exports()) {
            instance.exports.put(e.name(), switch (e.kind()) {
                case FUNC -> instance.functions[e.index()];
                case TABLE -> instance.tables[e.index()];
                case MEMORY -> instance.memoryObjects[e.index()];
                case GLOBAL -> instance.globals[e.index()];
            });
        }
        initializeElements(m, instance);
        initializeData(m, instance);
        if (m.start() >= 0) {
            WasmFunction start = instance.functions[m.start()];
            start.target().call(new Object[]{start.instance()});
        }
        return instance;
    }

    /** Allocates a memory, turning a host that cannot supply it into an instantiation failure. */
    public static LinearMemory allocateMemory(MemoryType type) {
        return allocateMemory(type, LinearMemory.MAX_PAGES_32);
    }

    /** Allocates a memory that never grows past {@code limitPages}; a larger minimum cannot be instantiated. */
    public static LinearMemory allocateMemory(MemoryType type, long limitPages) {
        if (type.limits().min() > limitPages) {
            throw WasmException.uninstantiable("memory of " + type.limits().min() + " pages exceeds the limit of " + limitPages
                            + " pages (option wasm.MaxMemoryPages)");
        }
        try {
            return LinearMemory.allocate(type.limits().min(), type.limits().max(), limitPages);
        } catch (OutOfMemoryError e) {
            throw WasmException.uninstantiable("cannot allocate memory of " + type.limits().min() + " pages");
        }
    }

    private static void linkImports(ModuleCode code, ImportResolver resolver, WasmInstance instance) {
        WasmModule m = code.module();
        int function = 0;
        int table = 0;
        int memory = 0;
        int global = 0;
        for (Import imp : m.imports()) {
            Object value = resolver.resolve(imp);
            if (value == null) {
                throw WasmException.unlinkable("unknown import " + imp.module() + "." + imp.name());
            }
            switch (imp.kind()) {
                case FUNC -> {
                    FuncType expected = m.types()[imp.typeIndex()];
                    if (!(value instanceof WasmFunction f) || !f.type().equals(expected)) {
                        throw incompatible(imp, "expected function " + expected);
                    }
                    instance.functions[function++] = f;
                }
                case TABLE -> {
                    TableType expected = imp.table();
                    if (!(value instanceof WasmTable t) || t.elementType() != expected.elementType()
                                    || !limitsMatch(t.size(), t.declaredMax(), expected.limits())) {
                        throw incompatible(imp, "expected table " + expected.elementType() + " " + expected.limits());
                    }
                    instance.tables[table++] = t;
                }
                case MEMORY -> {
                    MemoryType expected = imp.memory();
                    if (!(value instanceof WasmMemory mem) || !limitsMatch(mem.memory().pages(), mem.memory().declaredMaxPages(), expected.limits())) {
                        throw incompatible(imp, "expected memory " + expected.limits());
                    }
                    instance.memoryObjects[memory] = mem;
                    instance.memories[memory++] = mem.memory();
                }
                case GLOBAL -> {
                    GlobalType expected = imp.global();
                    if (!(value instanceof WasmGlobal g) || !g.type().equals(expected)) {
                        throw incompatible(imp, "expected global " + (expected.mutable() ? "mut " : "") + expected.type());
                    }
                    instance.globals[global++] = g;
                }
            }
        }
    }

    /** Import subtyping of limits: the actual size must cover the minimum, and its maximum fit the maximum. */
    private static boolean limitsMatch(long size, long declaredMax, Limits expected) {
        if (size < expected.min()) {
            return false;
        }
        if (!expected.hasMax()) {
            return true;
        }
        return declaredMax >= 0 && declaredMax <= expected.max();
    }

    private static WasmException incompatible(Import imp, String expectation) {
        return WasmException.unlinkable("incompatible import type for " + imp.module() + "." + imp.name() + ": " + expectation);
    }

    private static void initializeElements(WasmModule m, WasmInstance instance) {
        ElementSegment[] elements = m.elements();
        for (int i = 0; i < elements.length; i++) {
            ElementSegment segment = elements[i];
            Object[] refs = new Object[segment.items().length];
            for (int j = 0; j < refs.length; j++) {
                refs[j] = ConstEvaluator.evaluate(segment.items()[j], instance);
            }
            instance.elementSegments[i] = refs;
        }
        for (int i = 0; i < elements.length; i++) {
            ElementSegment segment = elements[i];
            if (segment.mode() == SegmentMode.ACTIVE) {
                WasmTable table = instance.tables[segment.tableIndex()];
                int offset = (Integer) ConstEvaluator.evaluate(segment.offset(), instance);
                Object[] refs = instance.elementSegments[i];
                if (!table.inBounds(offset, refs.length)) {
                    throw WasmException.trap("out of bounds table access", null);
                }
                for (int j = 0; j < refs.length; j++) {
                    table.set(offset + j, refs[j]);
                }
            }
            if (segment.mode() != SegmentMode.PASSIVE) {
                instance.dropElementSegment(i);
            }
        }
    }

    private static void initializeData(WasmModule m, WasmInstance instance) {
        DataSegment[] datas = m.datas();
        for (int i = 0; i < datas.length; i++) {
            instance.dataSegments[i] = datas[i].bytes();
        }
        for (int i = 0; i < datas.length; i++) {
            DataSegment segment = datas[i];
            if (segment.mode() == SegmentMode.ACTIVE) {
                LinearMemory memory = instance.memories[segment.memoryIndex()];
                long offset = (Integer) ConstEvaluator.evaluate(segment.offset(), instance) & 0xFFFFFFFFL;
                try {
                    memory.init(offset, segment.bytes(), 0, segment.bytes().length);
                } catch (MemoryAccessException e) {
                    throw WasmException.trap("out of bounds memory access", null);
                }
                instance.dropDataSegment(i);
            }
        }
    }
}
