package dev.porcini.runtime;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.dsl.Cached;
import com.oracle.truffle.api.dsl.Specialization;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import com.oracle.truffle.api.nodes.DirectCallNode;
import com.oracle.truffle.api.nodes.IndirectCallNode;
import com.oracle.truffle.api.nodes.Node;

import dev.porcini.module.FuncType;
import dev.porcini.module.ValType;

/**
 * A function value: what tables hold, what {@code ref.func} yields and what exports and imports pass.
 *
 * <p>Calling convention of every Porcini call target: argument 0 is the {@link WasmInstance} the code
 * runs in (for a host function: the calling instance, or null when the host calls), then one boxed
 * value per parameter. The result is null for no
 * results, the boxed value for one, and an {@code Object[]} for several.
 */
@ExportLibrary(InteropLibrary.class)
public final class WasmFunction implements TruffleObject {
    private final FuncType type;
    private final int typeId;
    private final CallTarget target;
    private final WasmInstance instance;
    private final String name;

    public WasmFunction(FuncType type, int typeId, CallTarget target, WasmInstance instance, String name) {
        this.type = type;
        this.typeId = typeId;
        this.target = target;
        this.instance = instance;
        this.name = name;
    }

    public FuncType type() {
        return type;
    }

    /** The canonical id of the signature: equal signatures have equal ids across modules. */
    public int typeId() {
        return typeId;
    }

    public CallTarget target() {
        return target;
    }

    public WasmInstance instance() {
        return instance;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "wasm function " + name;
    }

    @ExportMessage
    boolean isExecutable() {
        return true;
    }

    /**
     * A call from a host language. Calls to one function (the common case: an export held by the
     * embedder) get a direct call and argument conversion compiled for its signature; a site that
     * sees many functions falls back to an indirect call with uncached conversion.
     */
    @ExportMessage
    static final class Execute {
        @Specialization(guards = "receiver.target() == cachedTarget", limit = "3")
        static Object direct(WasmFunction receiver, Object[] arguments,
                        @Cached("receiver.target()") CallTarget cachedTarget,
                        @Cached("create(cachedTarget)") DirectCallNode call,
                        @Cached("create(receiver.type())") ArgumentsNode convert) throws ArityException, UnsupportedTypeException {
            Object result = call.call(convert.execute(receiver.instance, arguments));
            return InteropConversions.toInteropResult(receiver.type, result);
        }

        @Specialization(replaces = "direct")
        static Object indirect(WasmFunction receiver, Object[] arguments, @Cached IndirectCallNode call) throws ArityException, UnsupportedTypeException {
            Object result = call.call(receiver.target, InteropConversions.toWasmArguments(receiver, arguments));
            return InteropConversions.toInteropResult(receiver.type, result);
        }
    }

    /** Converts host arguments for one signature, with an interop library per parameter. */
    static final class ArgumentsNode extends Node {
        @CompilationFinal(dimensions = 1) private final ValType[] params;
        @Children private final InteropLibrary[] interop;

        private ArgumentsNode(ValType[] params) {
            this.params = params;
            this.interop = new InteropLibrary[params.length];
            for (int i = 0; i < params.length; i++) {
                interop[i] = InteropLibrary.getFactory().createDispatched(3);
            }
        }

        static ArgumentsNode create(FuncType type) {
            return new ArgumentsNode(type.params());
        }

        Object[] execute(WasmInstance instance, Object[] arguments) throws ArityException, UnsupportedTypeException {
            return InteropConversions.toWasmArguments(instance, params, arguments, interop);
        }
    }
}
