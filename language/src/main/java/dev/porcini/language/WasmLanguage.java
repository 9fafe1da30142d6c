package dev.porcini.language;

import org.graalvm.options.OptionDescriptors;
import org.graalvm.options.OptionValues;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.ContextThreadLocal;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.TruffleLanguage.ContextPolicy;
import com.oracle.truffle.api.instrumentation.ProvidedTags;
import com.oracle.truffle.api.instrumentation.StandardTags;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;
import com.oracle.truffle.api.source.Source;

import dev.porcini.binary.ModuleDecoder;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.module.FuncType;
import dev.porcini.module.WasmModule;
import dev.porcini.nodes.HostFunctionRootNode;
import dev.porcini.runtime.CallDepth;
import dev.porcini.runtime.HostFunction;
import dev.porcini.runtime.ModuleCode;
import dev.porcini.runtime.TypeRegistry;
import dev.porcini.runtime.WasmFunction;
import dev.porcini.text.Wat;
import dev.porcini.validation.Validator;
import dev.porcini.wast.WastRootNode;

/**
 * The WebAssembly language. Evaluating a binary ({@code application/wasm}) or text
 * ({@code text/x-wat}) source yields a module object; a {@code text/x-wast} source runs a spec
 * script and yields its results.
 */
@TruffleLanguage.Registration(id = WasmLanguage.ID, name = "WebAssembly", implementationName = "Porcini", version = "0.1.0",
                defaultMimeType = WasmLanguage.BINARY_MIME, byteMimeTypes = WasmLanguage.BINARY_MIME,
                characterMimeTypes = {WasmLanguage.TEXT_MIME, WasmLanguage.WAST_MIME}, contextPolicy = ContextPolicy.SHARED,
                fileTypeDetectors = WasmFileTypeDetector.class)
// Statements (function entries and loop back edges) are what ResourceLimits.statementLimit counts.
@ProvidedTags(StandardTags.StatementTag.class)
public final class WasmLanguage extends TruffleLanguage<WasmContext> {
    public static final String ID = "wasm";
    public static final String BINARY_MIME = "application/wasm";
    public static final String TEXT_MIME = "text/x-wat";
    public static final String WAST_MIME = "text/x-wast";

    private final TypeRegistry types = new TypeRegistry();
    private final ContextThreadLocal<CallDepth> callDepth = locals.createContextThreadLocal(
                    (context, thread) -> new CallDepth(context.maxCallDepth()));

    @Override
    protected WasmContext createContext(Env env) {
        return new WasmContext(this, env);
    }

    @Override
    protected OptionDescriptors getOptionDescriptors() {
        return new WasmOptionsOptionDescriptors();
    }

    @Override
    protected boolean areOptionsCompatible(OptionValues firstOptions, OptionValues newOptions) {
        return true; // no option is baked into shared code
    }

    /** The call depth of the current thread in the current context. */
    public CallDepth callDepth() {
        return callDepth.get();
    }

    @Override
    protected CallTarget parse(ParsingRequest request) {
        Source source = request.getSource();
        if (WAST_MIME.equals(source.getMimeType())) {
            return new WastRootNode(this, source).getCallTarget();
        }
        byte[] bytes = source.hasBytes() ? source.getBytes().toByteArray() : Wat.encodeModule(source.getCharacters().toString());
        ModuleCode module = compile(bytes, source);
        return new RootNode(this) {
            @Override
            public Object execute(VirtualFrame frame) {
                return new ModuleObject(module);
            }
        }.getCallTarget();
    }

    /**
     * Decodes, validates and lowers a binary module read from {@code source}. Throws a malformed or
     * invalid {@code WasmException}.
     */
    public ModuleCode compile(byte[] bytes, Source source) {
        WasmModule module = ModuleDecoder.decode(bytes);
        LoweredCode[] lowered = Validator.validate(module);
        return new ModuleCode(this, module, lowered, types, source);
    }

    /** Wraps a Java function as a Wasm function value of the given signature. */
    public WasmFunction hostFunction(FuncType type, String name, HostFunction function) {
        return new WasmFunction(type, types.idOf(type), new HostFunctionRootNode(this, function, name).getCallTarget(), null, name);
    }

    /** Wraps a host executable (Java, JavaScript, Python...) as a Wasm function of the given signature. */
    public WasmFunction hostCallable(FuncType type, String name, Object executable) {
        return new WasmFunction(type, types.idOf(type), new HostCallableRootNode(this, executable, type, name).getCallTarget(), null, name);
    }

    @Override
    protected boolean isThreadAccessAllowed(Thread thread, boolean singleThreaded) {
        return singleThreaded;
    }

    public static WasmLanguage get(com.oracle.truffle.api.nodes.Node node) {
        return REFERENCE.get(node);
    }

    private static final LanguageReference<WasmLanguage> REFERENCE = LanguageReference.create(WasmLanguage.class);
}
