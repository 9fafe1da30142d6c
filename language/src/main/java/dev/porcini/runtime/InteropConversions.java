package dev.porcini.runtime;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.nodes.ExplodeLoop;

import dev.porcini.module.FuncType;
import dev.porcini.module.ValType;

/** Converts values crossing between host languages and Wasm. */
public final class InteropConversions {
    private static final InteropLibrary INTEROP = InteropLibrary.getUncached();

    private InteropConversions() {
    }

    /** Builds the call-target arguments for calling {@code f} from the host. */
    @TruffleBoundary
    public static Object[] toWasmArguments(WasmFunction f, Object[] arguments) throws ArityException, UnsupportedTypeException {
        return toWasmArguments(f.instance(), f.type().params(), arguments, null);
    }

    /**
     * Builds the call-target arguments for a call into {@code instance}: the instance, then each
     * argument converted to its parameter type by {@code interop[i]} (cached libraries on the fast
     * path), or by the uncached library when {@code interop} is null.
     */
    @ExplodeLoop
    public static Object[] toWasmArguments(WasmInstance instance, ValType[] params, Object[] arguments, InteropLibrary[] interop)
                    throws ArityException, UnsupportedTypeException {
        if (arguments.length != params.length) {
            CompilerDirectives.transferToInterpreter();
            throw ArityException.create(params.length, params.length, arguments.length);
        }
        Object[] callArgs = new Object[params.length + 1];
        callArgs[0] = instance;
        for (int i = 0; i < params.length; i++) {
            callArgs[i + 1] = toWasm(params[i], arguments[i], arguments, interop == null ? INTEROP : interop[i]);
        }
        return callArgs;
    }

    /** Converts one host value to a Wasm value of the given type. */
    @TruffleBoundary
    public static Object toWasm(ValType type, Object value, Object[] context) throws UnsupportedTypeException {
        return toWasm(type, value, context, INTEROP);
    }

    private static Object toWasm(ValType type, Object value, Object[] context, InteropLibrary interop) throws UnsupportedTypeException {
        Object converted = toWasmOrNull(type, value, interop);
        if (converted == null) {
            CompilerDirectives.transferToInterpreter();
            throw UnsupportedTypeException.create(context, "expected a value of Wasm type " + type);
        }
        return converted;
    }

    /**
     * Converts one host value to a Wasm value of the given type, asking {@code interop} (a cached
     * library on a fast path, the uncached one elsewhere), or returns null when the value has no
     * such representation. Java's boxed primitives, which host calls pass most often, take no
     * library call at all.
     */
    public static Object toWasmOrNull(ValType type, Object value, InteropLibrary interop) {
        switch (type) {
            case I32 -> {
                if (value instanceof Integer) {
                    return value;
                }
            }
            case I64 -> {
                if (value instanceof Long) {
                    return value;
                }
            }
            case F64 -> {
                if (value instanceof Double) {
                    return value;
                }
            }
            case F32 -> {
                if (value instanceof Float) {
                    return value;
                }
            }
            default -> {
            }
        }
        try {
            switch (type) {
                case I32:
                    if (interop.fitsInInt(value)) {
                        return interop.asInt(value);
                    }
                    if (interop.fitsInLong(value)) {
                        long l = interop.asLong(value);
                        if (l >= 0 && l <= 0xFFFFFFFFL) {
                            return (int) l; // accept unsigned 32-bit values too
                        }
                    }
                    break;
                case I64:
                    if (interop.fitsInLong(value)) {
                        return interop.asLong(value);
                    }
                    break;
                case F32:
                    if (interop.fitsInFloat(value)) {
                        return interop.asFloat(value);
                    }
                    if (interop.fitsInDouble(value)) {
                        return (float) interop.asDouble(value);
                    }
                    break;
                case F64:
                    if (interop.fitsInDouble(value)) {
                        return interop.asDouble(value);
                    }
                    break;
                case FUNCREF:
                    if (value instanceof WasmFunction || value == WasmNull.INSTANCE) {
                        return value;
                    }
                    if (interop.isNull(value)) {
                        return WasmNull.INSTANCE;
                    }
                    break;
                case EXTERNREF:
                    return interop.isNull(value) ? WasmNull.INSTANCE : value;
                case V128:
                    return V128.fromInterop(value, interop);
                default:
                    break;
            }
        } catch (UnsupportedMessageException e) {
            // no such representation
        }
        return null;
    }

    /** Converts a call target's result to what the host sees: null becomes an interop null, tuples an array. */
    public static Object toInteropResult(FuncType type, Object result) {
        if (type.results().length == 0) {
            return WasmNull.INSTANCE;
        }
        if (type.results().length > 1) {
            return new InteropArray((Object[]) result);
        }
        return result;
    }
}
