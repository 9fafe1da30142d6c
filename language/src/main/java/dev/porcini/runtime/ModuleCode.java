package dev.porcini.runtime;

import com.oracle.truffle.api.Assumption;
import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.source.Source;
import com.oracle.truffle.api.source.SourceSection;

import dev.porcini.bytecode.LoweredCode;
import dev.porcini.module.GlobalType;
import dev.porcini.module.ValType;
import dev.porcini.module.WasmModule;
import dev.porcini.nodes.FunctionRootNode;

/**
 * A decoded and validated module with its lowered code: what every instance of the module shares.
 * Root nodes (and so call targets and compiled code) are created once per module, on first use.
 */
public final class ModuleCode {
    private final TruffleLanguage<?> language;
    private final WasmModule module;
    private final LoweredCode[] lowered;
    private final int[] typeIds;
    private final ValType[] globalValueTypes;
    private final FunctionRootNode[] roots;
    /**
     * The module's only instance, while it has exactly one: compiled code then takes it as a
     * constant, so its memory's base and size, its globals and its tables fold into the code. A
     * second instance invalidates the assumption (and the code compiled under it) for good.
     */
    @CompilationFinal private WasmInstance onlyInstance;
    private final Assumption singleInstance = Assumption.create("module has one instance");
    private boolean instantiated;
    /** Where the module came from; instruments see its functions as parts of it. */
    private final Source source;

    public ModuleCode(TruffleLanguage<?> language, WasmModule module, LoweredCode[] lowered, TypeRegistry registry, Source source) {
        this.language = language;
        this.source = source;
        this.module = module;
        this.lowered = lowered;
        this.typeIds = new int[module.types().length];
        for (int i = 0; i < typeIds.length; i++) {
            typeIds[i] = registry.idOf(module.types()[i]);
        }
        GlobalType[] globals = module.globalTypes();
        this.globalValueTypes = new ValType[globals.length];
        for (int i = 0; i < globals.length; i++) {
            globalValueTypes[i] = globals[i].type();
        }
        this.roots = new FunctionRootNode[lowered.length];
    }

    /**
     * The source section of every function: Wasm code has no line structure, so it is the
     * source's "unavailable" section, enough for instruments such as the statement limit.
     */
    public SourceSection functionSection() {
        return source.createUnavailableSection();
    }

    /** Records a new instance of this module. */
    synchronized void register(WasmInstance instance) {
        if (!instantiated) {
            instantiated = true;
            onlyInstance = instance;
        } else if (singleInstance.isValid()) {
            singleInstance.invalidate("second instance of the module");
            onlyInstance = null;
        }
    }

    /**
     * {@code actual}, the instance a call runs in; in compiled code, while the module has only
     * that one instance, the same instance as a partial-evaluation constant.
     */
    public WasmInstance constantInstance(WasmInstance actual) {
        if (CompilerDirectives.inCompiledCode() && singleInstance.isValid()) {
            WasmInstance only = onlyInstance;
            if (only != null) {
                return only;
            }
        }
        return actual;
    }

    public WasmModule module() {
        return module;
    }

    public TruffleLanguage<?> language() {
        return language;
    }

    /** The canonical signature id of type index {@code typeIndex}. */
    public int typeId(int typeIndex) {
        return typeIds[typeIndex];
    }

    /** The value type of every global, imported ones first. */
    public ValType[] globalValueTypes() {
        return globalValueTypes;
    }

    /** The call target of defined function {@code functionIndex}, created on first request. */
    @TruffleBoundary
    public synchronized CallTarget callTarget(int functionIndex) {
        int defined = functionIndex - module.importedFunctions();
        FunctionRootNode root = roots[defined];
        if (root == null) {
            root = new FunctionRootNode(language, this, functionIndex, lowered[defined]);
            roots[defined] = root;
        }
        return root.getCallTarget();
    }
}
