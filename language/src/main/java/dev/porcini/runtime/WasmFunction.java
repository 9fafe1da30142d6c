package dev.porcini.runtime;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.dsl.Cached;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import com.oracle.truffle.api.nodes.IndirectCallNode;

import dev.porcini.module.FuncType;

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

    @ExportMessage
    Object execute(Object[] arguments, @Cached IndirectCallNode callNode) throws ArityException, UnsupportedTypeException {
        Object[] callArgs = InteropConversions.toWasmArguments(this, arguments);
        Object result = callNode.call(target, callArgs);
        return InteropConversions.toInteropResult(type, result);
    }
}
