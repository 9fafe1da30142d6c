package dev.porcini.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;

import dev.porcini.memory.LinearMemory;

/** One instantiation of a module: its functions, memories, tables, globals and segments. */
public final class WasmInstance {
    private static final Object[] NO_ELEMENTS = new Object[0];
    private static final byte[] NO_DATA = new byte[0];

    private final ModuleCode code;
    // Filled while instantiating, before any code runs, and never replaced: compiled code that
    // holds the instance as a constant (see ModuleCode.constantInstance) folds their elements.
    @CompilationFinal(dimensions = 1) final WasmFunction[] functions;
    @CompilationFinal(dimensions = 1) final WasmMemory[] memoryObjects;
    @CompilationFinal(dimensions = 1) final LinearMemory[] memories;
    @CompilationFinal(dimensions = 1) final WasmTable[] tables;
    @CompilationFinal(dimensions = 1) final WasmGlobal[] globals;
    final Object[][] elementSegments;
    final byte[][] dataSegments;
    final Map<String, Object> exports = new LinkedHashMap<>();

    WasmInstance(ModuleCode code) {
        var m = code.module();
        this.code = code;
        this.functions = new WasmFunction[m.functionCount()];
        this.memoryObjects = new WasmMemory[m.memories().length];
        this.memories = new LinearMemory[m.memories().length];
        this.tables = new WasmTable[m.tables().length];
        this.globals = new WasmGlobal[m.globalTypes().length];
        this.elementSegments = new Object[m.elements().length][];
        this.dataSegments = new byte[m.datas().length][];
    }

    public ModuleCode code() {
        return code;
    }

    public WasmFunction function(int index) {
        return functions[index];
    }

    public LinearMemory memory(int index) {
        return memories[index];
    }

    public WasmMemory memoryObject(int index) {
        return memoryObjects[index];
    }

    public WasmTable table(int index) {
        return tables[index];
    }

    public WasmGlobal global(int index) {
        return globals[index];
    }

    /** The references of element segment {@code index}; empty once dropped. */
    public Object[] elementSegment(int index) {
        return elementSegments[index];
    }

    public void dropElementSegment(int index) {
        elementSegments[index] = NO_ELEMENTS;
    }

    /** The bytes of data segment {@code index}; empty once dropped. */
    public byte[] dataSegment(int index) {
        return dataSegments[index];
    }

    public void dropDataSegment(int index) {
        dataSegments[index] = NO_DATA;
    }

    /** Exports by name, in declaration order: WasmFunction, WasmMemory, WasmTable or WasmGlobal values. */
    public Map<String, Object> exports() {
        return exports;
    }
}
