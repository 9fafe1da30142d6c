package dev.porcini.module;

import java.util.List;
import java.util.Map;

/**
 * A decoded (not yet validated) module: the sections of the binary format.
 *
 * <p>Index spaces include imports first, as in the spec: {@code functionTypes}, {@code tables},
 * {@code memories} and {@code globalTypes} cover imported and defined entries alike, and the
 * {@code imported*} counts say how many of the leading entries are imports. {@code globals} and
 * {@code codes} hold the defined entries only (index minus the imported count).
 *
 * @param bytes the whole binary, kept so that function bodies are read (and lowered) lazily
 * @param functionTypes type index of every function, imported ones first
 * @param start the start function index, or -1
 * @param dataCount the data count section's value, or -1 when absent
 * @param functionNames names from the name section, by function index (may be empty)
 * @param moduleName the name section's module name, or null
 */
public record WasmModule(
                byte[] bytes,
                FuncType[] types,
                Import[] imports,
                int[] functionTypes,
                int importedFunctions,
                TableType[] tables,
                int importedTables,
                MemoryType[] memories,
                int importedMemories,
                GlobalType[] globalTypes,
                int importedGlobals,
                Global[] globals,
                Export[] exports,
                int start,
                ElementSegment[] elements,
                DataSegment[] datas,
                int dataCount,
                FunctionBody[] codes,
                Map<Integer, String> functionNames,
                String moduleName,
                List<CustomSection> customSections) {

    /** The signature of function {@code index} (imported or defined). */
    public FuncType functionType(int index) {
        return types[functionTypes[index]];
    }

    public int functionCount() {
        return functionTypes.length;
    }

    /** The body of function {@code index}, which must be a defined function. */
    public FunctionBody body(int index) {
        return codes[index - importedFunctions];
    }

    /** A readable name for function {@code index}: the name section's, or {@code func[index]}. */
    public String functionName(int index) {
        String name = functionNames.get(index);
        return name != null ? name : "func[" + index + "]";
    }
}
